/**
 * `htrewrite replay --config FILE | --case FILE.json [--format F] [--json OUT] [--html OUT]
 *                   [--top K] [--jobs N] [--shard I/N] [--no-rule-hits] [--quiet] LOG…` (`-` = stdin; gzip detected)
 *
 * Replays access-log lines through the rules and prints what they did to that traffic.
 * `--shard I/N` replays only the lines that start in the I-th of N equal byte ranges of each
 * (uncompressed) log, so N independent jobs (a Slurm array, scripts/slurm/) cover every line once.
 */
import { takeRoots } from "./roots-option.js";
import { writeFileSync } from "node:fs";
import { configLogFormats, resolveFormat } from "../replay/config-formats.js";
import { loadSource } from "../replay/engine-source.js";
import { openLog, type ByteShard } from "../replay/input.js";
import { compileLogFormat } from "../replay/log-format.js";
import { Progress } from "../replay/progress.js";
import { renderHtml } from "../replay/report-html.js";
import { renderText } from "../replay/report-text.js";
import { Replayer } from "../replay/replayer.js";
import { WorkerPool } from "../replay/worker-pool.js";
import { HtrError } from "../util/errors.js";

export const HELP = "usage: htrewrite replay --config FILE | --case FILE.json [--format FMT|NAME] [--json OUT] [--html OUT] [--top K] [--jobs N] [--shard I/N] [--no-rule-hits] [--quiet] [--root DIR]… LOG…";

export interface CommonReplayArgs {
  config?: string;
  caseFile?: string;
  format: string | null;
  logs: string[];
}

export function usageError(msg: string, usage = HELP): HtrError {
  return new HtrError("HTR_USAGE", `${msg}\n${usage}`);
}

/** The line parser: --format, else the config's first CustomLog format with a request line, else combined. */
export function pickParser(format: string | null, configFile: string | null) {
  const fromConfig = configFile ? configLogFormats(configFile) : null;
  try {
    if (format !== null) return compileLogFormat(resolveFormat(format, fromConfig));
    const own = fromConfig?.customLogs.find((c) => c.format.includes("%r"));
    return compileLogFormat(own?.format ?? resolveFormat("combined", null));
  } catch (e) {
    throw new HtrError("HTR_USAGE", e instanceof Error ? e.message : String(e));
  }
}

export async function run(argv: string[]): Promise<number> {
  const { dirs: roots, rest } = takeRoots(argv, "replay");
  argv = rest;
  const a: CommonReplayArgs & { json: string | null; html: string | null; top: number; jobs: number; ruleHits: boolean; quiet: boolean; shard: ByteShard | null } = {
    shard: null, format: null, logs: [], json: null, html: null, top: 100, jobs: 1, ruleHits: true, quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw usageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "--config") a.config = value();
    else if (arg === "--case") a.caseFile = value();
    else if (arg === "--format") a.format = value();
    else if (arg === "--json") a.json = value();
    else if (arg === "--html") a.html = value();
    else if (arg === "--top") {
      a.top = Number(value());
      if (!Number.isInteger(a.top) || a.top < 1) throw usageError(`--top wants a positive integer`);
    } else if (arg === "--jobs") {
      a.jobs = Number(value());
      if (!Number.isInteger(a.jobs) || a.jobs < 1 || a.jobs > 64) throw usageError(`--jobs wants an integer from 1 to 64`);
    } else if (arg === "--shard") {
      const m = /^(\d+)\/(\d+)$/.exec(value());
      if (!m || Number(m[2]) < 1 || Number(m[1]) >= Number(m[2])) throw usageError(`--shard wants I/N with 0 <= I < N`);
      a.shard = { index: Number(m[1]), count: Number(m[2]) };
    } else if (arg === "--no-rule-hits") a.ruleHits = false;
    else if (arg === "--quiet") a.quiet = true;
    else if (arg === "-" || !arg.startsWith("-")) a.logs.push(arg);
    else throw usageError(`unknown option ${arg}`);
  }
  if ((a.config === undefined) === (a.caseFile === undefined)) throw usageError("give exactly one of --config or --case");
  if (a.logs.length === 0) throw usageError("no log file (use - for stdin)");
  const src = loadSource({ ...a, roots });
  const parser = pickParser(a.format, src.configFile);
  const replayer = new Replayer(src.engine, { parser, ruleIndex: a.ruleHits ? src.ruleIndex : null, topK: a.top });
  // With --jobs, this thread reads and counts lines; the workers parse, decide and summarise.
  const pool = a.jobs > 1 ? new WorkerPool(a.jobs, { config: a.config, caseFile: a.caseFile, roots, format: a.format, ruleHits: a.ruleHits, topK: a.top }) : null;
  const progress = !a.quiet && process.stderr.isTTY ? new Progress(process.stderr) : null;
  for (const name of a.logs) {
    let log;
    try {
      log = openLog(name, a.shard);
    } catch (e) {
      throw new HtrError("HTR_USAGE", `cannot read log ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    progress?.start(log, pool ? pool.linesDone : replayer.summary.lines);
    try {
      if (pool) {
        for await (const buf of log.wholeLines) {
          await pool.bytes(buf);
          progress?.tick(pool.linesDone);
        }
        if (progress) await pool.idle();
      } else {
        for await (const batch of log.batches) {
          for (let i = 0; i < batch.length; i++) replayer.line(batch[i]);
          progress?.tick(replayer.summary.lines);
        }
      }
    } catch (e) {
      throw new HtrError("HTR_USAGE", e instanceof Error ? e.message : String(e));
    }
    progress?.done(pool ? pool.linesDone : replayer.summary.lines);
  }
  let s = replayer.summary;
  if (pool) {
    try {
      s = await pool.finish();
    } catch (e) {
      throw new HtrError("HTR_USAGE", `replay worker: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (a.json !== null) writeFileSync(a.json, JSON.stringify(s.toJSON()) + "\n");
  if (a.html !== null) writeFileSync(a.html, renderHtml(s, `htrewrite replay: ${a.logs.join(", ")}`));
  process.stdout.write(renderText(s) + "\n");
  return 0;
}
