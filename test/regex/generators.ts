/**
 * fast-check generators for PCRE patterns (from a grammar covering the fast path's subset, the
 * traps around it and PCRE-only syntax) and for byte-string subjects over an alphabet that
 * exercises those traps (newlines, \v, 0x85, 0xA0, Latin-1 letters in both cases, word chars).
 */
import fc from "fast-check";

/** Bytes subjects are made of: ASCII letters in both cases, digits, separators and trap bytes. */
export const SUBJECT_BYTES = ["a", "b", "A", "B", "k", "0", "1", "_", "-", "/", ".", " ", "\n", "\r", "\x0b", "\x85", "\xa0", "\xe9", "\xc9", "\xff", "\x00", "\\", "x", "{", "}", ","];

export const subjectArb: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...SUBJECT_BYTES), { maxLength: 12 })
  .map((parts) => parts.join(""));

const literal = fc.constantFrom("a", "b", "A", "k", "0", "_", "-", "/", "x", "\xe9", "\xc9", "\xff", "\xa0", ",", "}");
const escaped = fc.constantFrom("\\.", "\\/", "\\-", "\\n", "\\r", "\\t", "\\x41", "\\xe9", "\\x{c9}", "\\x0b", "\\x85", "\\0", "\\012", "\\\\", "\\{", "\\e", "\\cA", "\\o{101}");
const classEscape = fc.constantFrom("\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\h", "\\H", "\\v", "\\V", "\\N", ".");
const posix = fc.constantFrom("[:alpha:]", "[:digit:]", "[:space:]", "[:^alpha:]", "[:word:]", "[:upper:]", "[:lower:]", "[:punct:]", "[:blank:]", "[:xdigit:]");
const classMember = fc.oneof(
  fc.constantFrom("a", "b", "A", "z", "0", "9", "_", "-", ".", "\xe9", "\xc9", "\\n", "\\x0b", "\\xa0", "\\]", "\\\\", "\\b", "\\x85"),
  fc.constantFrom("a-z", "A-Z", "0-9", "\\x80-\\xff", "\\x00-\\x1f", "\xc0-\xde", "k-m", "\\x41-\\x5a"),
  fc.constantFrom("\\d", "\\w", "\\s", "\\W", "\\S", "\\h", "\\v"),
  posix.map((p) => `[${p}]`),
);
const charClass = fc
  .tuple(fc.boolean(), fc.boolean(), fc.array(classMember, { minLength: 1, maxLength: 4 }))
  .map(([neg, closeFirst, members]) => `[${neg ? "^" : ""}${closeFirst ? "]" : ""}${members.join("")}]`);
const anchor = fc.constantFrom("^", "$", "\\A", "\\z", "\\Z", "\\b", "\\B", "\\G");
const quantifier = fc.constantFrom("*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}", "*?", "+?", "??", "{1,2}?", "{,2}", "*+", "++");
const pcreOnly = fc.constantFrom(
  "(?>a+)", "\\K", "(?|(a)|(b))", "a(?(1)b|c)", "\\R", "(*FAIL)", "(?=a\\K)", "\\X", "\\p{L}", "(?m)", "(?x)", "(?U)",
  "(?1)", "(?R)?", "(?&n)", "(?(<n>)a|b)", "(?(R)a|b)", "(*ACCEPT)", "(*COMMIT)", "(*SKIP)", "(*PRUNE)", "(*THEN)", "(*MARK:m)",
  "a++", "a?+", "[Ww]{2}", "[aA]+", "{65536", "\\C", "(*napla:a)", "(?(DEFINE)(?<d>a))", "(?J)", "(?n)", "(?-m)", "(?xx)",
);

const { pattern: patternArb } = fc.letrec<{ pattern: string; alternation: string; sequence: string; item: string; atom: string; group: string }>((tie) => ({
  pattern: tie("alternation"),
  alternation: fc.array(tie("sequence"), { minLength: 1, maxLength: 3 }).map((b) => b.join("|")),
  sequence: fc.array(tie("item"), { minLength: 0, maxLength: 4 }).map((items) => items.join("")),
  item: fc.oneof(
    { weight: 3, arbitrary: tie("atom") },
    { weight: 2, arbitrary: fc.tuple(tie("atom"), quantifier).map(([a, q]) => a + q) },
    { weight: 1, arbitrary: anchor },
    { weight: 1, arbitrary: fc.constantFrom("\\1", "\\2", "\\k<n>", "(?P=n)", "\\g{-1}", "(?i)", "(?-i)", "(?s)", "(?-s)", "(?#c)", "\\Qa.\\E", "\\E") },
    { weight: 1, arbitrary: pcreOnly },
  ),
  atom: fc.oneof(
    { weight: 4, arbitrary: literal },
    { weight: 2, arbitrary: escaped },
    { weight: 2, arbitrary: classEscape },
    { weight: 2, arbitrary: charClass },
    { weight: 3, arbitrary: tie("group"), depthSize: "small" },
  ),
  group: fc
    .tuple(fc.constantFrom("(", "(?:", "(?<n>", "(?'m'", "(?P<n>", "(?=", "(?!", "(?<=", "(?<!", "(?i:", "(?-i:"), tie("alternation"))
    .map(([open, body]) => `${open}${body})`),
}));

export { patternArb };

/** A pattern with a handful of subjects, some built from the pattern's own literal bytes. */
export const caseArb = fc.record({
  pattern: patternArb,
  nocase: fc.boolean(),
  subjects: fc.array(subjectArb, { minLength: 4, maxLength: 8 }),
});

/**
 * Long subjects (up to a few hundred bytes) made of repeated fragments, so that work bounds,
 * the PCRE2 fallback and the required-literal prefilter are exercised, not just short strings.
 */
export const longSubjectArb: fc.Arbitrary<string> = fc
  .tuple(subjectArb, fc.integer({ min: 5, max: 60 }), subjectArb)
  .map(([fragment, times, tail]) => (fragment || "a").repeat(times).slice(0, 400) + tail);

export const longCaseArb = fc.record({
  pattern: patternArb,
  nocase: fc.boolean(),
  subjects: fc.array(longSubjectArb, { minLength: 2, maxLength: 4 }),
});

/**
 * Unicode: patterns under (*UTF) / (*UCP) with properties and code points beyond a byte, and
 * subjects of UTF-8 characters mixed with invalid UTF-8 (a truncated sequence, a stray
 * continuation byte, an overlong form, a surrogate, 0xFF) — what Apache's library, built with
 * Unicode support, sees when a configuration asks for it.
 */
const UTF8_PIECES = ["a", "A", "1", "/", " ", "\n", "caf\xc3\xa9", "\xc3\x89", "\xce\xa9", "\xcf\x89", "\xe2\x82\xac", "\xe6\x97\xa5", "e\xcc\x81", "\xe2\x80\xa8", "\xc3", "\x80", "\xc0\xaf", "\xed\xa0\x80", "\xff", "\xe9"];
const unicodeSubjectArb: fc.Arbitrary<string> = fc.array(fc.constantFrom(...UTF8_PIECES), { maxLength: 6 }).map((p) => p.join(""));
const unicodeAtom = fc.constantFrom(
  "\\p{L}", "\\p{Lu}", "\\p{Ll}", "\\P{L}", "\\p{Greek}", "\\p{Han}", "\\p{Latin}", "\\p{N}", "\\p{Zs}", "\\p{Xan}", "\\p{Xwd}", "\\X", ".", "\\w", "\\W",
  "\\b", "\\s", "\\d", "[[:alpha:]]", "[^\\x00-\\x7f]", "\\x{e9}", "\\x{c9}", "\\x{3a9}", "\\x{20ac}", "[\\x{100}-\\x{10ffff}]", "\xc3\xa9", "\xce\xa9", "\\C", "\\R", "\\h",
  "(?i)\\x{3c9}", "\\N{U+20AC}", "\\x{110000}", "\xc3", "a", "/",
);
export const unicodeCaseArb = fc.record({
  pattern: fc
    .tuple(
      fc.constantFrom("(*UTF)", "(*UCP)", "(*UTF)(*UCP)", "(*UTF)(*NO_START_OPT)", ""),
      fc.array(fc.oneof(unicodeAtom, fc.tuple(unicodeAtom, quantifier).map(([a, q]) => a + q)), { minLength: 1, maxLength: 4 }),
      fc.option(patternArb, { nil: "" }),
    )
    .map(([prefix, atoms, rest]) => prefix + atoms.join("") + rest),
  nocase: fc.boolean(),
  subjects: fc.array(unicodeSubjectArb, { minLength: 4, maxLength: 8 }),
});
