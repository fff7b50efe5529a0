// The conformance suite (schema/client-spec/) and a fetch that serves a fixture from
// memory, so each case runs through MiniServiceClient as a page would.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const SCHEMA = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "schema");

export function suite() {
  const folder = join(SCHEMA, "client-spec");
  return readdirSync(folder).filter((n) => n.endsWith(".json") && n !== "cldr.json").sort()
    .map((name) => ({ name, ...JSON.parse(readFileSync(join(folder, name), "utf8")) }));
}

export const BASE = "https://cdn.example.test/mini/";

/** fetch for one fixture: its manifest and files under BASE; `calls` records requests. */
export function fixtureFetch(fixture, calls = []) {
  const service = fixture.manifest.service;
  return async (url, init = {}) => {
    calls.push({ url: String(url), headers: { ...(init.headers ?? {}) } });
    const rel = String(url).slice(`${BASE}${service}/`.length);
    if (rel === "manifest.json") {
      return new Response(JSON.stringify(fixture.manifest), { status: 200, headers: { ETag: '"m1"' } });
    }
    const text = fixture.files[rel];
    return text === undefined ? new Response("", { status: 404 }) : new Response(text, { status: 200 });
  };
}
