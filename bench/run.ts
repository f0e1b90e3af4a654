/**
 * htrewrite's benchmark runner.
 *
 *   npm run bench -- [--quick] [--only NAME[,NAME…]] [--out DIR] [--external] [--json FILE]
 * (the engine measured is the built package, dist/, as users run it: `npm run bench` builds first)
 *
 * Runs each scenario of bench/scenarios/index.ts in its own worker thread, one after another (the
 * machine's other core stays free for the OS and the runner), then writes DIR/latest.json and
 * DIR/latest.md (default bench/results/). `--quick` is a smoke run: every scenario and check, with
 * short timings that are not figures. `--external` also runs the layer benches other scripts own
 * (bench/config-parse.ts, bench/regex.ts) and appends their output to the report.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { machineFacts, renderMarkdown, type BenchReport } from "./harness/report.js";
import type { BenchOptions, ScenarioResult } from "./harness/types.js";
import { SCENARIOS } from "./scenarios/index.js";

const here = dirname(fileURLToPath(import.meta.url));

interface Args {
  opts: BenchOptions;
  only: string[] | null;
  out: string;
  external: boolean;
  /** --json FILE: the figures as flat rows, machine-readable. */
  json: string | null;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { opts: { quick: false }, only: null, out: join(here, "results"), external: false, json: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") args.opts.quick = true;
    else if (a === "--only") args.only = (argv[++i] ?? "").split(",").filter((s) => s !== "");
    else if (a.startsWith("--only=")) args.only = a.slice(7).split(",").filter((s) => s !== "");
    else if (a === "--out") args.out = argv[++i] ?? args.out;
    else if (a === "--external") args.external = true;
    else if (a === "--json") args.json = argv[++i] ?? null;
    else if (a.startsWith("--json=")) args.json = a.slice(7);
    else if (a === "--help" || a === "-h") {
      console.log("usage: npm run bench -- [--quick] [--only NAME[,NAME…]] [--out DIR] [--json FILE]");
      console.log(`scenarios: ${SCENARIOS.map((s) => s.name).join(", ")}`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

/** Run one scenario in a fresh worker (bench/worker-entry.mjs registers the TypeScript loader there). */
function runInWorker(name: string, opts: BenchOptions): Promise<ScenarioResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const worker = new Worker(new URL("./worker-entry.mjs", import.meta.url), { workerData: { name, opts } });
    let done = false;
    const fail = (error: string) => {
      if (done) return;
      done = true;
      resolve({ name, description: "", size: null, baseline: null, targets: [], variants: [], figures: {}, error, wallMs: performance.now() - started });
    };
    worker.once("message", (r: ScenarioResult) => {
      done = true;
      resolve(r);
      void worker.terminate();
    });
    worker.once("error", (e) => fail(e.stack ?? e.message));
    worker.once("exit", (code) => fail(`worker exited with code ${code} before reporting`));
  });
}

/** Layer benches kept as scripts by their owners; run as child processes with the tsx loader. */
const EXTERNAL_SCRIPTS = ["config-parse.ts", "regex.ts", "replay.ts"];

function runExternal(script: string): { script: string; exitCode: number | null; output: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(here, script)], { encoding: "utf8", timeout: 180_000, cwd: join(here, "..") });
  const output = (r.stdout ?? "") + (r.status === 0 ? "" : (r.stderr ?? "")) + (r.error ? String(r.error) : "");
  return { script: `bench/${script}`, exitCode: r.status, output };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const unknown = (args.only ?? []).filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) {
    console.error(`no such scenario: ${unknown.join(", ")} (have: ${SCENARIOS.map((s) => s.name).join(", ")})`);
    return 2;
  }
  const chosen = SCENARIOS.filter((s) => args.only === null || args.only.includes(s.name));
  const t0 = performance.now();
  const machine = machineFacts();
  const results: ScenarioResult[] = [];
  for (const s of chosen) {
    process.stdout.write(`${s.name} … `);
    const r = await runInWorker(s.name, args.opts);
    results.push(r);
    console.log(r.error !== null ? `ERROR\n${r.error}` : `${(r.wallMs / 1000).toFixed(1)} s`);
  }
  const external = [];
  if (args.external) {
    for (const script of EXTERNAL_SCRIPTS.filter((f) => existsSync(join(here, f)))) {
      process.stdout.write(`bench/${script} … `);
      const e = runExternal(script);
      external.push(e);
      console.log(e.exitCode === 0 ? "done" : `exit ${e.exitCode}`);
    }
  }
  const report: BenchReport = { machine, quick: args.opts.quick, totalSeconds: (performance.now() - t0) / 1000, scenarios: results, external };
  mkdirSync(args.out, { recursive: true });
  writeFileSync(join(args.out, "latest.json"), JSON.stringify(report, null, 2) + "\n");
  if (args.json !== null) writeFileSync(args.json, JSON.stringify(flatRows(report), null, 2) + "\n");
  const md = renderMarkdown(report);
  writeFileSync(join(args.out, "latest.md"), md);
  console.log(`\n${md}`);
  return results.some((r) => r.error !== null) ? 1 : 0;
}

/**
 * One row per scenario × implementation × input: decisions per CPU second, p50/p99, compile ms
 * and heap per rule (heap / scenario size, where both are known), for scripts and CI trends.
 */
function flatRows(report: BenchReport): Array<Record<string, string | number | null>> {
  const rows: Array<Record<string, string | number | null>> = [];
  for (const sc of report.scenarios) {
    for (const v of sc.variants) {
      rows.push({
        scenario: sc.name,
        implementation: v.impl,
        input: v.input,
        decisionsPerCpuSecond: v.timing ? Math.round(v.timing.decisionsPerCpuSec) : null,
        decisionsPerSecond: v.timing ? Math.round(v.timing.decisionsPerSec) : null,
        p50Us: v.timing?.p50Us ?? null,
        p99Us: v.timing?.p99Us ?? null,
        compileMs: v.compileMs,
        heapBytesPerRule: v.heapBytes !== null && sc.size ? Math.round(v.heapBytes / sc.size) : null,
        skipped: v.skipped,
      });
    }
  }
  return rows;
}

process.exitCode = await main();
