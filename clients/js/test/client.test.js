// MiniServiceClient against a real HTTP server on 127.0.0.1 (started and stopped here):
// If-None-Match, and the last good copy when the network or a hash fails.
import assert from "node:assert/strict";
import { createHash, webcrypto } from "node:crypto";
import { createServer } from "node:http";
import { test } from "node:test";

import { IntegrityError, MemoryStore, MiniServiceClient } from "../lib/index.js";
import { suite } from "./spec.js";

const specs = Object.fromEntries(suite().map((f) => [f.name, f]));
const SHOP = specs["locales.json"].fixtures["shop-released"];   // shop v1, released
const SHOP_ALL = specs["channels.json"].fixtures["shop"];        // v1, v2 at 20%, v3 testing
const SIGNED_OUT = { userId: "", locale: "en-US" };
const NOW = "2026-11-05T00:00:00Z";

/** A server of one fixture at a time; `requests` records method, path and If-None-Match. */
async function serve(t) {
  const state = { fixture: SHOP, tamper: false, requests: [] };
  const server = createServer((req, res) => {
    state.requests.push({ url: req.url, inm: req.headers["if-none-match"] ?? null });
    const prefix = `/mini/${state.fixture.manifest.service}/`;
    const rel = req.url.startsWith(prefix) ? req.url.slice(prefix.length) : null;
    let body = rel === "manifest.json" ? JSON.stringify(state.fixture.manifest) : state.fixture.files[rel];
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    if (state.tamper && rel !== "manifest.json") body = body.replace("shop v", "shop V");
    const etag = `"${createHash("sha256").update(body).digest("hex")}"`;
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, { ETag: etag }).end();
      return;
    }
    res.writeHead(200, { ETag: etag, "Content-Type": "application/json; charset=utf-8" }).end(body);
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  t.after(() => new Promise((done) => server.close(done)));
  state.url = `http://127.0.0.1:${server.address().port}/mini/`;
  state.stop = () => new Promise((done) => { server.close(done); server.closeAllConnections?.(); });
  return state;
}

function client(state, store = new MemoryStore()) {
  return new MiniServiceClient({ baseUrl: state.url, service: "shop", crypto: webcrypto, store });
}

test("the manifest is revalidated with If-None-Match and a 304 keeps it", async (t) => {
  const server = await serve(t);
  const c = client(server);
  assert.equal(await c.refresh(), "updated");
  assert.equal(await c.refresh(), "not-modified");
  const asked = server.requests.filter((r) => r.url.endsWith("/manifest.json"));
  assert.equal(asked[0].inm, null);
  assert.match(asked[1].inm, /^"[0-9a-f]{64}"$/);
  server.fixture = SHOP_ALL;
  assert.equal(await c.refresh(), "updated");
  assert.equal(c.manifest().releasing.version, 2);
});

test("a page: the version and locale resolve picks, its file checked, the slides of now", async (t) => {
  const server = await serve(t);
  const page = await client(server).load({ userId: "", locale: "zh-MO" }, NOW);
  assert.equal(page.locale, "zh-Hant-HK");
  assert.equal(page.document.locale, "zh-Hant-HK");
  assert.equal(page.stale, false);
  assert.deepEqual(page.slides, ["carousel-1", "carousel-2"]);
  assert.deepEqual((await client(server).load(SIGNED_OUT, "2026-12-01T00:00:00Z")).slides,
                   ["carousel-1", "carousel-3"]);
});

test("a content-addressed file is fetched once", async (t) => {
  const server = await serve(t);
  const c = client(server);
  await c.load(SIGNED_OUT, NOW);
  await c.load(SIGNED_OUT, NOW);
  assert.equal(server.requests.filter((r) => r.url.includes("/v1/")).length, 1);
});

test("the network down: the last good manifest and page are kept", async (t) => {
  const server = await serve(t);
  const store = new MemoryStore();
  const good = await client(server, store).load(SIGNED_OUT, NOW);
  await server.stop();
  const later = client(server, store);  // a reload: only the store survives
  assert.equal(await later.refresh(), "kept");
  assert.ok(later.lastError instanceof Error);
  const page = await later.load(SIGNED_OUT, NOW);
  assert.equal(page.stale, true);
  assert.deepEqual(page.document, good.document);
});

test("a file that fails its sha256 is never shown: the last good copy is", async (t) => {
  const server = await serve(t);
  const c = client(server);
  const good = await c.load(SIGNED_OUT, NOW);
  server.fixture = SHOP_ALL;       // a new release ...
  server.tamper = true;            // ... whose files arrive altered
  assert.equal(await c.refresh(), "updated");
  const inside = { userId: insideUser(), locale: "en-US" };
  const page = await c.load(inside, NOW);
  assert.equal(page.stale, true);
  assert.ok(page.error instanceof IntegrityError);
  assert.deepEqual(page.document, good.document);
});

test("with no good copy yet, a bad hash is an error, not bad bytes", async (t) => {
  const server = await serve(t);
  server.tamper = true;
  await assert.rejects(client(server).load(SIGNED_OUT, NOW), IntegrityError);
});

test("a manifest that is not format 2 is not taken", async (t) => {
  const server = await serve(t);
  const c = client(server);
  await c.refresh();
  server.fixture = { ...SHOP, manifest: { ...SHOP.manifest, format: 1, released: { version: 9 } } };
  assert.equal(await c.refresh(), "kept");
  assert.equal(c.manifest().format, 2);
});

function insideUser() {
  const inside = specs["channels.json"].cases.find((c) => c.name === "inside the ratio: Releasing");
  return inside.context.user_id;
}
