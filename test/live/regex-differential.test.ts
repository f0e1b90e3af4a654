/**
 * Live differential: patterns generated from a grammar (fast path subset, traps, PCRE-only
 * syntax) and byte subjects, answered by pcre2test (Debian's PCRE2 10.42, the library Apache
 * links) and by both htrewrite engines. Fixed seed, bounded count.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileUncached, resolveOptions } from "../../src/regex/compile.js";
import { RegexError } from "../../src/regex/errors.js";
import { compilePcre2 } from "../../src/regex/pcre2/pcre2-regex.js";
import type { CompiledRegex, RegexRun } from "../../src/regex/types.js";
import { caseArb, longCaseArb, unicodeCaseArb } from "../regex/generators.js";
import { askPcre2test, type OracleAnswer, type OracleQuery } from "../regex/oracle/pcre2test.js";

const SEED = Number(process.env.HTR_REGEX_SEED ?? 424242);
const RUNS = Number(process.env.HTR_REGEX_RUNS ?? 20000);
type Case = OracleQuery;
const cases: Case[] = [
  ...fc.sample(caseArb, { seed: SEED, numRuns: RUNS }),
  // Long subjects: length routing between V8 and PCRE2, and the required-literal prefilter.
  ...fc.sample(longCaseArb, { seed: SEED + 1, numRuns: Math.ceil(RUNS / 5) }),
  // (*UTF), (*UCP), Unicode properties, invalid UTF-8 subjects.
  ...fc.sample(unicodeCaseArb, { seed: SEED + 2, numRuns: Math.ceil(RUNS / 4) }),
  // RegexDefaultOptions without DOTALL and/or DOLLAR_ENDONLY: a trailing `$` on most patterns
  // and every subject also with a final newline, where the two flags decide the answer.
  ...fc.sample(
    fc.tuple(caseArb, fc.boolean(), fc.boolean(), fc.constantFrom("", "$", "$", "a?$")).map(([c, dotall, dollarEndOnly, tail]) => ({
      ...c,
      pattern: c.pattern + tail,
      dotall,
      dollarEndOnly,
      subjects: [...c.subjects, ...c.subjects.map((s) => s + "\n")],
    })),
    { seed: SEED + 3, numRuns: Math.ceil(RUNS / 5) },
  ),
];

const optionsOf = (c: Case) => resolveOptions({ nocase: c.nocase, dotall: c.dotall, dollarEndOnly: c.dollarEndOnly });

/**
 * What Apache can observe: captures, or no match. A match-limit hit is no match to Apache
 * (ap_regexec ≠ 0); whether the search was exhausted or hit the limit is compared separately.
 */
function outcome(run: RegexRun): string {
  return JSON.stringify(run.kind === "match" ? run.groups.map((g) => g ?? null) : null);
}

function expected(a: OracleAnswer): string | undefined {
  if (a.kind === "match") return JSON.stringify(a.groups);
  if (a.kind === "nomatch" || a.kind === "limit") return JSON.stringify(null);
  return undefined; // ambiguous rendering: not comparable
}

const limitKind = (a: OracleAnswer, run: RegexRun): boolean => (a.kind === "limit") !== (run.kind === "limit");

describe(`regex differential vs pcre2test (seed ${SEED}, ${RUNS} patterns)`, () => {
  const answers = askPcre2test(cases);

  for (const [engineName, compile] of [
    ["PCRE2 (WebAssembly)", (c: Case): CompiledRegex => compilePcre2(c.pattern, optionsOf(c))],
    ["compileRegex engine choice", (c: Case): CompiledRegex => compileUncached(c.pattern, optionsOf(c))],
  ] as const) {
    it(`${engineName} agrees with pcre2test`, () => {
      const mismatches: string[] = [];
      let compared = 0;
      let limitSplits = 0;
      cases.forEach((c, i) => {
        const oracle = answers[i];
        let re: CompiledRegex | undefined;
        let err: RegexError | undefined;
        try {
          re = compile(c);
        } catch (e) {
          if (!(e instanceof RegexError)) throw e;
          err = e;
        }
        const head = `${JSON.stringify(c.pattern)}${c.nocase ? " [NC]" : ""}${c.dotall === false ? " -DOTALL" : ""}${c.dollarEndOnly === false ? " -DOLLAR_ENDONLY" : ""}`;
        if (oracle[0]?.kind === "error") {
          const want = oracle[0];
          if (!err) mismatches.push(`${head}: Apache refuses it (${want.message} at ${want.offset}), htrewrite compiles it`);
          else if (err.pcreMessage !== want.message || err.offset !== want.offset) {
            mismatches.push(`${head}: Apache "${want.message}" at ${want.offset}, htrewrite "${err.pcreMessage}" at ${err.offset}`);
          }
          return;
        }
        if (err) {
          mismatches.push(`${head}: Apache compiles it, htrewrite refuses: ${err.message}`);
          return;
        }
        c.subjects.forEach((s, k) => {
          const want = expected(oracle[k]);
          if (want === undefined) return;
          compared++;
          const run = re!.run(s);
          if (limitKind(oracle[k], run)) {
            // The same library with the same limits: a match-time error (limit, UTF-8 check) on
            // one side only is a disagreement in what Apache logs and how long it works.
            limitSplits++;
            mismatches.push(`${head} on ${JSON.stringify(s)}: Apache ${oracle[k].kind}, htrewrite (${run.engine}) ${run.kind}`);
            return;
          }
          const got = outcome(run);
          if (got !== want) mismatches.push(`${head} on ${JSON.stringify(s)}: Apache ${want}, htrewrite (${run.engine}) ${got}`);
        });
        (re as Partial<{ dispose(): void }>).dispose?.();
      });
      expect(compared).toBeGreaterThan(RUNS);
      expect(limitSplits).toBe(0);
      if (process.env.HTR_REGEX_DUMP) process.stdout.write(mismatches.join("\n") + "\n");
      expect(mismatches.slice(0, 40)).toEqual([]);
    });
  }
});

/**
 * The V8 path's safety rests on workBound over-approximating PCRE2's match-limit counter: below
 * the budget, Apache's PCRE2 cannot give up, so V8's answer is its answer. pcre2test's
 * find_limits measures the smallest match limit each subject needs; it must never exceed the
 * bound for a subject V8 is allowed to answer.
 */
describe("work bound ≥ PCRE2's measured match-limit needs", () => {
  it("holds on generated and real-world patterns", async () => {
    const { translateToV8 } = await import("../../src/regex/v8/translate.js");
    const { workBound } = await import("../../src/regex/v8/cost.js");
    const { REAL_WORLD } = await import("../regex/corpus/real-world.js");
    const { SHARED_SUBJECTS } = await import("../regex/corpus/subjects.js");
    const pool = [
      ...cases.slice(0, 6000),
      ...REAL_WORLD.map((c) => ({ pattern: c.pattern, nocase: c.nocase ?? false, subjects: SHARED_SUBJECTS })),
    ];
    const fast = pool.flatMap((c) => {
      try {
        const exact = compilePcre2(c.pattern, resolveOptions({ nocase: c.nocase }));
        const t = translateToV8(c.pattern, resolveOptions({ nocase: c.nocase }), exact.captureCount);
        exact.dispose();
        if (!t.ok) return [];
        return [{ ...c, subjects: c.subjects.filter((s) => s.length <= t.maxSubjectLength), tree: t.tree }];
      } catch (e) {
        if (e instanceof RegexError) return [];
        throw e;
      }
    });
    const measured = askPcre2test(fast, { findLimits: true });
    const violations: string[] = [];
    let checked = 0;
    fast.forEach((c, i) =>
      c.subjects.forEach((s, k) => {
        const a = measured[i][k];
        if ((a.kind !== "match" && a.kind !== "nomatch") || a.matchLimit === undefined) return;
        checked++;
        const bound = workBound(c.tree, s.length);
        if (a.matchLimit > bound) violations.push(`${JSON.stringify(c.pattern)} on ${JSON.stringify(s)}: PCRE2 needs ${a.matchLimit}, bound ${bound}`);
      }),
    );
    if (process.env.HTR_REGEX_DUMP) {
      const ratios: [number, string][] = [];
      fast.forEach((c, i) => c.subjects.forEach((s, k) => { const a = measured[i][k]; if ((a.kind === "match" || a.kind === "nomatch") && a.matchLimit !== undefined) ratios.push([a.matchLimit / workBound(c.tree, s.length), `${JSON.stringify(c.pattern)} on ${JSON.stringify(s)} needs ${a.matchLimit} bound ${workBound(c.tree, s.length)}`]); }));
      ratios.sort((x, y) => y[0] - x[0]);
      process.stdout.write(ratios.slice(0, 25).map((r) => r[0].toFixed(2) + " " + r[1]).join("\n") + "\n");
    }
    expect(checked).toBeGreaterThan(10_000);
    expect(violations.slice(0, 20)).toEqual([]);
  });
});
