// The end-to-end run, in Node or (bundled) in a browser page: for each user, what
// MiniServiceClient shows from a live server, then whether the manifest revalidates
// (If-None-Match -> 304). tests/clients/test_js_client.py drives both.
import { MiniServiceClient } from "../lib/index.js";

export async function e2e(baseUrl, users, crypto) {
  const clients = new Map();
  const results = [];
  for (const u of users) {
    if (!clients.has(u.service)) {
      clients.set(u.service, new MiniServiceClient({ baseUrl, service: u.service, crypto }));
    }
    const page = await clients.get(u.service).load(
      { userId: u.user_id, email: u.email, testerToken: u.tester_token, locale: u.locale }, u.now);
    results.push(page && { channel: page.channel, version: page.version, locale: page.locale,
      path: page.path, slides: page.slides, title: page.document.title, stale: page.stale });
  }
  const refreshed = {};
  for (const [service, client] of clients) refreshed[service] = await client.refresh();
  return { results, refreshed };
}
