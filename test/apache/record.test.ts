/**
 * `npm run test:apache`: re-records every golden case with the installed Apache and requires
 * (1) the fresh recording to agree with the committed results on the fields that count, and
 * (2) htrewrite's answers to agree with the fresh recording, except for the deliberate
 * differences listed in test/conformance/expectations.json.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCase } from "../../src/case/load.js";
import type { CaseFile, ResultRecord } from "../../src/case/types.js";
import { compareResults, describeDifference } from "../conformance/compare.js";
import { loadEvaluator, evalSafely, type EvalCase } from "../conformance/evaluator.js";
import { applyExpectations, loadExpectations, type Expectation } from "../conformance/expectations.js";
import { readResults } from "../conformance/recorder/record-case.js";
import { recordMany } from "../conformance/recorder/record-many.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const casesDir = join(here, "..", "conformance", "cases");
const resultsDir = join(here, "..", "conformance", "results");
const caseFiles = readdirSync(casesDir).filter((n) => n.endsWith(".json")).sort();
const cases: { file: string; c: CaseFile }[] = caseFiles.map((f) => ({ file: join(casesDir, f), c: loadCase(join(casesDir, f)) }));

let fresh = new Map<string, ResultRecord[]>();
let evaluator: EvalCase | Error;
const expectations: Expectation[] = loadExpectations();
const usedExpectations = new Set<Expectation>();
const tally = { requests: 0, agree: 0, excused: 0 };

beforeAll(async () => {
  const t0 = Date.now();
  fresh = await recordMany(
    cases.map((x) => x.c),
    { jobs: Number(process.env.HTR_RECORD_JOBS ?? 6) },
  );
  const requests = [...fresh.values()].reduce((n, r) => n + r.length, 0);
  process.stdout.write(`recorded ${fresh.size} cases, ${requests} requests in ${Date.now() - t0} ms\n`);
  evaluator = await loadEvaluator().catch((e: Error) => e);
});

describe("the golden corpus re-recorded with the installed Apache", () => {
  it("has cases", () => expect(cases.length).toBeGreaterThan(0));
  it.each(cases.map((x) => [x.c.name, x] as const))("%s: Apache answers as recorded", (_name, { c }) => {
    const committed = readResults(join(resultsDir, `${c.name}.jsonl`));
    expect(committed.length, "committed records").toBe(c.requests.length);
    const diffs = compareResults(committed, fresh.get(c.name) ?? []);
    expect(diffs.map((d) => describeDifference(d, "golden", "apache-now"))).toEqual([]);
  });
});

describe("htrewrite against the fresh recording", () => {
  it.each(cases.map((x) => [x.c.name, x] as const))("%s: htrewrite answers as Apache", async (_name, { c, file }) => {
    if (evaluator instanceof Error) throw evaluator;
    const ours = await evalSafely(evaluator, c, file);
    const apache = fresh.get(c.name) ?? [];
    const { real, excused, used } = applyExpectations(compareResults(apache, ours), expectations);
    used.forEach((e) => usedExpectations.add(e));
    tally.requests += apache.length;
    tally.agree += apache.length - real.length - excused.length;
    tally.excused += excused.length;
    expect(real.map((d) => describeDifference(d))).toEqual([]);
  });
  afterAll(() => {
    const pct = tally.requests ? ((100 * tally.agree) / tally.requests).toFixed(1) : "0";
    process.stdout.write(`htrewrite agrees with Apache on ${tally.agree}/${tally.requests} requests (${pct}%), ${tally.excused} excused by expectations.json\n`);
  });
  it("every expectation still excuses a real difference", () => {
    // The fresh recording is compared without the trace (its timestamps and per-child map caches
    // change from run to run); trace entries are for the offline golden run, which compares it.
    const stale = expectations.filter((e) => e.field !== "trace" && !usedExpectations.has(e));
    expect(stale.map((e) => `${e.case}#${e.index ?? "*"} ${e.field ?? "*"}: ${e.reason}`)).toEqual([]);
  });
});
