/**
 * `htrewrite explain FILE [--json]` — the compiled mod_rewrite rule sets of a configuration: for
 * the main server, each <VirtualHost> and each per-directory section (or one .htaccess file), the
 * engine state, options, maps, and every rule with its conditions, flags, the maps it calls and
 * the variables it reads.
 */
import { confineReads, realDiskPath } from "../config/file-roots.js";
import { diskFs } from "../config/fs.js";
import { ROOT_HELP, takeRoots } from "./roots-option.js";
import { basename } from "node:path";
import { explain } from "../api/explain.js";
import { HtrError } from "../util/errors.js";
import { readInput } from "../util/read-input.js";

export const HELP = `usage: htrewrite explain FILE [--json]

The compiled mod_rewrite rule sets of a configuration: for the main server, each <VirtualHost>
and each per-directory section (or one .htaccess file, by its name), the engine state, options,
maps, and every rule with its conditions, flags, the maps it calls and the variables it reads.

options:
  --json   the same as one JSON document
${ROOT_HELP}`;

/** Entry point. */
export async function run(argv: string[]): Promise<number> {
  const { roots, rest } = takeRoots(argv, "explain");
  argv = rest;
  const fs = roots ? confineReads(diskFs, roots, realDiskPath) : diskFs;
  const json = argv.includes("--json");
  const unknown = argv.find((a) => a.startsWith("-") && a !== "--json");
  if (unknown !== undefined) throw new HtrError("HTR_USAGE", `unknown option '${unknown}' (htrewrite explain --help)`);
  const files = argv.filter((a) => !a.startsWith("-"));
  if (files.length !== 1) throw new HtrError("HTR_USAGE", "explain takes exactly one FILE (htrewrite explain --help)");
  const file = files[0];
  const text = readInput(file).toString("latin1");
  const out = explain(text, { file, htaccess: basename(file) === ".htaccess", fs, ...(roots ? { roots } : {}) });
  if (json) process.stdout.write(JSON.stringify(out.map(({ context, report }) => ({ context, ...(report as object) })), null, 2) + "\n");
  else {
    for (const c of out) {
      process.stdout.write(`== ${c.context}\n`);
      for (const l of c.lines) process.stdout.write(`  ${l}\n`);
    }
    if (out.length === 0) process.stdout.write("no mod_rewrite directives\n");
  }
  return 0;
}
