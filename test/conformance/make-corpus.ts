/**
 * Writes the authored golden corpus (test/conformance/corpus/*.ts) as case files:
 *
 *     npx tsx test/conformance/make-corpus.ts [--out test/conformance/cases]
 *
 * Then record them: `npx tsx test/conformance/record.ts test/conformance/cases/*.json --out
 * test/conformance/results`. Case names must be unique; the shared examples are copied as
 * they are and not produced here.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCase } from "../../src/case/load.js";
import { corpus } from "./corpus/index.js";

const args = process.argv.slice(2);
const outAt = args.indexOf("--out");
const out = outAt >= 0 ? args[outAt + 1] : fileURLToPath(new URL("./cases", import.meta.url));
mkdirSync(out, { recursive: true });
const seen = new Set<string>();
let requests = 0;
for (const def of corpus) {
  if (seen.has(def.name)) throw new Error(`duplicate case name ${def.name}`);
  seen.add(def.name);
  parseCase(def, def.name); // the same validation every reader applies
  requests += def.requests.length;
  writeFileSync(join(out, `${def.name}.json`), JSON.stringify(def, null, 2) + "\n");
}
process.stdout.write(`wrote ${corpus.length} cases, ${requests} requests to ${out}\n`);
