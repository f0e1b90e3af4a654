/**
 * `htrewrite --version`: htrewrite's own version (from package.json, read at run time so a
 * packed build cannot drift from it), the regex engine in use, and the server versions whose
 * behaviour htrewrite reproduces.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The versions htrewrite models; every golden recording was made against these. */
export const MODELLED = "Apache httpd 2.4.71 / mod_wsgi 4.9.4 modelled";

/**
 * PCRE2: Apache 2.4.71 on this platform links PCRE2 10.42; htrewrite runs the 10.34 WebAssembly
 * build of @stephen-riley/pcre2-wasm with the compile-time differences of 10.42 applied
 * (src/regex/pcre2/compat.ts), plus a V8 fast path where provably equivalent.
 */
const PCRE2 = "PCRE2 10.42 semantics (10.34 WebAssembly engine + 10.42 compile rules)";

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
  return [`htrewrite ${own}`, PCRE2, MODELLED].join("\n");
}
