/**
 * Differential fuzzing, real Apache vs htrewrite (`npm run test:live`): fast-check draws rule
 * blocks and requests (test/live/fuzz-rewrite-model.ts) from a fixed seed, packs them into a few
 * case files (one Apache start each), records Apache's answers and compares htrewrite's on the
 * fields that count. Every disagreement is printed as a ready-to-commit case file.
 *
 * Budget: HTR_FUZZ_RUNS blocks (default 400, a few minutes in CI), HTR_FUZZ_SEED (default fixed),
 * HTR_FUZZ_BATCH blocks per Apache start (default 50).
 */
import fc from "fast-check";
import { fuzzBudget, sampleBatches } from "./fuzz-budget.js";
import { describe, expect, it } from "vitest";
import type { ResultRecord } from "../../src/case/types.js";
import { compareResults, describeDifference } from "../conformance/compare.js";
import { evalSafely, loadEvaluator } from "../conformance/evaluator.js";
import { recordCase } from "../conformance/recorder/record-case.js";
import { freePorts } from "../conformance/recorder/ports.js";
import { isStartFailure } from "../conformance/recorder/record-many.js";
import { blockAsCaseJson, blocksToCase, fuzzBlock, type FuzzBlock } from "./fuzz-rewrite-model.js";

const BUDGET = fuzzBudget("HTR_FUZZ_RUNS", 400);
const RUNS = BUDGET.runs;
const SEED = BUDGET.seed;

describe("differential fuzzing: generated rule sets, Apache vs htrewrite", () => {
  const { blocks, batches } = sampleBatches<FuzzBlock>(fuzzBlock, BUDGET);

  it("generates the budgeted number of blocks, deterministically", () => {
    expect(blocks).toHaveLength(RUNS);
    expect(fc.sample(fuzzBlock, { seed: SEED, numRuns: 5 })).toEqual(blocks.slice(0, 5));
  });

  it.each(batches.map((b, i) => [i, b] as const))("batch %i: htrewrite answers every generated request as Apache", async (i, batch) => {
    const [port] = await freePorts(1);
    const { caseFile, owner } = blocksToCase(`fuzz_seed${SEED}_batch${i}`, batch, port);
    const apache: ResultRecord[] = await recordCase(caseFile);
    // A generated batch must be a configuration Apache accepts; otherwise the generator is wrong.
    expect(isStartFailure(apache), apache[0]?.error ?? "").toBe(false);
    const evalCase = await loadEvaluator();
    const ours = await evalSafely(evalCase, caseFile);
    const diffs = compareResults(apache, ours);
    const reported = new Set<number>();
    for (const d of diffs) {
      const n = owner[d.index];
      if (reported.has(n)) continue;
      reported.add(n);
      const name = `fuzz_s${SEED}_b${i}_r${n}`;
      process.stdout.write(`\nDISAGREEMENT ${describeDifference(d)}\n--- ${name}.json (ready to commit under test/conformance/cases) ---\n${blockAsCaseJson(name, batch[n])}\n`);
    }
    const total = apache.length;
    process.stdout.write(`batch ${i}: ${total - diffs.length}/${total} requests agree\n`);
    expect(diffs.map((d) => describeDifference(d))).toEqual([]);
  });
});
