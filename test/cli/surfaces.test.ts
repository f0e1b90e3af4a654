/**
 * The command-line surfaces, driven through their `run(argv)` entry points: `eval` prints one JSON
 * line per request in the recorded-result shape, `route --rules` prints the bundled scenarios,
 * `route --config` answers URLs for a configuration on disk, and usage errors are exit code 2.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { run as runEval } from "../../src/cli/eval.js";
import { run as runRoute } from "../../src/cli/route.js";
import { HtrError } from "../../src/util/errors.js";

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  try {
    const code = await fn();
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const golden = fileURLToPath(new URL("../conformance/cases/b_global.json", import.meta.url));
const rules = fileURLToPath(new URL("../../rules", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "htrewrite-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("htrewrite eval", () => {
  it("prints one JSON record per request, in order", async () => {
    const { code, out } = await capture(() => runEval([golden, "--no-trace"]));
    expect(code).toBe(0);
    const records = out.trim().split("\n").map((l) => JSON.parse(l) as { index: number; status: number; body: { application_group?: string } });
    expect(records.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(records[0].body.application_group).toBe("");
    expect(records[3].body.application_group).toBe("%{global}");
  });

  it("reports an unreadable case and exits 1, usage errors exit 2", async () => {
    const bad = join(work, "bad.json");
    writeFileSync(bad, '{"requests": 3}');
    expect((await capture(() => runEval([bad]))).code).toBe(1);
    await expect(runEval([])).rejects.toMatchObject({ code: "HTR_USAGE" });
  });
});

describe("htrewrite route", () => {
  it("prints every bundled scenario as a table", async () => {
    const { code, out } = await capture(() => runRoute(["--rules", rules]));
    expect(code).toBe(0);
    expect(out).toContain("== userdir-groups");
    expect(out).toMatch(/\/~alice\/wsgi-scripts\/app\.wsgi\s+200\s+.*"~alice"/);
    expect(out).toContain("== daemon-groups");
  });

  it("answers URLs for a configuration file on disk", async () => {
    const root = join(work, "site");
    mkdirSync(join(root, "htdocs"), { recursive: true });
    writeFileSync(join(root, "app.wsgi"), "def application(environ, start_response):\n    pass\n");
    const conf = join(root, "httpd.conf");
    writeFileSync(
      conf,
      [
        "LoadModule mpm_prefork_module x",
        "LoadModule rewrite_module x",
        "LoadModule wsgi_module x",
        "ServerName shop.example",
        "Listen 127.0.0.1:8080",
        `DocumentRoot ${root}/htdocs`,
        "RewriteEngine On",
        "RewriteRule ^/old$ /new [R=301,L]",
        `WSGIScriptAlias /app ${root}/app.wsgi`,
        "WSGIApplicationGroup %{GLOBAL}",
      ].join("\n"),
    );
    const { code, out } = await capture(() => runRoute(["--config", conf, "--json", "/old", "/app/x"]));
    expect(code).toBe(0);
    const [old, app] = out.trim().split("\n").map((l) => JSON.parse(l) as { status: number; location: string | null; applicationGroup: string | null });
    expect(old).toMatchObject({ status: 301, location: "http://localhost:8080/new" });
    expect(app).toMatchObject({ status: 200, applicationGroup: "" });
  });

  it("refuses bad usage with an HtrError", async () => {
    await expect(runRoute(["--port", "x"])).rejects.toBeInstanceOf(HtrError);
    await expect(runRoute([])).rejects.toBeInstanceOf(HtrError);
  });
});
