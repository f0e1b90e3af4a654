import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCase } from "../../src/case/load.js";
import { loadCaseEngine } from "../../src/eval/case.js";
import { parseConfig } from "../../src/config/index.js";
import { compileLogFormat, PRESET_FORMATS } from "../../src/replay/log-format.js";
import { generateLog } from "../../src/replay/log-generator.js";
import { mergeAll } from "../../src/replay/merge.js";
import { ReplaySummary } from "../../src/replay/summary.js";
import { Replayer } from "../../src/replay/replayer.js";
import { indexRules } from "../../src/replay/rule-hits.js";

const casePath = new URL("../../rules/01-userdir-groups.json", import.meta.url).pathname;
const c = loadCase(casePath);
const { engine } = loadCaseEngine(c);
const ruleIndex = indexRules(parseConfig(c.config.join("\n"), { file: "case", validate: false }).children);
const parser = compileLogFormat(PRESET_FORMATS.combined);
const lines = [...generateLog({ lines: 400, seed: 11, userNames: ["alice", "bob", "carol"], malformed: 0.03 })];

function replay(part: readonly string[]) {
  const r = new Replayer(engine, { parser, ruleIndex, topK: 400 });
  for (const l of part) r.line(l);
  return r.summary;
}

const single = JSON.stringify(replay(lines).toJSON());

describe("merge of shard summaries", () => {
  it("any split and order of shards equals one pass", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: lines.length - 1 }), { maxLength: 6 }), fc.integer(), (cuts, seed) => {
        const bounds = [0, ...[...cuts].sort((a, b) => a - b), lines.length];
        const shards = bounds.slice(1).map((end, i) => replay(lines.slice(bounds[i], end)));
        // A deterministic shuffle and an arbitrary bracketing: pairwise merges in shuffled order.
        const order = shards.map((s, i) => ({ s, k: Math.imul(i + 1, seed | 1) >>> 0 })).sort((a, b) => a.k - b.k).map((x) => x.s);
        let merged = order;
        while (merged.length > 1) {
          const next = [];
          for (let i = 0; i < merged.length; i += 2) next.push(i + 1 < merged.length ? mergeAll([merged[i + 1], merged[i]]) : merged[i]);
          merged = next;
        }
        expect(JSON.stringify(merged[0].toJSON())).toBe(single);
      }),
      { numRuns: 25 },
    );
  });

  it("counts rules, conditions, groups and predicted-vs-logged statuses from the seed case", () => {
    const s = replay(lines);
    const j = s.toJSON();
    expect(j.lines).toBe(400);
    expect(j.requests + j.unparsable).toBe(400);
    expect(j.unparsable).toBeGreaterThan(0);
    expect(j.unparsableSample.length).toBeGreaterThan(0);
    const rule = j.rules["case:4"];
    const cond = j.conditions["case:3"];
    expect(rule.tried).toBeGreaterThan(0);
    // The rule fires exactly when its condition (REQUEST_URI starts with /~) matched.
    expect(rule.fired).toBe(cond.matched);
    expect(s.appDistinct.count()).toBeGreaterThan(0);
    expect(s.appRequests.top().map(([k]) => k).every((k) => ["~alice", "~bob"].includes(k))).toBe(true);
    expect(j.agree + j.disagree).toBe(j.requests);
    expect(Object.values(j.statusPairs).reduce((a, b) => a + b, 0)).toBe(j.requests);
  });

  it("refuses what is not a summary, naming the file", () => {
    expect(() => ReplaySummary.fromJSON({} as never, "x.json")).toThrow(/x.json: not an htrewrite replay summary/);
  });
});
