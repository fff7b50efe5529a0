/**
 * MiniServiceClient: what a web page (or a super app's web view) runs. It fetches the
 * manifest with If-None-Match, picks the version and locale exactly as `minisvc resolve`
 * does, fetches that file and checks its sha256 with WebCrypto, and keeps the last good
 * copy when the network or a hash fails, so the page never goes blank or shows bytes the
 * manifest does not name.
 */
import { resolve, sha256Hex, type Who } from "./rollout.js";
import { visibleSlides } from "./slides.js";
import type { Manifest, PageDocument, Resolution } from "./types.js";

/** The subset of the Web Storage API the client needs (localStorage fits). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export class MemoryStore implements KeyValueStore {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

/** A file whose bytes are not the ones its manifest names. */
export class IntegrityError extends Error {
  constructor(readonly url: string) {
    super(`${url}: its sha256 is not the one the manifest names`);
    this.name = "IntegrityError";
  }
}

export interface ClientOptions {
  /** The folder the service folders are in, e.g. `https://cdn.example.com/mini/`. */
  baseUrl: string | URL;
  service: string;
  fetch?: typeof fetch;
  /** WebCrypto; `globalThis.crypto` by default (Node 18: `require("node:crypto").webcrypto`). */
  crypto?: Crypto;
  /** Where the last good copies live; in memory by default, `localStorage` to survive reloads. */
  store?: KeyValueStore;
}

export interface Page extends Resolution {
  document: PageDocument;
  /** The carousel's slides shown at the time `load` was given (a Date, epoch
   * milliseconds, or an RFC 3339 string, which keeps microseconds). */
  slides: string[];
  /** True when this is the last good copy because the newest could not be had. */
  stale: boolean;
  /** Why the newest could not be had, when `stale`. */
  error?: unknown;
}

export type Refresh = "updated" | "not-modified" | "kept";

interface Saved {
  etag: string | null;
  manifest: Manifest;
}

export class MiniServiceClient {
  private readonly base: URL;
  private readonly fetcher: typeof fetch;
  private readonly subtle: SubtleCrypto;
  private readonly store: KeyValueStore;
  private readonly service: string;
  /** Why the last refresh kept the old manifest, if it did. */
  lastError: unknown = null;

  constructor(options: ClientOptions) {
    this.service = options.service;
    const base = String(options.baseUrl);
    this.base = new URL(base.endsWith("/") ? base : `${base}/`);
    this.fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
    const crypto = options.crypto ?? globalThis.crypto;
    if (!crypto?.subtle) throw new Error("no WebCrypto here: pass options.crypto");
    this.subtle = crypto.subtle;
    this.store = options.store ?? new MemoryStore();
  }

  private key(what: string): string {
    return `minisvc:${this.service}:${what}`;
  }

  private url(path: string): string {
    return new URL(`${encodeURIComponent(this.service)}/${path}`, this.base).href;
  }

  /** The manifest in use: the last one fetched and understood. */
  manifest(): Manifest | null {
    const saved = this.store.getItem(this.key("manifest"));
    return saved === null ? null : (JSON.parse(saved) as Saved).manifest;
  }

  /** Fetch the manifest again (If-None-Match with the last ETag). On any failure the
   * manifest in use stays: "kept", with the reason in `lastError`. */
  async refresh(): Promise<Refresh> {
    const raw = this.store.getItem(this.key("manifest"));
    const saved = raw === null ? null : (JSON.parse(raw) as Saved);
    const headers: Record<string, string> = saved?.etag ? { "If-None-Match": saved.etag } : {};
    try {
      const reply = await this.fetcher(this.url("manifest.json"), { headers });
      if (reply.status === 304 && saved) return "not-modified";
      if (!reply.ok) throw new Error(`${reply.url || this.url("manifest.json")}: HTTP ${reply.status}`);
      const manifest = (await reply.json()) as Manifest;
      if (manifest?.format !== 2 || manifest.service !== this.service) {
        throw new Error(`not a format 2 manifest of ${this.service}`);
      }
      this.store.setItem(this.key("manifest"), JSON.stringify({ etag: reply.headers.get("ETag"), manifest }));
      this.lastError = null;
      return "updated";
    } catch (error) {
      if (!saved) throw error;
      this.lastError = error;
      return "kept";
    }
  }

  /** What `who` sees at `now`: null when nothing is published for them. The manifest is
   * fetched first when there is none yet; call `refresh()` to look for a newer one. */
  async load(who: Who, now: Date | number | string = Date.now()): Promise<Page | null> {
    if (this.manifest() === null) await this.refresh();
    const manifest = this.manifest() as Manifest;
    const found = await resolve(manifest, who, this.subtle);
    if (found === null) return null;
    try {
      const document = await this.file(found);
      this.store.setItem(this.key("page"), JSON.stringify({ ...found, document }));
      const stale = this.lastError !== null;  // the manifest in use is the last good one
      return { ...found, document, slides: visibleSlides(document, now), stale,
               ...(stale ? { error: this.lastError } : {}) };
    } catch (error) {
      const last = this.store.getItem(this.key("page"));
      if (last === null) throw error;
      const page = JSON.parse(last) as Resolution & { document: PageDocument };
      return { ...page, slides: visibleSlides(page.document, now), stale: true, error };
    }
  }

  /** The file of a resolution: from the store when this exact file was checked before
   * (its name is its content), else fetched and checked. */
  private async file(found: Resolution): Promise<PageDocument> {
    const cached = this.store.getItem(this.key(`file:${found.path}`));
    if (cached !== null) return JSON.parse(cached) as PageDocument;
    const url = this.url(found.path);
    const reply = await this.fetcher(url);
    if (!reply.ok) throw new Error(`${url}: HTTP ${reply.status}`);
    const bytes = new Uint8Array(await reply.arrayBuffer());
    if ((await sha256Hex(this.subtle, bytes)) !== found.sha256) throw new IntegrityError(url);
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    this.store.setItem(this.key(`file:${found.path}`), text);
    return JSON.parse(text) as PageDocument;
  }
}
