/**
 * The golden corpus, offline: every committed case (test/conformance/cases) is answered by
 * htrewrite's evaluator and compared field by field with what real Apache 2.4.71 + mod_wsgi 4.9.4
 * answered (test/conformance/results, recorded by test/conformance/record.ts), the rewrite trace
 * line for line included. Deliberate
 * differences live in expectations.json with a reason; everything else must agree.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCase } from "../../src/case/load.js";
import type { ResultRecord } from "../../src/case/types.js";
import { evalCase } from "../../src/eval/case.js";
import { compareResults, compareTraces, describeDifference, mergeDifferences } from "./compare.js";
import { applyExpectations, loadExpectations } from "./expectations.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const casesDir = join(here, "cases");
const resultsDir = join(here, "results");
const caseFiles = readdirSync(casesDir).filter((f) => f.endsWith(".json")).sort();
const expectations = loadExpectations();

function recorded(name: string): ResultRecord[] {
  return readFileSync(join(resultsDir, `${name}.jsonl`), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ResultRecord)
    .filter((r) => typeof r.index === "number");
}

describe("golden corpus: htrewrite agrees with recorded Apache answers", () => {
  const used = new Set<unknown>();
  it.each(caseFiles)("%s", async (file) => {
    const c = loadCase(join(casesDir, file));
    // Every recorded field, the rewrite trace line for line included.
    const actual = await evalCase(c, { casePath: join(casesDir, file), trace: true, allowExec: true, repeatThroughMemo: true });
    const apache = recorded(c.name);
    const diffs = mergeDifferences(compareResults(apache, actual), compareTraces(apache, actual));
    const { real, used: u } = applyExpectations(diffs, expectations);
    u.forEach((e) => used.add(e));
    expect(real.map((d) => describeDifference(d)), "Apache answered differently").toEqual([]);
  });

  // Runs after every case above (tests in a file run in order): an expectation that excused
  // nothing means htrewrite now agrees there, so the entry is stale and must go.
  it("every expectation still excuses a real difference", () => {
    const stale = expectations.filter((e) => !used.has(e)).map((e) => `${e.case}#${e.index ?? "*"} ${e.field ?? "*"}`);
    expect(stale, "expectations.json entries that no longer fail").toEqual([]);
  });
});
