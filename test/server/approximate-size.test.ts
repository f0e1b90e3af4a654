// approximateSize is the decision memo's scale: it must count what an answer owns, stop at what
// it shares, and stay near the heap V8 really spends, or a bound "in bytes" bounds nothing.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { approximateSize } from "../../src/server/approximate-size.js";

class Shared {
  readonly payload = "x".repeat(10_000);
}

describe("approximateSize", () => {
  it.each([
    ["a small integer", 7, 0],
    ["a double", 0.5, 16],
    ["an empty string", "", 16],
    ["a string of 9", "123456789", 32],
    ["an empty object", {}, 24],
    ["an object of two numbers", { a: 1, b: 2 }, 40],
    ["an empty array", [], 40],
    ["an array of one small integer (17 slots reserved)", [1], 40 + 17 * 8],
    ["a Buffer of 100 bytes", Buffer.alloc(100), 196],
    ["null, undefined, a boolean", [null, undefined, true], 40 + 17 * 8],
  ])("%s", (_name, value, bytes) => {
    expect(approximateSize(value)).toBe(bytes);
  });

  it("counts a value reached twice once", () => {
    const s = { text: "y".repeat(100) };
    expect(approximateSize([s, s])).toBe(approximateSize([s]));
  });

  it("stops at class instances, maps and functions (shared engine objects)", () => {
    const shared = new Shared();
    expect(approximateSize({ r: shared })).toBe(approximateSize({ r: null }));
    expect(approximateSize({ m: new Map([["k", "x".repeat(1000)]]) })).toBe(approximateSize({ m: null }));
    expect(approximateSize({ f: () => 1 })).toBe(approximateSize({ f: null }));
  });

  it("counts an object past 32 keys as a hash table, its keys included", () => {
    const wide = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`HTTP_X_${i}`, i]));
    const narrow = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`HTTP_X_${i}`, i]));
    expect(approximateSize(wide)).toBeGreaterThan(approximateSize(narrow) + 8 * 8 * 6);
  });

  it("stops walking once past the limit", () => {
    const big = Array.from({ length: 1000 }, (_, i) => `value number ${i}`);
    const full = approximateSize(big);
    const capped = approximateSize(big, 1000);
    // The array's own backing store (about 9.6 KB) is counted before its strings are walked.
    expect(capped).toBeGreaterThan(1000);
    expect(capped).toBeLessThan(full / 4);
  });

  it("stays within 0.7–1.4 × the heap V8 spends on answer-shaped data", () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const heap = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    // Built as the engine builds its answers: pushed arrays, per-request strings, environ records.
    const make = (i: number) => {
      const environ: Record<string, string> = {};
      for (let k = 0; k < 40; k++) environ[`HTTP_X_H${k}`] = `value-${i}-${k}`;
      const trace: string[] = [];
      for (let k = 0; k < 12; k++) trace.push(`[rid#${i}/initial] applying pattern '^/p${k}' to uri '/page/${i}'`);
      const notes: Array<{ name: string; value: string }> = [];
      notes.push({ name: "SCRIPT_URL", value: `/page/${i}` });
      return { status: 200, location: null, environ, trace, notes, bytes: Buffer.from(`GET /page/${i} HTTP/1.1\r\n`) };
    };
    const keep: unknown[] = [];
    const h0 = heap();
    let estimate = 0;
    for (let i = 0; i < 3000; i++) {
      const v = make(i);
      estimate += approximateSize(v);
      keep.push(v);
    }
    const spent = heap() - h0;
    expect(keep.length).toBe(3000);
    const ratio = spent / estimate;
    expect(ratio, `heap ${spent} B, estimated ${estimate} B`).toBeGreaterThan(0.7);
    expect(ratio, `heap ${spent} B, estimated ${estimate} B`).toBeLessThan(1.4);
  });
});
