/**
 * Spec §13 per-directory vectors (D: rules in <Directory DOCROOT/d> / DOCROOT/d/.htaccess) at the
 * engine level: the fixup hook's outcome for a request the pipeline already mapped to a file.
 */
import { describe, expect, it } from "vitest";
import { compilePerDirContext, rewriteFixup } from "../../src/rewrite/index.js";
import { DOCROOT, FakeServer, directives, makeRequest, runPerDir } from "./fake.js";
import type { FakeServerOptions } from "./fake.js";

const D = DOCROOT;
const PERDIR = `${D}/d`;

interface Row {
  name: string;
  rules: string[];
  target: string;
  filename: string;
  pathInfo?: string;
  opts?: FakeServerOptions;
  dir?: string;
  kind: "ok" | "declined" | "status" | "redirect" | "internal-redirect";
  status?: number;
  location?: string;
  url?: string;
  args?: string | null;
  env?: Record<string, string | undefined>;
  trace?: string[];
}

const rows: Row[] = [
  { name: "#88 internal redirect, DOCROOT stripped", rules: ["RewriteEngine On", "RewriteRule ^x\\.html$ sub/y.html"], target: "/d/x.html", filename: `${PERDIR}/x.html`, kind: "internal-redirect", url: "/d/sub/y.html" },
  { name: "#89 [R] without RewriteBase leaks the path", rules: ["RewriteEngine On", "RewriteRule ^x\\.html$ sub/y.html [R]"], target: "/d/x.html", filename: `${PERDIR}/x.html`, kind: "redirect", location: `http://localhost${PERDIR}/sub/y.html` },
  { name: "#90 [R] with RewriteBase", rules: ["RewriteEngine On", "RewriteBase /d/", "RewriteRule ^x\\.html$ sub/y.html [R]"], target: "/d/x.html", filename: `${PERDIR}/x.html`, kind: "redirect", location: "http://localhost/d/sub/y.html" },
  { name: "#91 ^/ never matches per-dir", rules: ["RewriteEngine On", "RewriteRule ^/x\\.html$ y.html"], target: "/d/x.html", filename: `${PERDIR}/x.html`, kind: "declined" },
  { name: "#92 same file: IGNORING REWRITE", rules: ["RewriteEngine On", "RewriteRule ^(.*)$ index.html"], target: "/d/index.html", filename: `${PERDIR}/index.html`, kind: "ok", trace: [`trace1 [initial] [perdir ${PERDIR}/] initial URL equal rewritten URL: ${PERDIR}/index.html [IGNORING REWRITE]`] },
  { name: "#94 E= in per-dir", rules: ["RewriteEngine On", "RewriteRule ^x\\.html$ env.cgi [E=FOO:bar]"], target: "/d/x.html", filename: `${PERDIR}/x.html`, kind: "internal-redirect", url: "/d/env.cgi", env: { FOO: "bar" } },
  { name: "#96 END sets the marker", rules: ["RewriteEngine On", "RewriteRule ^a$ b [END]"], target: "/d/a", filename: `${PERDIR}/a`, kind: "internal-redirect", url: "/d/b" },
  { name: "#97 same file, query kept", rules: ["RewriteEngine On", "RewriteRule ^env\\.cgi$ env.cgi?q=1"], target: "/d/env.cgi?orig=1", filename: `${PERDIR}/env.cgi`, kind: "ok", args: "q=1" },
  { name: "#98 path info re-appended to the subject", rules: ["RewriteEngine On", "RewriteRule ^(env\\.cgi)(.*)$ $1?pi=$2 [L]"], target: "/d/env.cgi/extra/path", filename: `${PERDIR}/env.cgi`, pathInfo: "/extra/path", kind: "ok", args: "pi=/extra/path" },
  { name: "#99 no FollowSymLinks: 403", rules: ["RewriteEngine On", "RewriteRule ^x\\.html$ y.html"], target: "/d/x.html", filename: `${PERDIR}/x.html`, opts: { symlinksAllowed: false }, kind: "status", status: 403 },
  { name: "#102a directory without slash: rules skipped", rules: ["RewriteEngine On", "RewriteRule ^$ x.html"], target: "/d", filename: PERDIR, kind: "declined" },
  { name: "#102b directory with slash", rules: ["RewriteEngine On", "RewriteRule ^$ x.html"], target: "/d/", filename: `${PERDIR}/`, kind: "internal-redirect", url: "/d/x.html" },
  { name: "AllowNoSlash runs the rules on the unstripped path", rules: ["RewriteEngine On", "RewriteOptions AllowNoSlash", "RewriteRule ^(.*)$ /env.cgi?s=$1 [L]"], target: "/d", filename: PERDIR, kind: "internal-redirect", url: `/env.cgi?s=${PERDIR}` },
  { name: "#103 Location: the full path is the subject", dir: "/loc", rules: ["RewriteEngine On", "RewriteRule ^(.*)$ /env.cgi?p=$1 [L]"], target: "/loc/zz", filename: `${D}/loc`, pathInfo: "/zz", kind: "internal-redirect", url: `/env.cgi?p=${D}/loc/zz` },
  { name: "#104 context prefix (Alias)", dir: "/outside", rules: ["RewriteEngine On", "RewriteRule ^x\\.html$ sub/y.html [L]"], target: "/ali/x.html", filename: "/outside/x.html", opts: { contextDocroot: "/outside", contextPrefix: "/ali" }, kind: "internal-redirect", url: "/ali/sub/y.html" },
  { name: "#104b [R] ignores context info", dir: "/outside", rules: ["RewriteEngine On", "RewriteRule ^x\\.html$ sub/y.html [R]"], target: "/ali/x.html", filename: "/outside/x.html", opts: { contextDocroot: "/outside", contextPrefix: "/ali" }, kind: "redirect", location: "http://localhost/outside/sub/y.html" },
  { name: "engine off: declined", rules: ["RewriteEngine Off", "RewriteRule ^x\\.html$ y.html"], target: "/d/x.html", filename: `${PERDIR}/x.html`, kind: "declined" },
  { name: "per-dir F", rules: ["RewriteEngine On", "RewriteRule ^x\\.html$ - [F]"], target: "/d/x.html", filename: `${PERDIR}/x.html`, kind: "status", status: 403 },
  { name: "per-dir AH10411 on raw space", rules: ["RewriteEngine On", "RewriteRule ^x/(.*)$ env.cgi?$1"], target: "/d/x/a%20b", filename: `${PERDIR}/x`, pathInfo: "/a b", kind: "status", status: 403 },
  { name: "per-dir [P] without mod_proxy: 403 (AH10160)", rules: ["RewriteEngine On", "RewriteRule ^x\\.html$ http://backend/y [P]"], target: "/d/x.html", filename: `${PERDIR}/x.html`, kind: "status", status: 403 },
  { name: "per-dir [P] with mod_proxy", rules: ["RewriteEngine On", "RewriteRule ^x\\.html$ http://backend/y [P]"], target: "/d/x.html?q=1", filename: `${PERDIR}/x.html`, opts: { proxy: true }, kind: "ok", args: "q=1" },
  { name: "LA-F in per-dir asks for PERDIR + subject", rules: ["RewriteEngine On", "RewriteCond %{LA-F:REQUEST_FILENAME} ^(.*)$", "RewriteRule ^x\\.html$ env.cgi?f=%1 [L]"], target: "/d/x.html", filename: `${PERDIR}/x.html`, kind: "internal-redirect", url: `/d/env.cgi?f=${PERDIR}/x.html` },
  { name: "LA-U in per-dir uses RewriteBase", rules: ["RewriteEngine On", "RewriteBase /base/", "RewriteCond %{LA-U:REQUEST_FILENAME} ^(.*)$", "RewriteRule ^x\\.html$ env.cgi?f=%1 [L]"], target: "/d/x.html", filename: `${PERDIR}/x.html`, kind: "internal-redirect", url: `/base/env.cgi?f=${D}/base/x.html` },
  { name: "per-dir absolute substitution is not prefixed", rules: ["RewriteEngine On", "RewriteRule ^x\\.html$ /b.html"], target: "/d/x.html", filename: `${PERDIR}/x.html`, kind: "internal-redirect", url: "/b.html" },
  { name: "per-dir [PT] is meaningless", rules: ["RewriteEngine On", "RewriteRule ^x\\.html$ y.html [PT]"], target: "/d/x.html", filename: `${PERDIR}/x.html`, kind: "internal-redirect", url: "/d/y.html" },
  { name: "DPI drops path info for later rules", rules: ["RewriteEngine On", "RewriteRule ^a(.*)$ b [DPI]", "RewriteRule ^(.*)$ env.cgi?s=$1 [L]"], target: "/d/a/pi", filename: `${PERDIR}/a`, pathInfo: "/pi", kind: "internal-redirect", url: "/d/env.cgi?s=b" },
  { name: "without DPI the path info comes back", rules: ["RewriteEngine On", "RewriteRule ^a(.*)$ b", "RewriteRule ^(.*)$ env.cgi?s=$1 [L]"], target: "/d/a/pi", filename: `${PERDIR}/a`, pathInfo: "/pi", kind: "internal-redirect", url: "/d/env.cgi?s=b/pi" },
];

describe("per-directory vectors (spec §13)", () => {
  for (const row of rows) {
    it(row.name, () => {
      const dir = row.dir ?? PERDIR;
      const r = runPerDir(row.rules, dir, row.target, { filename: row.filename, pathInfo: row.pathInfo ?? null }, {}, row.opts);
      const o = r.result.outcome;
      expect(o.kind, `outcome (trace:\n${r.trace.join("\n")})`).toBe(row.kind);
      if (row.status !== undefined) expect("status" in o ? o.status : undefined).toBe(row.status);
      if (row.location !== undefined) expect(o.kind === "redirect" ? o.location : undefined).toBe(row.location);
      if (row.url !== undefined) expect(o.kind === "internal-redirect" ? o.url : undefined).toBe(row.url);
      if (row.args !== undefined) expect(r.req.args).toBe(row.args);
      for (const [k, v] of Object.entries(row.env ?? {})) expect(r.req.subprocessEnv.get(k), `env ${k}`).toBe(v);
      for (const line of row.trace ?? []) expect(r.trace).toContain(line);
    });
  }

  it("per-dir rules run when the server has no mod_rewrite directive at all", () => {
    const c = compilePerDirContext(directives(["RewriteEngine On", "RewriteRule ^x\\.html$ y.html"]), PERDIR, { serverRoot: "/", exists: () => true });
    const req = makeRequest("/d/x.html", { filename: `${PERDIR}/x.html` });
    const r = rewriteFixup({ req, server: new FakeServer(), serverConfig: null, serverId: "main", perDirConfig: c.config });
    expect(r.outcome).toMatchObject({ kind: "internal-redirect", url: "/d/y.html" });
  });

  it("#96 [END] blocks the next pass", () => {
    const first = runPerDir(["RewriteEngine On", "RewriteRule ^a$ b [END]"], PERDIR, "/d/a", { filename: `${PERDIR}/a` });
    expect(first.req.pool.endFlag).toBe(true);
  });

  it("trace wording of a per-dir pass matches Apache's (g3 front controller)", () => {
    const r = runPerDir(
      ["RewriteEngine On", "RewriteBase /app/", "RewriteCond %{REQUEST_FILENAME} !-f", "RewriteCond %{REQUEST_FILENAME} !-d", "RewriteRule ^(.*)$ index.wsgi/$1 [L,QSA]"],
      `${D}/app`,
      "/app/some/route?x=1",
      { filename: `${D}/app/some`, pathInfo: "/route" },
    );
    const P = `${D}/app/`;
    expect(r.trace).toEqual([
      `trace3 [initial] [perdir ${P}] add path info postfix: ${D}/app/some -> ${D}/app/some/route`,
      `trace3 [initial] [perdir ${P}] strip per-dir prefix: ${D}/app/some/route -> some/route`,
      `trace3 [initial] [perdir ${P}] applying pattern '^(.*)$' to uri 'some/route'`,
      `trace4 [initial] [perdir ${P}] RewriteCond: input='${D}/app/some' pattern='!-f' => matched`,
      `trace4 [initial] [perdir ${P}] RewriteCond: input='${D}/app/some' pattern='!-d' => matched`,
      `trace2 [initial] [perdir ${P}] rewrite 'some/route' -> 'index.wsgi/some/route'`,
      `trace3 [initial] [perdir ${P}] add per-dir prefix: index.wsgi/some/route -> ${P}index.wsgi/some/route`,
      `trace2 [initial] [perdir ${P}] setting lastsub to rule with output index.wsgi/$1`,
      `trace2 [initial] [perdir ${P}] trying to replace prefix ${P} with /app/`,
      `trace5 [initial] strip matching prefix: ${P}index.wsgi/some/route -> index.wsgi/some/route`,
      `trace4 [initial] add subst prefix: index.wsgi/some/route -> /app/index.wsgi/some/route`,
      `trace1 [initial] [perdir ${P}] internal redirect with /app/index.wsgi/some/route [INTERNAL REDIRECT]`,
    ]);
    expect(r.result.outcome).toEqual({ kind: "internal-redirect", url: "/app/index.wsgi/some/route?x=1", path: "/app/index.wsgi/some/route" });
    expect(r.req.filename).toBe("redirect:/app/index.wsgi/some/route");
  });
});
