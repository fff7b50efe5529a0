// Every case of schema/client-spec/ through MiniServiceClient: the manifest fetched, the
// version and locale picked, the file fetched and its sha256 checked, the slides of `now`.
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { test } from "node:test";

import { IntegrityError, InvalidUserIdError, MiniServiceClient } from "../lib/index.js";
import { BASE, fixtureFetch, suite } from "./spec.js";

async function answer(fixture, context) {
  const client = new MiniServiceClient({ baseUrl: BASE, service: fixture.manifest.service,
    fetch: fixtureFetch(fixture), crypto: webcrypto });
  try {
    const page = await client.load({ userId: context.user_id, email: context.email,
      testerToken: context.tester_token, locale: context.locale ?? "" }, context.now);
    return page && { channel: page.channel, version: page.version, path: page.path,
      locale: page.locale, slides: page.slides };
  } catch (error) {
    if (error instanceof IntegrityError) return { error: "sha256" };
    if (error instanceof InvalidUserIdError) return { error: "user_id" };
    throw error;
  }
}

for (const file of suite()) {
  test(`client-spec/${file.name}: ${file.cases.length} cases`, async (t) => {
    assert.ok(file.cases.length > 0);
    for (const c of file.cases) {
      await t.test(c.name, async () => {
        assert.deepEqual(await answer(file.fixtures[c.fixture], c.context), c.expected);
      });
    }
  });
}
