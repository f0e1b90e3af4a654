/**
 * Property: wherever the V8 fast path accepts a pattern, it answers exactly what PCRE2 answers
 * (captures, unset groups, no match) — on generated patterns and byte subjects.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveOptions } from "../../src/regex/compile.js";
import { RegexError } from "../../src/regex/errors.js";
import { compilePcre2, type Pcre2Regex } from "../../src/regex/pcre2/pcre2-regex.js";
import { translateToV8 } from "../../src/regex/v8/translate.js";
import { caseArb } from "./generators.js";

function tryPcre2(pattern: string, nocase: boolean): Pcre2Regex | undefined {
  try {
    return compilePcre2(pattern, resolveOptions({ nocase }));
  } catch (e) {
    if (e instanceof RegexError) return undefined;
    throw e;
  }
}

describe("V8 fast path ≡ PCRE2", () => {
  it("agrees on generated patterns and subjects", () => {
    let accepted = 0;
    let compared = 0;
    fc.assert(
      fc.property(caseArb, ({ pattern, nocase, subjects }) => {
        const exact = tryPcre2(pattern, nocase);
        if (!exact) return;
        const t = translateToV8(pattern, resolveOptions({ nocase }), exact.captureCount);
        if (t.ok) {
          accepted++;
          for (const subject of subjects) {
            if (subject.length > t.maxSubjectLength) continue;
            compared++;
            const pcre = exact.run(subject);
            const want = pcre.kind === "match" ? pcre.groups : null;
            const m = t.regexp.exec(subject);
            const got = m === null ? null : Array.from(m);
            expect(got, `${JSON.stringify(pattern)}${nocase ? " [NC]" : ""} → /${t.source}/ on ${JSON.stringify(subject)}`).toEqual(want);
          }
        }
        exact.dispose();
      }),
      { seed: 20261123, numRuns: 3000 },
    );
    // The property must have had something to check.
    expect(accepted).toBeGreaterThan(300);
    expect(compared).toBeGreaterThan(1500);
  });
});
