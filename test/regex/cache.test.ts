import { describe, expect, it } from "vitest";
import { cacheKey, createRegexCache } from "../../src/regex/cache.js";
import { compileUncached, resolveOptions } from "../../src/regex/compile.js";
import { compileRegex, configureRegexCache, regexCacheSize } from "../../src/regex/index.js";
import { pcre2Runtime } from "../../src/regex/pcre2/runtime.js";

describe("regex cache", () => {
  it("returns the same compiled regex for the same pattern and options", () => {
    expect(compileRegex("^/cache-a/(.*)$")).toBe(compileRegex("^/cache-a/(.*)$"));
    expect(compileRegex("^/cache-a/(.*)$", { nocase: true })).not.toBe(compileRegex("^/cache-a/(.*)$"));
  });

  it("keys never collide between options and pattern text", () => {
    const a = cacheKey("x", resolveOptions({ nocase: true }));
    const b = cacheKey("x", resolveOptions());
    const keys = new Set([a, b, cacheKey("ix", resolveOptions()), cacheKey("-x", resolveOptions())]);
    expect(keys.size).toBe(4);
  });

  it("frees WebAssembly memory of evicted patterns and stays within its entry bound", () => {
    const rt = pcre2Runtime();
    const cache = createRegexCache({ maxEntries: 5 });
    const before = rt.live;
    for (let i = 0; i < 50; i++) {
      const p = `^/evict-${i}/(.*)$`;
      cache.set(p, compileUncached(p, resolveOptions()));
    }
    expect(cache.size).toBe(5);
    expect(rt.live - before).toBe(5);
    cache.clear();
    expect(rt.live).toBe(before);
  });

  it("bounds the estimated bytes held", () => {
    const cache = createRegexCache({ maxBytes: 4096 });
    for (let i = 0; i < 100; i++) {
      const p = `^/bytes-${i}/` + "x".repeat(50);
      cache.set(p, compileUncached(p, resolveOptions()));
    }
    expect(cache.calculatedSize).toBeLessThanOrEqual(4096);
    expect(cache.size).toBeLessThan(100);
    cache.clear();
  });

  it("refuses patterns that are not byte strings", () => {
    expect(() => compileRegex("caf\u20ac")).toThrow(expect.objectContaining({ code: "HTR_REGEX_COMPILE", offset: 3 }));
  });

  it("can be reconfigured, releasing what it held", () => {
    compileRegex("^/reconf$");
    configureRegexCache({ maxEntries: 100 });
    expect(regexCacheSize()).toBe(0);
    compileRegex("^/reconf$");
    expect(regexCacheSize()).toBe(1);
  });
});
