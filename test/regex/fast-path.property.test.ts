/**
 * Property: wherever the V8 fast path accepts a pattern, it answers exactly what PCRE2 answers
 * (captures, unset groups, no match) — on generated patterns and byte subjects, under every
 * RegexDefaultOptions combination, and on (*UTF)/(*UCP)/Unicode-property patterns with valid and
 * invalid UTF-8 subjects (which must either stay on PCRE2 or agree with it).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveOptions } from "../../src/regex/compile.js";
import { RegexError } from "../../src/regex/errors.js";
import { compilePcre2, type Pcre2Regex } from "../../src/regex/pcre2/pcre2-regex.js";
import { translateToV8 } from "../../src/regex/v8/translate.js";
import type { ResolvedRegexOptions } from "../../src/regex/types.js";
import { caseArb, unicodeCaseArb } from "./generators.js";

function tryPcre2(pattern: string, opts: ResolvedRegexOptions): Pcre2Regex | undefined {
  try {
    return compilePcre2(pattern, opts);
  } catch (e) {
    if (e instanceof RegexError) return undefined;
    throw e;
  }
}

interface Case {
  pattern: string;
  nocase: boolean;
  subjects: string[];
  dotall?: boolean;
  dollarEndOnly?: boolean;
}

/** Runs the property; returns how many patterns V8 took and how many subjects were compared. */
function agreement(arb: fc.Arbitrary<Case>, seed: number, numRuns: number): { accepted: number; compared: number } {
  let accepted = 0;
  let compared = 0;
  fc.assert(
    fc.property(arb, ({ pattern, nocase, subjects, dotall, dollarEndOnly }) => {
      const opts = resolveOptions({ nocase, dotall, dollarEndOnly });
      const exact = tryPcre2(pattern, opts);
      if (!exact) return;
      const t = translateToV8(pattern, opts, exact.captureCount);
      if (t.ok) {
        accepted++;
        for (const subject of subjects) {
          if (subject.length > t.maxSubjectLength) continue;
          compared++;
          const pcre = exact.run(subject);
          const want = pcre.kind === "match" ? pcre.groups : null;
          const m = t.regexp.exec(subject);
          const got = m === null ? null : Array.from(m);
          const flags = `${nocase ? " [NC]" : ""}${opts.dotall ? "" : " -DOTALL"}${opts.dollarEndOnly ? "" : " -DOLLAR_ENDONLY"}`;
          expect(got, `${JSON.stringify(pattern)}${flags} → /${t.source}/ on ${JSON.stringify(subject)}`).toEqual(want);
        }
      }
      exact.dispose();
    }),
    { seed, numRuns },
  );
  return { accepted, compared };
}

describe("V8 fast path ≡ PCRE2", () => {
  it("agrees on generated patterns and subjects", () => {
    const { accepted, compared } = agreement(caseArb, 20261123, 3000);
    // The property must have had something to check.
    expect(accepted).toBeGreaterThan(300);
    expect(compared).toBeGreaterThan(1500);
  });

  it("agrees under every RegexDefaultOptions combination (DOTALL, DOLLAR_ENDONLY on and off)", () => {
    // A trailing `$` on most patterns, and every subject also with a final newline: where
    // DOLLAR_ENDONLY decides the answer.
    const withOptions = fc
      .tuple(caseArb, fc.boolean(), fc.boolean(), fc.constantFrom("", "$", "$", "a?$", "(?:$|x)"))
      .map(([c, dotall, dollarEndOnly, tail]) => ({
        ...c,
        pattern: c.pattern + tail,
        dotall,
        dollarEndOnly,
        subjects: [...c.subjects, ...c.subjects.map((s) => s + "\n")],
      }));
    const { accepted, compared } = agreement(withOptions, 20261204, 2000);
    expect(accepted).toBeGreaterThan(200);
    expect(compared).toBeGreaterThan(1000);
  });

  it("agrees on (*UTF), (*UCP) and Unicode-property patterns, valid and invalid UTF-8 subjects", () => {
    const { accepted, compared } = agreement(unicodeCaseArb, 20261205, 2000);
    // Most of these stay on PCRE2 (UTF and UCP change what classes and properties mean); the
    // ones V8 takes (no UTF, no UCP, byte-only items) must agree byte for byte.
    expect(accepted).toBeGreaterThan(10);
    expect(compared).toBeGreaterThan(40);
  });
});

describe("compileRegex (engine chosen on first match, PCRE2 side compiled again on demand) ≡ PCRE2", () => {
  it("refuses what PCRE2 refuses, at compile time; answers what PCRE2 answers, long subjects included", async () => {
    const { compileRegex, compileUncached } = await import("../../src/regex/compile.js");
    let compared = 0;
    let longOnes = 0;
    fc.assert(
      fc.property(caseArb, ({ pattern, nocase, subjects }) => {
        const opts = resolveOptions({ nocase });
        const exact = tryPcre2(pattern, opts);
        let deferred: ReturnType<typeof compileRegex> | undefined;
        try {
          deferred = compileRegex(pattern, { nocase });
        } catch (e) {
          if (!(e instanceof RegexError)) throw e;
        }
        // Refused at compile time exactly when PCRE2 refuses.
        expect(deferred === undefined, JSON.stringify(pattern)).toBe(exact === undefined);
        if (!exact || !deferred) return;
        expect(deferred.captureCount).toBe(exact.captureCount);
        // Past any V8 bound: the FastRegex's PCRE2 side, compiled again.
        const long = (subjects[0] ?? "a").repeat(1 + Math.ceil(3000 / Math.max(1, (subjects[0] ?? "a").length)));
        for (const subject of [...subjects, long]) {
          const want = exact.run(subject);
          expect(deferred.exec(subject), `${JSON.stringify(pattern)} on ${JSON.stringify(subject.slice(0, 40))}`).toEqual(want.kind === "match" ? want.groups : null);
          compared++;
          if (subject === long) longOnes++;
        }
        const eager = compileUncached(pattern, opts);
        expect(deferred.engine).toBe(eager.engine);
        exact.dispose();
      }),
      { seed: 20261204, numRuns: 1500 },
    );
    expect(compared).toBeGreaterThan(2000);
    expect(longOnes).toBeGreaterThan(300);
  });
});
