/**
 * The rule loop consults the rule index (ruleset.ts): a pass over 1,000 literal-prefix redirects
 * runs only the patterns that can match, traced or not; a traced pass still logs every pattern
 * Apache applies, line for line as the plain loop (a list's first pass, before its index) logs
 * them, and all answer the same.
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
  const run = (target: string, traced: boolean, config = { sconf, dconf }) => {
    const req = makeRequest(target);
    execs = 0;
    const tracer = traced ? new CollectingTracer() : null;
    const result = rewriteTranslateName({ req, server, serverConfig: config.sconf, serverId: "main", perDirConfig: config.dconf, tracer });
    return { outcome: result.outcome, filename: req.filename, execs, lines: tracer?.lines() ?? [], steps: tracer?.steps ?? [] };
  };

  it.each([
    ["/old/p999", 3, "redirect"],
    ["/old/p0", 1, "redirect"],
    ["/elsewhere", 0, "declined"],
  ])("%s: runs %i pattern(s) traced or not; the trace is the plain loop's", (target, expectedExecs, kind) => {
    run(target, false); // the first pass over a list only marks it
    const untraced = run(target, false);
    const traced = run(target, true);
    expect(untraced.execs).toBe(expectedExecs);
    expect(traced.execs).toBe(expectedExecs);
    expect(untraced.outcome.kind).toBe(kind);
    expect({ ...untraced, execs: 0, lines: [], steps: [] }).toEqual({ ...traced, execs: 0, lines: [], steps: [] });
    // A list of its own, on its first pass: no index, every pattern run.
    const plain = run(target, true, serverConfig(["RewriteEngine On", ...lines], server));
    expect(traced.lines.filter((l) => l.includes("applying pattern")).length).toBe(target === "/old/p0" ? 1 : 1000);
    expect(traced.lines).toEqual(plain.lines);
    expect(traced.steps).toEqual(plain.steps);
  });
});
