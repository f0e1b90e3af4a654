/**
 * The bundled scenarios in rules/ (what `npm start` prints) agree with real Apache: each has a
 * recording in rules/results/ made with test/conformance/record.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCase } from "../src/case/load.js";
import type { ResultRecord } from "../src/case/types.js";
import { evalCase } from "../src/eval/case.js";
import { compareResults, describeDifference } from "./conformance/compare.js";

const dir = fileURLToPath(new URL("../rules", import.meta.url));
const scenarios = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

describe("bundled rules/ scenarios match their Apache recordings", () => {
  it("has scenarios", () => expect(scenarios.length).toBeGreaterThanOrEqual(6));
  it.each(scenarios)("%s", async (file) => {
    const c = loadCase(join(dir, file));
    const expected = readFileSync(join(dir, "results", file.replace(/\.json$/, ".jsonl")), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as ResultRecord);
    const actual = await evalCase(c, { trace: false });
    expect(compareResults(expected, actual).map((d) => describeDifference(d))).toEqual([]);
  });
});
