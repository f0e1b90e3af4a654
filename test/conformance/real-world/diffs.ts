/**
 * Prints every difference between htrewrite and the real-world recordings as JSON lines
 * (case, index, request, fields), for classifying them into real-world/expectations.json.
 *
 *     npx tsx test/conformance/real-world/diffs.ts [CASE.json…]
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCase } from "../../../src/case/load.js";
import { compareResults } from "../compare.js";
import { evalSafely, loadEvaluator } from "../evaluator.js";
import { readResults } from "../recorder/record-case.js";

const dir = fileURLToPath(new URL(".", import.meta.url));

async function main(argv: string[]): Promise<void> {
  const files = argv.length ? argv : readdirSync(join(dir, "cases")).filter((f) => f.endsWith(".json")).map((f) => join(dir, "cases", f));
  const evaluate = await loadEvaluator();
  for (const path of files.sort()) {
    const c = loadCase(path);
    const apache = readResults(join(dir, "results", `${c.name}.jsonl`));
    const ours = await evalSafely(evaluate, c, path);
    const diffs = compareResults(apache, ours);
    process.stderr.write(`${c.name}: ${apache.length - diffs.length}/${apache.length}\n`);
    for (const d of diffs) {
      const ourRec = ours.find((r) => r.index === d.index);
      const req = c.requests[d.index];
      process.stdout.write(JSON.stringify({ ...d, request: req, ours_error: ourRec?.error }) + "\n");
    }
  }
}

main(process.argv.slice(2)).catch((e: Error) => {
  process.stderr.write(`diffs: ${e.message}\n`);
  process.exit(1);
});
