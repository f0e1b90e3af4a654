/**
 * Both engines against pcre2test's recorded answers for the regex corpus (real-world .htaccess
 * patterns and every known trap). The PCRE2 engine must agree on every pattern; the V8 fast
 * path must agree wherever it accepts a pattern.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileUncached, resolveOptions } from "../../src/regex/compile.js";
import { RegexError } from "../../src/regex/errors.js";
import { compilePcre2 } from "../../src/regex/pcre2/pcre2-regex.js";
import type { CompiledRegex, RegexRun } from "../../src/regex/types.js";
import { GOLDEN_CORPUS, type GoldenHeader, type GoldenPattern, type GoldenResult } from "./golden-format.js";

const [headerLine, ...patternLines] = readFileSync(GOLDEN_CORPUS, "latin1").trimEnd().split("\n");
const header = JSON.parse(headerLine) as GoldenHeader;
const records = patternLines.map((l) => JSON.parse(l) as GoldenPattern);

function asGolden(run: RegexRun): GoldenResult {
  if (run.kind === "match") return run.groups.map((g) => g ?? null);
  return run.kind === "limit" ? "limit" : null;
}

const show = (s: string): string => JSON.stringify(s).replace(/[\u0080-\u00ff]/g, (c) => `\\x${c.charCodeAt(0).toString(16)}`);

function check(rec: GoldenPattern, compile: () => CompiledRegex): void {
  if (rec.error) {
    let err: unknown;
    try {
      compile();
    } catch (e) {
      err = e;
    }
    expect(err, `Apache refuses ${show(rec.pattern)}: ${rec.error.message}`).toBeInstanceOf(RegexError);
    expect({ message: (err as RegexError).pcreMessage, offset: (err as RegexError).offset }).toEqual(rec.error);
    return;
  }
  const re = compile();
  const subjects = [...header.subjects, ...rec.subjects];
  const mismatches: string[] = [];
  subjects.forEach((subject, i) => {
    const got = asGolden(re.run(subject));
    const want = rec.results[i];
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      mismatches.push(`${show(rec.pattern)}${rec.nocase ? " [NC]" : ""} on ${show(subject)}: Apache ${JSON.stringify(want)}, htrewrite (${re.engine}) ${JSON.stringify(got)}`);
    }
  });
  expect(mismatches).toEqual([]);
  (re as Partial<{ dispose(): void }>).dispose?.();
}

describe(`regex corpus vs ${header.oracle}`, () => {
  it("has the corpus recorded", () => {
    expect(records.length).toBeGreaterThan(400);
  });

  describe("PCRE2 (WebAssembly) engine", () => {
    it.each(records.map((r) => [`${r.source}: ${show(r.pattern)}${r.nocase ? " [NC]" : ""}`, r] as const))("%s", (_name, rec) => {
      check(rec, () => compilePcre2(rec.pattern, resolveOptions({ nocase: rec.nocase })));
    });
  });

  describe("engine chosen by compileRegex", () => {
    it.each(records.map((r) => [`${r.source}: ${show(r.pattern)}${r.nocase ? " [NC]" : ""}`, r] as const))("%s", (_name, rec) => {
      check(rec, () => compileUncached(rec.pattern, resolveOptions({ nocase: rec.nocase })));
    });
  });
});
