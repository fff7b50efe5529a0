// schema/bucketing-vectors.json and the tester-token vectors, as docs/rollout.md asks
// every client to run them; and the few things the vectors cannot show.
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import {
  bucket, bucketHash, canonicalTag, InvalidUserIdError, parseInstant, testerEntry, testerToken,
  threshold,
} from "../lib/index.js";
import { SCHEMA, suite } from "./spec.js";

const vectors = JSON.parse(readFileSync(join(SCHEMA, "bucketing-vectors.json"), "utf8"));
const hex = (bytes) => Buffer.from(bytes).toString("hex");

test("every bucketing vector: UTF-8 bytes, murmur3, bucket", () => {
  assert.ok(vectors.vectors.length > 200);
  for (const v of vectors.vectors) {
    assert.equal(hex(new TextEncoder().encode(v.user_id)), v.user_id_utf8_hex, v.user_id);
    assert.equal(bucketHash(v.group, v.user_id), v.hash, v.user_id);
    assert.equal(bucket(v.group, v.user_id), v.bucket, v.user_id);
  }
});

test("every threshold row", () => {
  for (const row of vectors.thresholds) assert.equal(threshold(row.ratio), row.max_bucket);
  assert.equal(threshold(0.125), 12);  // a tie rounds to even, as the reference's round()
});

test("tester tokens and entries, as a backend must make them", async () => {
  const rows = suite().find((f) => f.name === "testers.json").tokens;
  assert.ok(rows.length >= 6);
  for (const row of rows) {
    assert.equal(await testerToken(webcrypto.subtle, row.key, row.email), row.token);
    assert.equal(await testerEntry(webcrypto.subtle, row.salt, row.token), row.entry);
  }
});

test("a lone surrogate has no UTF-8 form and is refused, not hashed as U+FFFD", () => {
  assert.throws(() => bucket("home/v2", "\ud800"), InvalidUserIdError);
  assert.throws(() => bucket("home/v2", "a\udc00"), InvalidUserIdError);
  assert.equal(bucket("home/v2", "😀"), vectors.vectors.find((v) => v.user_id === "😀" && v.group === "home/v2").bucket);
});

test("tags are canonicalized as the reference does", () => {
  assert.equal(canonicalTag(" zh_hant_mo "), "zh-Hant-MO");
  assert.equal(canonicalTag("\u001czh-tw"), "zh-TW");  // Python's strip() knows \x1c
  assert.equal(canonicalTag("\ufeffzh-tw"), "");        // and not the BOM
  assert.equal(canonicalTag("en-u-ca-Buddhist"), "en-u-ca-buddhist");
});

test("times: RFC 3339 with an offset, to the microsecond", () => {
  assert.equal(parseInstant("2026-11-01T00:00:00+08:00"), parseInstant("2026-10-31T16:00:00Z"));
  assert.equal(parseInstant("2026-11-05T12:00:00.000001Z") - parseInstant("2026-11-05T12:00:00Z"), 1);
  assert.equal(parseInstant("0050-01-01T00:00:00Z"), Date.parse("0050-01-01T00:00:00Z") * 1000);
  for (const bad of ["2026-11-05T12:00:00", "2026-02-30T00:00:00Z", "tomorrow", "2026-11-05T24:00:00Z"]) {
    assert.throws(() => parseInstant(bad), RangeError, bad);
  }
});
