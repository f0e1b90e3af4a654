/**
 * The met/not-met view of `route --htaccess`, through the built binary: every directive line of
 * the file per pass, with marks, subjects, test strings and back-references; --json carries the
 * same passes; colour only on a terminal (a pty via script(1)) and never with NO_COLOR.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Pass } from "../../src/cli/met-view.js";
import { BIN, PACKAGE_ROOT, runBin } from "./bin.js";

const work = mkdtempSync(join(tmpdir(), "htrewrite-met-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const ht = join(work, ".htaccess");
writeFileSync(
  ht,
  [
    "RewriteEngine On",
    "# old URLs",
    "RewriteCond %{HTTP_HOST} ^www\\.(.+)$ [NC]",
    "RewriteRule ^ http://%1%{REQUEST_URI} [R=301,L]",
    "RewriteRule ^old/(.*)$ /new/$1 [R=302,L]",
    "RewriteCond %{REQUEST_FILENAME} !-f",
    "RewriteRule ^ index.php [L]",
  ].join("\n") + "\n",
);

describe("route --htaccess met/not-met view", () => {
  it("shows every directive line with its outcome, in file order", () => {
    const r = runBin(["route", "--htaccess", ht, "/old/q"]);
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines[0]).toBe("GET /old/q");
    expect(lines[1]).toBe(`  pass 1 [initial] ${ht}`);
    expect(r.out).not.toContain("# old URLs");
    expect(r.out).toMatch(/^ +3  ✗ RewriteCond %\{HTTP_HOST\} \^www\\\.\(\.\+\)\$ \[NC\]\n +test string "localhost" not met$/m);
    expect(r.out).toMatch(/^ +4  ✗ RewriteRule \^ .*\n +pattern "\^" against "old\/q": matched\n +conditions not met: rule not applied$/m);
    expect(r.out).toMatch(/^ +5  ✓ RewriteRule \^old\/\(\.\*\)\$ .*\n +pattern .* matched {2}\$1="q"\n +→ "http:\/\/localhost\/new\/q" status 302 {2}\[R=302,L\]: last$/m);
    expect(r.out).toMatch(/^ +7  · RewriteRule \^ index\.php \[L\]$/m);
    expect(r.out).toContain("  result: 302 redirect to http://localhost/new/q");
  });

  it("shows the internal redirect as a second pass and the condition back-references", () => {
    const r = runBin(["route", "--htaccess", ht, "--file", "index.php", "--url-base", "http://www.example.org", "/x", "--json"]);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out) as { status: number; passes: Pass[] };
    expect(o.status).toBe(301);
    expect(o.passes).toHaveLength(1);
    const cond = o.passes[0].lines.find((l) => l.line === 3);
    expect(cond).toMatchObject({ state: "met", notes: ['test string "www.example.org" met  %1="example.org"'] });

    const front = JSON.parse(runBin(["route", "--htaccess", ht, "--file", "index.php", "/shop", "--json"]).out) as { status: number; filename: string; passes: Pass[] };
    expect(front).toMatchObject({ status: 200, filename: join(work, "index.php") });
    expect(front.passes.map((p) => p.tag)).toEqual(["initial", "initial/redir#1"]);
    expect(front.passes[1].lines.find((l) => l.line === 6)).toMatchObject({ state: "not-met", notes: [`test string "${join(work, "index.php")}" not met`] });
  });

  it("--explain gives the same view for a full configuration", () => {
    const conf = join(work, "httpd.conf");
    writeFileSync(conf, ["LoadModule mpm_prefork_module x", "LoadModule rewrite_module x", "ServerName localhost", `DocumentRoot ${work}`, "RewriteEngine On", "RewriteRule ^/a(.*)$ /b$1 [R,L]"].join("\n"));
    const r = runBin(["route", "--config", conf, "--explain", "/a1"]);
    expect(r.out).toMatch(/^ +6  ✓ RewriteRule \^\/a\(\.\*\)\$ \/b\$1 \[R,L\]\n +pattern .* against "\/a1": matched {2}\$1="1"$/m);
  });
});

describe("colour", () => {
  const hasScript = spawnSync("script", ["--version"]).status === 0;
  const inPty = (env: Record<string, string>): string => {
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} route --htaccess ${JSON.stringify(ht)} /old/q`;
    const r = spawnSync("script", ["-qec", cmd, "/dev/null"], { cwd: PACKAGE_ROOT, env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 });
    return r.stdout;
  };
  it.skipIf(!hasScript)("on a terminal met lines are green and not-met red", () => {
    const { NO_COLOR: _, ...env } = process.env;
    const out = inPty({ ...(env as Record<string, string>), NO_COLOR: "" });
    expect(out).toContain("\x1b[32m");
    expect(out).toContain("\x1b[31m");
  });
  it.skipIf(!hasScript)("NO_COLOR turns it off on a terminal; a pipe never gets it", () => {
    expect(inPty({ NO_COLOR: "1" })).not.toContain("\x1b[");
    expect(runBin(["route", "--htaccess", ht, "/old/q"], { env: { NO_COLOR: "" } }).out).not.toContain("\x1b[");
  });
});
