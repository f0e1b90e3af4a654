/**
 * Trace rendering (spec §12): conformance-style lines, Apache's error-log escaping, untagged lines
 * of other modules, and no events at all when nobody listens.
 */
import { describe, expect, it } from "vitest";
import { renderTraceLine, requestTag } from "../../src/rewrite/index.js";
import { makeRequest, runServer } from "./fake.js";
import { FakeServer, serverConfig } from "./fake.js";
import { rewriteTranslateName } from "../../src/rewrite/index.js";

describe("trace lines", () => {
  it("renders tag, per-dir prefix and escapes the body", () => {
    expect(renderTraceLine({ level: 3, tag: "initial", perdir: "/d/", message: "applying pattern '^x\\.html$' to uri 'a\nb\xe9'" })).toBe(
      "trace3 [initial] [perdir /d/] applying pattern '^x\\\\.html$' to uri 'a\\nb\\xe9'",
    );
    expect(renderTraceLine({ level: 4, tag: null, perdir: null, message: "Evaluation of expression from f:1 gave: 1" })).toBe(
      "trace4 Evaluation of expression from f:1 gave: 1",
    );
  });

  it("request tags", () => {
    const r = makeRequest("/");
    expect(requestTag(r)).toBe("initial");
    expect(requestTag({ ...r, redirectDepth: 2 })).toBe("initial/redir#2");
    expect(requestTag({ ...r, isSubreq: true })).toBe("subreq");
  });

  it("a server pass reads like Apache's", () => {
    const r = runServer(["RewriteRule ^/q$ /env.cgi?x=1 [L]"], "/q?o=1");
    expect(r.trace).toEqual([
      "trace2 [initial] init rewrite engine with requested uri /q",
      "trace3 [initial] applying pattern '^/q$' to uri '/q'",
      "trace2 [initial] rewrite '/q' -> '/env.cgi?x=1'",
      "trace3 [initial] split uri=/env.cgi?x=1 -> uri=/env.cgi, args=x=1",
      "trace2 [initial] setting lastsub to rule with output /env.cgi?x=1",
      "trace2 [initial] local path result: /env.cgi",
      "trace2 [initial] prefixed with document_root to /srv/htdocs/env.cgi",
      "trace1 [initial] go-ahead with /srv/htdocs/env.cgi [OK]",
    ]);
  });

  it("without a tracer nothing is built or emitted", () => {
    const server = new FakeServer();
    const { sconf, dconf } = serverConfig(["RewriteEngine On", "RewriteRule ^/q$ /env.cgi?x=1 [L]"], server);
    const req = makeRequest("/q");
    const r = rewriteTranslateName({ req, server, serverConfig: sconf, serverId: "main", perDirConfig: dconf, tracer: null });
    expect(r.outcome.kind).toBe("ok");
  });
});
