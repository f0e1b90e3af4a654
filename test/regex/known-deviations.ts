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
];
