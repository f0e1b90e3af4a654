/**
 * The regex layer's contract: what every engine (V8 fast path, PCRE2-in-WebAssembly) provides.
 */

/** Compile options; Apache adds DOTALL and DOLLAR_ENDONLY by default (RegexDefaultOptions). */
export interface RegexOptions {
  /** PCRE2_CASELESS, as `[NC]` / `SetEnvIfNoCase` add it. ASCII folding only. Default false. */
  nocase?: boolean;
  /** PCRE2_DOTALL. Default true (Apache's RegexDefaultOptions). */
  dotall?: boolean;
  /** PCRE2_DOLLAR_ENDONLY. Default true (Apache's RegexDefaultOptions). */
  dollarEndOnly?: boolean;
}

/** Options with every default applied. */
export interface ResolvedRegexOptions {
  readonly nocase: boolean;
  readonly dotall: boolean;
  readonly dollarEndOnly: boolean;
}

/** Which engine answered. */
export type RegexEngine = "v8" | "pcre2";

/**
 * The outcome of one match, as pcre2_match reports it:
 * - `match`: captures, [0] is the whole match, `undefined` = group did not participate;
 * - `nomatch`: PCRE2_ERROR_NOMATCH;
 * - `limit`: a match-time error: a resource limit (match, depth, heap, memory) or, for a
 *   `(*UTF)` pattern, a subject that is not valid UTF-8. Apache's ap_regexec returns non-zero,
 *   which every caller (mod_rewrite, SetEnvIf, *Match) reads as "did not match"; a `[!]`
 *   condition therefore counts it as a success.
 */
export type RegexRun =
  | { readonly kind: "match"; readonly groups: (string | undefined)[]; readonly engine: RegexEngine }
  | { readonly kind: "nomatch"; readonly engine: RegexEngine }
  | { readonly kind: "limit"; readonly error: string; readonly engine: RegexEngine };

/** A compiled pattern. Subjects are byte strings (one code unit per byte). */
export interface CompiledRegex {
  /** The pattern as given (byte string). */
  readonly source: string;
  readonly nocase: boolean;
  /** The engine that runs this pattern for ordinary subjects. */
  readonly engine: RegexEngine;
  /** Number of capturing groups (PCRE2_INFO_CAPTURECOUNT). */
  readonly captureCount: number;
  /** captures: [0] whole match; undefined = group did not participate; null when no match (or a limit was hit). */
  exec(subject: string): (string | undefined)[] | null;
  /** True when exec would return captures. */
  test(subject: string): boolean;
  /** The full outcome, including which engine ran and whether a limit was hit. */
  run(subject: string): RegexRun;
}
