/**
 * Bounded work: the V8 path only answers subjects for which PCRE2's match limit is provably out
 * of reach; everything else goes to PCRE2, whose limit ends the search as Apache's does.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRegex, resolveOptions } from "../../src/regex/index.js";
import { compileUncached } from "../../src/regex/compile.js";
import { maxFastLength, V8_WORK_BUDGET, workBound } from "../../src/regex/v8/cost.js";
import { FastRegex } from "../../src/regex/v8/fast-regex.js";
import { parsePattern } from "../../src/regex/v8/parse.js";
import { requiredLiteral } from "../../src/regex/v8/required-literal.js";
import { patternArb } from "./generators.js";

const tree = (p: string) => parsePattern(p, { caseless: false, dotall: true, dollarEndOnly: true }).root;

describe("work bound", () => {
  it("grows with the subject length (so the longest fast subject is well defined)", () => {
    fc.assert(
      fc.property(patternArb, fc.nat(200), fc.nat(200), (pattern, a, b) => {
        let root;
        try {
          root = tree(pattern);
        } catch {
          return;
        }
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(workBound(root, lo)).toBeLessThanOrEqual(workBound(root, hi));
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it.each([
    // [pattern, at least, at most]: literal patterns are linear, .* products polynomial,
    // nested repetition exponential (V8 only for a handful of bytes).
    ["^index\\.php$", 1 << 20, 1 << 20],
    ["^(.*)$", 2000, 1 << 20],
    ["(.*)(.*)(.*)x", 10, 100],
    ["^(a+)+$", 3, 32],
  ])("%j: V8 answers subjects of %i to %i bytes at most", (pattern, atLeast, atMost) => {
    const n = maxFastLength(tree(pattern));
    expect(n).toBeGreaterThanOrEqual(atLeast);
    expect(n).toBeLessThanOrEqual(atMost);
    expect(workBound(tree(pattern), n)).toBeLessThanOrEqual(V8_WORK_BUDGET);
    if (n < 1 << 20) expect(workBound(tree(pattern), n + 1)).toBeGreaterThan(V8_WORK_BUDGET);
  });

  it("routes hostile subjects to PCRE2 and ends them at the match limit: ^(a+)+$ on 5,000 a's + b", () => {
    const re = compileRegex("^(a+)+$");
    expect(re.engine).toBe("v8");
    const started = performance.now();
    const run = re.run("a".repeat(5000) + "b");
    const ms = performance.now() - started;
    expect(run).toEqual({ kind: "limit", error: "PCRE2_ERROR_MATCHLIMIT", engine: "pcre2" });
    expect(re.test("a".repeat(5000) + "b")).toBe(false); // Apache: ap_regexec ≠ 0 → no match
    expect(ms).toBeLessThan(10_000); // ~0.5 s on an idle machine; generous for shared CI
    // Short subjects stay on V8 and agree.
    expect(re.run("aaa")).toEqual({ kind: "match", groups: ["aaa", "aaa"], engine: "v8" });
  });

  it("answers V8-bound patterns quickly at the edge of their bound", () => {
    const re = compileUncached("^(.*),(.*),(.*);$", resolveOptions()) as FastRegex;
    expect(re).toBeInstanceOf(FastRegex);
    const subject = ",".repeat(re.maxSubjectLength - 2) + ";x";
    const started = performance.now();
    expect(re.run(subject)).toEqual({ kind: "nomatch", engine: "v8" });
    expect(performance.now() - started).toBeLessThan(2000);
    re.dispose();
  });
});

describe("required literal prefilter", () => {
  it.each([
    ["^index\\.php$", "index.php"],
    ["^(.*)\\.css$", ".css"],
    ["(<|%3C)([^s]*s)+cript.*(>|%3E)", "cript"],
    ["a|b", ""],
    ["(?i)abc", ""],
    ["x+yz", "yz"],
  ])("%j requires %j", (pattern, literal) => {
    expect(requiredLiteral(tree(pattern))).toBe(literal);
  });

  it("answers long subjects without the literal as no match, on any engine", () => {
    const re = compileUncached("(<|%3C)([^s]*s)+cript.*(>|%3E)", resolveOptions({ nocase: true }));
    expect(re.run("<" + "s".repeat(5000))).toMatchObject({ kind: "nomatch" });
  });
});
