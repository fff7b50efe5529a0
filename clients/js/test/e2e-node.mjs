// node test/e2e-node.mjs URL < users.json: prints e2e's answer as JSON.
import { webcrypto } from "node:crypto";

import { e2e } from "./e2e.mjs";

let input = "";
for await (const chunk of process.stdin) input += chunk;
process.stdout.write(JSON.stringify(await e2e(process.argv[2], JSON.parse(input), webcrypto)));
