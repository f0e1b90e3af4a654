import { describe, expect, it } from "vitest";
import { cacheKey, createRegexCache } from "../../src/regex/cache.js";
import { compileUncached, resolveOptions } from "../../src/regex/compile.js";
import { compileRegex, configureRegexCache, regexCacheSize } from "../../src/regex/index.js";
import { pcre2Runtime } from "../../src/regex/pcre2/module-file.js";

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

  it("stays within its entry bound, and an evicted pattern still held by a rule keeps working", () => {
    const cache = createRegexCache({ maxEntries: 5 });
    const held = compileUncached("^/evict-held/(.*)$", resolveOptions());
    cache.set("held", held);
    for (let i = 0; i < 50; i++) {
      const p = `^/evict-${i}/(.*)$`;
      cache.set(p, compileUncached(p, resolveOptions()));
    }
    expect(cache.size).toBe(5);
    expect(cache.has("held")).toBe(false);
    // Regression: eviction used to free the WebAssembly memory of patterns compiled rules still use.
    expect(held.exec("/evict-held/x")).toEqual(["/evict-held/x", "x"]);
    cache.clear();
  });

  it("frees WebAssembly memory on an explicit dispose by the sole owner", () => {
    const rt = pcre2Runtime();
    const before = rt.live;
    const owned = compileUncached("(?>a+)b", resolveOptions());
    expect(rt.live - before).toBeGreaterThanOrEqual(owned.engine === "pcre2" ? 1 : 0);
    (owned as Partial<{ dispose(): void }>).dispose?.();
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
