/**
 * Golden files: the translate-name traces (and redirect Locations) real Apache 2.4.71 recorded in
 * test/conformance/results, replayed through the engine. Deviations that come from what this
 * engine-level harness cannot model (real sub-requests, clocks, per-child caches, log-line
 * truncation) are listed with their reason in golden-deviations.json; everything else must match
 * line for line.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runGolden } from "./golden-harness.js";

const deviations = JSON.parse(readFileSync(join(import.meta.dirname, "golden-deviations.json"), "utf8")) as Record<string, string>;
const results = runGolden();

describe("golden: server-context traces recorded from Apache", () => {
  it("covers a substantial corpus", () => {
    expect(results.length).toBeGreaterThan(1000);
  });

  it("every request without a recorded deviation matches line for line", () => {
    const failures: string[] = [];
    for (const r of results) {
      if (r.id in deviations) continue;
      const n = Math.max(r.expected.length, r.actual.length);
      for (let i = 0; i < n; i++) {
        if (r.expected[i] !== r.actual[i]) {
          failures.push(`${r.id} line ${i + 1}\n  Apache:    ${r.expected[i]}\n  htrewrite: ${r.actual[i]}`);
          break;
        }
      }
      if (r.expectedLocation !== r.actualLocation) {
        failures.push(`${r.id} Location\n  Apache:    ${r.expectedLocation}\n  htrewrite: ${r.actualLocation}`);
      }
    }
    expect(failures.slice(0, 20).join("\n")).toBe("");
  });

  it("each recorded deviation still differs (remove it from the list once fixed)", () => {
    for (const [id, reason] of Object.entries(deviations)) {
      const r = results.find((x) => x.id === id);
      expect(r, `${id} is no longer in the corpus`).toBeDefined();
      const same = JSON.stringify(r?.expected) === JSON.stringify(r?.actual) && r?.expectedLocation === r?.actualLocation;
      expect(same, `${id} now matches (${reason})`).toBe(false);
    }
  });
});
