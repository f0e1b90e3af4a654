/**
 * `htrewrite --version`: htrewrite's own version (from package.json, read at run time so a
 * packed build cannot drift from it), the PCRE2 library it runs (asked of the WebAssembly
 * module itself, not assumed), and the Apache and mod_wsgi releases whose behaviour it reproduces.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { pcre2Runtime } from "../regex/pcre2/module-file.js";

/** The versions htrewrite models; every golden recording was made against these. */
export const MODELLED = "models Apache httpd 2.4.71 with mod_rewrite, mod_wsgi 4.9.4";

function packageVersion(name: string, url: URL): string {
  try {
    const pkg = JSON.parse(readFileSync(fileURLToPath(url), "utf8")) as { name?: string; version?: string };
    return pkg.name === name && pkg.version ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
}

export function versionText(): string {
  // dist/cli/version.js and src/cli/version.ts both sit two levels below the package root.
  const own = packageVersion("htrewrite", new URL("../../package.json", import.meta.url));
  return [`htrewrite ${own}`, `PCRE2 ${pcre2Runtime().version()} (8-bit, Unicode, WebAssembly)`, MODELLED].join("\n");
}
