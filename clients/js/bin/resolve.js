#!/usr/bin/env node
// node bin/resolve.js --dist DIR --service S --user U [--email E] [--tester-token T]
//                     --locale L [--now T]
// Prints what `minisvc resolve S --dist DIR --user U ... --format json` prints, byte for
// byte, from the same built dist/ (tests/clients/test_js_client.py compares them).
import { readFileSync, realpathSync } from "node:fs";
import { webcrypto } from "node:crypto";
import { pathToFileURL } from "node:url";

import {
  bucket,
  IntegrityError,
  InvalidUserIdError,
  parseInstant,
  resolve,
  sha256Hex,
  slidesAt,
  testerToken,
} from "../lib/index.js";

const USAGE = "usage: resolve.js --dist DIR --service S --user U [--email E] " +
  "[--tester-token T] --locale L [--now TIME]";
const OPTIONS = { "--dist": "dist", "--service": "service", "--user": "user", "--email": "email",
  "--tester-token": "token", "--locale": "locale", "--now": "now" };
const SERVICE = /^[A-Za-z0-9_-]{1,64}$/;

class Failure extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

function parse(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = OPTIONS[argv[i]];
    if (name === undefined || i + 1 >= argv.length) throw new Failure(`${USAGE}\nerror: bad option ${argv[i]}`, 2);
    args[name] = argv[i + 1];
  }
  for (const needed of ["dist", "service", "user", "locale"]) {
    if (args[needed] === undefined) throw new Failure(`${USAGE}\nerror: --${needed} is required`, 2);
  }
  return args;
}

/** Python's str(PurePosixPath(a) / b / c): empty and "." parts dropped, ".." kept. */
function pyPath(...pieces) {
  const first = pieces[0];
  const root = first.startsWith("//") && !first.startsWith("///") ? "//" : first.startsWith("/") ? "/" : "";
  const parts = pieces.flatMap((p) => p.split("/")).filter((p) => p !== "" && p !== ".");
  return root + parts.join("/") || ".";
}

async function main(argv, env, out) {
  const args = parse(argv);
  if (!SERVICE.test(args.service)) throw new Failure(`error: '${args.service}' is not a service id (letters, digits, - and _)`, 1);
  let now;
  try {
    now = args.now === undefined ? Math.floor(Date.now() / 1000) * 1_000_000 : parseInstant(args.now);
  } catch (error) {
    throw new Failure(`${USAGE}\nerror: invalid value for '--now': ${error.message}`, 2);
  }
  const folder = pyPath(args.dist, args.service);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(pyPath(folder, "manifest.json"), "utf8"));
  } catch (error) {
    throw new Failure(`error: ${pyPath(folder, "manifest.json")}: ${error.code === "ENOENT" ? "no such manifest; run `minisvc build` first" : "unreadable"}`, 1);
  }
  if (manifest.format !== 2) throw new Failure(`error: ${pyPath(folder, "manifest.json")}: not a minisvc manifest (format 2)`, 1);
  const { subtle } = webcrypto;
  let token = args.token ?? null;
  const key = (env.MINISVC_TESTER_KEY ?? "").trim();
  if (token === null && args.email && key) token = await testerToken(subtle, key, args.email);  // the backend's part
  let found;
  try {
    found = await resolve(manifest, { userId: args.user, email: args.email ?? null, testerToken: token, locale: args.locale }, subtle);
  } catch (error) {
    if (error instanceof InvalidUserIdError) throw new Failure("error: --user is not valid Unicode text", 2);
    throw error;
  }
  let slides = null;
  if (found !== null) {
    const file = pyPath(folder, found.path);
    let bytes;
    try {
      bytes = readFileSync(file);
    } catch {
      throw new Failure(`error: ${file}: named by the manifest but missing; rebuild with \`minisvc build\``, 1);
    }
    if ((await sha256Hex(subtle, new Uint8Array(bytes))) !== found.sha256) {
      throw new Failure(`error: ${new IntegrityError(file).message}; rebuild with \`minisvc build\``, 1);
    }
    slides = slidesAt(JSON.parse(bytes.toString("utf8")), now);
  }
  const releasing = manifest.releasing;
  out(JSON.stringify({
    service: args.service,
    version: found && found.version,
    channel: found && found.channel,
    locale: found && found.locale,
    path: found && found.path,
    file: found && pyPath(folder, found.path),
    sha256: found && found.sha256,
    bucket: releasing && args.user ? bucket(releasing.group, args.user) : null,
    slides,
  }, null, 2));
  return 0;
}

/** Run with `argv`; returns the exit code (what tests call, many times, in one process). */
export async function run(argv, { env = process.env, out = console.log, err = console.error } = {}) {
  try {
    return await main(argv, env, out);
  } catch (error) {
    if (error instanceof Failure) {
      err(error.message);
      return error.code;
    }
    err(`error: ${error?.stack ?? error}`);
    return 3;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  process.exitCode = await run(process.argv.slice(2));
}
