/**
 * What every command shares, through the real binary: --version, one help format, documented exit
 * codes, one-line errors naming the path (never a stack trace), a quiet stop when stdout closes,
 * route --json as pure JSON with the request as sent, and `npm start`'s aligned tables.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT, runBin, runBinClosingStdout } from "./bin.js";

const work = mkdtempSync(join(tmpdir(), "htrewrite-hygiene-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const COMMANDS = ["route", "check", "eval", "regex", "explain", "test", "playground"];

/** One line on stderr, no stack frames, no Node error codes. */
function expectOneLineError(err: string, ...mentions: string[]): void {
  const lines = err.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^htrewrite( \w+)?: /);
  expect(err).not.toMatch(/\n\s+at |ENOENT|EISDIR|internal error/);
  for (const m of mentions) expect(lines[0]).toContain(m);
}

describe("--version", () => {
  it("names htrewrite's version, the PCRE2 in use and the servers modelled", () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string };
    const r = runBin(["--version"]);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toBe(`htrewrite ${pkg.version}`);
    expect(lines[1]).toMatch(/^PCRE2 10\.42/);
    expect(lines[2]).toBe("models Apache httpd 2.4.71 with mod_rewrite, mod_wsgi 4.9.4");
  });
});

describe("help", () => {
  it("lists every command and the exit codes", () => {
    const r = runBin(["--help"]);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.out).toMatch(new RegExp(`^  ${c}\\s`, "m"));
    expect(r.out).toContain("exit codes: 0 ok, 1 refused or mismatch, 2 usage");
    expect(runBin(["help"]).out).toBe(r.out);
  });

  it.each(COMMANDS)("%s: `help CMD`, `CMD --help` and `CMD -h` print the same text", (cmd) => {
    const a = runBin(["help", cmd]);
    const b = runBin([cmd, "--help"]);
    const c = runBin([cmd, "-h"]);
    expect(a.code).toBe(0);
    expect(a.out).toMatch(new RegExp(`^usage: htrewrite ${cmd} `));
    expect(a.out).toMatch(/\n\noptions:\n/);
    expect(a.out.trimEnd().split("\n").at(-1)).toMatch(/^exit codes: 0 ok/);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it("without a command is a usage error (exit 2) on stderr", () => {
    const r = runBin([]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain("usage: htrewrite COMMAND");
  });
});

describe("user errors: one line naming what and where, exit 2 (1 for a case that cannot be answered)", () => {
  const missing = join(work, "no-such.conf");
  it.each([
    ["unknown command", ["frob"], 2, ["'frob'"]],
    ["unknown flag", ["route", "--frob", "/"], 2, ["'--frob'", "route --help"]],
    ["missing config", ["route", "--config", missing, "/"], 2, [missing, "no such file or directory"]],
    ["config is a directory", ["route", "--config", work, "/"], 2, [work, "is a directory"]],
    ["missing scenario directory", ["route", "--rules", join(work, "nodir")], 2, [join(work, "nodir"), "no such file or directory"]],
    ["missing file to explain", ["explain", missing], 2, [missing]],
    ["missing file to check", ["check", missing], 1, [missing, "no such file or directory"]],
    ["missing batch file", ["regex", "--batch", missing], 2, [missing]],
    ["missing case", ["eval", missing], 1, [missing, "no such file or directory"]],
    ["unknown flag of eval", ["eval", "--frob"], 2, ["'--frob'"]],
    ["unknown flag of check", ["check", "--frob"], 2, ["'--frob'"]],
  ] as const)("%s", (_, args, code, mentions) => {
    const r = runBin([...args]);
    expect(r.code).toBe(code);
    expectOneLineError(r.err, ...mentions);
  });

  it("a case that is not JSON names the file and says so", () => {
    const bad = join(work, "bad.json");
    writeFileSync(bad, "{oops");
    for (const cmd of ["eval", "route --case"]) {
      const r = runBin([...cmd.split(" "), bad]);
      expect(r.code).toBe(1);
      expectOneLineError(r.err, bad, "not valid JSON");
    }
  });
});

describe("stdout closed early (htrewrite … | head -1)", () => {
  it("stops quietly with exit 0", async () => {
    // Enough output that writes continue after the reader has gone.
    const urls = Array.from({ length: 3000 }, (_, i) => `/~alice/wsgi-scripts/app.wsgi/${i}`);
    const conf = join(work, "pipe.conf");
    writeFileSync(conf, ["LoadModule mpm_prefork_module x", "LoadModule rewrite_module x", "ServerName localhost", `DocumentRoot ${work}`].join("\n"));
    const r = await runBinClosingStdout(["route", "--config", conf, ...urls]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  });
});

describe("route --json", () => {
  it("is one JSON object per line with the request as sent (Host, HTTP version) and no titles", () => {
    const r = runBin(["route", "--rules", "rules", "--json"]);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) {
      const o = JSON.parse(l) as { request: { httpVersion: string; headers: [string, string][]; port: number }; kind: string; status: number; location: string | null };
      expect(o.request.httpVersion).toMatch(/^1\.[01]$/);
      expect(typeof o.request.port).toBe("number");
      if (o.location !== null && o.status >= 300 && o.status < 400) expect(o.kind).toBe("redirect");
    }
    // Host as the scenario sends it (server-groups sends Host: localhost:8080 on one request).
    expect(r.out).toContain('["Host","localhost:8080"]');
  });

  it("reports a redirect with kind redirect, and honours --http1.0 and --no-host", () => {
    const conf = join(work, "redirect.conf");
    writeFileSync(conf, ["LoadModule mpm_prefork_module x", "LoadModule rewrite_module x", "ServerName localhost", `DocumentRoot ${work}`, "RewriteEngine On", "RewriteRule ^/old$ /new [R=302,L]"].join("\n"));
    const r = runBin(["route", "--config", conf, "--json", "--http1.0", "--no-host", "/old"]);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out) as { kind: string; status: number; request: { httpVersion: string; headers: unknown[] } };
    expect(o).toMatchObject({ kind: "redirect", status: 302, request: { httpVersion: "1.0", headers: [] } });
  });
});

describe("npm start (route --rules rules)", () => {
  it("shows real paths and ports, in aligned columns", () => {
    const r = runBin(["route", "--rules", "rules"]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/@ROOT@|@PORT\d*@/);
    expect(r.out).toContain("/tmp/htrewrite-sandbox/");
    // Each table: every row's cells start where the header's do.
    const blocks = r.out.split(/^request\s/m).slice(1);
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    for (const b of blocks) {
      const [header, dashes, ...rest] = ("request " + b).split("\n");
      const rows = rest.slice(0, rest.findIndex((l) => !/^\S/.test(l) || l === ""));
      const starts = [...dashes.matchAll(/-+/g)].map((m) => m.index);
      expect(starts.map((s) => header[s - 1] ?? " ")).toEqual(starts.map(() => " "));
      for (const row of rows) for (const s of starts.slice(1)) if (row.length > s) expect([...row][s - 1]).toBe(" ");
    }
  });
});
