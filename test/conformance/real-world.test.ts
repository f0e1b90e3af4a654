/**
 * The real-world corpus, offline: configurations nobody on the project wrote (CMS and framework
 * .htaccess files, mod_wsgi and Django recipes; test/conformance/real-world/manifest.json), each
 * recorded with real Apache 2.4.71 + mod_wsgi 4.9.4 (real-world/results). htrewrite must answer
 * every request as Apache did, on every field the golden comparison compares (compare.ts), except
 * the differences listed with a reason in real-world/expectations.json; an entry that no longer
 * excuses a difference fails the run, so the list only shrinks as htrewrite learns.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadCase } from "../../src/case/load.js";
import { compareResults, describeDifference } from "./compare.js";
import { evalSafely, loadEvaluator } from "./evaluator.js";
import { applyExpectations, loadExpectations, type Expectation } from "./expectations.js";
import { readResults } from "./recorder/record-case.js";

const dir = join(fileURLToPath(new URL(".", import.meta.url)), "real-world");
const caseFiles = readdirSync(join(dir, "cases")).filter((f) => f.endsWith(".json")).sort();
const expectations = loadExpectations(join(dir, "expectations.json"));
const used = new Set<Expectation>();
const tally = { requests: 0, agree: 0, excused: 0 };

describe("real-world corpus: htrewrite agrees with recorded Apache answers", () => {
  it("has at least 40 configurations", () => expect(caseFiles.length).toBeGreaterThanOrEqual(40));
  it.each(caseFiles)("%s", async (file) => {
    const path = join(dir, "cases", file);
    const c = loadCase(path);
    const apache = readResults(join(dir, "results", `${c.name}.jsonl`));
    expect(apache.length, "recorded requests").toBe(c.requests.length);
    const ours = await evalSafely(await loadEvaluator(), c, path);
    const { real, excused, used: u } = applyExpectations(compareResults(apache, ours), expectations);
    u.forEach((e) => used.add(e));
    tally.requests += apache.length;
    tally.excused += excused.length;
    tally.agree += apache.length - real.length - excused.length;
    expect(real.map((d) => describeDifference(d)), "Apache answered differently").toEqual([]);
  });
  it("every expectation still excuses a real difference", () => {
    const stale = expectations.filter((e) => !used.has(e));
    expect(stale.map((e) => `${e.case}#${e.index ?? "*"} ${e.field ?? "*"}: ${e.reason}`)).toEqual([]);
  });
  afterAll(() => {
    const pct = tally.requests ? ((100 * tally.agree) / tally.requests).toFixed(1) : "0";
    process.stdout.write(`real-world: htrewrite agrees with Apache on ${tally.agree}/${tally.requests} requests (${pct}%), ${tally.excused} excused by real-world/expectations.json\n`);
  });
});
