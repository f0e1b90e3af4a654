/**
 * `npm run test:apache`, real-world corpus: re-records every case of test/conformance/real-world
 * with the installed Apache and requires (1) the fresh recording to agree with the committed
 * results on the compared fields, and (2) htrewrite to agree with the fresh recording except for
 * the differences listed in real-world/expectations.json (an entry that excuses nothing fails).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCase } from "../../src/case/load.js";
import type { CaseFile, ResultRecord } from "../../src/case/types.js";
import { compareResults, describeDifference } from "../conformance/compare.js";
import { evalSafely, loadEvaluator } from "../conformance/evaluator.js";
import { applyExpectations, loadExpectations, type Expectation } from "../conformance/expectations.js";
import { readResults } from "../conformance/recorder/record-case.js";
import { recordMany } from "../conformance/recorder/record-many.js";

const dir = join(fileURLToPath(new URL(".", import.meta.url)), "..", "conformance", "real-world");
const cases: { file: string; c: CaseFile }[] = readdirSync(join(dir, "cases"))
  .filter((n) => n.endsWith(".json"))
  .sort()
  .map((f) => ({ file: join(dir, "cases", f), c: loadCase(join(dir, "cases", f)) }));
const expectations: Expectation[] = loadExpectations(join(dir, "expectations.json"));
const used = new Set<Expectation>();
let fresh = new Map<string, ResultRecord[]>();
const tally = { requests: 0, agree: 0 };

beforeAll(async () => {
  fresh = await recordMany(
    cases.map((x) => x.c),
    { jobs: Number(process.env.HTR_RECORD_JOBS ?? 2) },
  );
});

describe("the real-world corpus re-recorded with the installed Apache", () => {
  it.each(cases.map((x) => [x.c.name, x] as const))("%s: Apache answers as recorded", (_n, { c }) => {
    const committed = readResults(join(dir, "results", `${c.name}.jsonl`));
    expect(committed.length, "committed records").toBe(c.requests.length);
    const diffs = compareResults(committed, fresh.get(c.name) ?? []);
    expect(diffs.map((d) => describeDifference(d, "committed", "apache-now"))).toEqual([]);
  });
  it.each(cases.map((x) => [x.c.name, x] as const))("%s: htrewrite answers as Apache", async (_n, { c, file }) => {
    const apache = fresh.get(c.name) ?? [];
    const ours = await evalSafely(await loadEvaluator(), c, file);
    const { real, excused, used: u } = applyExpectations(compareResults(apache, ours), expectations);
    u.forEach((e) => used.add(e));
    tally.requests += apache.length;
    tally.agree += apache.length - real.length - excused.length;
    expect(real.map((d) => describeDifference(d))).toEqual([]);
  });
  it("every expectation still excuses a real difference", () => {
    const stale = expectations.filter((e) => !used.has(e));
    expect(stale.map((e) => `${e.case}#${e.index ?? "*"} ${e.field ?? "*"}: ${e.reason}`)).toEqual([]);
  });
  afterAll(() => process.stdout.write(`real-world (fresh): htrewrite agrees on ${tally.agree}/${tally.requests} requests\n`));
});
