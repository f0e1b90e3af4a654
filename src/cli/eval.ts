/**
 * `htrewrite eval CASE.json…`: one JSON line per request, in the shape of the recorded Apache
 * results (spec/case-format.md). A case that cannot be read is reported on stderr and the others
 * still run; exit 1 when any case could not be read, 2 on usage errors.
 */
import { ROOT_HELP, takeRoots } from "./roots-option.js";
import { basename } from "node:path";
import { loadCase } from "../case/load.js";
import { evalCase } from "../eval/case.js";
import { HtrError } from "../util/errors.js";

export const HELP = `usage: htrewrite eval [--no-trace] [--allow-exec] CASE.json…

Answers every request of each conformance case (spec/case-format.md: config lines, files,
.htaccess, process environment, requests) as the recorded Apache did: one JSON line per request,
in the shape of the recordings. A case that cannot be read is reported on stderr (exit 1) and the
others still run.

options:
  --no-trace     leave mod_rewrite's trace out of the records
  --allow-exec   run the programs a case names (prg: maps, WSGIDispatchScript); refused without it
${ROOT_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { roots, rest } = takeRoots(argv, "eval");
  argv = rest;
  const files = argv.filter((a) => !a.startsWith("-"));
  const unknown = argv.find((a) => a.startsWith("-") && a !== "--no-trace" && a !== "--allow-exec");
  if (unknown !== undefined) throw new HtrError("HTR_USAGE", `unknown option '${unknown}' (htrewrite eval --help)`);
  const noTrace = argv.includes("--no-trace");
  // Programs named by a case (prg: maps, WSGIDispatchScript) run only with consent.
  const allowExec = argv.includes("--allow-exec");
  if (!files.length) throw new HtrError("HTR_USAGE", "eval needs at least one CASE.json (htrewrite eval --help)");
  let failed = 0;
  for (const file of files) {
    let records;
    try {
      const c = loadCase(file);
      records = await evalCase(c, { casePath: file, trace: !noTrace, allowExec, roots });
    } catch (e) {
      if (!(e instanceof HtrError)) throw e;
      process.stderr.write(`htrewrite eval: ${e.message.startsWith(`${file}:`) ? "" : `${basename(file)}: `}${e.message}\n`);
      failed++;
      continue;
    }
    for (const r of records) process.stdout.write(JSON.stringify(r) + "\n");
  }
  return failed ? 1 : 0;
}
