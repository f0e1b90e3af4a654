/**
 * The recorder's command line: records real Apache's answers for case files.
 *
 *     npx tsx test/conformance/record.ts CASE.json… --out DIR [--jobs N] [--keep]
 *
 * Writes DIR/<case>.jsonl per case (one JSON line per request) and prints one summary line per
 * case. Cases on fixed ports (80, 8080) run one at a time; the others run `--jobs` at a time.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadCase } from "../../src/case/load.js";
import type { CaseFile } from "../../src/case/types.js";
import { recordCase } from "./recorder/record-case.js";
import { formatResults } from "./recorder/results-file.js";

function usage(): never {
  process.stderr.write("usage: record.ts CASE.json… --out DIR [--jobs N] [--keep]\n");
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  const files: string[] = [];
  let out = "";
  let jobs = 4;
  let keep = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out") out = argv[++i] ?? usage();
    else if (argv[i] === "--jobs") jobs = Math.max(1, Number(argv[++i] ?? usage()));
    else if (argv[i] === "--keep") keep = true;
    else files.push(argv[i]);
  }
  if (!out || files.length === 0) usage();
  mkdirSync(out, { recursive: true });
  const cases: CaseFile[] = files.map(loadCase);
  const fixed = cases.filter((c) => c.ports.some((p) => p !== "auto"));
  const floating = cases.filter((c) => !fixed.includes(c));
  let failed = 0;
  const one = async (c: CaseFile) => {
    const t0 = Date.now();
    const records = await recordCase(c, { keep });
    writeFileSync(join(out, `${c.name}.jsonl`), formatResults(records));
    const refused = records.length > 0 && records.every((r) => r.status === null && r.error?.startsWith("apache did not start"));
    const note = refused !== c.expect_start_failure ? (refused ? " UNEXPECTED start failure" : " UNEXPECTED start") : "";
    if (note) failed++;
    process.stdout.write(`${c.name}: ${records.length} requests, ${Date.now() - t0} ms${refused ? " (refused)" : ""}${note}\n`);
  };
  const queue = [...floating];
  const workers = Array.from({ length: jobs }, async () => {
    for (let c = queue.shift(); c; c = queue.shift()) await one(c);
  });
  const serial = (async () => {
    for (const c of fixed) await one(c);
  })();
  await Promise.all([...workers, serial]);
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`record: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
