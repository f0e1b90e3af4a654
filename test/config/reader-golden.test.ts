/**
 * Golden test of the reader against real Apache: fixtures/reader-cases.txt lists configuration
 * snippets that probe section nesting, conditional sections, Define/${}, line reading, quoting,
 * Include and argument counting; fixtures/reader-measured.jsonl is what `apache2 -t` said for
 * each (tools/measure-configs.py, same base modules and file tree as below).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CASE_BASE_MODULES, ConfigError, memoryFs, parseConfig } from "../../src/config/index.js";
import { checkConfigText } from "../../src/cli/check.js";
import { ENGINE_CONFIG_CHECKS } from "../../src/expr/config-checks.js";
import { MemoryFs } from "../../src/server/fs.js";
import { configFsOf, loadEngine } from "../../src/server/load.js";

/** Ours must equal Apache's, except for a recorded deviation, where only the text up to its mark must. */
function expectSame(ours: string, result: string): void {
  const deviation = DEVIATIONS.find((d) => new RegExp(d.apache).test(result));
  if (deviation && ours !== result) {
    const cut = (s: string): string => s.slice(0, s.indexOf(deviation.sameUpTo));
    expect(ours.indexOf(deviation.sameUpTo), deviation.reason).toBeGreaterThan(0);
    expect(cut(ours)).toBe(cut(result));
  } else expect(ours).toBe(result);
}

function load(name: string): Array<{ config: string; result: string }> {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")
    .split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as { config: string; result: string });
}
const rows = load("reader-measured.jsonl");
/** Known, deliberate differences in wording, as data with their reason. */
const DEVIATIONS = JSON.parse(readFileSync(new URL("./fixtures/known-deviations.json", import.meta.url), "utf8")) as Array<{
  apache: string; sameUpTo: string; reason: string;
}>;
/**
 * Every directive line of the conformance cases, alone, with an argument more or less, and in
 * <Directory>/<Location>/<VirtualHost>; regenerate with
 *   tools/make-variants.py /work/shared/conformance/cases test/conformance/cases > /tmp/v.txt
 *   tools/measure-configs.py /tmp/v.txt > fixtures/variants-measured.jsonl
 */
const variants = load("variants-measured.jsonl");

/**
 * The measurement's sandbox (tools/measure-configs.py), which its results name @ROOT@. The same
 * path and the same number of lines before the snippet (18: ServerRoot, 12 LoadModule, 5 more)
 * keep line lengths equal, which matters where httpd cuts a long error line.
 */
const ROOT = "/tmp/htr-measure-root";
const MODULES = ["mpm_prefork", "authz_core", "authz_host", "mime", "dir", "alias", "env", "setenvif", "rewrite", "headers", "userdir", "wsgi"];
/** The measurement's standalone httpd.conf before the snippet. */
const HEADER = [
  `ServerRoot ${ROOT}`,
  ...MODULES.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`),
  "ServerName localhost", "Listen 127.0.0.1:18099", `PidFile ${ROOT}/httpd.pid`, "ErrorLog /dev/null", `DocumentRoot ${ROOT}/htdocs`,
].join("\n") + "\n";
const HEADER_LINES = 18;
/** The sandbox of the measurement, httpd.conf included (an Include of conf/*.conf reads it again). */
function sandbox(config: string) {
  return memoryFs({
    [`${ROOT}/htdocs/`]: null,
    [`${ROOT}/conf/a.conf`]: "RewriteEngine On\n",
    [`${ROOT}/conf/sub/b.conf`]: "SetEnv B 1\n",
    [`${ROOT}/conf/bad.conf`]: "SetEnv\n",
    [`${ROOT}/conf/httpd.conf`]: HEADER + config + "\n",
  });
}

function verdict(config: string): string {
  const fs = sandbox(config);
  try {
    parseConfig(HEADER + config + "\n", { checks: ENGINE_CONFIG_CHECKS,
      file: `${ROOT}/conf/httpd.conf`, fs, serverRoot: ROOT, loadedModules: CASE_BASE_MODULES,
      env: { PATH: "/usr/sbin:/usr/bin:/bin", LANG: "C", HOME: "/root" },
    });
    return "OK";
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return relative(e.oneLine());
  }
}

/** The same rewriting as the measurement: @ROOT@, and line numbers relative to the snippet. */
function relative(message: string): string {
  {
    return message.split(ROOT).join("@ROOT@")
      .replace(/line (\d+) of @ROOT@\/conf\/httpd\.conf/g, (_m, n: string) => `line ${Number(n) - HEADER_LINES} of @ROOT@/conf/httpd.conf`)
      .replace(/@ROOT@\/conf\/httpd\.conf:(\d+):/g, (_m, n: string) => `@ROOT@/conf/httpd.conf:${Number(n) - HEADER_LINES}:`);
  }
}


describe("the reader agrees with apache2 -t (reader-measured.jsonl)", () => {
  it("has measurements", () => expect(rows.length).toBeGreaterThan(100));
  it.each(rows.map((r) => [r.config, r.result] as const))("%j → %s", (config, result) => {
    expectSame(verdict(config), result);
  });
});

describe("directive checks agree with apache2 -t on variants of every case directive (variants-measured.jsonl)", () => {
  it("has measurements", () => expect(variants.length).toBeGreaterThan(1000));
  it.each(variants.map((r) => [r.config, r.result] as const))("%j → %s", (config, result) => {
    expectSame(checkVerdict(config), result);
  });
});

/**
 * The variants go through what `htrewrite check` runs: the configuration layer, then the
 * engine's start-up (mod_rewrite flags and patterns, RewriteMap sources, mod_wsgi preloading).
 */
function checkVerdict(config: string): string {
  const text = HEADER + config + "\n";
  const vfs = new MemoryFs(ROOT);
  vfs.addDir(`${ROOT}/htdocs`);
  vfs.addDir(`${ROOT}/conf/sub`);
  vfs.addFile(`${ROOT}/conf/a.conf`, "RewriteEngine On\n");
  vfs.addFile(`${ROOT}/conf/sub/b.conf`, "SetEnv B 1\n");
  vfs.addFile(`${ROOT}/conf/bad.conf`, "SetEnv\n");
  vfs.addFile(`${ROOT}/conf/httpd.conf`, text);
  const env = { PATH: "/usr/sbin:/usr/bin:/bin", LANG: "C", HOME: "/root" };
  const r = checkConfigText(text, `${ROOT}/conf/httpd.conf`, {
    fs: configFsOf(vfs), serverRoot: ROOT, env, defines: [], modules: [],
    fullLoad: () => loadEngine({ text, file: `${ROOT}/conf/httpd.conf`, fs: vfs, env, serverRoot: ROOT, allowExec: true }),
  });
  if (r.accepted) return "OK";
  return relative(r.error!.split("\n").join(" | "));
}
