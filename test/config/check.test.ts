/**
 * `htrewrite check` agrees with Apache on accept/refuse for every conformance case (the base
 * configuration + the case config): `expect_start_failure` in each case records what real
 * Apache 2.4.71 did. Plus the command's contract: exit codes, --json, .htaccess files.
 */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { checkFile, run, allowOverrideFor } from "../../src/cli/check.js";
import { CASE_BASE_MODULES, parseConfig, memoryFs } from "../../src/config/index.js";

const CASE_DIRS = [
  "/work/shared/conformance/cases",
  new URL("../conformance/cases", import.meta.url).pathname,
];
const cases = CASE_DIRS.flatMap((d) => {
  try {
    return readdirSync(d).filter((f) => f.endsWith(".json")).map((f) => join(d, f));
  } catch {
    return [];
  }
});

describe("check agrees with Apache on start-up for every conformance case", () => {
  it("has cases to check, refusals among them", () => {
    expect(cases.length).toBeGreaterThan(10);
    expect(cases.some((c) => c.endsWith("x_config_refused.json"))).toBe(true);
  });
  it.each(cases)("%s", (file) => {
    const r = checkFile(file);
    const apache = r.expectStartFailure ? "refused" : "accepted";
    expect(r.accepted ? "accepted" : `refused: ${r.error}`).toMatch(new RegExp("^" + apache));
  });
});

describe("htrewrite check (command)", () => {
  let out = "";
  let err = "";
  let dir = "";
  beforeEach(() => {
    out = "";
    err = "";
    dir = mkdtempSync(join(tmpdir(), "htr-check-"));
    vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  it("a usage error (exit 2 at the command line) without a file or with an unknown option", async () => {
    await expect(run([])).rejects.toMatchObject({ code: "HTR_USAGE" });
    await expect(run(["--bogus", "x.conf"])).rejects.toMatchObject({ code: "HTR_USAGE", message: expect.stringContaining("'--bogus'") as unknown });
  });

  it("exit 0 and Syntax OK for an accepted config, notes for directives not simulated", async () => {
    const f = join(dir, "ok.conf");
    writeFileSync(f, "ServerName localhost\nKeepAlive Off\nRewriteEngine On\n");
    expect(await run(["--base-modules", f])).toBe(0);
    expect(out).toContain(`${f}: Syntax OK`);
    expect(err).toContain("KeepAlive: accepted by Apache, not simulated by htrewrite");
    expect(err).not.toContain("RewriteEngine: accepted");
  });

  it("exit 1 with httpd's words on stderr for a refused config", async () => {
    const f = join(dir, "bad.conf");
    writeFileSync(f, "ServerName localhost\nRewriteEngine maybe\n");
    expect(await run(["--base-modules", f])).toBe(1);
    expect(err).toContain(`AH00526: Syntax error on line 2 of ${f}:\nRewriteEngine must be On or Off`);
  });

  it("--json reports one object per file", async () => {
    const f = join(dir, "bad.conf");
    writeFileSync(f, "Nope\n");
    expect(await run(["--json", "--base-modules", f])).toBe(1);
    const r = JSON.parse(out.trim());
    expect(r).toMatchObject({ kind: "config", accepted: false, errorCode: "HTR_CONFIG_UNKNOWN_DIRECTIVE", errorPos: { line: 1 } });
  });

  it("checks an .htaccess by name, with httpd's per-request wording", async () => {
    const d = join(dir, "site");
    const f = join(dir, ".htaccess");
    writeFileSync(f, "RewriteEngine On\nRewriteMap m int:tolower\n");
    expect(await run([f])).toBe(1);
    expect(err).toContain(`${f}: RewriteMap not allowed here`);
    void d;
  });

  it("an .htaccess directive outside AllowOverride is refused, inside accepted", async () => {
    const f = join(dir, ".htaccess");
    writeFileSync(f, "Options +ExecCGI\n");
    expect(await run(["--allow-override=FileInfo", f])).toBe(1);
    expect(err).toContain("Options not allowed here");
    expect(await run(["--allow-override=FileInfo,Options", f])).toBe(0);
  });
});

describe("AllowOverride of a directory, for a case's .htaccess files", () => {
  const tree = parseConfig(
    [
      "<Directory />", "AllowOverride None", "</Directory>",
      "<Directory /r/htdocs>", "AllowOverride FileInfo Options", "</Directory>",
      "<Directory /r/htdocs/all>", "AllowOverride All", "</Directory>",
      "<Directory /r/home/*/public_html>", "AllowOverride AuthConfig", "AllowOverrideList Redirect", "</Directory>",
    ].join("\n"),
    { file: "/r/conf/httpd.conf", fs: memoryFs({}), loadedModules: CASE_BASE_MODULES, env: {} },
  );
  it.each([
    ["/r/htdocs/h1", "FileInfo,Options", []],
    ["/r/htdocs/all", "All", []],
    ["/r/htdocs/all/sub", "All", []],
    ["/r/other", "None", []],
    ["/r/home/alice/public_html", "AuthConfig", ["Redirect"]],
  ] as const)("%s → %s", (dir, classes, list) => {
    const r = allowOverrideFor(tree.children, dir);
    expect(typeof r.classes === "string" ? r.classes : [...r.classes].sort().join(",")).toBe(classes);
    expect(r.list).toEqual(list);
  });
});
