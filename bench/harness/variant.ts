/**
 * Running one variant: build it (timed, heap measured), check its answer on every input kind,
 * then measure its decisions. Errors in a baseline become a skipped row, never a crash of the run.
 */
import { built, measure, measureFew } from "./measure.js";
import type { BenchOptions, VariantResult } from "./types.js";

/** One input kind of a variant: a decision function plus the check of its first answer. */
export interface InputKind {
  input: string;
  /** Decide request number i (inputs rotate inside). */
  decide(i: number): void;
  /** Throws when the implementation answers this input wrongly. */
  check(): void;
  /**
   * Decisions that may take seconds (hostile inputs): the check's own decision is timed and only
   * this many more are run, instead of the budgeted phases.
   */
  fewRuns?: number;
}

/** Build `impl` and measure each of its input kinds; the build figures go on the first row. */
export function runVariant<T>(impl: string, opts: BenchOptions, build: () => T, kinds: (value: T) => InputKind[], note: string | null = null): VariantResult[] {
  const b = built(build);
  const rows: VariantResult[] = [];
  for (const [n, k] of kinds(b.value).entries()) {
    const t0 = performance.now();
    k.check();
    const checkUs = (performance.now() - t0) * 1e3;
    const timing = k.fewRuns === undefined ? measure(k.decide, opts) : measureFew(k.decide, opts.quick ? 0 : k.fewRuns, checkUs);
    rows.push({
      impl,
      input: k.input,
      timing,
      compileMs: n === 0 ? b.compileMs : null,
      heapBytes: n === 0 ? b.heapBytes : null,
      rssBytes: process.memoryUsage().rss,
      skipped: null,
      note: n === 0 ? note : null,
    });
  }
  return rows;
}

/** A row for a variant that cannot run here. */
export function skippedVariant(impl: string, input: string, reason: string): VariantResult {
  return { impl, input, timing: null, compileMs: null, heapBytes: null, rssBytes: process.memoryUsage().rss, skipped: reason, note: null };
}
