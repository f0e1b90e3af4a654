/**
 * The package as npm users get it: `require("htrewrite")` from CommonJS and `import` from ESM
 * resolve through the "exports" map (the package linked into node_modules, as an install makes
 * it), and `npm pack` ships dist, rules and the docs only, under 3 MB unpacked.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "./bin.js";

const work = mkdtempSync(join(tmpdir(), "htrewrite-pkg-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
mkdirSync(join(work, "node_modules"));
symlinkSync(PACKAGE_ROOT, join(work, "node_modules", "htrewrite"), "dir");

const CONFIG = "LoadModule mpm_prefork_module x\\nLoadModule rewrite_module x\\nServerName localhost\\nDocumentRoot /tmp\\nRewriteEngine On\\nRewriteRule ^/a$ /b [R,L]\\n";

function runNode(file: string, text: string): string {
  writeFileSync(join(work, file), text);
  const r = spawnSync(process.execPath, [join(work, file)], { cwd: work, encoding: "utf8", timeout: 60_000 });
  expect(r.stderr).toBe("");
  return r.stdout.trim();
}

describe("the htrewrite package", () => {
  it("works with require() from a CommonJS file", () => {
    const out = runNode("use.cjs", `const { evaluate } = require("htrewrite");\nconst r = evaluate("${CONFIG}", { url: "/a" });\nconsole.log(r.status, r.kind, r.location, require("htrewrite/package.json").name);\n`);
    expect(out).toBe("302 redirect http://localhost/b htrewrite");
  });

  it("works with import from an ES module", () => {
    const out = runNode("use.mjs", `import { evaluate } from "htrewrite";\nconsole.log(evaluate("${CONFIG}", { url: "/a" }).status);\n`);
    expect(out).toBe("302");
  });

  it("hides internal modules behind the exports map", () => {
    const r = spawnSync(process.execPath, ["-e", 'require("htrewrite/dist/cli/route.js")'], { cwd: work, encoding: "utf8" });
    expect(r.stderr).toContain("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  it("packs dist, rules and docs only, under 3 MB unpacked", () => {
    const json = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: PACKAGE_ROOT, encoding: "utf8" });
    const [pack] = JSON.parse(json) as Array<{ unpackedSize: number; files: Array<{ path: string }> }>;
    expect(pack.unpackedSize).toBeLessThan(3 * 1024 * 1024);
    const tops = new Set(pack.files.map((f) => f.path.split("/")[0]));
    expect([...tops].sort()).toEqual(["CHANGELOG.md", "README.md", "dist", "docs", "package.json", "rules", "vendor"]);
    expect(pack.files.filter((f) => f.path.startsWith("vendor/")).map((f) => f.path).sort()).toEqual(["vendor/pcre2/LICENCE", "vendor/pcre2/manifest.json", "vendor/pcre2/pcre2.wasm"]);
    expect(pack.files.some((f) => f.path === "dist/cli/main.js")).toBe(true);
    expect(pack.files.some((f) => f.path === "dist/index.d.ts")).toBe(true);
    // The playground's static files and the README's picture of it.
    for (const f of ["dist/web/index.html", "dist/web/page.js", "dist/web/worker.js", "dist/web/pcre2/pcre2.wasm", "dist/web/examples.json", "docs/playground.png"]) {
      expect(pack.files.some((p) => p.path === f), f).toBe(true);
    }
  });
});
