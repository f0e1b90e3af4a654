/**
 * The bench report: machine facts, one Markdown table of every measured row (each with its ratio
 * to the scenario's baseline on the same input kind) and the issue's targets, each with the
 * figure it is judged on.
 */
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import type { ScenarioResult, VariantResult } from "./types.js";

export interface MachineFacts {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  date: string;
  /** 1-minute load average when the run started: other work on a shared machine skews figures. */
  loadAverage: number;
  /** Whether src/rewrite/ruleset.ts consults the rule index (untraced passes). */
  ruleIndexHook: boolean;
}

export interface BenchReport {
  machine: MachineFacts;
  quick: boolean;
  totalSeconds: number;
  scenarios: ScenarioResult[];
  /** Output of the layer benches other scripts own (bench/config-parse.ts, bench/regex.ts), with --external. */
  external?: Array<{ script: string; exitCode: number | null; output: string }>;
}

function hookApplied(): boolean {
  try {
    const loop = readFileSync(fileURLToPath(new URL("../../dist/rewrite/ruleset.ts", import.meta.url)), "utf8");
    return loop.includes("rule-index.js");
  } catch {
    return false;
  }
}

export function machineFacts(): MachineFacts {
  const c = cpus();
  return {
    cpu: c[0]?.model ?? "unknown",
    cores: c.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
    loadAverage: Math.round(loadavg()[0] * 100) / 100,
    ruleIndexHook: hookApplied(),
  };
}

const int = (n: number): string => Math.round(n).toLocaleString("en-US");
const rate = (n: number): string => (n >= 100 ? int(n) : n >= 1 ? n.toFixed(1) : n.toPrecision(2));
const us = (n: number): string => (n >= 100 ? int(n) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** The row of the scenario's baseline for the same input kind. */
function baselineRow(s: ScenarioResult, v: VariantResult): VariantResult | undefined {
  return s.variants.find((b) => b.impl === s.baseline && b.input === v.input && b.timing !== null);
}

/** Throughput of `v` as a multiple of its baseline's (null when there is none). */
export function ratioToBaseline(s: ScenarioResult, v: VariantResult): number | null {
  const b = baselineRow(s, v);
  if (b === undefined || b.timing === null || v.timing === null || b === v) return null;
  return v.timing.decisionsPerCpuSec / b.timing.decisionsPerCpuSec;
}

function find(r: BenchReport, scenario: string, impl: string, input = ""): VariantResult | undefined {
  return r.scenarios.find((s) => s.name === scenario)?.variants.find((v) => v.impl === impl && v.input === input);
}

/** The issue's targets with the figure each is judged on. */
export function targets(r: BenchReport): Array<{ target: string; figure: string; met: boolean | null }> {
  const out: Array<{ target: string; figure: string; met: boolean | null }> = [];
  const seed = find(r, "seed-userdir-groups", "htrewrite");
  out.push({
    target: "seed scenario ≥ 500,000 decisions/s",
    figure: seed?.timing ? `${rate(seed.timing.decisionsPerCpuSec)} per CPU s (${rate(seed.timing.decisionsPerSec)}/s wall)` : "not measured",
    met: seed?.timing ? seed.timing.decisionsPerCpuSec >= 500_000 : null,
  });
  const s10k = r.scenarios.find((s) => s.name === "redirects-10000");
  // Judged on the rule engine alone (what the naive evaluator also does); the full pipeline's
  // figure is shown beside it.
  for (const input of ["no-match", "first-rule", "last-rule"]) {
    const v = find(r, "redirects-10000", "htrewrite-rewrite-only", input);
    const full = find(r, "redirects-10000", "htrewrite", input);
    const ratio = s10k && v ? ratioToBaseline(s10k, v) : null;
    const fullText = full?.timing ? `; full pipeline ${rate(full.timing.decisionsPerCpuSec)}` : "";
    out.push({
      target: `10,000 redirects (${input}) ≥ 200,000 decisions/s and ≥ 100× naive`,
      figure: v?.timing ? `rewrite-only ${rate(v.timing.decisionsPerCpuSec)} per CPU s, ${ratio === null ? "no ratio" : `${ratio.toFixed(1)}× naive`}${fullText}` : "not measured",
      met: v?.timing && ratio !== null ? v.timing.decisionsPerCpuSec >= 200_000 && ratio >= 100 : null,
    });
  }
  const compile = r.scenarios.find((s) => s.name === "config-10000-rules");
  const compileMs = compile?.figures["loadEngineMs"];
  out.push({ target: "compile 10,000 rules ≤ 500 ms", figure: compileMs === undefined ? "not measured" : `${compileMs.toFixed(0)} ms`, met: compileMs === undefined ? null : compileMs <= 500 });
  const parseMs = compile?.figures["parseValidateMs"];
  out.push({ target: "parse + validate 10,000 rules ≤ 300 ms (issue 2)", figure: parseMs === undefined ? "not measured" : `${parseMs.toFixed(0)} ms`, met: parseMs === undefined ? null : parseMs <= 300 });
  const perRule = compile?.figures["heapBytesPerRule"];
  const ruleSet = compile?.figures["compiledRuleSetBytesPerRule"];
  const indexBytes = compile?.figures["ruleIndexBytesPerRule"] ?? 0;
  out.push({
    target: "≤ 2 KB heap per compiled rule",
    figure:
      ruleSet === undefined || perRule === undefined
        ? "not measured"
        : `compiled rule set + index ${int(ruleSet + indexBytes)} B; whole engine (config tree, model, rules) ${int(perRule)} B`,
    met: ruleSet === undefined ? null : ruleSet + indexBytes <= 2048,
  });
  const tracing = r.scenarios.find((s) => s.name === "tracing-on-off");
  const hooks = tracing?.figures["traceHooksOffCostPct"];
  out.push({
    target: "tracing off < 2% slower than a build without trace hooks",
    figure: hooks === undefined ? "needs a hook-less build: see bench/results/trace-hooks.md" : `${hooks.toFixed(1)}%`,
    met: hooks === undefined ? null : hooks < 2,
  });
  return out;
}

export function renderMarkdown(r: BenchReport): string {
  const m = r.machine;
  const lines: string[] = [];
  lines.push(`# htrewrite bench${r.quick ? " (quick smoke run: timings are not figures)" : ""}`, "");
  lines.push(`- CPU: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; ${m.platform}; Node ${m.node}`);
  lines.push(`- Date: ${m.date}; load average at start ${m.loadAverage} (a shared machine: other work skews figures)`);
  lines.push(`- Rule index hook in the rule loop: ${m.ruleIndexHook ? "applied" : "not applied (plain loop)"}`);
  lines.push(`- Whole run: ${r.totalSeconds.toFixed(0)} s; each scenario in its own worker thread, one at a time`, "");
  lines.push("decisions/s: per second of wall time; per CPU s: per second of the process's CPU time (the per-core figure on a busy machine); × baseline compares CPU-time rates.", "");
  lines.push("| scenario | implementation | input | decisions/s | per CPU s | p50 µs | p99 µs | max µs | × baseline | compile ms | heap KiB | notes |");
  lines.push("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const s of r.scenarios) {
    if (s.error !== null) {
      lines.push(`| ${s.name} | — | — | | | | | | | | | ERROR: ${s.error.split("\n")[0]} |`);
      continue;
    }
    for (const v of s.variants) {
      const t = v.timing;
      const ratio = ratioToBaseline(s, v);
      const cells = [
        s.name,
        v.impl,
        v.input || "—",
        t ? rate(t.decisionsPerSec) : "",
        t ? rate(t.decisionsPerCpuSec) : "",
        t ? us(t.p50Us) : "",
        t ? us(t.p99Us) : "",
        t ? us(t.maxUs) : "",
        ratio === null ? (v.impl === s.baseline ? "1 (baseline)" : "") : `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}×`,
        v.compileMs === null ? "" : v.compileMs.toFixed(1),
        v.heapBytes === null ? "" : int(v.heapBytes / 1024),
        [v.skipped !== null ? `skipped: ${v.skipped}` : "", v.note ?? ""].filter((x) => x !== "").join("; "),
      ];
      lines.push(`| ${cells.join(" | ")} |`);
    }
  }
  const figs = r.scenarios.filter((s) => Object.keys(s.figures).length > 0);
  if (figs.length > 0) {
    lines.push("", "Other figures:", "");
    for (const s of figs) for (const [k, v] of Object.entries(s.figures)) lines.push(`- ${s.name}: ${k} = ${Number.isInteger(v) ? int(v) : v.toFixed(2)}`);
  }
  for (const e of r.external ?? []) {
    lines.push("", `Output of \`${e.script}\`${e.exitCode === 0 ? "" : ` (exit ${e.exitCode})`}:`, "", "```", e.output.trimEnd(), "```");
  }
  lines.push("", "Targets (reported, not asserted):", "", "| target | figure | met |", "| --- | --- | --- |");
  for (const t of targets(r)) lines.push(`| ${t.target} | ${t.figure} | ${t.met === null ? "—" : t.met ? "yes" : "no"} |`);
  return lines.join("\n") + "\n";
}
