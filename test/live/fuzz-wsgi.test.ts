/**
 * Differential fuzzing of mod_wsgi group selection, real Apache vs htrewrite
 * (`npm run test:live`): generated WSGIApplicationGroup / WSGIProcessGroup settings and the
 * sources of the variables they look up (test/live/fuzz-wsgi-model.ts), packed into a few
 * cases, recorded and compared on the fields that count. Disagreements are printed as case files.
 *
 * Budget: HTR_FUZZ_WSGI_RUNS blocks (default 200), HTR_FUZZ_SEED, HTR_FUZZ_BATCH (default 50).
 */
import fc from "fast-check";
import { fuzzBudget, sampleBatches } from "./fuzz-budget.js";
import { describe, expect, it } from "vitest";
import { compareResults, describeDifference } from "../conformance/compare.js";
import { evalSafely, loadEvaluator } from "../conformance/evaluator.js";
import { recordCase } from "../conformance/recorder/record-case.js";
import { freePorts } from "../conformance/recorder/ports.js";
import { isStartFailure } from "../conformance/recorder/record-many.js";
import { wsgiBlock, wsgiBlockAsCaseJson, wsgiBlocksToCase, type WsgiBlock } from "./fuzz-wsgi-model.js";

const BUDGET = fuzzBudget("HTR_FUZZ_WSGI_RUNS", 200);
const RUNS = BUDGET.runs;
const SEED = BUDGET.seed;

describe("differential fuzzing: generated mod_wsgi group settings, Apache vs htrewrite", () => {
  const { blocks, batches } = sampleBatches<WsgiBlock>(wsgiBlock, BUDGET);

  it("generates the budgeted number of blocks", () => {
    expect(blocks).toHaveLength(RUNS);
  });

  it.each(batches.map((b, i) => [i, b] as const))("batch %i: htrewrite picks the groups Apache picks", async (i, batch) => {
    const [port] = await freePorts(1);
    const { caseFile, owner } = wsgiBlocksToCase(`fuzz_wsgi_seed${SEED}_batch${i}`, batch, port);
    const apache = await recordCase(caseFile);
    expect(isStartFailure(apache), apache[0]?.error ?? "").toBe(false);
    const ours = await evalSafely(await loadEvaluator(), caseFile);
    const diffs = compareResults(apache, ours);
    const reported = new Set<number>();
    for (const d of diffs) {
      const n = owner[d.index];
      if (reported.has(n)) continue;
      reported.add(n);
      const name = `fuzz_wsgi_s${SEED}_b${i}_r${n}`;
      process.stdout.write(`\nDISAGREEMENT ${describeDifference(d)}\n--- ${name}.json (ready to commit under test/conformance/cases) ---\n${wsgiBlockAsCaseJson(name, batch[n])}\n`);
    }
    process.stdout.write(`wsgi batch ${i}: ${apache.length - diffs.length}/${apache.length} requests agree\n`);
    expect(diffs.map((d) => describeDifference(d))).toEqual([]);
  });
});
