/**
 * [P] rules and WSGI placement through a real streaming proxy, against node:http backends on
 * loopback (TCP and a unix socket) that echo what they received: mod_proxy_http's header rules
 * (hop-by-hop dropped both ways, X-Forwarded-* merged, Host unless ProxyPreserveHost), bodies
 * streamed, an unreachable backend answered 503 with Apache's body.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../src/api/evaluate.js";
import { createMiddleware, type Middleware } from "../../src/middleware/index.js";
import { echoBackend, listen, request, type Listening } from "./helpers.js";

interface Echo {
  name: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

describe("[P] through the middleware", () => {
  let backend: Listening;
  let mw: Middleware;
  let mwPreserve: Middleware;
  let front: Listening;
  let frontPreserve: Listening;
  const htaccess = (port: number) =>
    `RewriteEngine On\nRewriteRule ^api/(.*)$ http://127.0.0.1:${port}/v1/$1 [P,QSA]\nRewriteRule ^down$ http://127.0.0.1:1/ [P]\nRewriteRule ^ftp$ ftp://127.0.0.1/ [P]\n`;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "htr-mw-proxy-"));
    backend = await echoBackend("b1");
    mw = createMiddleware({ htaccess: htaccess(backend.port), root, serverName: "front.example" });
    mwPreserve = createMiddleware({ htaccess: htaccess(backend.port), root, preserveHost: true });
    front = await listen((q, s) => mw(q, s));
    frontPreserve = await listen((q, s) => mwPreserve(q, s));
  });
  afterAll(async () => {
    await Promise.all([backend.close(), front.close(), frontPreserve.close()]);
    mw.close();
    mwPreserve.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("forwards path and query, drops hop-by-hop headers, adds X-Forwarded-*", async () => {
    const got = await request(front.port, "/api/users?id=7", {
      headers: { Host: "www.example.com", Connection: "X-Secret, keep-alive", "X-Secret": "s", "Keep-Alive": "timeout=1", TE: "trailers", "X-Forwarded-For": "10.0.0.1", "X-Kept": "k" },
    });
    expect(got.status).toBe(200);
    const e = JSON.parse(got.body) as Echo;
    expect(e.url).toBe("/v1/users?id=7");
    expect(e.headers["x-secret"]).toBeUndefined();
    expect(e.headers["keep-alive"]).toBeUndefined();
    expect(e.headers.te).toBeUndefined();
    expect(e.headers["x-kept"]).toBe("k");
    expect(e.headers.host).toBe(`127.0.0.1:${backend.port}`);
    expect(e.headers["x-forwarded-for"]).toBe("10.0.0.1, 127.0.0.1");
    expect(e.headers["x-forwarded-host"]).toBe("www.example.com");
    expect(e.headers["x-forwarded-server"]).toBe("front.example");
    // The backend's own hop-by-hop answer headers stay on its side.
    expect(got.headers["keep-alive"]).not.toBe("timeout=17");
    expect(got.headers["x-backend"]).toBe("b1");
  });

  it("ProxyPreserveHost sends the client's Host", async () => {
    const e = JSON.parse((await request(frontPreserve.port, "/api/x", { headers: { Host: "www.example.com" } })).body) as Echo;
    expect(e.headers.host).toBe("www.example.com");
  });

  it("streams a request body of 2 MiB both ways", async () => {
    const big = "x".repeat(2 * 1024 * 1024);
    const got = await request(front.port, "/api/upload", { method: "POST", headers: { Host: "h", "Content-Type": "text/plain" }, body: big });
    const e = JSON.parse(got.body) as Echo;
    expect(e.method).toBe("POST");
    expect(e.body.length).toBe(big.length);
  });

  it("an unreachable backend is 503 with Apache's body; a non-http [P] URL is 502", async () => {
    const down = await request(front.port, "/down", { headers: { Host: "h" } });
    expect(down.status).toBe(503);
    expect(down.body).toContain("<title>503 Service Unavailable</title>");
    expect((await request(front.port, "/ftp", { headers: { Host: "h" } })).status).toBe(502);
  });
});

describe("WSGI groups proxied to their pool", () => {
  let dir: string;
  const backends: Listening[] = [];
  let front: Listening;
  let mw: Middleware;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "htr-mw-wsgi-"));
    const { writeFileSync, mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, "htdocs"));
    writeFileSync(join(dir, "htdocs/app.wsgi"), "def application(environ, start_response):\n    pass\n");
    backends.push(await echoBackend("a1"), await echoBackend("b1"), await echoBackend("b2"), await echoBackend("sock", join(dir, "b3.sock")));
    const config = [
      "LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so",
      "LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so",
      "LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so",
      "LoadModule wsgi_module /usr/lib/apache2/modules/mod_wsgi.so",
      "LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so",
      "ServerName localhost",
      "Listen 80",
      `DocumentRoot ${dir}/htdocs`,
      `<Directory ${dir}/htdocs>`,
      "Require all granted",
      "</Directory>",
      "WSGIDaemonProcess poolA",
      "WSGIDaemonProcess poolB",
      `WSGIScriptAlias /a ${dir}/htdocs/app.wsgi process-group=poolA application-group=%{GLOBAL}`,
      // One interpreter per first path segment, named by a rule (as rules/01-userdir-groups does per user).
      "RewriteEngine On",
      "RewriteRule ^/b/(\\w+) - [E=APPGROUP:grp-$1]",
      `WSGIScriptAliasMatch ^/b/(\\w+) ${dir}/htdocs/app.wsgi process-group=poolB application-group=%{ENV:APPGROUP}`,
      "",
    ].join("\n");
    mw = createMiddleware({
      config,
      health: false,
      backends: { poolA: [backends[0].url], poolB: [backends[1].url, backends[2].url, join(dir, "b3.sock")] },
    });
    front = await listen((q, s) => mw(q, s));
  });
  afterAll(async () => {
    await Promise.all([...backends.map((b) => b.close()), front.close()]);
    mw.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("each request reaches the backend its groups are placed on, with the original URL", async () => {
    const seen = new Map<string, string>();
    for (let i = 0; i < 24; i++) {
      const path = `/b/g${i}/x?q=${i}`;
      const e = JSON.parse((await request(front.port, path, { headers: { Host: "localhost" } })).body) as Echo;
      expect(e.url).toBe(path);
      const decided = evaluate(mw.engine, { url: path, host: "localhost" });
      expect(decided.applicationGroup).toBe(`grp-g${i}`);
      const placed = mw.placement!.place("poolB", decided.applicationGroup!)!.backend;
      expect(e.name).toBe(placed.socketPath !== null ? "sock" : placed.id === backends[1].url ? "b1" : "b2");
      seen.set(`g${i}`, e.name);
      // Sticky: the same group again goes to the same backend.
      const again = JSON.parse((await request(front.port, `/b/g${i}/other`, { headers: { Host: "localhost" } })).body) as Echo;
      expect(again.name).toBe(e.name);
    }
    expect(new Set(seen.values()).size).toBe(3);
    const a = JSON.parse((await request(front.port, "/a/any", { headers: { Host: "localhost" } })).body) as Echo;
    expect(a.name).toBe("a1");
  });
});
