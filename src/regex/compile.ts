/**
 * compileRegex: one entry point that picks the engine. A pattern runs on V8 only when its
 * translation provably means the same thing (see v8/); everything else runs on PCRE2.
 */
import { createRegexCache, cacheKey, type RegexCacheLimits } from "./cache.js";
import { RegexError } from "./errors.js";
import { DeferredRegex } from "./deferred-regex.js";
import { compilePcre2, type Pcre2Regex } from "./pcre2/pcre2-regex.js";
import { FastRegex } from "./v8/fast-regex.js";
import { translateToV8 } from "./v8/translate.js";
import type { CompiledRegex, RegexOptions, ResolvedRegexOptions } from "./types.js";

let cache = createRegexCache();

/** Apply Apache's defaults (DOTALL and DOLLAR_ENDONLY on, caseless off). */
export function resolveOptions(opts: RegexOptions = {}): ResolvedRegexOptions {
  return { nocase: opts.nocase ?? false, dotall: opts.dotall ?? true, dollarEndOnly: opts.dollarEndOnly ?? true };
}

function assertByteString(pattern: string): void {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern.charCodeAt(i) > 0xff) throw new RegexError(pattern, "pattern is not a byte string (a code unit is above 0xFF)", i);
  }
}

/** The engine for a pattern PCRE2 accepted: V8 when the translation is provably equivalent. */
function chooseEngine(pattern: string, opts: ResolvedRegexOptions, exact: Pcre2Regex): CompiledRegex {
  const t = translateToV8(pattern, opts, exact.captureCount);
  if (!t.ok) return exact;
  const captureCount = exact.captureCount;
  exact.dispose();
  return new FastRegex(pattern, opts.nocase, t.regexp, t.maxSubjectLength, captureCount, () => compilePcre2(pattern, opts), t.source, t.required);
}

/** DeferredRegex's builder: compile PCRE2 again (the pattern is known valid) and choose. */
function buildEngine(pattern: string, opts: ResolvedRegexOptions): CompiledRegex {
  return chooseEngine(pattern, opts, compilePcre2(pattern, opts));
}

/**
 * Compile without the cache (the caller owns the result and should dispose() it). PCRE2 always
 * compiles the pattern — it is the judge of what Apache accepts — and V8 takes over when the
 * translation is provably equivalent (FastRegex compiles PCRE2 again only for a subject past
 * V8's bound).
 */
export function compileUncached(pattern: string, opts: ResolvedRegexOptions): CompiledRegex {
  assertByteString(pattern);
  return chooseEngine(pattern, opts, compilePcre2(pattern, opts));
}

/**
 * Like compileUncached, but the engine is chosen on the first match (regex/deferred-regex.ts):
 * PCRE2 judges the pattern now, so errors are the same and come at the same time.
 */
export function compileDeferred(pattern: string, opts: ResolvedRegexOptions): CompiledRegex {
  assertByteString(pattern);
  const probe = compilePcre2(pattern, opts);
  const captureCount = probe.captureCount;
  probe.dispose();
  return new DeferredRegex(pattern, opts, captureCount, buildEngine);
}

/**
 * Compile a PCRE pattern (a byte string) as Apache 2.4 does: PCRE2 10.42 8-bit (UTF only by
 * (*UTF)), C-locale tables, DOTALL | DOLLAR_ENDONLY | DUPNAMES, plus CASELESS for `nocase`. Synchronous and cached
 * by pattern and options. Throws RegexError (code HTR_REGEX_COMPILE) when PCRE2 refuses it.
 */
export function compileRegex(pattern: string, opts?: RegexOptions): CompiledRegex {
  const resolved = resolveOptions(opts);
  const key = cacheKey(pattern, resolved);
  const hit = cache.get(key);
  if (hit) return hit;
  const compiled = compileDeferred(pattern, resolved);
  cache.set(key, compiled);
  return compiled;
}

/** Replace the cache (and free every PCRE2 pattern the old one held). */
export function configureRegexCache(limits: RegexCacheLimits): void {
  cache.clear();
  cache = createRegexCache(limits);
}

/** Number of cached compiled patterns. */
export function regexCacheSize(): number {
  return cache.size;
}
