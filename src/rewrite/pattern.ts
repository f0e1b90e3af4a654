/**
 * The one place mod_rewrite compiles regular expressions: PCRE semantics (DOTALL, DOLLAR_ENDONLY,
 * bytes, ASCII-only case folding, spec §11) are the regex layer's job.
 */
import { compileRegex } from "../regex/index.js";
import type { CompiledPattern } from "./types.js";

/** Compile `source`; null when PCRE would refuse it (the caller words Apache's error). */
export function compilePattern(source: string, nocase: boolean): CompiledPattern | null {
  try {
    return compileRegex(source, { nocase });
  } catch {
    return null;
  }
}
