import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HeavyHitters } from "../../src/replay/sketch.js";
import { DistinctCounter } from "../../src/replay/distinct.js";

describe("heavy-hitters sketch", () => {
  it("never overestimates and underestimates by at most errorBound ≤ N/(k+1), merged or not", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 300 }), { minLength: 1, maxLength: 4 }), (k, shards) => {
        const truth = new Map<string, number>();
        const sketches = shards.map((keys) => {
          const s = new HeavyHitters(k);
          for (const key of keys) {
            s.add(String(key));
            truth.set(String(key), (truth.get(String(key)) ?? 0) + 1);
          }
          return s;
        });
        const merged = sketches.reduce((a, b) => a.merge(b));
        const n = shards.reduce((t, s) => t + s.length, 0);
        expect(merged.total).toBe(n);
        expect(merged.errorBound).toBeLessThanOrEqual(n / (k + 1));
        for (const [key, c] of truth) {
          expect(merged.estimate(key)).toBeLessThanOrEqual(c);
          expect(c - merged.estimate(key)).toBeLessThanOrEqual(merged.errorBound);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("is exact while at most 2k keys are seen", () => {
    const s = new HeavyHitters(3);
    for (const k of "aabbbcdddddeef") s.add(k);
    expect(s.errorBound).toBe(0);
    expect(s.top(2)).toEqual([["d", 5], ["b", 3]]);
  });
});

describe("distinct counter", () => {
  it("is exact up to its limit and within 5% beyond", () => {
    const d = new DistinctCounter();
    for (let i = 0; i < 1000; i++) d.add(`~user${i % 700}`);
    expect(d.isExact).toBe(true);
    expect(d.count()).toBe(700);
    const e = new DistinctCounter();
    for (let i = 0; i < 50000; i++) e.add(`k${i}`);
    expect(e.isExact).toBe(false);
    expect(Math.abs(e.count() - 50000) / 50000).toBeLessThan(0.05);
    const halves = [new DistinctCounter(), new DistinctCounter()];
    for (let i = 0; i < 50000; i++) halves[i % 2].add(`k${i}`);
    expect(halves[0].merge(halves[1]).count()).toBe(e.count());
  });
});
