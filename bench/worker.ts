/**
 * Worker entry: run one scenario (by name) and post its result to the runner. Each scenario has a
 * thread of its own, so JIT state, regex caches and heap figures never leak between scenarios.
 */
import { parentPort, workerData } from "node:worker_threads";
import { SCENARIOS } from "./scenarios/index.js";
import type { BenchOptions, ScenarioResult } from "./harness/types.js";

const { name, opts } = workerData as { name: string; opts: BenchOptions };
const scenario = SCENARIOS.find((s) => s.name === name);
const t0 = performance.now();
let result: ScenarioResult;
if (scenario === undefined) {
  result = { name, description: "", size: null, baseline: null, targets: [], variants: [], figures: {}, error: `no scenario named ${name}`, wallMs: 0 };
} else {
  try {
    const r = await scenario.run(opts);
    result = { name, description: scenario.description, ...r, error: null, wallMs: performance.now() - t0 };
  } catch (e) {
    const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
    result = { name, description: scenario.description, size: null, baseline: null, targets: [], variants: [], figures: {}, error: message, wallMs: performance.now() - t0 };
  }
}
parentPort?.postMessage(result);
