import { describe, expect, it } from "vitest";
import { GroupRegistry, DEFAULT_INTERPRETER_BYTES } from "../../src/wsgi/registry.js";

describe("GroupRegistry (bounded interpreter bookkeeping)", () => {
  it("counts requests per (process group, application group)", () => {
    const reg = new GroupRegistry();
    reg.record("", "~alice");
    reg.record("", "~alice");
    reg.record("shop", "", 2);
    const snap = reg.snapshot();
    expect(snap.entries.find((e) => e.applicationGroup === "~alice")?.requests).toBe(2);
    // The main interpreter always exists: it costs nothing extra; a daemon group of two processes has two.
    expect(snap.entries.find((e) => e.processGroup === "shop")).toMatchObject({ interpreters: 2, estimatedBytes: 0 });
    expect(snap.estimatedBytes).toBe(DEFAULT_INTERPRETER_BYTES);
  });

  it("stays within its cap under a hostile stream of /~random users", () => {
    const reg = new GroupRegistry({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) reg.record("", `~user${i}`);
    const snap = reg.snapshot();
    expect(reg.size).toBe(100);
    expect(snap.distinctSeen).toBe(10_000);
    expect(snap.evicted).toBe(9_900);
    // The most recent users are the ones kept.
    expect(snap.entries.some((e) => e.applicationGroup === "~user9999")).toBe(true);
    expect(snap.entries.some((e) => e.applicationGroup === "~user0")).toBe(false);
  });

  it("refuses a nonsensical cap", () => {
    expect(() => new GroupRegistry({ maxEntries: 0 })).toThrow(RangeError);
  });
});
