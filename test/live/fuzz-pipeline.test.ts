/**
 * Differential fuzzing of the request pipeline, real Apache vs htrewrite (`npm run test:live`):
 * generated virtual hosts with Alias / Redirect / ScriptAlias / WSGIScriptAlias / UserDir
 * mappings, directory, file and location sections, .htaccess files and file trees
 * (test/live/fuzz-pipeline-model.ts), packed into a few cases, recorded and compared on the
 * fields that count.
 *
 * Every disagreement is printed as a case file and also written, with Apache's recording of that
 * block alone, to HTR_FUZZ_PIPELINE_OUT (default /tmp/pipeline-disagreements/NAME.json + .jsonl):
 * the stand-alone recording is what a committed case would be checked against, and it shows
 * whether the disagreement survives without the other blocks of the batch.
 *
 * Budget: HTR_FUZZ_PIPELINE_RUNS blocks (default 150), HTR_FUZZ_SEED, HTR_FUZZ_BATCH (default 50).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { fuzzBudget, sampleBatches } from "./fuzz-budget.js";
import { describe, expect, it } from "vitest";
import { compareResults, describeDifference } from "../conformance/compare.js";
import { evalSafely, loadEvaluator } from "../conformance/evaluator.js";
import { recordCase } from "../conformance/recorder/record-case.js";
import { freePorts } from "../conformance/recorder/ports.js";
import { isStartFailure } from "../conformance/recorder/record-many.js";
import { formatResults } from "../conformance/recorder/results-file.js";
import { caseJson, pipelineBlock, pipelineBlockAsCase, pipelineBlocksToCase, type PipelineBlock } from "./fuzz-pipeline-model.js";

const BUDGET = fuzzBudget("HTR_FUZZ_PIPELINE_RUNS", 150);
const RUNS = BUDGET.runs;
const SEED = BUDGET.seed;
const OUT = process.env.HTR_FUZZ_PIPELINE_OUT ?? "/tmp/pipeline-disagreements";

describe("differential fuzzing: generated request pipelines, Apache vs htrewrite", () => {
  const { blocks, batches } = sampleBatches<PipelineBlock>(pipelineBlock, BUDGET);

  it("generates the budgeted number of blocks, deterministically", () => {
    expect(blocks).toHaveLength(RUNS);
    expect(fc.sample(pipelineBlock, { seed: SEED, numRuns: 5 })).toEqual(blocks.slice(0, 5));
  });

  it.each(batches.map((b, i) => [i, b] as const))("batch %i: htrewrite maps every generated request as Apache", async (i, batch) => {
    const [port] = await freePorts(1);
    const { caseFile, owner } = pipelineBlocksToCase(`fuzz_pipeline_seed${SEED}_batch${i}`, batch, port);
    const apache = await recordCase(caseFile);
    // A generated batch must be a configuration Apache accepts; otherwise the generator is wrong.
    expect(isStartFailure(apache), apache[0]?.error ?? "").toBe(false);
    const evaluate = await loadEvaluator();
    const ours = await evalSafely(evaluate, caseFile);
    const diffs = compareResults(apache, ours);
    const reported = new Set<number>();
    for (const d of diffs) {
      const n = owner[d.index];
      if (reported.has(n)) continue;
      reported.add(n);
      const name = `fuzz_pipeline_s${SEED}_b${i}_r${n}`;
      const alone = pipelineBlockAsCase(name, batch[n]);
      const text = caseJson(alone);
      const recorded = await recordCase(alone);
      const still = compareResults(recorded, await evalSafely(evaluate, alone));
      mkdirSync(OUT, { recursive: true });
      writeFileSync(join(OUT, `${name}.json`), `${text}\n`);
      writeFileSync(join(OUT, `${name}.jsonl`), formatResults(recorded));
      const alsoAlone = still.length ? `also alone: ${still.map((s) => describeDifference(s)).join(" | ")}` : "agrees when recorded alone";
      process.stdout.write(`\nDISAGREEMENT ${describeDifference(d)}\n(${alsoAlone})\n--- ${name}.json (ready to commit under test/conformance/cases) ---\n${text}\n`);
    }
    // What Apache answered, so a run shows whether the generator still reaches every outcome.
    const outcomes = new Map<string, number>();
    for (const r of apache) {
      const k = `${r.status}${r.status !== null && r.status >= 200 && r.status < 300 ? `:${r.body_kind}` : ""}`;
      outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    }
    const mix = [...outcomes].sort().map(([k, v]) => `${k}×${v}`).join(" ");
    process.stdout.write(`pipeline batch ${i}: ${apache.length - diffs.length}/${apache.length} requests agree (${mix})\n`);
    expect(diffs.map((d) => describeDifference(d))).toEqual([]);
  });
});
