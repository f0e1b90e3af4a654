/**
 * Reading logs in chunks: lines cut across chunk ends come out whole, CRLF ends lose their \r, a
 * last line without \n is kept, gzip is detected by its magic bytes, and the --jobs path (whole-line
 * buffers split in workers) gives exactly the lines the one-thread path gives.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_LINE, openLog, splitWholeLines } from "../../src/replay/input.js";

const dir = mkdtempSync(join(tmpdir(), "htr-input-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function viaBatches(file: string): Promise<string[]> {
  const out: string[] = [];
  for await (const b of openLog(file).batches) out.push(...b);
  return out;
}

async function viaWholeLines(file: string): Promise<{ lines: string[]; unterminated: number }> {
  const out: string[] = [];
  let unterminated = 0;
  for await (const buf of openLog(file).wholeLines) {
    if (buf[buf.length - 1] !== 0x0a) unterminated++;
    out.push(...splitWholeLines(buf));
  }
  return { lines: out, unterminated };
}

describe("log input", () => {
  it("cuts lines across chunk ends, drops CR of CRLF, keeps an unterminated last line; both paths agree", async () => {
    // Lines of varied lengths (some far longer than a 64 KiB read) so that every kind of cut occurs.
    const lines = Array.from({ length: 3000 }, (_, i) => `${i} ${"x".repeat((i * 7919) % (i % 500 === 0 ? 150_000 : 300))}\u00e9`);
    const text = lines.map((l, i) => (i % 3 === 0 ? `${l}\r\n` : `${l}\n`)).join("") + "tail without newline";
    const file = join(dir, "a.log");
    writeFileSync(file, text, "latin1");
    const want = [...lines, "tail without newline"];
    expect(await viaBatches(file)).toEqual(want);
    const w = await viaWholeLines(file);
    expect(w.lines).toEqual(want);
    expect(w.unterminated).toBe(1);
    const gz = join(dir, "a.gz.data");
    writeFileSync(gz, gzipSync(Buffer.from(text, "latin1")));
    expect(await viaBatches(gz)).toEqual(want);
    expect((await viaWholeLines(gz)).lines).toEqual(want);
  });

  it("cuts a line longer than MAX_LINE instead of holding it whole", async () => {
    const file = join(dir, "b.log");
    writeFileSync(file, "a".repeat(3 * MAX_LINE) + "\nnext\n", "latin1");
    const got = await viaBatches(file);
    expect(got[got.length - 1]).toBe("next");
    expect(got.length).toBeGreaterThan(2);
    expect(got.every((l) => l.length <= MAX_LINE + (1 << 16))).toBe(true);
    expect(got.slice(0, -1).join("")).toBe("a".repeat(3 * MAX_LINE));
  });

  it("names the file in read and gzip errors", async () => {
    const bad = join(dir, "c.gz");
    writeFileSync(bad, Buffer.concat([gzipSync(Buffer.from("x\n".repeat(1000))).subarray(0, 20), Buffer.from("garbage")]));
    await expect(viaBatches(bad)).rejects.toThrow(/c\.gz: gzip: /);
    expect(() => openLog(join(dir, "missing.log"))).toThrow(/missing\.log/);
  });
});

describe("byte shards (--shard I/N)", () => {
  it("the shards of a file hold each of its lines exactly once, in order, whatever the cut points", async () => {
    const fc = (await import("fast-check")).default;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 90_000 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 9 }),
        fc.boolean(),
        async (lengths, count, trailing) => {
          const lines = lengths.map((n, i) => `${i}:${"y".repeat(n)}`);
          const file = join(dir, `shard-${run++}.log`);
          writeFileSync(file, lines.join("\n") + (trailing && lines.length > 0 ? "\n" : ""), "latin1");
          const got: string[] = [];
          for (let index = 0; index < count; index++) {
            for await (const b of openLog(file, { index, count }).batches) got.push(...b);
          }
          expect(got).toEqual(lines);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("refuses gzip logs and stdin", () => {
    const gz = join(dir, "s.gz");
    writeFileSync(gz, gzipSync(Buffer.from("a\n")));
    expect(() => openLog(gz, { index: 0, count: 2 })).toThrow(/gzip log cannot be cut into byte shards/);
    expect(() => openLog("-", { index: 0, count: 2 })).toThrow(/stdin cannot be cut/);
  });
});
