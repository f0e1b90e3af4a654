/**
 * Deliberate differences between htrewrite's regex layer and Apache's PCRE2, each with the
 * reason. The golden test checks that htrewrite still behaves as documented here.
 */
export interface KnownDeviation {
  pattern: string;
  nocase: boolean;
  /** What htrewrite does instead (the error message it throws). */
  htrewriteError: RegExp;
  reason: string;
}

export const KNOWN_DEVIATIONS: KnownDeviation[] = [
  {
    pattern: "(*UTF)a",
    nocase: false,
    htrewriteError: /\(\*UTF\) is not supported by htrewrite/,
    reason:
      "(*UTF) makes Apache's 8-bit PCRE2 validate subjects as UTF-8; the WebAssembly build is 16-bit and would read them as UTF-16, so htrewrite refuses the pattern instead of answering differently.",
  },
  ...[String.raw`(a\1|x/?)/`, String.raw`(x||a\1){2}\{`, String.raw`(?<n>a\k<n>|b)`, String.raw`(a|b\g{-1})c`, String.raw`(?<n>(?P=n)|x)y`].map(
    (pattern): KnownDeviation => ({
      pattern,
      nocase: false,
      htrewriteError: /a group containing a back reference to itself is not supported by htrewrite/,
      reason:
        "PCRE2 10.34 (the WebAssembly build) makes a group that refers to itself atomic; 10.35 removed that, so Apache's 10.42 backtracks into it ((a\\1|x/?)/ matches 'x/' in '/x/'). htrewrite refuses rather than answer differently.",
    }),
  ),
  ...[false, true].flatMap((nocase): KnownDeviation[] => [
    {
      pattern: "(?(DEFINE)(?<foo>bar))(?<![-a-z0-9])word",
      nocase,
      htrewriteError: /a DEFINE group together with a lookbehind is not supported by htrewrite/,
      reason: "PCRE2 10.34 mis-compiles a DEFINE group together with a lookbehind (fixed in 10.38); htrewrite refuses rather than answer differently.",
    },
    ...["a\\K.(?0)*", "a\\K.(?R)?"].map((pattern) => ({
      pattern,
      nocase,
      htrewriteError: /\\K together with a whole-pattern recursion is not supported by htrewrite/,
      reason: "PCRE2 10.34 does not propagate \\K out of a whole-pattern recursion (fixed in 10.36); htrewrite refuses rather than answer differently.",
    })),
  ]),
];
