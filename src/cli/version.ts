/**
 * `htrewrite --version`: htrewrite's own version, the PCRE2 library it runs (asked of the
 * WebAssembly module itself, not assumed), and the Apache and mod_wsgi releases it models.
 */
import { readFileSync } from "node:fs";
import { pcre2Runtime } from "../regex/pcre2/module-file.js";

/** The Debian releases whose behaviour htrewrite reproduces (measured against them). */
const MODELLED = { apache: "2.4.71", modWsgi: "4.9.4" } as const;

export async function run(_argv: string[]): Promise<number> {
  // package.json is two directories up from both src/cli/ and dist/cli/.
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  const lines = [
    `htrewrite ${pkg.version}`,
    `PCRE2 ${pcre2Runtime().version()} (8-bit, Unicode, WebAssembly)`,
    `models Apache httpd ${MODELLED.apache} with mod_rewrite, mod_wsgi ${MODELLED.modWsgi}`,
  ];
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}
