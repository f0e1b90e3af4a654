import { describe, expect, it } from "vitest";
import { caseToState } from "../../src/browser/case-import.js";
import { parseHeaderLines, runSession, type Progress } from "../../src/browser/session.js";
import { DEFAULT_STATE, type PlaygroundState } from "../../src/browser/state.js";
import { casePorts, evalCase, SANDBOX_ROOT } from "../../src/eval/case.js";
import { loadCase } from "../../src/case/load.js";
import { answerOfRecord, answerOfShown, compareAnswers } from "./answers.js";
import { CASES_DIR, corpusSample, NO_DISK } from "./corpus-sample.js";

const req = (url: string, extra: Partial<PlaygroundState["requests"][number]> = {}) => ({ method: "GET", url, headers: "", port: null, version: "1.1" as const, ...extra });
const htaccess = (source: string, requests = [req("/")], files: PlaygroundState["files"] = []): PlaygroundState => ({ ...DEFAULT_STATE, source, files, requests });

describe("the playground's session adapter", () => {
  it("answers the front controller as route --htaccess does, line by line", () => {
    const r = runSession(DEFAULT_STATE);
    expect(r.started).toBe(true);
    expect(r.diagnostics).toEqual([]);
    const [blog, css] = r.requests;
    expect(blog.result?.status).toBe(200);
    expect(blog.result?.filename).toBe("/var/www/html/index.php");
    expect(blog.decision).toBe("200 static file /var/www/html/index.php query x=1");
    // Pass 1 applies the rule; pass 2 (after the internal redirect) finds index.php exists.
    expect(blog.passes.map((p) => [p.tag, p.file, p.lines.map((l) => `${l.line}:${l.state}`).join(" ")])).toEqual([
      ["initial", ".htaccess", "1:other 2:met 3:met 4:met"],
      ["initial/redir#1", ".htaccess", "1:other 2:not-met 3:not-reached 4:not-met"],
    ]);
    expect(blog.passes[0].editor).toEqual({ kind: "source" });
    expect(css.result?.filename).toBe("/var/www/html/assets/app.css");
    expect(css.passes[0].lines[1].notes[0]).toBe('test string "/var/www/html/assets/app.css" not met');
  });

  it("shows a met-view note's UTF-8 subject as text, the view's own arrow kept", () => {
    const r = runSession(htaccess("RewriteEngine On\nRewriteRule ^(.*)$ /x/$1 [L]\n", [req("/caf%C3%A9")]));
    const notes = r.requests[0].passes[0].lines[1].notes;
    expect(notes[0]).toBe('pattern "^(.*)$" against "café": matched  $1="café"');
    expect(notes[1]).toMatch(/^→ "\/x\/café"/);
  });

  it("puts a broken .htaccess line's error at its line (requests there get 500)", () => {
    const r = runSession(htaccess("RewriteEngine On\n\nRewriteRule ^a$ /b [L,Bogus]\n", [req("/a")]));
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ editor: { kind: "source" }, file: ".htaccess", line: 3 });
    expect(errors[0].message).toContain("RewriteRule: unknown flag 'Bogus'");
    expect(r.requests[0].result?.status).toBe(500);
  });

  it("puts a configuration Apache refuses at its line, and answers nothing", () => {
    const state: PlaygroundState = { ...DEFAULT_STATE, mode: "config", source: "ServerName x\n# a comment\nRewriteRul ^ /x\n", requests: [req("/")] };
    const r = runSession(state);
    expect(r.started).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ editor: { kind: "source" }, line: 3, severity: "error" });
    expect(r.diagnostics[0].message).toContain("Invalid command 'RewriteRul'");
    expect(r.requests[0].error).toBe("Apache would not start with this configuration");
  });

  it("checks a second .htaccess under the AllowOverride of its directory, at its own editor", () => {
    const files = [{ path: "sub/.htaccess", kind: "file" as const, text: "RewriteEngine On\nRewriteCond %{HTTP_HOST} [NC\n" }];
    const r = runSession(htaccess("RewriteEngine On\n", [req("/sub/x")], files));
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ editor: { kind: "file", index: 0 }, file: "sub/.htaccess", line: 2, severity: "error" });
    expect(r.requests[0].result?.status).toBe(500);
  });

  it("names a header line that is not 'Name: value'", () => {
    expect(() => parseHeaderLines("X-A: 1\nnonsense", "request 2")).toThrow("request 2, header line 2: 'nonsense' is not 'Name: value'");
    const r = runSession(htaccess("RewriteEngine On\n", [req("/", { headers: "nonsense" })]));
    expect(r.requests[0].error).toContain("header line 1");
  });

  it("sends HTTP/1.0 without a Host unless one is given, and 1.1 with the default", () => {
    const src = "RewriteEngine On\nRewriteRule ^ - [E=H:%{HTTP_HOST}]\n";
    const [ten, tenHost, eleven] = runSession(htaccess(src, [req("/", { version: "1.0" }), req("/", { version: "1.0", headers: "Host: a.example" }), req("/")])).requests;
    expect(ten.result?.request.headers).toEqual([]);
    expect(tenHost.result?.env).toContainEqual(["H", "a.example"]);
    expect(eleven.result?.env).toContainEqual(["H", "localhost"]);
  });

  it("reads users for UserDir as /etc/passwd", () => {
    const state: PlaygroundState = {
      ...DEFAULT_STATE,
      mode: "config",
      source: "LoadModule mpm_prefork_module m.so\nLoadModule userdir_module m.so\nLoadModule authz_core_module m.so\nListen 80\nServerName localhost\nDocumentRoot /srv/www\nUserDir public_html\n<Directory />\nRequire all granted\n</Directory>\n",
      files: [{ path: "/srv/www", kind: "dir", text: "" }, { path: "/home/alice/public_html/index.html", kind: "file", text: "hi" }, { path: "/data/bob/public_html/a.txt", kind: "file", text: "" }],
      users: "alice\nbob /data/bob",
      requests: [req("/~alice/index.html"), req("/~bob/a.txt"), req("/~carol/x")],
    };
    const r = runSession(state);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.requests.map((q) => [q.result?.status, q.result?.filename])).toEqual([
      [200, "/home/alice/public_html/index.html"],
      [200, "/data/bob/public_html/a.txt"],
      [404, "/srv/www/~carol"],
    ]);
  });

  it("reports a test that takes long at its line, and where a match is going while it runs", () => {
    // An injected clock: each reading is 300 ms after the one before.
    let t = 0;
    const progress: Progress[] = [];
    const r = runSession(htaccess("RewriteEngine On\nRewriteRule ^(a+)+$ - [L]\n", [req("/aaa"), req("/%C3%A9")]), { now: () => (t += 300), onProgress: (p) => progress.push(p) });
    const slow = r.diagnostics.find((d) => d.severity === "warning");
    // The subject is shown as text (UTF-8 decoded once).
    expect(r.diagnostics.find((d) => d.message.startsWith("request 2"))?.message).toContain('against "é" took');
    expect(slow).toMatchObject({ editor: { kind: "source" }, line: 2 });
    expect(slow?.message).toMatch(/request 1: testing pattern "\^\(a\+\)\+\$" against "aaa" took \d+ ms — catastrophic backtracking\?/);
    expect(progress).toContainEqual({ request: 0, file: "/var/www/html/.htaccess", line: 2, testing: true });
  });

  it("answers golden cases as htrewrite eval does (a sample of test/conformance/cases)", async () => {
    const sample = corpusSample(5);
    expect(sample.length).toBeGreaterThan(50);
    const problems: string[] = [];
    for (const { case: c } of sample) {
      const records = await evalCase(c, { trace: false });
      const s = runSession(caseToState(c));
      const norm = { root: SANDBOX_ROOT, ports: casePorts(c), specs: c.ports };
      records.forEach((rec, i) => {
        const res = s.requests[i].result;
        const shown = res
          ? { status: res.status, location: res.location, kind: res.kind, filename: res.filename, applicationGroup: res.applicationGroup, processGroup: res.processGroup, environ: res.wsgiEnviron }
          : { status: null, location: null, kind: null, filename: null, applicationGroup: null, processGroup: null, environ: null };
        problems.push(...compareAnswers(`${c.name} #${i}`, answerOfRecord(rec), answerOfShown(shown, norm)));
      });
    }
    expect(problems).toEqual([]);
  });

  it.each(Object.entries(NO_DISK))("still differs from eval where the real disk decides: %s", async (name) => {
    const c = loadCase(`${CASES_DIR}/${name}.json`);
    const records = await evalCase(c, { trace: false });
    const s = runSession(caseToState(c));
    const differs = records.some((rec, i) => rec.status !== s.requests[i].result?.status);
    expect(differs, `${name} now answers as eval does: remove it from no-disk-differences.json`).toBe(true);
  });
});
