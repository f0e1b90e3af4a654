/**
 * The recorder's command line: records real Apache's answers for case files.
 *
 *     npx tsx test/conformance/record.ts CASE.json… --out DIR [--jobs N] [--keep]
 *
 * Writes DIR/<case>.jsonl per case (one JSON line per request) and prints one summary line per
 * case. Exits 1 when a case's start-up outcome contradicts its `expect_start_failure`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadCase } from "../../src/case/load.js";
import { isStartFailure, recordMany } from "./recorder/record-many.js";
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
  let unexpected = 0;
  const t0 = Date.now();
  let requests = 0;
  await recordMany(files.map(loadCase), {
    jobs,
    keep,
    onCase: (c, records, ms) => {
      writeFileSync(join(out, `${c.name}.jsonl`), formatResults(records));
      requests += records.length;
      const refused = isStartFailure(records);
      const note = refused !== c.expect_start_failure ? (refused ? " UNEXPECTED start failure" : " UNEXPECTED start") : "";
      if (note) unexpected++;
      process.stdout.write(`${c.name}: ${records.length} requests, ${ms} ms${refused ? " (refused)" : ""}${note}\n`);
    },
  });
  process.stdout.write(`recorded ${files.length} cases, ${requests} requests in ${Date.now() - t0} ms\n`);
  return unexpected ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`record: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
