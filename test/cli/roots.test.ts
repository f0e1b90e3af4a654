/**
 * `--root DIR` through the built binary, on every command that reads a configuration: a file
 * outside the roots is refused naming the directive and file:line; inside, nothing changes.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runBin } from "./bin.js";

const base = realpathSync(mkdtempSync(join(tmpdir(), "htrewrite-cli-roots-")));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const site = join(base, "site");
const outside = join(base, "outside");
mkdirSync(join(site, "htdocs"), { recursive: true });
mkdirSync(outside);
writeFileSync(join(outside, "secret.conf"), "RewriteEngine on\n");
writeFileSync(join(site, "rules.conf"), "RewriteEngine on\nRewriteRule ^/a$ /b [R,L]\n");
const conf = (include: string): string => {
  const file = join(site, `httpd-${include.replace(/\W/g, "")}.conf`);
  writeFileSync(file, ["LoadModule mpm_prefork_module x", "LoadModule rewrite_module x", "LoadModule authz_core_module x", "ServerName localhost", `DocumentRoot ${site}/htdocs`, `Include ${include}`, ""].join("\n"));
  return file;
};
const good = conf(`${site}/rules.conf`);
const bad = conf(`${outside}/secret.conf`);
const refusal = `Include ${outside}/secret.conf reads ${outside}/secret.conf is outside the directories htrewrite may read (--root ${site})`;

describe("--root", () => {
  it("route: inside the root answers; outside is refused naming the Include line (exit 1)", () => {
    const ok = runBin(["route", "--root", site, "--config", good, "--json", "/a"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).location).toBe("http://localhost/b");
    const r = runBin(["route", "--root", site, "--config", bad, "/a"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`line 6 of ${bad}`);
    expect(r.err).toContain(refusal);
  });

  it("check: refused with the same message; --root=DIR works too; without --root accepted", () => {
    // The LoadModule lines name no real module files: the modules are given on the command line,
    // so check does not judge the start-up (it would refuse "Cannot load x" first, as Apache does).
    const modules = ["--module=mpm_prefork_module", "--module=rewrite_module", "--module=authz_core_module"];
    const r = runBin(["check", ...modules, `--root=${site}`, bad]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(refusal);
    expect(runBin(["check", ...modules, bad]).code).toBe(0);
  });

  it("check --htaccess: an AuthUserFile outside the root is refused naming its line; inside accepted", () => {
    writeFileSync(join(outside, "passwd"), "alice:$apr1$x$y\n");
    writeFileSync(join(site, "passwd"), "alice:$apr1$x$y\n");
    const htaccess = (users: string) => {
      const file = join(site, "htdocs", ".htaccess");
      writeFileSync(file, ["AuthType Basic", "AuthName private", `AuthUserFile ${users}`, "Require valid-user", ""].join("\n"));
      return file;
    };
    // The modules as loaded (--module is honoured for an .htaccess too): the case set and basic auth.
    const modules = ["--base-modules", ...["auth_basic", "authn_core", "authn_file", "authz_user"].map((m) => `--module=${m}_module`)];
    const r = runBin(["check", ...modules, "--root", site, "--json", htaccess(join(outside, "passwd"))]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.accepted).toBe(false);
    expect(report.error).toContain(`AuthUserFile (${site}/htdocs/.htaccess:3) reads ${outside}/passwd is outside the directories htrewrite may read (--root ${site})`);
    expect(runBin(["check", ...modules, "--json", htaccess(join(outside, "passwd"))]).code).toBe(0);
    expect(runBin(["check", ...modules, "--root", site, "--json", htaccess(join(site, "passwd"))]).code).toBe(0);
    // Without the auth modules AuthType is an unknown command, as in Apache.
    expect(JSON.parse(runBin(["check", "--json", htaccess(join(site, "passwd"))]).out).error).toContain("Invalid command 'AuthType'");
  });

  it("test: a spec whose config reads outside the root", () => {
    const spec = join(site, "spec.yaml");
    writeFileSync(spec, `config: ${bad}\nrequests:\n  - url: /a\n    expect: { status: 302 }\n`);
    const r = runBin(["test", "--root", site, spec]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(refusal);
    writeFileSync(spec, `config: ${good}\nrequests:\n  - url: /a\n    expect: { status: 302 }\n`);
    expect(runBin(["test", "--root", site, spec]).code).toBe(0);
  });

  it("eval: a case whose config includes a disk file outside the root", () => {
    const c = join(site, "case.json");
    writeFileSync(c, JSON.stringify({ name: "roots", config: [`Include ${outside}/secret.conf`], requests: [{ path: "/" }] }));
    // A configuration Apache would not start with is a record of the case format, as ever.
    const r = runBin(["eval", "--root", site, c]);
    expect(r.code).toBe(0);
    const rec = JSON.parse(r.out) as { status: null; error: string };
    expect(rec.status).toBeNull();
    expect(rec.error).toContain(`Include ${outside}/secret.conf reads ${outside}/secret.conf is outside`);
    expect(JSON.parse(runBin(["eval", c]).out).status).toBe(404);
  });

  it("eval: a case's symlink to a disk file would serve that file's bytes; with --root it is refused", () => {
    const c = join(site, "leak.json");
    writeFileSync(c, JSON.stringify({ name: "leak", config: [], files: { "htdocs/leak": { symlink: `${outside}/secret.conf` } }, requests: [{ path: "/leak" }] }));
    expect(JSON.parse(runBin(["eval", c]).out).body).toBe("RewriteEngine on\n");
    const r = runBin(["eval", "--root", site, c]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain(`htdocs/leak (really ${outside}/secret.conf) is outside the directories htrewrite may read (--root ${site})`);
  });

  it("replay and explain", () => {
    const log = join(site, "access.log");
    writeFileSync(log, '127.0.0.1 - - [10/Oct/2024:13:55:36 +0000] "GET /a HTTP/1.1" 302 0 "-" "-"\n');
    const r = runBin(["replay", "--root", site, "--config", bad, "--quiet", log]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(refusal);
    expect(runBin(["replay", "--root", site, "--config", good, "--quiet", log]).code).toBe(0);
    const e = runBin(["explain", "--root", site, bad]);
    expect(e.code).toBe(1);
    expect(e.err).toContain(refusal);
  });

  it.each([
    [["route", "--root"], "--root wants a directory"],
    [["check", "--root", join(base, "nope"), good], `--root ${join(base, "nope")}: not an existing directory`],
  ])("usage error %j", (args, message) => {
    const r = runBin(args);
    expect(r.code).toBe(2);
    expect(r.err.trimEnd().split("\n")).toHaveLength(1);
    expect(r.err).toContain(message);
  });
});
