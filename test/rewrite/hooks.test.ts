/**
 * Hook-level behaviours: SCRIPT_URL/SCRIPT_URI, the rewritten note, [PT], look-aheads and their
 * recursion guard, cookies once per request, [T]/[H] through the late fixup, sub-request skips.
 */
import { describe, expect, it } from "vitest";
import { CollectingTracer, rewriteApplyForcedTypes, rewriteTranslateName } from "../../src/rewrite/index.js";
import { DOCROOT, FakeServer, makeRequest, runServer, serverConfig } from "./fake.js";

describe("translate-name hook", () => {
  it("sets SCRIPT_URL and SCRIPT_URI (non-default port shown)", () => {
    const r = runServer(["RewriteRule ^/x$ /a.html"], "/x", {}, { port: 8080 });
    expect(r.req.subprocessEnv.get("SCRIPT_URL")).toBe("/x");
    expect(r.req.subprocessEnv.get("SCRIPT_URI")).toBe("http://localhost:8080/x");
  });

  it("after an internal redirect SCRIPT_URL keeps the first URL", () => {
    const r = runServer(["RewriteRule ^/x$ /a.html"], "/x", { env: { REDIRECT_SCRIPT_URL: "/first" } });
    expect(r.req.subprocessEnv.get("SCRIPT_URL")).toBe("/first");
  });

  it("a sub-request copies SCRIPT_URL from its main request", () => {
    const server = new FakeServer();
    const { sconf, dconf } = serverConfig(["RewriteEngine On", "RewriteRule ^/nothing$ -"], server);
    const main = makeRequest("/main", { env: { SCRIPT_URL: "/main" } });
    const sub = { ...makeRequest("/sub"), isSubreq: true, main };
    rewriteTranslateName({ req: sub, server, serverConfig: sconf, serverId: "main", perDirConfig: dconf });
    expect(sub.subprocessEnv.get("SCRIPT_URL")).toBe("/main");
  });

  it("the rewritten note makes a second call reuse the result", () => {
    const server = new FakeServer();
    const { sconf, dconf } = serverConfig(["RewriteEngine On", "RewriteRule ^/x$ /a.html [E=COUNT:1]"], server);
    const req = makeRequest("/x");
    const tracer = new CollectingTracer();
    rewriteTranslateName({ req, server, serverConfig: sconf, serverId: "main", perDirConfig: dconf, tracer });
    expect(req.notes.get("mod_rewrite_rewritten")).toBe("1");
    rewriteTranslateName({ req, server, serverConfig: sconf, serverId: "main", perDirConfig: dconf, tracer });
    expect(tracer.lines()).toContain(`trace2 [initial] uri already rewritten. Status 1, Uri /x, r->filename ${DOCROOT}/a.html`);
  });

  it("[PT] hands the new URI to later translators", () => {
    const r = runServer(["RewriteRule ^/pt/(.*)$ /aliased/$1 [PT]"], "/pt/x.html");
    expect(r.result.outcome.kind).toBe("declined");
    expect(r.req.uri).toBe("/aliased/x.html");
  });

  it("[PT,END] never sets the END marker (PT is checked first)", () => {
    const r = runServer(["RewriteRule ^/pt/(.*)$ /aliased/$1 [PT,END]"], "/pt/x.html");
    expect(r.req.pool.endFlag).toBe(false);
  });

  it("END from an earlier pass declines", () => {
    const server = new FakeServer();
    const { sconf, dconf } = serverConfig(["RewriteEngine On", "RewriteRule ^ /a.html"], server);
    const req = makeRequest("/x");
    req.pool.endFlag = true;
    expect(rewriteTranslateName({ req, server, serverConfig: sconf, serverId: "main", perDirConfig: dconf }).outcome.kind).toBe("declined");
  });

  it("non URL-path targets are declined unless AllowAnyURI", () => {
    const server = new FakeServer();
    const run = (extra: string[]) => {
      const { sconf, dconf } = serverConfig(["RewriteEngine On", ...extra, "RewriteRule ^ /a.html"], server);
      const req = { ...makeRequest("/"), unparsedUri: "*", uri: "*" };
      return rewriteTranslateName({ req, server, serverConfig: sconf, serverId: "main", perDirConfig: dconf }).outcome.kind;
    };
    expect(run([])).toBe("declined");
    expect(run(["RewriteOptions AllowAnyURI"])).toBe("ok");
  });

  it("a config owned by another server declines", () => {
    const server = new FakeServer();
    const { sconf, dconf } = serverConfig(["RewriteEngine On", "RewriteRule ^ /a.html"], server);
    expect(rewriteTranslateName({ req: makeRequest("/x"), server, serverConfig: sconf, serverId: "vhost:2", perDirConfig: dconf }).outcome.kind).toBe("declined");
  });
});

describe("look-aheads", () => {
  it("LA-U asks a URL sub-request and traces it", () => {
    const r = runServer(["RewriteCond %{LA-U:REQUEST_FILENAME} ^(.*)$", "RewriteRule ^/la/ /r?f=%1 [L]"], "/la/x");
    expect(r.req.args).toBe(`f=${DOCROOT}/la/x`);
    expect(r.trace).toContain(`trace5 [initial] lookahead: path=/la/x var=REQUEST_FILENAME -> val=${DOCROOT}/la/x`);
  });
  it("a sub-request for the same URI gets no look-ahead (recursion guard)", () => {
    const server = new FakeServer();
    const { sconf, dconf } = serverConfig(["RewriteEngine On", "RewriteCond %{LA-U:REQUEST_FILENAME} ^(.*)$", "RewriteRule ^/la/ /r?f=%1 [L]"], server);
    const main = makeRequest("/la/x");
    const sub = { ...makeRequest("/la/x"), isSubreq: true, main };
    rewriteTranslateName({ req: sub, server, serverConfig: sconf, serverId: "main", perDirConfig: dconf });
    expect(sub.args).toBe("f=");
  });
  it("sub-requests skip [NS] and redirect rules", () => {
    const server = new FakeServer();
    const { sconf, dconf } = serverConfig(["RewriteEngine On", "RewriteRule ^/s$ /ns.html [NS,L]", "RewriteRule ^/s$ /r.html [R,L]", "RewriteRule ^/s$ /ok.html [L]"], server);
    const sub = { ...makeRequest("/s"), isSubreq: true, main: makeRequest("/main") };
    rewriteTranslateName({ req: sub, server, serverConfig: sconf, serverId: "main", perDirConfig: dconf });
    expect(sub.filename).toBe(`${DOCROOT}/ok.html`);
  });
});

describe("cookies, types and handlers", () => {
  it("each cookie name is set once per request, across passes", () => {
    const r = runServer(["RewriteRule ^/c$ - [CO=n1:a:d]", "RewriteRule ^/c$ - [CO=n1:b:d,CO=n2:c:d]"], "/c");
    expect(r.req.errHeadersOut.getAll("Set-Cookie")).toEqual(["n1=a; path=/; domain=d", "n2=c; path=/; domain=d"]);
    expect(r.trace).toContain("trace5 [initial] skipping already set cookie 'n1'");
  });
  it("[T] and [H] are lower-cased and applied by the late fixup", () => {
    const r = runServer(["RewriteRule ^/t$ /a.html [T=TEXT/Plain,H=Wsgi-Script,L]"], "/t");
    expect(r.req.notes.get("rewrite-forced-mimetype")).toBe("text/plain");
    const tracer = new CollectingTracer();
    rewriteApplyForcedTypes(r.req, tracer);
    expect(r.req.contentType).toBe("text/plain");
    expect(r.req.handler).toBe("wsgi-script");
    expect(tracer.lines()).toEqual([
      `trace1 [initial] force filename ${DOCROOT}/a.html to have MIME-type 'text/plain'`,
      `trace1 [initial] force filename ${DOCROOT}/a.html to have the Content-handler 'wsgi-script'`,
    ]);
  });
  it("[T] is not recorded for redirect rules", () => {
    const r = runServer(["RewriteRule ^/t$ /a.html [T=text/plain,R,L]"], "/t");
    expect(r.req.notes.get("rewrite-forced-mimetype")).toBeUndefined();
  });
});
