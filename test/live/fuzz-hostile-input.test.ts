/**
 * The hostile-input properties of test/fuzz/hostile-input.ts with larger budgets: the runs of
 * `npm test` × HTR_FUZZ_LIVE_SCALE (default 25; HTR_FUZZ_SCALE multiplies both) and other seeds
 * (HTR_FUZZ_SEED). Bounded in count by the budget and in time by each property's per-call limit.
 */
import { describe, it } from "vitest";
import { budget, busyEngine, configBytesProperty, hostileConfigProperty, regexProperty, requestProperty } from "../fuzz/hostile-input.js";

const LIVE = Number(process.env.HTR_FUZZ_LIVE_SCALE ?? 25);

describe("hostile input, live budgets", () => {
  it("arbitrary bytes as a configuration", () => configBytesProperty(budget(200 * LIVE, 11)));
  it("structured hostile configurations", () => hostileConfigProperty(budget(60 * LIVE, 12)));
  it("arbitrary request fields", () => requestProperty(busyEngine(), budget(400 * LIVE, 13)));
  it("arbitrary patterns and subjects", () => regexProperty(budget(300 * LIVE, 14)));
});
