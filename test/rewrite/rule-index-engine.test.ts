/**
 * The rule index inside the real engine, against the plain loop (a rule list's first pass runs
 * before its index is built, so a freshly compiled copy of the rules is the plain loop): both
 * must leave the request in the same state, for server and per-directory rule sets with chains,
 * skips, [N], [NC], [NS], negations, conditions and [E=]; and a traced pass with the index must
 * log what the plain loop logs, line for line and step for step (the index's rejected rules are
 * logged as failed attempts, Apache tries each). Several requests per set keep the index in play.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePerDirContext, CollectingTracer, mergePerDirConfig, rewriteFixup, rewriteTranslateName } from "../../src/rewrite/index.js";
import type { RewriteHookResult, RewriteRequest } from "../../src/rewrite/index.js";
import { compileOpts, directives, DOCROOT, FakeServer, makeRequest, serverConfig } from "./fake.js";

const word = fc.constantFrom("a", "b", "old", "New", "p1", "p12", "x-y", "index.php");
const patternArb = fc.oneof(
  fc.tuple(fc.constantFrom("^/", "^", "", "!^/", "^/(?:"), word, fc.constantFrom("", "$", "/(.*)$", "|b)", "\\.php$", "+")).map(([a, w, z]) => {
    if (a === "^/(?:" && !z.endsWith(")")) return `^/(?:${w}|z)${z}`;
    if (a !== "^/(?:" && z === "|b)") return `${a}${w}`;
    return a + w + z;
  }),
  fc.constantFrom(".", "^(.*)$", "^/?$", "!-", "^/[ab]+", "(a|b)/(.*)"),
);
const flagArb = fc.subarray(["L", "C", "S=1", "NC", "N=3", "QSA", "E=HIT:$0", "NS", "END"], { maxLength: 3 });
const substArb = fc.constantFrom("-", "/p1", "/New/x", "/a/$1", "index.php", "/old?q=1");
const condArb = fc.option(fc.constantFrom("RewriteCond %{QUERY_STRING} q", "RewriteCond %{HTTP_HOST} !^localhost$", "RewriteCond %{REQUEST_URI} ^/old [NC]"), { nil: undefined });

const ruleLines = fc
  .array(fc.tuple(condArb, patternArb, substArb, flagArb), { minLength: 4, maxLength: 14 })
  .map((rules) =>
    rules.flatMap(([cond, p, s, f]) => [
      ...(cond !== undefined ? [cond] : []),
      `RewriteRule ${p} ${s}${f.length > 0 ? ` [${f.join(",")}]` : ""}`,
    ]),
  );
const targetArb = fc.tuple(fc.constantFrom("/", "/a", "/b/", "/old/p1", "/old/p12", "/OLD/p1", "/New/x", "/index.php", "/x-y/a", "/p1"), fc.constantFrom("", "?q=1")).map(([p, q]) => p + q);

/** Everything a pass can change, as plain data. */
function state(result: RewriteHookResult, req: RewriteRequest) {
  return {
    outcome: result.outcome,
    errors: result.errors,
    filename: req.filename,
    uri: req.uri,
    args: req.args,
    status: req.status,
    pathInfo: req.pathInfo,
    env: req.subprocessEnv.pairs(),
    headersOut: req.headersOut.pairs(),
    notes: req.notes.pairs(),
    end: req.pool.endFlag,
  };
}

describe("rule index in the engine ≡ the plain loop, traced and untraced", () => {
  it("server context", () => {
    fc.assert(
      fc.property(ruleLines, fc.array(targetArb, { minLength: 3, maxLength: 6 }), (lines, targets) => {
        const server = new FakeServer();
        let compiled: ReturnType<typeof serverConfig>;
        try {
          compiled = serverConfig(["RewriteEngine On", ...lines], server);
        } catch {
          return; // a set Apache refuses at start-up says nothing about the index
        }
        const { sconf, dconf } = compiled;
        for (const target of [...targets, ...targets]) {
          const run = (traced: boolean, c = { sconf, dconf }, sub = false) => {
            const req = makeRequest(target);
            req.isSubreq = sub;
            const tracer = traced ? new CollectingTracer() : null;
            const result = rewriteTranslateName({ req, server, serverConfig: c.sconf, serverId: "main", perDirConfig: c.dconf, tracer });
            return { state: state(result, req), lines: tracer?.lines() ?? [], steps: tracer?.steps ?? [] };
          };
          for (const sub of [false, true]) {
            const plain = run(true, serverConfig(["RewriteEngine On", ...lines], server), sub);
            const indexedTraced = run(true, { sconf, dconf }, sub);
            expect(run(false, { sconf, dconf }, sub).state).toEqual(plain.state);
            expect(indexedTraced.state).toEqual(plain.state);
            expect(indexedTraced.lines).toEqual(plain.lines);
            expect(indexedTraced.steps).toEqual(plain.steps);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("per-directory context", () => {
    fc.assert(
      fc.property(ruleLines, fc.array(targetArb, { minLength: 3, maxLength: 6 }), (lines, targets) => {
        const server = new FakeServer({ files: { [`${DOCROOT}/index.php`]: "file", [`${DOCROOT}/a`]: "dir" } });
        const { sconf, dconf: base } = serverConfig(["RewriteEngine Off"], server);
        let c: ReturnType<typeof compilePerDirContext>;
        try {
          c = compilePerDirContext(directives(["RewriteEngine On", ...lines]), `${DOCROOT}/`, compileOpts(server));
        } catch {
          return;
        }
        if (c.config === null) return;
        const dconf = mergePerDirConfig(base, c.config);
        const fresh = () => mergePerDirConfig(base, compilePerDirContext(directives(["RewriteEngine On", ...lines]), `${DOCROOT}/`, compileOpts(server)).config!);
        for (const target of [...targets, ...targets]) {
          const run = (traced: boolean, d = dconf, pathInfo: string | null = null) => {
            const path = target.split("?")[0];
            const req = makeRequest(target, { filename: DOCROOT + path, pathInfo });
            const tracer = traced ? new CollectingTracer() : null;
            const result = rewriteFixup({ req, server, serverConfig: sconf, serverId: "main", perDirConfig: d, tracer });
            return { state: state(result, req), lines: tracer?.lines() ?? [], steps: tracer?.steps ?? [] };
          };
          for (const pathInfo of [null, "/extra"]) {
            const plain = run(true, fresh(), pathInfo);
            const indexedTraced = run(true, dconf, pathInfo);
            expect(run(false, dconf, pathInfo).state).toEqual(plain.state);
            expect(indexedTraced.state).toEqual(plain.state);
            expect(indexedTraced.lines).toEqual(plain.lines);
            expect(indexedTraced.steps).toEqual(plain.steps);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
