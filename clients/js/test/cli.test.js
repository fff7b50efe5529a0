// bin/resolve.js on a dist/ written from a conformance fixture: the JSON minisvc resolve
// prints (tests/clients/test_js_client.py compares the two on 1,000 users).
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

import { suite } from "./spec.js";

const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "bin", "resolve.js");
const specs = Object.fromEntries(suite().map((f) => [f.name, f]));

function dist(fixture) {
  const root = mkdtempSync(join(tmpdir(), "minisvc-js-"));
  const folder = join(root, fixture.manifest.service);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "manifest.json"), JSON.stringify(fixture.manifest));
  for (const [path, text] of Object.entries(fixture.files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  return root;
}

test("prints what resolve decides, with the file, the bucket and the slides", () => {
  const file = specs["channels.json"];
  const c = file.cases.find((x) => x.name === "inside the ratio: Releasing");
  const root = dist(file.fixtures[c.fixture]);
  const out = JSON.parse(execFileSync("node", [BIN, "--dist", root, "--service", "shop",
    "--user", c.context.user_id, "--locale", "en-US", "--now", c.context.now], { encoding: "utf8" }));
  assert.equal(out.channel, c.expected.channel);
  assert.equal(out.path, c.expected.path);
  assert.equal(out.file, join(root, "shop", c.expected.path));
  assert.deepEqual(out.slides, c.expected.slides);
  assert.ok(out.bucket >= 1 && out.bucket <= 2000);
});

test("misuse exits 2, a missing manifest 1, each with a message", () => {
  const root = mkdtempSync(join(tmpdir(), "minisvc-js-"));
  const usage = spawnSync("node", [BIN, "--dist", root], { encoding: "utf8" });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /--service is required/);
  const missing = spawnSync("node", [BIN, "--dist", root, "--service", "home", "--user", "1",
    "--locale", "en-US"], { encoding: "utf8" });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /run `minisvc build` first/);
  const when = spawnSync("node", [BIN, "--dist", root, "--service", "home", "--user", "1",
    "--locale", "en-US", "--now", "2026-11-05T00:00:00"], { encoding: "utf8" });
  assert.equal(when.status, 2);
  assert.match(when.stderr, /RFC 3339/);
});
