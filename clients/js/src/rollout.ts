/**
 * Who gets which version: a port of compiler/runtime/rollout.py (docs/rollout.md,
 * sections 2 to 4). Bucketing is murmur3_x86_32 of UTF-8 bytes, as the vectors in
 * schema/bucketing-vectors.json pin it; tester entries are SHA-256 over WebCrypto.
 */
import murmurhash from "murmurhash";

import { negotiate, pyStrip } from "./locales.js";
import type { Channel, ChannelEntry, Manifest, Resolution, TestingEntry } from "./types.js";

export const BUCKETS = 10_000;
const utf8 = new TextEncoder();

/** A user id (or group) that is not valid Unicode: it has no UTF-8 form to hash. */
export class InvalidUserIdError extends Error {
  constructor() {
    super("the user id is not valid Unicode text (a lone UTF-16 surrogate)");
    this.name = "InvalidUserIdError";
  }
}

function wellFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/** murmur3_x86_32 of the UTF-8 bytes of `<group>:<userId>`, seed 0, unsigned. */
export function bucketHash(group: string, userId: string): number {
  const key = `${group}:${userId}`;
  if (!wellFormed(key)) throw new InvalidUserIdError();  // TextEncoder would hash U+FFFD
  return murmurhash.v3(utf8.encode(key), 0) >>> 0;
}

export function bucket(group: string, userId: string): number {
  return (bucketHash(group, userId) % BUCKETS) + 1;
}

/** Python's round(): half to even, so every client rounds a tie as the reference. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function threshold(ratio: number): number {
  return Math.min(BUCKETS, Math.max(0, roundHalfEven(ratio * 100)));
}

export function inRollout(group: string, userId: string, ratio: number): boolean {
  return userId !== "" && bucket(group, userId) <= threshold(ratio);
}

export function normalizeEmail(email: string): string {
  return pyStrip(email).toLowerCase();
}

export function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

function fromHex(text: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export async function sha256Hex(subtle: SubtleCrypto, data: Uint8Array<ArrayBuffer> | string): Promise<string> {
  return hex(await subtle.digest("SHA-256", typeof data === "string" ? utf8.encode(data) : data));
}

/** What the backend gives a signed-in user: HMAC-SHA256(key, normalized email), hex. */
export async function testerToken(subtle: SubtleCrypto, keyHex: string, email: string): Promise<string> {
  const key = await subtle.importKey("raw", fromHex(keyHex), { name: "HMAC", hash: "SHA-256" },
                                     false, ["sign"]);
  return hex(await subtle.sign("HMAC", key, utf8.encode(normalizeEmail(email))));
}

/** What the manifest lists: SHA-256 of `<salt>:<token>`, hex. */
export function testerEntry(subtle: SubtleCrypto, salt: string, token: string): Promise<string> {
  return sha256Hex(subtle, `${salt}:${token}`);
}

export interface Who {
  userId: string;
  email?: string | null;
  /** The tester token the super app's backend issued to the signed-in user. */
  testerToken?: string | null;
  locale: string;
}

async function isTester(subtle: SubtleCrypto, testing: TestingEntry, who: Who): Promise<boolean> {
  let token = who.testerToken || null;
  if (!token && testing.public_token_key && who.email) {
    token = await testerToken(subtle, testing.public_token_key, who.email);
  }
  return !!token && testing.testers.includes(await testerEntry(subtle, testing.salt, token));
}

/** Tester -> Testing; in bucket -> Releasing; else Released; else null. */
export async function resolve(manifest: Manifest, who: Who, subtle: SubtleCrypto): Promise<Resolution | null> {
  const { testing, releasing, released } = manifest;
  if (testing && (await isTester(subtle, testing, who))) return file(manifest, testing, "testing", who.locale);
  if (releasing && inRollout(releasing.group, who.userId, releasing.ratio)) {
    return file(manifest, releasing, "releasing", who.locale);
  }
  return released ? file(manifest, released, "released", who.locale) : null;
}

function file(manifest: Manifest, entry: ChannelEntry, channel: Channel, requested: string): Resolution {
  const has = (loc: string) => Object.prototype.hasOwnProperty.call(entry.files, loc);
  // a version is published in the locales its title is written in, so negotiation is
  // among this version's files, not all the service's (as compiler/runtime/rollout.py)
  const published = manifest.locales.filter(has);
  let chosen = negotiate(requested, published, manifest.default_locale, manifest.fallbacks);
  if (!has(chosen)) {  // the default locale is always built; this guards a hand-made manifest
    chosen = has(manifest.default_locale) ? manifest.default_locale : Object.keys(entry.files).sort()[0];
  }
  const ref = entry.files[chosen];
  return { version: entry.version, channel, path: ref.path, locale: chosen, sha256: ref.sha256 };
}
