/**
 * Through a real Express app and real HTTP clients, the middleware acts on exactly the decision
 * `evaluate` makes: a WordPress-style front controller in .htaccess, and the bundled rules/
 * scenarios (whose evaluate answers are themselves pinned to Apache's recordings).
 */
import express from "express";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../src/api/evaluate.js";
import { buildBaseConfig } from "../../src/case/base-config.js";
import { loadCase, substitutePlaceholders } from "../../src/case/load.js";
import { casePorts, caseFileSystem } from "../../src/eval/case.js";
import { escapeUri } from "../../src/util/escape.js";
import { createMiddleware, type Middleware, type RequestWithInfo } from "../../src/middleware/index.js";
import { listen, request, type Listening } from "./helpers.js";
import { utf8ToBytes } from "../../src/util/bytes.js";

const WORDPRESS = `RewriteEngine On
RewriteBase /
RewriteRule ^old-blog/(.*)$ /blog/$1 [R=301,L]
RewriteRule ^xmlrpc\\.php$ - [F]
RewriteRule ^feed/legacy$ - [G]
RewriteCond %{QUERY_STRING} (^|&)track=([a-z]+)
RewriteRule ^ - [CO=tracked:%2:127.0.0.1:10]
RewriteRule ^index\\.php$ - [L]
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{REQUEST_FILENAME} !-d
RewriteRule . /index.php [E=FRONT:yes,L]
`;

const URLS = [
  "/",
  "/index.php",
  "/2024/05/hello-world/",
  "/category/news?page=2",
  "/wp-content/themes/t/style.css",
  "/wp-admin/",
  "/old-blog/a/b?x=1",
  "/xmlrpc.php",
  "/feed/legacy",
  "/shop/item?track=mail",
  "/caf%C3%A9/menu",
  "/a%20b",
  "/wp-content/a%20b.css?v=1",
];

/** An Express app: the middleware, then a handler that reports what it was handed. */
function app(mw: Middleware): express.Express {
  const a = express();
  a.use(mw);
  a.use((req, res) => {
    res.json({ url: req.url, info: (req as unknown as RequestWithInfo).htrewrite ?? null });
  });
  return a;
}

describe("Express + WordPress-style .htaccess", () => {
  let root: string;
  let mw: Middleware;
  let srv: Listening;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "htr-mw-wp-"));
    mkdirSync(join(root, "wp-content/themes/t"), { recursive: true });
    mkdirSync(join(root, "wp-admin"));
    writeFileSync(join(root, "index.php"), "<?php\n");
    writeFileSync(join(root, "wp-admin/index.php"), "<?php\n");
    writeFileSync(join(root, "wp-content/themes/t/style.css"), "body{}\n");
    writeFileSync(join(root, "wp-content/a b.css"), "p{}\n");
    mw = createMiddleware({ htaccess: WORDPRESS, root, fallthrough: false });
    srv = await listen(app(mw));
  });
  afterAll(async () => {
    await srv.close();
    mw.close();
    rmSync(root, { recursive: true, force: true });
  });

  it.each(URLS)("%s: same answer as evaluate()", async (url) => {
    const host = `127.0.0.1:${srv.port}`;
    const got = await request(srv.port, url, { headers: { Host: host } });
    const want = evaluate(mw.engine, { url, host, port: srv.port, encoding: "bytes" });
    expect(got.status, `status of ${url}`).toBe(want.status);
    expect(got.headers.location ?? null).toBe(want.location);
    const cookies = want.headers.filter(([k]) => k.toLowerCase() === "set-cookie").map(([, v]) => v);
    expect(got.headers["set-cookie"] ?? []).toEqual(cookies);
    if (want.status !== 200) {
      expect(got.headers["content-type"]).toBe("text/html; charset=iso-8859-1");
      expect(got.body).toContain(`<title>${want.status} `);
      return;
    }
    const body = JSON.parse(got.body) as { url: string; info: RequestWithInfo["htrewrite"] };
    expect(body.url).toBe(escapeUri(want.uri!) + (want.queryString !== null ? `?${want.queryString}` : ""));
    expect(body.info?.filename).toBe(want.filename);
    expect(body.info?.pathInfo).toBe(want.pathInfo);
    expect(body.info?.env).toEqual(Object.fromEntries(want.env));
    expect(body.info?.originalUrl).toBe(url);
  });

  it("routes everything unknown to index.php with FRONT=yes and the original URL kept", async () => {
    const got = await request(srv.port, "/some/page", { headers: { Host: "localhost" } });
    const body = JSON.parse(got.body) as { url: string; info: NonNullable<RequestWithInfo["htrewrite"]> };
    expect(body.url).toBe("/index.php");
    expect(body.info.filename).toBe(`${root}/index.php`);
    expect(body.info.env.REDIRECT_FRONT ?? body.info.env.FRONT).toBe("yes");
  });

  it("a missing file is handed on to Express when fallthrough is on (the app's own routes)", async () => {
    const m = createMiddleware({ htaccess: "RewriteEngine On\nRewriteRule ^x$ - [F]\n", root });
    const s = await listen(app(m));
    try {
      const miss = await request(s.port, "/api/users", { headers: { Host: "localhost" } });
      expect(miss.status).toBe(200);
      expect((JSON.parse(miss.body) as { info: { kind: string } }).info.kind).toBe("error");
      expect((await request(s.port, "/x", { headers: { Host: "localhost" } })).status).toBe(403);
    } finally {
      await s.close();
      m.close();
    }
  });

  it("as a plain node:http handler (no next): a mapped file with nothing to serve it is 404 with Apache's body", async () => {
    const s = await listen((req, res) => mw(req, res));
    try {
      const got = await request(s.port, "/2024/x", { headers: { Host: "localhost" } });
      expect(got.status).toBe(404);
      expect(got.body).toContain("<p>The requested URL was not found on this server.</p>");
    } finally {
      await s.close();
    }
  });
});

const rulesDir = fileURLToPath(new URL("../../rules", import.meta.url));

describe("rules/ scenarios through Express", () => {
  const files = readdirSync(rulesDir).filter((f) => f.endsWith(".json")).sort();
  it.each(files)("%s: every request answers as evaluate()", async (file) => {
    const c = loadCase(join(rulesDir, file));
    const root = mkdtempSync(join(tmpdir(), "htr-mw-case-"));
    const ports = casePorts(c);
    const fs = caseFileSystem(c, root, ports);
    const config = buildBaseConfig({ root, ports, modules: c.modules, extraConfig: c.config.map((l) => utf8ToBytes(substitutePlaceholders(l, { root, ports }))) });
    const env: Record<string, string> = { PATH: "/usr/bin:/bin", LANG: "C" };
    for (const [k, v] of Object.entries(c.env)) env[k] = utf8ToBytes(substitutePlaceholders(v, { root, ports }));
    // One front per listener of the case: the middleware reports the case's port to the engine.
    const fronts = await Promise.all(
      ports.map(async (port) => {
        const m = createMiddleware({ config, file: `${root}/conf/httpd.conf`, fs, env, port, fallthrough: false });
        return { m, s: await listen(app(m)) };
      }),
    );
    try {
      for (const [i, req] of c.requests.entries()) {
        const idx = typeof req.port === "number" && req.port < ports.length ? req.port : 0;
        const port = ports[idx];
        const host = req.host === null ? null : req.host !== undefined ? substitutePlaceholders(req.host, { root, ports }) : port === 80 ? "localhost" : `localhost:${port}`;
        const headers: Record<string, string> = { ...(req.headers ?? {}) };
        if (host !== null) headers.Host = host;
        const { m, s } = fronts[idx];
        const got = await request(s.port, req.path, { method: req.method, headers });
        const want = evaluate(m.engine, { url: req.path, method: req.method, headers, host: null, port, encoding: "bytes" });
        const what = `${file} request ${i} (${req.path})`;
        expect(got.status, what).toBe(want.status);
        expect(got.headers.location ?? null, what).toBe(want.location);
        if (want.status === 200 && req.method !== "HEAD") {
          const info = (JSON.parse(got.body) as { info: NonNullable<RequestWithInfo["htrewrite"]> }).info;
          expect(info.applicationGroup, what).toBe(want.applicationGroup);
          expect(info.processGroup, what).toBe(want.processGroup);
          expect(info.filename, what).toBe(want.filename);
          expect(info.pathInfo, what).toBe(want.pathInfo);
          expect(info.env, what).toEqual(Object.fromEntries(want.env));
        }
      }
    } finally {
      for (const f of fronts) {
        await f.s.close();
        f.m.close();
      }
      rmSync(root, { recursive: true, force: true });
    }
  });
});
