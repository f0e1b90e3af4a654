/**
 * Measuring decision functions: a warm-up, a throughput phase timed in batches (no per-call clock
 * overhead) over several rounds of which the best counts (on a shared machine the least disturbed
 * round is the closest to the code's own speed), then a latency phase timing calls one by one
 * for percentiles and the worst case.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { BenchOptions, Timing } from "./types.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Milliseconds of each phase; quick runs are smoke tests, not figures. */
export function budget(opts: BenchOptions): { warmMs: number; roundMs: number; rounds: number; latencyMs: number; maxSamples: number } {
  return opts.quick
    ? { warmMs: 20, roundMs: 30, rounds: 2, latencyMs: 40, maxSamples: 2_000 }
    : { warmMs: 100, roundMs: 120, rounds: 5, latencyMs: 300, maxSamples: 30_000 };
}

const nowNs = (): bigint => process.hrtime.bigint();

/**
 * Time `decide(i)` for i = 0, 1, 2 … (the function picks its input as `i % inputs`). A decision
 * that takes longer than the whole budget still completes: phases end after the call in progress.
 */
export function measure(decide: (i: number) => void, opts: BenchOptions): Timing {
  const b = budget(opts);
  let i = 0;
  const warmEnd = nowNs() + BigInt(b.warmMs * 1e6);
  do decide(i++);
  while (nowNs() < warmEnd);

  let best = 0;
  let bestCpu = 0;
  let batch = 1;
  for (let round = 0; round < b.rounds; round++) {
    let count = 0;
    const cpu0 = process.cpuUsage();
    const t0 = nowNs();
    const tEnd = t0 + BigInt(b.roundMs * 1e6);
    let t = t0;
    while (t < tEnd) {
      for (let k = 0; k < batch; k++) decide(i++);
      count += batch;
      t = nowNs();
      // Grow batches so the clock is read rarely, but stay responsive for slow decisions.
      if (batch < 1024 && t - t0 < BigInt(b.roundMs * 1e5)) batch *= 2;
    }
    best = Math.max(best, count / (Number(t - t0) / 1e9));
    const cpu = process.cpuUsage(cpu0);
    bestCpu = Math.max(bestCpu, count / Math.max((cpu.user + cpu.system) / 1e6, 1e-6));
  }
  const decisionsPerSec = best;

  const samples: number[] = [];
  const lEnd = nowNs() + BigInt(b.latencyMs * 1e6);
  while (samples.length < b.maxSamples) {
    const s = nowNs();
    decide(i++);
    const e = nowNs();
    samples.push(Number(e - s) / 1e3);
    if (e >= lEnd) break;
  }
  samples.sort((x, y) => x - y);
  const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
  return { decisionsPerSec, decisionsPerCpuSec: bestCpu, p50Us: pct(0.5), p99Us: pct(0.99), maxUs: samples[samples.length - 1], samples: samples.length };
}

/**
 * Time `runs` decisions one by one, for decisions so slow (hostile inputs that run into match
 * limits) that the budgeted phases would take minutes. `first` is a decision already timed (the
 * answer check), in microseconds.
 */
export function measureFew(decide: (i: number) => void, runs: number, first: number): Timing {
  const samples = [first];
  for (let i = 0; i < runs; i++) {
    const s = nowNs();
    decide(i);
    samples.push(Number(nowNs() - s) / 1e3);
  }
  samples.sort((x, y) => x - y);
  const total = samples.reduce((a, b) => a + b, 0);
  return {
    decisionsPerSec: samples.length / (total / 1e6),
    decisionsPerCpuSec: samples.length / (total / 1e6),
    p50Us: samples[Math.floor(samples.length / 2)],
    p99Us: samples[samples.length - 1],
    maxUs: samples[samples.length - 1],
    samples: samples.length,
  };
}

/** Heap used after a full collection. */
export function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Build something and report how long it took and how much heap it retains (measured while the
 * result is still referenced).
 */
export function built<T>(build: () => T): { value: T; compileMs: number; heapBytes: number } {
  const before = heapAfterGc();
  const t0 = nowNs();
  const value = build();
  const compileMs = Number(nowNs() - t0) / 1e6;
  const heapBytes = heapAfterGc() - before;
  return { value, compileMs, heapBytes };
}
