/**
 * Compare two bench reports (two branches, two builds, before/after a patch) row by row.
 *
 *   npx tsx bench/compare.ts BEFORE.json AFTER.json [--threshold PCT]
 *
 * Prints every row present in both, with the change of decisions per CPU second in percent, and flags the ones that
 * moved by more than the threshold (default 5%). Exit 1 when some row got slower than that.
 */
import { readFileSync } from "node:fs";
import type { BenchReport } from "./harness/report.js";

interface Row {
  key: string;
  rate: number;
}

function rows(r: BenchReport): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const s of r.scenarios) {
    for (const v of s.variants) {
      if (v.timing === null) continue;
      const key = `${s.name} / ${v.impl}${v.input ? ` / ${v.input}` : ""}`;
      out.set(key, { key, rate: v.timing.decisionsPerCpuSec ?? v.timing.decisionsPerSec });
    }
  }
  return out;
}

function main(argv: string[]): number {
  const files = argv.filter((a) => !a.startsWith("--"));
  const t = argv.indexOf("--threshold");
  const threshold = t >= 0 ? Number(argv[t + 1]) : 5;
  if (files.length < 2) {
    console.error("usage: npx tsx bench/compare.ts BEFORE.json AFTER.json [--threshold PCT]");
    return 2;
  }
  const [before, after] = files.slice(0, 2).map((f) => JSON.parse(readFileSync(f, "utf8")) as BenchReport);
  const a = rows(before);
  const b = rows(after);
  let slower = 0;
  console.log(`before: ${before.machine.date} (rule index hook ${before.machine.ruleIndexHook ? "on" : "off"}, load ${before.machine.loadAverage})`);
  console.log(`after:  ${after.machine.date} (rule index hook ${after.machine.ruleIndexHook ? "on" : "off"}, load ${after.machine.loadAverage})\n`);
  console.log("| row | before per CPU s | after per CPU s | change |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const [key, x] of a) {
    const y = b.get(key);
    if (y === undefined) continue;
    const pct = (y.rate / x.rate - 1) * 100;
    const flag = Math.abs(pct) > threshold ? (pct < 0 ? " ▼" : " ▲") : "";
    if (pct < -threshold) slower++;
    console.log(`| ${key} | ${x.rate.toFixed(1)} | ${y.rate.toFixed(1)} | ${pct >= 0 ? "+" : ""}${pct.toFixed(1)}%${flag} |`);
  }
  return slower > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
