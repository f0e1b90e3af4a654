/**
 * `htrewrite eval CASE.json…`: one JSON line per request, in the shape of the recorded Apache
 * results (spec/case-format.md). A case that cannot be read is reported on stderr and the others
 * still run; exit 1 when any case could not be read, 2 on usage errors.
 */
import { basename } from "node:path";
import { loadCase } from "../case/load.js";
import { evalCase } from "../eval/case.js";
import { HtrError } from "../util/errors.js";

export async function run(argv: string[]): Promise<number> {
  const files = argv.filter((a) => !a.startsWith("--"));
  const noTrace = argv.includes("--no-trace");
  // Programs named by a case (prg: maps, WSGIDispatchScript) run only with consent.
  const allowExec = argv.includes("--allow-exec");
  if (!files.length || argv.includes("--help")) {
    process.stderr.write("usage: htrewrite eval [--no-trace] [--allow-exec] CASE.json [CASE2.json …]\n");
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    let records;
    try {
      const c = loadCase(file);
      records = await evalCase(c, { casePath: file, trace: !noTrace, allowExec });
    } catch (e) {
      if (!(e instanceof HtrError)) throw e;
      process.stderr.write(`htrewrite eval: ${basename(file)}: ${e.message}\n`);
      failed++;
      continue;
    }
    for (const r of records) process.stdout.write(JSON.stringify(r) + "\n");
  }
  return failed ? 1 : 0;
}
