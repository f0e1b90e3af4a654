/**
 * The one place mod_rewrite compiles regular expressions: PCRE semantics (DOTALL, DOLLAR_ENDONLY,
 * bytes, ASCII-only case folding, spec §11) are the regex layer's job.
 */
import { compileRegex, regexOptionsUnder, type RegexDefaults } from "../regex/index.js";
import type { CompiledPattern } from "./types.js";

/**
 * Compile `source` ([NC] as `nocase`) under the RegexDefaultOptions in force where its
 * directive stands (Apache's DOTALL | DOLLAR_ENDONLY when absent); null when PCRE would refuse
 * it (the caller words Apache's error).
 */
export function compilePattern(source: string, nocase: boolean, defaults?: RegexDefaults): CompiledPattern | null {
  try {
    return compileRegex(source, regexOptionsUnder(defaults, nocase));
  } catch {
    return null;
  }
}
