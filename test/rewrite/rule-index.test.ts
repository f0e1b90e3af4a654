/**
 * The rule index must never change which rules match, or in which order: indexed and plain
 * loops are compared on generated rule sets (patterns from a PCRE grammar, [NC], negation,
 * chains, [S=n], [N], [L], failing conditions, subrequests) and subjects, with the regex layer's
 * compiled patterns as the judge of what matches.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRegex } from "../../src/regex/index.js";
import { defaultRuleFlags } from "../../src/rewrite/flags.js";
import { MIN_FILTERED_HEADS, RuleIndex, ruleFilter, ruleIndexFor, type RuleFilter } from "../../src/rewrite/rule-index.js";
import type { CompiledRule, RuleFlags } from "../../src/rewrite/types.js";

interface RuleSpec {
  pattern: string;
  negate: boolean;
  nocase: boolean;
  chain: boolean;
  skip: number;
  last: boolean;
  next: boolean;
  noSubreq: boolean;
  redirect: boolean;
  /** The conditions fail (the pattern matched but the rule does not apply). */
  conditionsFail: boolean;
  /** New subject when the rule applies, or null for `-`. */
  substitution: string | null;
}

function makeRule(spec: RuleSpec): CompiledRule {
  const flags: RuleFlags = {
    ...defaultRuleFlags(),
    nocase: spec.nocase,
    chain: spec.chain,
    skip: spec.skip,
    last: spec.last,
    next: spec.next,
    maxRounds: 4,
    noSubreq: spec.noSubreq,
    redirect: spec.redirect,
    noSubstitution: spec.substitution === null,
  };
  return {
    pattern: spec.pattern,
    negate: spec.negate,
    regex: compileRegex(spec.pattern, { nocase: spec.nocase }),
    substitution: spec.substitution ?? "-",
    flags,
    conditions: [],
    flagText: null,
    pos: null,
  };
}

/**
 * The control flow of applyRuleList (ruleset.ts) over a model of rule application: the list of
 * rules that applied, in order, and the final subject.
 */
function runLoop(specs: readonly RuleSpec[], rules: readonly CompiledRule[], start: string, index: RuleIndex | null, subreq: boolean) {
  const applied: number[] = [];
  let subject = start;
  let round = 1;
  let visited = 0;
  restart: for (;;) {
    for (let i = 0; i < rules.length; i++) {
      if (index !== null && (i = index.next(i, subject)) >= rules.length) break;
      visited++;
      let rule = rules[i];
      if (subreq && (rule.flags.noSubreq || rule.flags.redirect)) continue;
      const matched = (rule.regex.exec(subject) !== null) !== rule.negate && !specs[i].conditionsFail;
      if (!matched) {
        while (i < rules.length && rule.flags.chain) rule = rules[++i];
        continue;
      }
      applied.push(i);
      if (specs[i].substitution !== null) subject = specs[i].substitution as string;
      if (rule.flags.last) break restart;
      if (rule.flags.next) {
        if (++round >= rule.flags.maxRounds) return { applied, subject, status: 500, visited };
        continue restart;
      }
      if (rule.flags.skip > 0) i = Math.min(rules.length, i + rule.flags.skip);
    }
    break;
  }
  return { applied, subject, status: 200, visited };
}

// Pattern grammar: atoms the scanner reads as literals, atoms it must stop at, groups,
// alternatives, quantifiers and options that change what literals mean.
const ALPHABET = ["a", "b", "A", "B", "/", "-", "x", "\xe9", "\xc9"];
const literal = fc.constantFrom(...ALPHABET, "\\.", "\\/", "\\-", ".", "\\d", "\\w", "\\x41", "\\b", "[ab]", "[^/]", "[]a]", "[[:alpha:]]", "$");
const quantifier = fc.constantFrom("", "", "", "?", "*", "+", "{0,2}", "{2}", "{1,}", "??", "*+", "{,1}", "{x");
const atom: fc.Arbitrary<string> = fc.letrec<{ atom: string; seq: string }>((tie) => ({
  atom: fc.oneof(
    { weight: 6, arbitrary: literal },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom("(", "(?:", "(?>", "(?=", "(?!", "(?<=", "(?i)(?:", "(?i:"), fc.array(tie("seq"), { minLength: 1, maxLength: 3 }))
        .map(([open, alts]) => open + alts.join("|") + ")"),
    },
  ),
  seq: fc.array(fc.tuple(tie("atom"), quantifier).map(([a, q]) => a + q), { maxLength: 4 }).map((xs) => xs.join("")),
})).seq;
const alternative = fc.tuple(fc.constantFrom("", "^", "^", "\\A", "(?i)", "\\Q/a\\E"), atom).map(([a, b]) => a + b);
const pattern = fc
  .array(alternative, { minLength: 1, maxLength: 3 })
  .map((alts) => alts.join("|"))
  .filter((p) => {
    try {
      compileRegex(p);
      compileRegex(p, { nocase: true });
      return true;
    } catch {
      return false;
    }
  });

const subjectText = fc.array(fc.constantFrom(...ALPHABET, "1", ".", "\n"), { maxLength: 8 }).map((xs) => xs.join(""));

const ruleSpec = fc.record<RuleSpec>({
  pattern,
  negate: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  nocase: fc.boolean(),
  chain: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  skip: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }),
  last: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  next: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  noSubreq: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  redirect: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  conditionsFail: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  substitution: fc.option(subjectText, { nil: null }),
});

describe("rule index: indexed loop ≡ plain loop", () => {
  it("same rules apply, in the same order, with the same final subject and status", () => {
    fc.assert(
      fc.property(fc.array(ruleSpec, { minLength: 1, maxLength: 12 }), fc.array(subjectText, { minLength: 1, maxLength: 4 }), fc.boolean(), (specs, subjects, subreq) => {
        const rules = specs.map(makeRule);
        const index = new RuleIndex(rules);
        // Subjects made of the rules' own literals, so matches are common.
        const probes = [...subjects, ...specs.map((s) => s.pattern.replace(/[\\^$()[\]|?*+{}]/g, ""))];
        for (const subject of probes) {
          const plain = runLoop(specs, rules, subject, null, subreq);
          const indexed = runLoop(specs, rules, subject, index, subreq);
          expect({ applied: indexed.applied, subject: indexed.subject, status: indexed.status }).toEqual({
            applied: plain.applied,
            subject: plain.subject,
            status: plain.status,
          });
          expect(indexed.visited).toBeLessThanOrEqual(plain.visited);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("a filter never rejects a subject its pattern matches", () => {
    fc.assert(
      fc.property(pattern, fc.boolean(), subjectText, (p, nocase, subject) => {
        const f = ruleFilter(p, false, nocase);
        if (compileRegex(p, { nocase }).exec(subject) !== null) expect(passes(f, subject)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

/** Reference reading of a filter, independent of the index's tables. */
function passes(f: RuleFilter, subject: string): boolean {
  const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  if (f.kind === "always") return true;
  const s = f.nocase ? fold(subject) : subject;
  if (f.kind === "prefix") return f.prefixes.some((p) => s.startsWith(p));
  return s.includes(f.literal);
}

describe("rule filters", () => {
  const table: Array<[pattern: string, nocase: boolean, expected: RuleFilter]> = [
    ["^/old/page1$", false, { kind: "prefix", prefixes: ["/old/page1"], nocase: false }],
    ["^/Old/Page$", true, { kind: "prefix", prefixes: ["/old/page"], nocase: true }],
    ["^/a\\.b\\/c", false, { kind: "prefix", prefixes: ["/a.b/c"], nocase: false }],
    ["\\A/x/", false, { kind: "prefix", prefixes: ["/x/"], nocase: false }],
    // A quantified byte is not required: the prefix stops before it.
    ["^/colou?r", false, { kind: "prefix", prefixes: ["/colo"], nocase: false }],
    ["^/ab*c", false, { kind: "prefix", prefixes: ["/a"], nocase: false }],
    ["^/ab+c", false, { kind: "prefix", prefixes: ["/ab"], nocase: false }],
    ["^/a{2}", false, { kind: "prefix", prefixes: ["/"], nocase: false }],
    // Anchored alternatives, as a group or at the top level.
    ["^/(wp-admin|wp-includes)/", false, { kind: "prefix", prefixes: ["/wp-admin", "/wp-includes"], nocase: false }],
    ["^(?:/a|/b(?:x|y))", false, { kind: "prefix", prefixes: ["/a", "/bx", "/by"], nocase: false }],
    ["^/a|^/b", false, { kind: "prefix", prefixes: ["/a", "/b"], nocase: false }],
    // Unanchored: the longest required literal at the top level.
    ["\\.php$", false, { kind: "substring", literal: ".php", nocase: false }],
    ["^[^/]+/index\\.html$", false, { kind: "substring", literal: "/index.html", nocase: false }],
    ["(foo|bar)/baz", false, { kind: "substring", literal: "/baz", nocase: false }],
    ["^(.*)/feed/(rss|atom)$", false, { kind: "substring", literal: "/feed/", nocase: false }],
    ["Admin", true, { kind: "substring", literal: "admin", nocase: true }],
    // Nothing required, or nothing the scanner may claim.
    ["^/a|b", false, { kind: "always" }],
    ["^(a)?x", false, { kind: "substring", literal: "x", nocase: false }],
    ["^(a)?.", false, { kind: "always" }],
    ["^/(a)?x", false, { kind: "prefix", prefixes: ["/"], nocase: false }],
    ["^(/a|)", false, { kind: "always" }],
    ["(?i)^/abc", false, { kind: "always" }],
    ["^/a(?i)bc", false, { kind: "always" }],
    ["^\\Q/a\\E", false, { kind: "always" }],
    ["^(?<n>/a)", false, { kind: "always" }],
    ["^.*$", false, { kind: "always" }],
    ["^$", false, { kind: "always" }],
    ["^\\x2f", false, { kind: "always" }],
    ["\\x41bc\\d{2}", false, { kind: "substring", literal: "bc", nocase: false }],
    ["^\\cA/x", false, { kind: "substring", literal: "/x", nocase: false }],
    // Bytes ≥ 0x80 are never part of a case-insensitive literal.
    ["^\xe9t\xe9", true, { kind: "substring", literal: "t", nocase: true }],
    ["^/\xe9t\xe9", true, { kind: "prefix", prefixes: ["/"], nocase: true }],
    ["^/\xe9t\xe9", false, { kind: "prefix", prefixes: ["/\xe9t\xe9"], nocase: false }],
  ];
  it.each(table)("%j (nocase %s)", (p, nocase, expected) => {
    expect(ruleFilter(p, false, nocase)).toEqual(expected);
  });

  it("a negated pattern is always a candidate", () => {
    expect(ruleFilter("^/old", true, false)).toEqual({ kind: "always" });
  });
});

function spec(pattern: string, extra: Partial<RuleSpec> = {}): RuleSpec {
  return { pattern, negate: false, nocase: false, chain: false, skip: 0, last: false, next: false, noSubreq: false, redirect: false, conditionsFail: false, substitution: "/t", ...extra };
}

describe("RuleIndex", () => {
  const redirects = Array.from({ length: 1000 }, (_, i) => spec(`^/old/p${i}$`, { last: true }));
  const rules = redirects.map(makeRule);
  const index = new RuleIndex(rules);

  it("offers only the rules whose prefix the subject has", () => {
    expect([...index.candidates("/old/p123")]).toEqual([1, 12, 123]);
    expect(index.next(0, "/old/p123")).toBe(1);
    expect(index.next(13, "/old/p123")).toBe(123);
    expect(index.next(124, "/old/p123")).toBe(1000);
    expect(index.next(0, "/new/p1")).toBe(1000);
  });

  it("visits chain members and stops at always-candidates", () => {
    const mixed = [spec("^/a", { chain: true }), spec("^/b"), spec("^/c"), spec("."), spec("^/d"), spec("^/e")].map(makeRule);
    const ix = new RuleIndex(mixed);
    expect(ix.next(0, "/z")).toBe(3);
    expect(ix.next(1, "/z")).toBe(1); // a chain member is always tried when reached
    expect(ix.next(4, "/z")).toBe(6);
    expect(ix.next(0, "/d")).toBe(3);
    expect(ix.next(4, "/d")).toBe(4);
  });

  it("keeps chained heads a subrequest skips without chain semantics", () => {
    const ix = new RuleIndex([spec("^/a", { chain: true, noSubreq: true }), spec("^/b"), spec("^/c"), spec("^/d"), spec("^/e"), spec("^/f")].map(makeRule));
    expect(ix.next(0, "/b")).toBe(0);
  });

  it("case-insensitive rules compare ASCII-folded subjects", () => {
    const ix = new RuleIndex(["^/Abc", "^/x", "^/y", "^/z"].map((p) => makeRule(spec(p, { nocase: true }))));
    expect(ix.next(0, "/aBC/d")).toBe(0);
    expect(ix.next(0, "/ab")).toBe(4);
  });

  it("is built on a list's second pass and only when it can reject enough heads", () => {
    const list = redirects.slice(0, 10).map(makeRule);
    expect(ruleIndexFor(list)).toBeNull();
    expect(ruleIndexFor(list)).toBeInstanceOf(RuleIndex);
    expect(ruleIndexFor(list)).toBe(ruleIndexFor(list));
    const few = Array.from({ length: MIN_FILTERED_HEADS - 1 }, (_, i) => makeRule(spec(`^/p${i}`)));
    ruleIndexFor(few);
    expect(ruleIndexFor(few)).toBeNull();
  });
});
