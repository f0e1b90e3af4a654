/**
 * The rule loop consults the rule index (ruleset.ts): an untraced pass over 1,000 literal-prefix
 * redirects runs only the patterns that can match, a traced pass runs every one (Apache logs each
 * pattern it applies), and both answer the same.
 */
import { describe, expect, it } from "vitest";
import { CollectingTracer, rewriteTranslateName } from "../../src/rewrite/index.js";
import { FakeServer, makeRequest, serverConfig } from "./fake.js";

describe("rule loop with the index", () => {
  const server = new FakeServer();
  const lines = Array.from({ length: 1000 }, (_, i) => `RewriteRule ^/old/p${i}$ /new/p${i} [R=301,L]`);
  const { sconf, dconf } = serverConfig(["RewriteEngine On", ...lines], server);
  let execs = 0;
  for (const rule of sconf.rules) {
    const inner = rule.regex;
    rule.regex = { exec: (s: string) => (execs++, inner.exec(s)) };
  }
  const run = (target: string, traced: boolean) => {
    const req = makeRequest(target);
    execs = 0;
    const result = rewriteTranslateName({ req, server, serverConfig: sconf, serverId: "main", perDirConfig: dconf, tracer: traced ? new CollectingTracer() : null });
    return { outcome: result.outcome, filename: req.filename, execs };
  };

  it.each([
    ["/old/p999", 3, "redirect"],
    ["/old/p0", 1, "redirect"],
    ["/elsewhere", 0, "declined"],
  ])("%s: untraced runs %i pattern(s), traced runs them all", (target, expectedExecs, kind) => {
    run(target, false); // the first pass over a list only marks it
    const untraced = run(target, false);
    const traced = run(target, true);
    expect(untraced.execs).toBe(expectedExecs);
    expect(traced.execs).toBe(target === "/old/p0" ? 1 : 1000);
    expect(untraced.outcome.kind).toBe(kind);
    expect({ ...untraced, execs: 0 }).toEqual({ ...traced, execs: 0 });
  });
});
