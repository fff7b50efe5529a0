// Runs bin/resolve.js's `run` for many argument lists in one process (stdin: a JSON list
// of {argv, env}; stdout: a JSON list of {code, out, err}), so a test can compare 1,000
// users with `minisvc resolve` without starting 1,000 processes.
import { run } from "../bin/resolve.js";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const { argv, env } of JSON.parse(input)) {
  const out = [];
  const err = [];
  const code = await run(argv, { env, out: (l) => out.push(l), err: (l) => err.push(l) });
  results.push({ code, out: out.map((l) => `${l}\n`).join(""), err: err.join("\n") });
}
process.stdout.write(JSON.stringify(results));
