/**
 * Differential fuzzing of the protocol layer, real Apache vs htrewrite (`npm run test:live`):
 * requests generated from HTTP's grammar (test/live/fuzz-raw-http-model.ts) are sent byte for
 * byte to Apache by the recorder and read by htrewrite's protocol layer, under several server
 * variants (HttpProtocolOptions, LimitRequest*), and compared on the recorded fields that count.
 *
 * A disagreement of a known class — one Apache answers in its handler phase, which htrewrite
 * does not reproduce yet — is excused only by an entry of `raw_http_classes` in
 * test/conformance/expectations.json (method, field, Apache's value, the golden case that pins
 * it, a reason); a class whose golden case no longer differs on its field fails the run.
 * Every other disagreement fails the batch and is written, recorded alone, to
 * HTR_FUZZ_RAW_HTTP_OUT (default /tmp/raw-http-disagreements/NAME.json + .jsonl).
 *
 * Budget: HTR_FUZZ_RAW_HTTP_RUNS requests (default 300), HTR_FUZZ_SEED, HTR_FUZZ_BATCH (default
 * 50 requests per Apache start), HTR_FUZZ_RAW_HTTP_MS (default 240000: batches that would start
 * later are skipped and said so).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rawMethod } from "../../src/case/load.js";
import type { ResultRecord } from "../../src/case/types.js";
import { compareResults, describeDifference, type RecordDifference } from "../conformance/compare.js";
import { evalSafely, loadEvaluator } from "../conformance/evaluator.js";
import { isStartFailure } from "../conformance/recorder/record-many.js";
import { recordCase } from "../conformance/recorder/record-case.js";
import { formatResults } from "../conformance/recorder/results-file.js";
import { loadExpectations } from "../conformance/expectations.js";
import { fuzzBudget, sampleBatches } from "./fuzz-budget.js";
import { rawHttpCase, rawHttpRequest, SERVER_VARIANTS, showRaw, type RawHttpRequest } from "./fuzz-raw-http-model.js";

const BUDGET = fuzzBudget("HTR_FUZZ_RAW_HTTP_RUNS", 300);
const TIME_MS = Number(process.env.HTR_FUZZ_RAW_HTTP_MS ?? 240_000);
const OUT = process.env.HTR_FUZZ_RAW_HTTP_OUT ?? "/tmp/raw-http-disagreements";

/** A known class of disagreement (expectations.json `raw_http_classes`). */
interface KnownClass {
  class: string;
  /** A regular expression the request's method must match whole. */
  method: string;
  /** A regular expression (case-insensitive) the request's bytes must contain a match of. */
  raw?: string;
  field: string;
  /** Apache's values of that field the class covers (any when absent). */
  apache?: unknown[];
  /** The golden case that pins the behaviour. */
  golden: string;
  reason: string;
}

function loadClasses(): KnownClass[] {
  const path = fileURLToPath(new URL("../conformance/expectations.json", import.meta.url));
  const json = JSON.parse(readFileSync(path, "utf8")) as { raw_http_classes?: KnownClass[] };
  const list = json.raw_http_classes ?? [];
  for (const k of list) {
    if (!k.class || !k.method || !k.field || !k.golden || !k.reason?.trim()) throw new Error(`expectations.json raw_http_classes: incomplete entry ${JSON.stringify(k)}`);
  }
  return list;
}

function covering(classes: KnownClass[], raw: string, d: RecordDifference): KnownClass[] | null {
  const method = rawMethod(raw);
  const found: KnownClass[] = [];
  for (const f of d.fields) {
    const k = classes.find(
      (c) =>
        c.field === f.field &&
        new RegExp(`^(?:${c.method})$`).test(method) &&
        (c.raw === undefined || new RegExp(c.raw, "i").test(raw)) &&
        (c.apache === undefined || c.apache.some((v) => JSON.stringify(v) === JSON.stringify(f.expected))),
    );
    if (!k) return null;
    found.push(k);
  }
  return found;
}

describe("differential fuzzing: raw HTTP requests, Apache vs htrewrite", () => {
  const { blocks, batches } = sampleBatches<RawHttpRequest>(rawHttpRequest, BUDGET);
  const classes = loadClasses();
  const used = new Map<string, number>();
  const started = Date.now();
  let skipped = 0;
  let compared = 0;
  let agreed = 0;

  it("generates the budgeted number of requests, deterministically", () => {
    expect(blocks).toHaveLength(BUDGET.runs);
    expect(fc.sample(rawHttpRequest, { seed: BUDGET.seed, numRuns: 5 })).toEqual(blocks.slice(0, 5));
  });

  it.each(batches.map((b, i) => [i, b] as const))("batch %i: htrewrite reads every generated request as Apache", async (i, batch) => {
    if (Date.now() - started > TIME_MS) {
      skipped += batch.length;
      process.stdout.write(`raw-http batch ${i}: skipped (time budget of ${TIME_MS} ms spent)\n`);
      return;
    }
    const variant = i % SERVER_VARIANTS.length;
    const name = `fuzz_raw_http_s${BUDGET.seed}_b${i}`;
    const c = rawHttpCase(name, variant, batch.map((b) => b.raw));
    const apache = await recordCase(c);
    expect(isStartFailure(apache), apache[0]?.error ?? "").toBe(false);
    const evaluate = await loadEvaluator();
    const ours = await evalSafely(evaluate, c);
    const diffs = compareResults(apache, ours);
    const real: string[] = [];
    for (const d of diffs) {
      const known = covering(classes, batch[d.index].raw, d);
      if (known) {
        for (const k of known) used.set(k.class, (used.get(k.class) ?? 0) + 1);
        continue;
      }
      const alone = rawHttpCase(`${name}_r${d.index}`, variant, [batch[d.index].raw]);
      const recorded: ResultRecord[] = await recordCase(alone);
      mkdirSync(OUT, { recursive: true });
      writeFileSync(join(OUT, `${alone.name}.json`), `${JSON.stringify(alone, null, 2)}\n`);
      writeFileSync(join(OUT, `${alone.name}.jsonl`), formatResults(recorded));
      const line = `${describeDifference(d)} raw=${showRaw(batch[d.index].raw)} variant=${SERVER_VARIANTS[variant].label}`;
      real.push(line);
      process.stdout.write(`\nDISAGREEMENT ${line}\n`);
    }
    compared += apache.length;
    agreed += apache.length - diffs.length;
    const mix = new Map<string, number>();
    for (const r of apache) mix.set(String(r.status), (mix.get(String(r.status)) ?? 0) + 1);
    const shown = [...mix].sort().map(([k, v]) => `${k}×${v}`).join(" ");
    process.stdout.write(
      `raw-http batch ${i} (${SERVER_VARIANTS[variant].label}): ${apache.length - diffs.length}/${apache.length} agree, ${diffs.length - real.length} of a known class (${shown})\n`,
    );
    expect(real).toEqual([]);
  });

  // A class is as open as the golden difference that pins it: once the golden case agrees on
  // that field (its expectations.json entry removed as stale), the class must go too.
  it("every known class is pinned by an open difference of its golden case", () => {
    const counts = [...used].map(([k, v]) => `${k}×${v}`).join(" ");
    process.stdout.write(`raw-http: ${compared} requests compared, ${agreed} agree, ${skipped} skipped; known classes: ${counts || "none"}\n`);
    const open = loadExpectations();
    const stale = classes.filter((k) => !open.some((e) => e.case === k.golden && (e.field === undefined || e.field === k.field))).map((k) => `${k.class} (${k.golden} ${k.field})`);
    expect(stale, "raw_http_classes entries whose golden case no longer differs on that field").toEqual([]);
  });

});
