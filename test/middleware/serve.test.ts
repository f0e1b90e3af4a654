/**
 * `htrewrite serve`: the front server on the middleware — static files with Apache's content
 * types, redirects, two WSGI pools with sticky application groups; and its argument errors.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseServeArgs } from "../../src/cli/serve.js";
import { startFrontServer, type FrontServer } from "../../src/middleware/front-server.js";
import { MimeTypes, parseMimeTypes } from "../../src/middleware/mime.js";
import { echoBackend, request, type Listening } from "./helpers.js";
import { siteConfigHead } from "./site-config.js";

describe("htrewrite serve", () => {
  let dir: string;
  let front: FrontServer;
  const pools: Listening[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "htr-serve-"));
    mkdirSync(join(dir, "htdocs/static"), { recursive: true });
    writeFileSync(join(dir, "htdocs/static/site.css"), "body{}\n");
    writeFileSync(join(dir, "htdocs/static/logo.svg"), "<svg/>\n");
    writeFileSync(join(dir, "htdocs/static/README"), "plain\n");
    writeFileSync(join(dir, "app.wsgi"), "def application(environ, start_response):\n    pass\n");
    pools.push(await echoBackend("blog-1"), await echoBackend("blog-2"), await echoBackend("shop-1"), await echoBackend("shop-2"));
    const file = join(dir, "httpd.conf");
    writeFileSync(
      file,
      [
        ...siteConfigHead(dir, ["mpm_prefork", "authz_core", "alias", "mime", "rewrite", "wsgi"]),
        "RewriteEngine On",
        "RewriteRule ^/old-shop/(.*)$ /shop/$1 [R=301,L]",
        "RewriteRule ^/(blog|shop)/(\\w+) - [E=SITE:$1-$2]",
        "WSGIDaemonProcess blog",
        "WSGIDaemonProcess shop",
        `WSGIScriptAlias /blog ${dir}/app.wsgi process-group=blog application-group=%{ENV:SITE}`,
        `WSGIScriptAlias /shop ${dir}/app.wsgi process-group=shop application-group=%{ENV:SITE}`,
        "",
      ].join("\n"),
    );
    front = await startFrontServer({ file, port: 0, health: false, backends: { blog: [pools[0].url, pools[1].url], shop: [pools[2].url, pools[3].url] } });
  });
  afterAll(async () => {
    await front.close();
    await Promise.all(pools.map((p) => p.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("listens on 127.0.0.1", () => expect(front.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/));

  it("serves static files with the content types of /etc/mime.types", async () => {
    const port = Number(new URL(front.url).port);
    const mime = MimeTypes.load();
    for (const [p, body] of [["/static/site.css", "body{}\n"], ["/static/logo.svg", "<svg/>\n"], ["/static/README", "plain\n"]]) {
      const got = await request(port, p, { headers: { Host: "localhost" } });
      expect(got.status).toBe(200);
      expect(got.body).toBe(body);
      expect(got.headers["content-type"]).toBe(mime.lookup(p) ?? undefined);
    }
    expect((await request(port, "/static/site.css", { headers: { Host: "localhost" } })).headers["content-type"]).toBe("text/css");
    const missing = await request(port, "/static/none.css", { headers: { Host: "localhost" } });
    expect(missing.status).toBe(404);
  });

  it("redirects as Apache, proxies each pool's groups stickily to that pool only", async () => {
    const port = Number(new URL(front.url).port);
    const r = await request(port, "/old-shop/cart", { headers: { Host: "shop.example" } });
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe("http://shop.example/shop/cart");
    const names = { blog: new Set<string>(), shop: new Set<string>() };
    for (const site of ["blog", "shop"] as const) {
      for (let i = 0; i < 16; i++) {
        const first = JSON.parse((await request(port, `/${site}/u${i}/a`, { headers: { Host: "localhost" } })).body) as { name: string; url: string };
        const second = JSON.parse((await request(port, `/${site}/u${i}/b?x`, { headers: { Host: "localhost" } })).body) as { name: string; url: string };
        expect(first.name.startsWith(`${site}-`)).toBe(true);
        expect(second.name).toBe(first.name);
        expect(second.url).toBe(`/${site}/u${i}/b?x`);
        names[site].add(first.name);
      }
    }
    expect(names.blog.size).toBe(2);
    expect(names.shop.size).toBe(2);
  });
});

describe("serve arguments", () => {
  it.each([
    [["--listen", "nope", "--config", "c"], "serve: --listen 'nope': expected HOST:PORT or PORT"],
    [["--config", "c", "--backend", "x"], "serve: --backend 'x': expected GROUP=URL"],
    [[], "serve: give exactly one of --config and --htaccess"],
    [["--htaccess", "h"], "serve: --htaccess needs --root"],
    [["--config"], "serve: --config needs a value"],
    [["--config", "c", "--bogus"], "serve: unknown option '--bogus'"],
  ])("%j", (argv, msg) => {
    expect(() => parseServeArgs(argv)).toThrow(msg);
  });

  it("defaults to 127.0.0.1:8080; repeated --backend fills a pool; =URL is embedded mode", () => {
    const a = parseServeArgs(["--config", "c", "--backend", "g=http://a:1", "--backend", "g=http://b:1", "--backend", "=/run/s.sock"]);
    expect([a.host, a.port]).toEqual(["127.0.0.1", 8080]);
    expect(a.backends).toEqual({ g: ["http://a:1", "http://b:1"], "": ["/run/s.sock"] });
  });

  it("parses mime.types lines (comments, several extensions, case)", () => {
    const m = new MimeTypes(parseMimeTypes("# c\ntext/css css\nimage/jpeg jpeg jpg jpe\n"));
    expect(m.lookup("/a/B.JPG")).toBe("image/jpeg");
    expect(m.lookup("/a/x.css")).toBe("text/css");
    expect(m.lookup("/a/noext")).toBeNull();
    expect(m.lookup("/a/.hidden")).toBeNull();
  });
});
