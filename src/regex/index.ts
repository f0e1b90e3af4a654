/**
 * The regex layer: PCRE patterns exactly as Apache 2.4 compiles and matches them, on V8 where
 * that provably means the same thing and on PCRE2 (WebAssembly) otherwise.
 *
 * Everything here works on byte strings (code units 0–255). Compilation is synchronous.
 */
export type { CompiledRegex, RegexEngine, RegexOptions, RegexRun, ResolvedRegexOptions } from "./types.js";
export { RegexError } from "./errors.js";
export { compileRegex, configureRegexCache, regexCacheSize, resolveOptions } from "./compile.js";
export type { RegexCacheLimits } from "./cache.js";
export {
  APACHE_REGEX_DEFAULTS, applyRegexDefaultOptions, regexOptionsUnder, sameRegexDefaults, type RegexDefaults,
} from "./default-options.js";
