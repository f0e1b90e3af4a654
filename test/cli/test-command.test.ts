/**
 * `htrewrite test`: assertion specs through the built binary — the bundled example passes, a
 * wrong expectation exits 1 with a field-by-field diff, TAP and JUnit reporters, bad specs are
 * one-line usage errors.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT, runBin } from "./bin.js";

const example = join(PACKAGE_ROOT, "rules/tests/front-controller.json");
const work = mkdtempSync(join(tmpdir(), "htrewrite-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The example spec with one expectation changed, written next to the example's site. */
function wrongSpec(): string {
  const spec = JSON.parse(readFileSync(example, "utf8")) as { htaccess: string[]; requests: Array<{ expect: Record<string, unknown> }> };
  spec.htaccess = [join(PACKAGE_ROOT, "rules/tests/site/.htaccess")];
  spec.requests[0].expect = { status: 302, location: "http://shop.example/new-page" };
  spec.requests[1].expect = { env: { REDIRECT_ROUTED: "products/8" } };
  const file = join(work, "wrong.json");
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

describe("htrewrite test", () => {
  it("passes the bundled example (exit 0)", () => {
    const r = runBin(["test", example]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out.trimEnd().split("\n").at(-1)).toBe("4 passed, 0 failed");
  });

  it("exits 1 with the field, expected and actual value of each mismatch", () => {
    const r = runBin(["test", wrongSpec()]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("✗ " + join(work, "wrong.json") + ": GET /old-page\n    status\n      expected 302\n      actual   301\n");
    expect(r.out).toContain("    env.REDIRECT_ROUTED\n      expected \"products/8\"\n      actual   \"products/7\"\n");
    expect(r.out).not.toContain("    location");
    expect(r.out.trimEnd().split("\n").at(-1)).toBe("2 passed, 2 failed");
  });

  it("--reporter tap", () => {
    const r = runBin(["test", "--reporter", "tap", wrongSpec()]);
    expect(r.code).toBe(1);
    const lines = r.out.split("\n");
    expect(lines.slice(0, 3)).toEqual(["TAP version 13", "1..4", `not ok 1 - ${join(work, "wrong.json")}: GET /old-page`]);
    expect(r.out).toContain("  status: { expected: 302, actual: 301 }");
    expect(r.out).toMatch(/^ok 3 - .*GET \/style\.css$/m);
  });

  it("--reporter junit", () => {
    const r = runBin(["test", "--reporter", "junit", wrongSpec()]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="htrewrite" tests="4" failures="2">/);
    expect(r.out).toContain('<failure message="status differ">status: expected 302, actual 301</failure>');
  });

  it.each([
    [["test", join(work, "missing.json")], "missing.json: no such file or directory"],
    [["test", "--reporter", "xml", example], "--reporter wants human, tap or junit"],
    [["test"], "at least one SPEC.json"],
  ])("usage error %j", (args, message) => {
    const r = runBin(args);
    expect(r.code).toBe(2);
    expect(r.err.trimEnd().split("\n")).toHaveLength(1);
    expect(r.err).toContain(message);
  });

  it("a spec that is not JSON or names no site", () => {
    const notJson = join(work, "bad.json");
    writeFileSync(notJson, "{");
    expect(runBin(["test", notJson]).err).toMatch(/bad\.json: not valid JSON/);
    const noSite = join(work, "nosite.json");
    writeFileSync(noSite, '{"requests": []}');
    const r = runBin(["test", noSite]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("names no site");
  });

  it("reads the YAML example like the JSON one", () => {
    const r = runBin(["test", join(PACKAGE_ROOT, "rules/tests/front-controller.yaml")]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out.trimEnd().split("\n").at(-1)).toBe("4 passed, 0 failed");
  });

  it("a YAML mismatch is a diff like a JSON one", () => {
    const file = join(work, "wrong.yml");
    writeFileSync(file, `htaccess: [${join(PACKAGE_ROOT, "rules/tests/site/.htaccess")}]\nurlBase: http://shop.example\nrequests:\n  - url: /old-page\n    expect: { status: 302 }\n`);
    const r = runBin(["test", file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("    status\n      expected 302\n      actual   301\n");
  });

  it.each([
    ["syntax.yaml", "requests:\n  - url: /a\n    expect: {status: 200\n", /^htrewrite test: .*syntax\.yaml:4: not valid YAML: /],
    ["tabs.yaml", "requests:\n\t- url: /a\n", /^htrewrite test: .*tabs\.yaml:2: not valid YAML: /],
    ["url.yaml", "htaccess: [x]\nrequests:\n  - url: /a\n    expect: {}\n  - url: 7\n    expect: {}\n", /^htrewrite test: .*url\.yaml:5: requests\[1\]\.url: wants a string$/],
    ["status.yaml", "htaccess: [x]\nrequests:\n  - url: /a\n    expect:\n      status: \"301\"\n", /^htrewrite test: .*status\.yaml:5: requests\[0\]\.expect\.status: wants a number$/],
    ["expect.json", '{"htaccess": ["x"],\n "requests": [\n  {"url": "/a"}\n ]}', /^htrewrite test: .*expect\.json:3: requests\[0\]\.expect: wants an object$/],
    ["dup.yaml", "requests: []\nrequests: []\n", /^htrewrite test: .*dup\.yaml:2: not valid YAML: /],
    ["bomb.yaml", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nrequests: []\n", /^htrewrite test: .*bomb\.yaml/],
  ])("a bad spec %s is one line naming FILE:LINE, exit 2", (name, text, message) => {
    const file = join(work, name);
    writeFileSync(file, text);
    const r = runBin(["test", file]);
    expect(r.code).toBe(2);
    expect(r.err.trimEnd().split("\n")).toHaveLength(1);
    expect(r.err.trimEnd()).toMatch(message);
  });
});
