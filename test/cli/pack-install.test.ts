/**
 * The package as a user installs it: `npm pack`, then `npm install --offline` of the tarball into
 * an empty ES-module project and an empty CommonJS project (in a temp directory; the runtime
 * dependencies are packed from this checkout's node_modules, so nothing is fetched). Each project
 * then uses the library, the `htrewrite/middleware` export on a node:http server on 127.0.0.1,
 * and the `htrewrite` bin. CommonJS uses plain `require()`: every Node version `engines` admits
 * (20.19+ on 20.x, 22.12+) loads ES modules through require() unflagged.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "./bin.js";

const work = mkdtempSync(join(tmpdir(), "htrewrite-install-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const HTACCESS = "RewriteEngine on\\nRewriteRule ^old$ /new [R=301,L]\\n";
const CONFIG = "LoadModule mpm_prefork_module x\\nLoadModule rewrite_module x\\nServerName localhost\\nDocumentRoot /tmp\\nRewriteEngine On\\nRewriteRule ^/a$ /b [R,L]\\n";

/** A script that prints the library's answer, then the middleware's answer to a real request. */
const use = (load: string) => `${load}
const http = require_("node:http");
console.log("lib", evaluate("${CONFIG}", { url: "/a" }).status);
const mw = createMiddleware({ htaccess: "${HTACCESS}", root: __www });
const srv = http.createServer((req, res) => mw(req, res, () => { res.statusCode = 299; res.end(); }));
srv.listen(0, "127.0.0.1", () => {
  http.get({ host: "127.0.0.1", port: srv.address().port, path: "/old" }, (res) => {
    res.resume();
    console.log("middleware", res.statusCode, String(res.headers.location).replace(":" + srv.address().port + "/", ":PORT/"));
    srv.close();
    mw.close();
  });
});
`;

function npm(args: string[], cwd: string): string {
  return execFileSync("npm", args, { cwd, encoding: "utf8", timeout: 120_000, env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" } });
}

function project(name: string, type: "module" | "commonjs", tarballs: string[]): string {
  const dir = join(work, name);
  mkdirSync(join(dir, "www"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0", private: true, type }));
  npm(["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", ...tarballs], dir);
  return dir;
}

function node(dir: string, file: string, text: string): string[] {
  writeFileSync(join(dir, file), text);
  const r = spawnSync(process.execPath, [file], { cwd: dir, encoding: "utf8", timeout: 30_000 });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout.trim().split("\n");
}

function bin(dir: string, args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(join(dir, "node_modules", ".bin", "htrewrite"), args, { cwd: dir, encoding: "utf8", timeout: 30_000, env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let tarballs: string[] = [];
beforeAll(() => {
  const packs = join(work, "packs");
  mkdirSync(packs);
  const deps = Object.keys((JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { dependencies?: Record<string, string> }).dependencies ?? {});
  for (const dep of deps) {
    const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, "node_modules", dep, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    // Offline means every package must be one of these tarballs: a dependency with dependencies of its own would need more.
    expect(Object.keys(manifest.dependencies ?? {}), `${dep} has dependencies of its own`).toEqual([]);
    npm(["pack", "--ignore-scripts", "--pack-destination", packs, join(PACKAGE_ROOT, "node_modules", dep)], work);
  }
  // npm test has built dist; packing must not build again.
  npm(["pack", "--ignore-scripts", "--pack-destination", packs, PACKAGE_ROOT], work);
  tarballs = readdirSync(packs).map((f) => join(packs, f));
}, 180_000);

describe("npm pack, installed offline", () => {
  for (const type of ["module", "commonjs"] as const) {
    it(`an empty ${type === "module" ? "ES-module" : "CommonJS"} project: library, middleware export, bin`, () => {
      const dir = project(`${type}-user`, type, tarballs);
      const load = type === "module"
        ? 'import { evaluate } from "htrewrite";\nimport { createMiddleware } from "htrewrite/middleware";\nimport { createRequire } from "node:module";\nconst require_ = createRequire(import.meta.url);\nconst __www = new URL("www", import.meta.url).pathname;'
        : 'const { evaluate } = require("htrewrite");\nconst { createMiddleware } = require("htrewrite/middleware");\nconst require_ = require;\nconst __www = __dirname + "/www";';
      expect(node(dir, "use.js", use(load))).toEqual(["lib 302", "middleware 301 http://127.0.0.1:PORT/new"]);
      const v = bin(dir, ["--version"]);
      expect(v.code).toBe(0);
      expect(v.out).toMatch(/^htrewrite 0\.1\.0/);
      writeFileSync(join(dir, "www", ".htaccess"), readFileSync(join(PACKAGE_ROOT, "rules/tests/site/.htaccess")));
      const r = bin(dir, ["route", "--htaccess", "www/.htaccess", "--json", "/old-page"]);
      expect(r.err).toBe("");
      expect(JSON.parse(r.out)).toMatchObject({ status: 301, kind: "redirect" });
      const t = bin(dir, ["test", join(dir, "node_modules/htrewrite/rules/tests/front-controller.yaml")]);
      expect(t.out.trimEnd().split("\n").at(-1)).toBe("4 passed, 0 failed");
      expect(t.code).toBe(0);
    }, 180_000);
  }
});
