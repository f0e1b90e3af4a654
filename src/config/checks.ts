/**
 * What the configuration layer asks of the layers above it while it checks a configuration:
 * whether a regular expression compiles as httpd's PCRE compiles it (section regexes,
 * AliasMatch, SetEnvIf, Header …) and whether an ap_expr condition (`<If "…">`) parses. The
 * layer cannot import the regex or expression engines (they sit above it), so every load names
 * its checks; `check`, `createEngine` and every surface pass the same ones (expr/config-checks.ts),
 * and the same configuration gets the same verdict everywhere.
 */
export interface ConfigChecks {
  /** Does `pattern` compile? */
  regexCompiles(pattern: string, nocase: boolean): boolean;
  /** The parse error of an ap_expr condition, or null when it parses. */
  exprError(source: string, restricted: boolean): string | null;
}

const SHARED_FAILURES = /Unterminated group|Unmatched '\)'|Nothing to repeat|Unterminated character class/;

/**
 * Checks for a reader that runs without the engines (printing, listing): a JavaScript compile
 * stands in, refusing only the structural errors PCRE shares (unbalanced parentheses or
 * brackets, a quantifier with nothing to repeat), so nothing PCRE accepts is refused; conditions
 * are not checked.
 */
export const STRUCTURAL_CHECKS: ConfigChecks = {
  regexCompiles(pattern) {
    try {
      new RegExp(pattern);
      return true;
    } catch (e) {
      return !SHARED_FAILURES.test((e as Error).message);
    }
  },
  exprError() {
    return null;
  },
};
