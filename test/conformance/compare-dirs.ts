/**
 * Compares two folders of results files on the fields that count:
 *
 *     npx tsx test/conformance/compare-dirs.ts EXPECTED_DIR ACTUAL_DIR [--show N]
 *
 * Prints each differing request and an agreement line; exits 1 on any difference. Used to check
 * the recorder against the shared example recordings and a fresh recording against the corpus.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { compareResults, describeDifference } from "./compare.js";
import { readResults } from "./recorder/record-case.js";

const args = process.argv.slice(2);
const showAt = args.indexOf("--show");
const show = showAt >= 0 ? Number(args[showAt + 1]) : 50;
const [expectedDir, actualDir] = showAt < 0 ? args : args.filter((_, i) => i !== showAt && i !== showAt + 1);
if (!expectedDir || !actualDir) {
  process.stderr.write("usage: compare-dirs.ts EXPECTED_DIR ACTUAL_DIR [--show N]\n");
  process.exit(2);
}
let total = 0;
let agree = 0;
const lines: string[] = [];
for (const name of readdirSync(expectedDir).filter((n) => n.endsWith(".jsonl")).sort()) {
  const expected = readResults(join(expectedDir, name));
  const actualPath = join(actualDir, name);
  const actual = existsSync(actualPath) ? readResults(actualPath) : [];
  const diffs = compareResults(expected, actual);
  total += expected.length;
  agree += expected.length - diffs.length;
  for (const d of diffs) lines.push(describeDifference(d, "expected", "actual"));
}
for (const l of lines.slice(0, show)) process.stdout.write(`MISMATCH ${l}\n`);
if (lines.length > show) process.stdout.write(`... ${lines.length - show} more\n`);
process.stdout.write(`agreement: ${agree}/${total} requests\n`);
process.exit(agree === total ? 0 : 1);
