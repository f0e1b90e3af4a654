/**
 * Compiled patterns, cached by pattern and options. Configs repeat patterns (the same
 * `^(.*)$` in many rules, every .htaccess re-read per request) and PCRE2 compilation is the
 * expensive part, so compiled regexes are shared. Bounded in entries and in an estimate of the
 * WebAssembly memory they hold. Eviction only drops the cache's reference: compiled rules may
 * still hold the pattern (a 10,000-rule configuration compiles more patterns than the cache
 * keeps), so a PCRE2 pattern frees its WebAssembly memory when it becomes unreachable
 * (FinalizationRegistry in pcre2-regex.ts), or on an explicit dispose() by its sole owner.
 */
import { LRUCache } from "lru-cache";
import type { CompiledRegex, ResolvedRegexOptions } from "./types.js";

/** Something that may hold memory outside the JavaScript heap. */
export interface Disposable {
  dispose(): void;
}

function isDisposable(x: unknown): x is Disposable {
  return typeof (x as Partial<Disposable>).dispose === "function";
}

/** Cache key: options first (fixed width) so that patterns never collide with them. */
export function cacheKey(pattern: string, opts: ResolvedRegexOptions): string {
  return `${opts.nocase ? "i" : "-"}${opts.dotall ? "s" : "-"}${opts.dollarEndOnly ? "D" : "-"}${pattern}`;
}

/** Rough cost of an entry in bytes: PCRE2's compiled code is a few units per pattern byte. */
function entrySize(value: CompiledRegex): number {
  // Asked of the object, not of `engine`: reading a deferred regex's engine would choose it.
  const wasm = isDisposable(value) ? 256 + 8 * value.source.length : 0;
  return 64 + 2 * value.source.length + wasm;
}

export interface RegexCacheLimits {
  /** Most entries kept. Default 10,000. */
  maxEntries?: number;
  /** Most estimated bytes kept. Default 64 MiB. */
  maxBytes?: number;
}

export function createRegexCache(limits: RegexCacheLimits = {}): LRUCache<string, CompiledRegex> {
  return new LRUCache<string, CompiledRegex>({
    max: limits.maxEntries ?? 10_000,
    maxSize: limits.maxBytes ?? 64 * 1024 * 1024,
    sizeCalculation: entrySize,
  });
}
