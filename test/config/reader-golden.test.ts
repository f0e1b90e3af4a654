/**
 * Golden test of the reader against real Apache: fixtures/reader-cases.txt lists configuration
 * snippets that probe section nesting, conditional sections, Define/${}, line reading, quoting,
 * Include and argument counting; fixtures/reader-measured.jsonl is what `apache2 -t` said for
 * each (tools/measure-configs.py, same base modules and file tree as below).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CASE_BASE_MODULES, ConfigError, memoryFs, parseConfig } from "../../src/config/index.js";

const rows = readFileSync(new URL("./fixtures/reader-measured.jsonl", import.meta.url), "utf8")
  .split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as { config: string; result: string });

/**
 * The measurement's sandbox (tools/measure-configs.py), which its results name @ROOT@. The same
 * path and the same number of lines before the snippet (18: ServerRoot, 12 LoadModule, 5 more)
 * keep line lengths equal, which matters where httpd cuts a long error line.
 */
const ROOT = "/tmp/htr-measure-root";
const HEADER_LINES = 18;
/** The sandbox of the measurement, httpd.conf included (an Include of conf/*.conf reads it again). */
function sandbox(config: string) {
  return memoryFs({
    [`${ROOT}/htdocs/`]: null,
    [`${ROOT}/conf/a.conf`]: "RewriteEngine On\n",
    [`${ROOT}/conf/sub/b.conf`]: "SetEnv B 1\n",
    [`${ROOT}/conf/bad.conf`]: "SetEnv\n",
    [`${ROOT}/conf/httpd.conf`]: "#\n".repeat(HEADER_LINES) + config + "\n",
  });
}

function verdict(config: string): string {
  const fs = sandbox(config);
  try {
    parseConfig("#\n".repeat(HEADER_LINES) + config + "\n", {
      file: `${ROOT}/conf/httpd.conf`, fs, serverRoot: ROOT, loadedModules: CASE_BASE_MODULES,
      env: { PATH: "/usr/sbin:/usr/bin:/bin", LANG: "C", HOME: "/root" },
    });
    return "OK";
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    // The same rewriting as the measurement: @ROOT@, and line numbers relative to the snippet.
    return e.oneLine().split(ROOT).join("@ROOT@")
      .replace(/line (\d+) of @ROOT@\/conf\/httpd\.conf/g, (_m, n: string) => `line ${Number(n) - HEADER_LINES} of @ROOT@/conf/httpd.conf`)
      .replace(/@ROOT@\/conf\/httpd\.conf:(\d+):/g, (_m, n: string) => `@ROOT@/conf/httpd.conf:${Number(n) - HEADER_LINES}:`);
  }
}

describe("the reader agrees with apache2 -t (reader-measured.jsonl)", () => {
  it("has measurements", () => expect(rows.length).toBeGreaterThan(100));
  it.each(rows.map((r) => [r.config, r.result] as const))("%j → %s", (config, result) => {
    expect(verdict(config)).toBe(result);
  });
});
