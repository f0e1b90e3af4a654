/**
 * What every differential fuzzer shares: its budget from the environment (a fixed seed and a
 * bounded count in CI, larger on demand) and the deterministic sample cut into batches, one Apache
 * start per batch.
 */
import fc from "fast-check";

export interface FuzzBudget {
  runs: number;
  seed: number;
  batch: number;
}

/** `runsVariable` names the fuzzer's own count variable; HTR_FUZZ_SEED and HTR_FUZZ_BATCH are shared. */
export function fuzzBudget(runsVariable: string, defaultRuns: number): FuzzBudget {
  return {
    runs: Number(process.env[runsVariable] ?? defaultRuns),
    seed: Number(process.env.HTR_FUZZ_SEED ?? 20261123),
    batch: Math.max(1, Number(process.env.HTR_FUZZ_BATCH ?? 50)),
  };
}

/** The budgeted sample of `arbitrary` (same seed → same blocks) and its batches. */
export function sampleBatches<T>(arbitrary: fc.Arbitrary<T>, budget: FuzzBudget): { blocks: T[]; batches: T[][] } {
  const blocks = fc.sample(arbitrary, { seed: budget.seed, numRuns: budget.runs });
  const batches: T[][] = [];
  for (let i = 0; i < blocks.length; i += budget.batch) batches.push(blocks.slice(i, i + budget.batch));
  return { blocks, batches };
}
