/**
 * Whether a regular expression in a directive (section regexes, AliasMatch, SetEnvIf,
 * WSGIScriptAliasMatch …) compiles as httpd's PCRE would compile it.
 *
 * The PCRE engine is the regex layer's; the configuration layer does not depend on it. A
 * surface that has it (the CLI, the server loader) installs it with {@link setRegexCompileCheck}.
 * Until then a JavaScript compile stands in, refusing only the structural errors PCRE shares
 * (unbalanced parentheses or brackets, a quantifier with nothing to repeat): PCRE-only syntax
 * such as `(?i)` or `a*+` is accepted rather than wrongly refused.
 */
export type RegexCompileCheck = (pattern: string, nocase: boolean) => boolean;

const SHARED_FAILURES = /Unterminated group|Unmatched '\)'|Nothing to repeat|Unterminated character class/;

function javascriptStandIn(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch (e) {
    return !SHARED_FAILURES.test((e as Error).message);
  }
}

let check: RegexCompileCheck = (p) => javascriptStandIn(p);

/** Install the PCRE compile check (the regex layer's compiler). */
export function setRegexCompileCheck(fn: RegexCompileCheck): void {
  check = fn;
}

/** Does `pattern` compile (as a PCRE pattern with httpd's options)? */
export function regexCompiles(pattern: string, nocase = false): boolean {
  return check(pattern, nocase);
}
