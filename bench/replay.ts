/**
 * Replay throughput: generated access-log lines per CPU second through
 *   read         — the log file read and cut into lines (input.ts, as the CLI reads it),
 *   parse        — LogFormat parsing and request rebuild only,
 *   summarise    — parse + rebuild + summarise with each line's decision computed beforehand
 *                  (everything of a replay but the engine's decision),
 *   replay       — parse + decide (the library's evaluate) + summarise, rule hits off,
 *   replay+hits  — the same with rule/condition hits from trace events (the CLI default),
 *   diff         — two engines per line (the seed case against a changed rule),
 *   merge        — merging two summaries of this log.
 * on the seed case (rules/01-userdir-groups.json: per-user interpreters) and a WordPress
 * front controller, and the command line end to end (node dist/cli/main.js replay, one thread and
 * --jobs 2; needs `npm run build` and /usr/bin/time for CPU and peak RSS).
 * Run: npx tsx bench/replay.ts [--lines N]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluate, type EvaluateResult } from "../dist/api/evaluate.js";
import { openLog } from "../dist/replay/input.js";
import { ReplaySummary } from "../dist/replay/summary.js";
import { loadCase } from "../dist/case/load.js";
import type { CaseFile } from "../dist/case/types.js";
import { parseConfig } from "../dist/config/index.js";
import { loadCaseEngine } from "../dist/eval/case.js";
import { ConfigDiff } from "../dist/replay/diff.js";
import { compileLogFormat, PRESET_FORMATS } from "../dist/replay/log-format.js";
import { generateLog } from "../dist/replay/log-generator.js";
import { WORDPRESS } from "./scenarios/front-controllers.js";
import { mergeSummaries } from "../dist/replay/merge.js";
import { Replayer } from "../dist/replay/replayer.js";
import { rebuildRequest, requestShape } from "../dist/replay/request.js";
import { indexRules } from "../dist/replay/rule-hits.js";

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
  // The decisions computed first, so that only parsing, rebuilding and summarising are timed.
  const decided: Array<EvaluateResult | null> = lines.map((l) => {
    const v = parser.parse(l);
    if ("error" in v) return null;
    const r = rebuildRequest(v.values, shape);
    return "error" in r ? null : evaluate(engine, r.request);
  });
  const summariseAll = () => {
    const s = new ReplaySummary();
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      s.lines++;
      s.bytes += l.length + 1;
      const v = parser.parse(l);
      if ("error" in v) {
        s.addUnparsable(l, v.error);
        continue;
      }
      const r = rebuildRequest(v.values, shape);
      if ("error" in r) s.addUnparsable(l, r.error);
      else s.addResult(r.request.url, decided[i]!, r.loggedStatus);
    }
    return s;
  };
  summariseAll();
  const su = cpu(summariseAll);
  row(c.name, "parse + rebuild + summarise (decisions precomputed: all but the engine)", su.secs, lines.length);
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

// Reading: the generated log written to a file and read back through input.ts.
const work = mkdtempSync(join(tmpdir(), "htr-bench-replay-"));
const logFile = join(work, "access.log");
writeFileSync(logFile, lines.join("\n") + "\n", "latin1");
{
  const c0 = process.cpuUsage();
  let count = 0;
  for await (const b of openLog(logFile).batches) count += b.length;
  const c = process.cpuUsage(c0);
  row("-", "read + cut into lines (input.ts)", (c.user + c.system) / 1e6, count);
}
// End to end through the built command line; /usr/bin/time gives its CPU and peak RSS.
const cliMain = new URL("../dist/cli/main.js", import.meta.url).pathname;
const e2e: string[] = [];
if (existsSync(cliMain) && existsSync("/usr/bin/time")) {
  for (const jobs of [1, 2]) {
    const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", process.execPath, cliMain, "replay", "--quiet", "--jobs", String(jobs), "--case", new URL("../rules/01-userdir-groups.json", import.meta.url).pathname, logFile], { encoding: "utf8", maxBuffer: 1 << 26 });
    const [wall, user, sys, rss] = r.stderr.trim().split("\n").pop()!.split(" ").map(Number);
    const secs = user + sys;
    row("userdir-groups", `CLI end to end, --jobs ${jobs} (${wall.toFixed(2)} s wall, ${Math.round(lines.length / wall).toLocaleString("en-US")} lines per wall second, peak RSS ${Math.round(rss / 1024)} MiB)`, secs, lines.length);
  }
} else e2e.push("(CLI end to end skipped: run `npm run build`; needs /usr/bin/time)");
rmSync(work, { recursive: true, force: true });

console.log(`## Replay (bench/replay.ts, ${n} generated combined-format lines)\n`);
console.log("| case | what | lines | CPU s | lines per CPU second |\n| --- | --- | --- | --- | --- |");
console.log(rows.join("\n"));
if (e2e.length > 0) console.log(`\n${e2e.join("\n")}`);
