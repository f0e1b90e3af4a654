/**
 * RewriteMap back-ends: txt/rnd parsing and caching, int functions, dbm files written by the real
 * httxt2dbm (fixtures: users.db = its default Berkeley DB output, users-sdbm.{dir,pag} = -f SDBM),
 * prg children, and the hash: extension.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { compileRewriteMap } from "../../src/rewrite/index.js";
import type { MapLookupEnv, RewriteMapDefinition } from "../../src/rewrite/index.js";
import { fnv1a64, jumpConsistentHash } from "../../src/rewrite/maps/hash.js";
import { lookupTextMapContent, pickRandomPart } from "../../src/rewrite/maps/text.js";

const FIX = join(import.meta.dirname, "fixtures");

function env(files: Record<string, { data: Buffer; mtimeMs: number }> = {}, trace: string[] = []): MapLookupEnv {
  return {
    readFile: (p) => files[p] ?? (p.startsWith(FIX) && exists(p) ? { data: readFileSync(p), mtimeMs: 1 } : null),
    trace: (level, msg) => trace.push(`${level} ${msg}`),
    random: () => 0.5,
  };
}
const exists = (p: string): boolean => {
  try {
    readFileSync(p);
    return true;
  } catch {
    return false;
  }
};
const compileEnv = { serverRoot: FIX, exists };

describe("txt: file format (lookup_map_txtfile)", () => {
  const content = "# c\nkey1 val1\n spaced x\nempty\nkey2\tv2 trailing words\nkey1 second\nk3";
  const table: Array<[string, string | null]> = [
    ["key1", "val1"],
    ["spaced", null],
    ["empty", null],
    ["key2", "v2"],
    ["k3", null],
    ["key", null],
    ["#", null],
    ["", null],
  ];
  for (const [key, value] of table) {
    it(`'${key}'`, () => expect(lookupTextMapContent(content, key)).toBe(value));
  }
  it("lines longer than 1024 bytes are read in pieces", () => {
    const long = "a".repeat(1020) + " x\nnext y\n";
    // The second piece of the long line starts with "x"… no: it starts within the value; "next" is found.
    expect(lookupTextMapContent(long, "next")).toBe("y");
    expect(lookupTextMapContent("k".repeat(1030) + " v\n", "k".repeat(1030))).toBeNull();
  });
});

describe("txt: caching and reload on mtime change", () => {
  it("caches hits and misses and re-reads a changed file", () => {
    const files = { "/m.txt": { data: Buffer.from("a 1\n"), mtimeMs: 1 } };
    const trace: string[] = [];
    const map = compileRewriteMap("m", "txt:/m.txt", { serverRoot: "/", exists: () => true });
    const e = env(files, trace);
    expect(map.lookup("a", e)).toBe("1");
    expect(map.lookup("a", e)).toBe("1");
    expect(map.lookup("b", e)).toBeNull();
    expect(map.lookup("b", e)).toBeNull();
    expect(trace).toEqual([
      "6 cache lookup FAILED, forcing new map lookup",
      "5 map lookup OK: map=m[txt] key=a -> val=1",
      "5 cache lookup OK: map=m[txt] key=a -> val=1",
      "6 cache lookup FAILED, forcing new map lookup",
      "5 map lookup FAILED: map=m[txt] key=b",
      "5 cache lookup OK: map=m[txt] key=b -> val=",
    ]);
    files["/m.txt"] = { data: Buffer.from("a 2\nb 3\n"), mtimeMs: 2 };
    expect(map.lookup("a", e)).toBe("2");
    expect(map.lookup("b", e)).toBe("3");
  });
});

describe("rnd:", () => {
  it("picks one part uniformly", () => {
    expect(pickRandomPart("a|b|c", () => 0)).toBe("a");
    expect(pickRandomPart("a|b|c", () => 0.5)).toBe("b");
    expect(pickRandomPart("a|b|c", () => 0.999)).toBe("c");
    expect(pickRandomPart("single", () => 0.7)).toBe("single");
  });
  it("an empty chosen part is not found", () => {
    const map = compileRewriteMap("r", "rnd:/r.txt", { serverRoot: "/", exists: () => true });
    const e = { ...env({ "/r.txt": { data: Buffer.from("k a||c\n"), mtimeMs: 1 } }), random: () => 0.5 };
    expect(map.lookup("k", e)).toBeNull();
  });
});

describe("int:", () => {
  const table: Array<[string, string, string]> = [
    ["toupper", "MiXeD-é", "MIXED-é"],
    ["tolower", "MiXeD-É", "mixed-É"],
    ["escape", "a b/%?#", "a%20b/%25%3f%23"],
    ["unescape", "a%41%2f%zz+%00x", "aA/%zz+"],
  ];
  for (const [fn, key, value] of table) {
    it(fn, () => {
      const map = compileRewriteMap("f", `int:${fn}`, compileEnv);
      expect(map.lookup(key, env())).toBe(value);
    });
  }
});

describe("dbm: files written by httxt2dbm", () => {
  const txt = compileRewriteMap("t", "txt:users.txt", compileEnv);
  const keys = ["alice", "bob", "caf\xc3\xa9", "rr", "empty", "indented", "nobody", "#"];
  for (const source of ["dbm:users.db", "dbm=db:users.db", "dbm=sdbm:users-sdbm", "dbm:users-sdbm"]) {
    it(`${source} agrees with the text map it was made from`, () => {
      const map: RewriteMapDefinition = compileRewriteMap("d", source, compileEnv);
      for (const k of keys) expect(map.lookup(k, env()), k).toBe(txt.lookup(k, env()));
    });
  }
  it("gdbm is refused clearly", () => {
    expect(() => compileRewriteMap("d", "dbm=gdbm:users.db", compileEnv)).toThrow(/not supported by htrewrite/);
  });
  it("missing file", () => {
    expect(() => compileRewriteMap("d", "dbm=sdbm:nothere", compileEnv)).toThrow(`RewriteMap: file for map d not found:${FIX}/nothere.dir`);
  });
});

describe("prg: one long-lived child per map", () => {
  const maps: RewriteMapDefinition[] = [];
  afterAll(() => maps.forEach((m) => m.close?.()));

  it("keeps its state between lookups and answers NULL as not found", () => {
    const map = compileRewriteMap("p", "prg:counter.sh", compileEnv);
    maps.push(map);
    expect(map.lookup("a", env())).toBe("a-1");
    expect(map.lookup("b", env())).toBe("b-2");
    expect(map.lookup("none", env())).toBeNull();
    expect(map.lookup("x\ny", env())).toBeNull();
  });

  it("only LF ends a reply: a CR stays in the value (measured on 2.4.71: val\\r)", () => {
    const map = compileRewriteMap("p", "prg:counter.sh", compileEnv);
    maps.push(map);
    expect(map.lookup("crlf", env())).toBe("val\r");
  });

  it("is restarted after it exits", () => {
    const map = compileRewriteMap("p", "prg:counter.sh", compileEnv);
    maps.push(map);
    expect(map.lookup("a", env())).toBe("a-1");
    expect(map.lookup("quit", env())).toBe("bye");
    expect(map.lookup("c", env())).toBe("c-1");
  });

  it("a reply that does not come in time is not found, and cannot answer the next key", async () => {
    const { ProgramMap } = await import("../../src/rewrite/maps/program.js");
    const map = new ProgramMap("p", "prg:counter.sh", [join(FIX, "counter.sh")], 1500);
    maps.push(map);
    expect(map.lookup("slow", env())).toBeNull();
    expect(map.lookup("next", env())).toBe("next-1");
  });

  it("a missing program is a config error", () => {
    expect(() => compileRewriteMap("p", "prg:/no/such/prog", compileEnv)).toThrow("RewriteMap: file for map p not found:/no/such/prog");
  });
});

describe("hash: (htrewrite extension, jump consistent hash)", () => {
  it("is deterministic and covers every target", () => {
    const map = compileRewriteMap("h", "hash:a|b|c", compileEnv);
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const v = map.lookup(`user${i}`, env());
      expect(map.lookup(`user${i}`, env())).toBe(v);
      seen.add(v ?? "");
    }
    expect([...seen].sort()).toEqual(["a", "b", "c"]);
    expect(map.lookup("", env())).toBeNull();
  });

  it("adding a target only moves keys to the new target", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 40 }), (key, n) => {
        const h = fnv1a64(key);
        const before = jumpConsistentHash(h, n);
        const after = jumpConsistentHash(h, n + 1);
        return after === before || after === n;
      }),
    );
  });

  it("spreads keys roughly evenly", () => {
    const counts = new Array(4).fill(0);
    for (let i = 0; i < 4000; i++) counts[jumpConsistentHash(fnv1a64(`k${i}`), 4)]++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });
});
