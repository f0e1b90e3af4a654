/**
 * Replay throughput: generated access-log lines per CPU second through
 *   parse        — LogFormat parsing and request rebuild only,
 *   replay       — parse + decide (the library's evaluate) + summarise, rule hits off,
 *   replay+hits  — the same with rule/condition hits from trace events (the CLI default),
 *   diff         — two engines per line (the seed case against a changed rule),
 *   merge        — merging two summaries of this log.
 * on the seed case (rules/01-userdir-groups.json: per-user interpreters) and a WordPress
 * front controller. Run: npx tsx bench/replay.ts [--lines N]
 */
import { loadCase } from "../src/case/load.js";
import type { CaseFile } from "../src/case/types.js";
import { parseConfig } from "../src/config/index.js";
import { loadCaseEngine } from "../src/eval/case.js";
import { ConfigDiff } from "../src/replay/diff.js";
import { compileLogFormat, PRESET_FORMATS } from "../src/replay/log-format.js";
import { generateLog } from "../src/replay/log-generator.js";
import { WORDPRESS } from "./scenarios/front-controllers.js";
import { mergeSummaries } from "../src/replay/merge.js";
import { Replayer } from "../src/replay/replayer.js";
import { rebuildRequest, requestShape } from "../src/replay/request.js";
import { indexRules } from "../src/replay/rule-hits.js";

const n = Number(process.argv[process.argv.indexOf("--lines") + 1]) || 100_000;

function cpu<T>(f: () => T): { secs: number; value: T } {
  const c0 = process.cpuUsage();
  const value = f();
  const c = process.cpuUsage(c0);
  return { secs: (c.user + c.system) / 1e6, value };
}

const seed = loadCase(new URL("../rules/01-userdir-groups.json", import.meta.url).pathname);
const wordpress: CaseFile = {
  ...seed,
  name: "wordpress",
  // The same WordPress permalink rules the front-controller scenarios bench, in a <Directory>.
  config: ["<Directory @ROOT@/htdocs>", ...WORDPRESS.htaccess, "</Directory>"],
  files: { "htdocs/index.php": "<?php", "htdocs/static/css/site.css": "x", "htdocs/robots.txt": "x" },
};

const lines = [...generateLog({ lines: n, seed: 42, userNames: ["alice", "bob"] })];
const parser = compileLogFormat(PRESET_FORMATS.combined);
const rows: string[] = [];
const row = (name: string, what: string, secs: number, count: number) => rows.push(`| ${name} | ${what} | ${count} | ${secs.toFixed(2)} | ${Math.round(count / secs).toLocaleString("en-US")} |`);

for (const c of [seed, wordpress]) {
  const { engine } = loadCaseEngine(c);
  const index = indexRules(parseConfig(c.config.join("\n"), { file: c.name, validate: false }).children);
  const shape = requestShape(parser);
  const parseAll = () => {
    let ok = 0;
    for (const l of lines) {
      const v = parser.parse(l);
      if (!("error" in v) && !("error" in rebuildRequest(v.values, shape))) ok++;
    }
    return ok;
  };
  parseAll(); // warm-up: the first pass pays for JIT compilation
  const p = cpu(parseAll);
  row(c.name, "parse + rebuild", p.secs, lines.length);
  for (const hits of [false, true]) {
    const r = new Replayer(engine, { parser, ruleIndex: hits ? index : null });
    for (const l of lines.slice(0, 2000)) r.line(l); // warm-up
    const r2 = new Replayer(engine, { parser, ruleIndex: hits ? index : null });
    const t = cpu(() => {
      for (const l of lines) r2.line(l);
    });
    row(c.name, hits ? "replay with rule hits (CLI default)" : "replay, --no-rule-hits", t.secs, lines.length);
    if (hits) {
      const m = cpu(() => mergeSummaries(r2.summary, r2.summary));
      rows.push(`| ${c.name} | merge two summaries of this log | - | ${m.secs.toFixed(3)} | - |`);
    }
  }
}
{
  const a = loadCaseEngine(seed).engine;
  const changed = { ...seed, config: seed.config.map((l) => (l.startsWith("RewriteCond") ? "RewriteCond %{REQUEST_URI} ^/~(a[^/]*)" : l)) };
  const b = loadCaseEngine(changed).engine;
  const idx = indexRules(parseConfig(seed.config.join("\n"), { file: "seed", validate: false }).children);
  const d = new ConfigDiff(a, b, idx, idx);
  const shape = requestShape(parser);
  const reqs = lines.flatMap((l) => {
    const v = parser.parse(l);
    if ("error" in v) return [];
    const r = rebuildRequest(v.values, shape);
    return "error" in r ? [] : [r.request];
  });
  const t = cpu(() => {
    for (const r of reqs) d.add(r);
  });
  row("userdir-groups", `diff (changed RewriteCond; ${((100 * d.changed) / d.requests).toFixed(1)}% changed)`, t.secs, reqs.length);
}

console.log(`## Replay (bench/replay.ts, ${n} generated combined-format lines)\n`);
console.log("| case | what | lines | CPU s | lines per CPU second |\n| --- | --- | --- | --- | --- |");
console.log(rows.join("\n"));
