/**
 * Rendezvous placement of application groups: deterministic (pinned to SHA-1 computed by another
 * implementation, so every process and machine agrees), stable, minimal movement when a backend
 * joins or leaves (exactly the groups it wins or won), balanced, bounded memo, health failover.
 */
import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BackendPlacement, parseBackend, rendezvousPick, rendezvousWeight, startHealthChecks } from "../../src/middleware/index.js";
import { echoBackend, listen } from "./helpers.js";

const backendList = (n: number) => Array.from({ length: n }, (_, i) => `http://10.0.0.${i + 1}:8000`);
const groupName = fc.string({ minLength: 0, maxLength: 24 });

describe("rendezvousWeight", () => {
  it("is the first 8 bytes of SHA-1(backend NUL group), as coreutils' sha1sum computes it", () => {
    for (const [b, g] of [["http://10.0.0.1:8000", "www.example.com|/app"], ["/run/app.sock", ""], ["http://h", "~alice"]]) {
      const hex = execFileSync("sha1sum", { input: Buffer.concat([Buffer.from(b, "latin1"), Buffer.from([0]), Buffer.from(g, "latin1")]) })
        .toString()
        .slice(0, 16);
      expect(rendezvousWeight(b, g)).toBe(BigInt(`0x${hex}`));
    }
  });
});

describe("placement properties", () => {
  it("stable: the same backends and group give the same backend, whatever the list order or instance", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), groupName, fc.integer({ min: 0, max: 1000 }), (n, g, seed) => {
        const list = backendList(n);
        const shuffled = [...list].sort((a, b) => rendezvousWeight(a, String(seed)) < rendezvousWeight(b, String(seed)) ? -1 : 1);
        const one = new BackendPlacement({ pools: { p: list } }).place("p", g)!.backend.id;
        const two = new BackendPlacement({ pools: { p: shuffled } }).place("p", g)!.backend.id;
        expect(two).toBe(one);
      }),
      { numRuns: 300 },
    );
  });

  it("adding a backend moves only groups to the new backend; removing one moves only its groups", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.uniqueArray(groupName, { minLength: 1, maxLength: 60 }), (n, groups) => {
        const before = backendList(n).map(parseBackend);
        const added = parseBackend("http://10.0.1.1:8000");
        const after = [...before, added];
        for (const g of groups) {
          const a = rendezvousPick(before, g)!.id;
          const b = rendezvousPick(after, g)!.id;
          if (a !== b) expect(b).toBe(added.id);
          // Removing `added` again restores exactly the old answer.
          expect(rendezvousPick(after.filter((x) => x !== added), g)!.id).toBe(a);
        }
      }),
      { numRuns: 200 },
    );
  });

  // Bound: with G groups and n → n+1 backends the moved share is 1/(n+1) on average; for G = 3,000
  // it stays within 1/(n+1) ± 0.035 (binomial sd ≤ 0.0092, so 3.8 sd), checked for n = 1 … 8.
  it("about 1/(n+1) of 3,000 groups move when a backend is added", () => {
    const groups = Array.from({ length: 3000 }, (_, i) => `host${i % 97}.example|/app${i}`);
    for (let n = 1; n <= 8; n++) {
      const before = backendList(n).map(parseBackend);
      const after = [...before, parseBackend("http://10.0.9.9:8000")];
      const moved = groups.filter((g) => rendezvousPick(before, g)!.id !== rendezvousPick(after, g)!.id).length / groups.length;
      expect(moved, `n=${n}`).toBeLessThanOrEqual(1 / (n + 1) + 0.035);
      expect(moved, `n=${n}`).toBeGreaterThanOrEqual(1 / (n + 1) - 0.035);
    }
  });

  // Balance bound: every backend's share of 6,000 groups is within ±20% of the mean for n ≤ 12
  // (mean ≥ 500, binomial sd ≤ 22, so 20% is ≥ 4.5 sd). Seeded, so a run is reproducible.
  it("balances groups within ±20% of the mean", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.string({ maxLength: 8 }), (n, salt) => {
        const list = backendList(n).map(parseBackend);
        const count = new Map<string, number>();
        for (let i = 0; i < 6000; i++) {
          const id = rendezvousPick(list, `${salt}/g${i}`)!.id;
          count.set(id, (count.get(id) ?? 0) + 1);
        }
        const mean = 6000 / n;
        for (const b of list) expect(Math.abs((count.get(b.id) ?? 0) - mean) / mean, `${b.id} of ${n}`).toBeLessThanOrEqual(0.2);
      }),
      { numRuns: 6, seed: 16 },
    );
  });
});

describe("BackendPlacement", () => {
  it("keeps its memo bounded under a flood of distinct groups (/~x userdir interpreters)", () => {
    const p = new BackendPlacement({ pools: { "": backendList(3) }, maxEntries: 100 });
    for (let i = 0; i < 5000; i++) p.place("", `~user${i}`);
    expect(p.size).toBe(100);
    // The answer does not depend on what the memo forgot.
    expect(p.place("", "~user1")!.backend.id).toBe(rendezvousPick(backendList(3).map(parseBackend), "~user1")!.id);
  });

  it("pools: a named process group, '*' for the others, none → null", () => {
    const p = new BackendPlacement({ pools: { a: ["http://a:1"], "*": ["http://star:1"] } });
    expect(p.place("a", "g")!.backend.id).toBe("http://a:1");
    expect(p.place("other", "g")!.pool).toBe("*");
    expect(new BackendPlacement({ pools: { a: ["http://a:1"] } }).place("b", "g")).toBeNull();
  });

  it("bad backend specs are one-line errors naming the spec", () => {
    expect(() => parseBackend("ftp://x")).toThrow("backend 'ftp://x': only http:// backends are supported");
    expect(() => parseBackend("unix:rel.sock")).toThrow("backend 'unix:rel.sock': a unix socket needs an absolute path");
    expect(() => new BackendPlacement({ pools: { p: [] } })).toThrow("backend pool 'p' has no backends");
  });

  it("health checks take a failed backend out and put it back when it answers again", async () => {
    const good = await echoBackend("good");
    let failing = true;
    const flaky = await listen((_q, s) => {
      s.statusCode = failing ? 503 : 200;
      s.end();
    });
    try {
      const p = new BackendPlacement({ pools: { p: [good.url, flaky.url] } });
      const onFlaky = Array.from({ length: 50 }, (_, i) => `g${i}`).filter((g) => p.place("p", g)!.backend.id === flaky.url);
      expect(onFlaky.length).toBeGreaterThan(0);
      const changes: string[] = [];
      const h = startHealthChecks(p, { intervalMs: 60_000, timeoutMs: 500, onChange: (b, ok) => changes.push(`${b.id}:${ok}`) });
      await h.round();
      expect(changes).toEqual([`${flaky.url}:false`]);
      for (const g of onFlaky) expect(p.place("p", g)!.backend.id).toBe(good.url);
      failing = false;
      await h.round();
      for (const g of onFlaky) expect(p.place("p", g)!.backend.id).toBe(flaky.url);
      h.stop();
    } finally {
      await good.close();
      await flaky.close();
    }
  });
});
