/**
 * A configuration that would run a program (RewriteMap prg:, WSGIDispatchScript) loads only with
 * the caller's consent (allowExec / --allow-exec); otherwise a refusal names directive, file, line.
 */
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/api/evaluate.js";
import { ConfigError } from "../../src/config/index.js";
import { MemoryFs } from "../../src/server/fs.js";

const ROOT = "/tmp/htrewrite-consent";
const HEAD = [
  "LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so",
  "LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so",
  "LoadModule wsgi_module /usr/lib/apache2/modules/mod_wsgi.so",
  "ServerName localhost",
  "Listen 127.0.0.1:8080",
  `DocumentRoot ${ROOT}/htdocs`,
];

function load(lines: string[], allowExec?: boolean) {
  const fs = new MemoryFs(ROOT, null);
  fs.addDir(`${ROOT}/htdocs`);
  fs.addFile(`${ROOT}/cat`, "");
  fs.addFile(`${ROOT}/dispatch.py`, "");
  return () => createEngine([...HEAD, ...lines].join("\n"), { file: `${ROOT}/httpd.conf`, fs, env: {}, serverRoot: ROOT, allowExec });
}

describe("running programs needs consent", () => {
  const table: Array<[string, string[], string]> = [
    ["RewriteMap prg:", [`RewriteMap up prg:${ROOT}/cat`], `RewriteMap up prg:${ROOT}/cat (/tmp/htrewrite-consent/httpd.conf:7) runs a program`],
    ["RewriteMap prg: in a virtual host", ["<VirtualHost *:8080>", `RewriteMap up PRG:${ROOT}/cat`, "</VirtualHost>"], "httpd.conf:8) runs a program"],
    ["WSGIDispatchScript in a <Directory>", [`<Directory ${ROOT}>`, `WSGIDispatchScript ${ROOT}/dispatch.py`, "</Directory>"], "WSGIDispatchScript (/tmp/htrewrite-consent/httpd.conf:8) runs a program"],
  ];
  it.each(table)("%s is refused without allowExec, naming directive, file and line", (_n, lines, message) => {
    let err: unknown;
    try {
      load(lines)();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe("HTR_EXEC_REFUSED");
    expect((err as ConfigError).message).toContain(message);
    expect((err as ConfigError).message).toContain("--allow-exec");
  });
  it.each(table)("%s loads with allowExec: true", (_n, lines) => {
    const engine = load(lines, true)();
    engine.close();
  });
  it("maps that run nothing need no consent", () => {
    expect(() => load(["RewriteMap lc int:tolower"])()).not.toThrow();
  });
});
