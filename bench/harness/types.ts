/**
 * The shapes the bench passes between its runner, its workers and its reports.
 */

/** Timing of one measured decision function. */
export interface Timing {
  /** Decisions per second of wall-clock time, best throughput round (one thread). */
  decisionsPerSec: number;
  /**
   * Decisions per second of process CPU time, best round: on a shared machine the thread is
   * often not running, so this is the figure for "per core" targets.
   */
  decisionsPerCpuSec: number;
  /** Per-decision latency percentiles from individually timed calls, in microseconds. */
  p50Us: number;
  p99Us: number;
  /** The slowest single decision seen (hostile inputs: the worst case per request). */
  maxUs: number;
  /** Decisions timed individually. */
  samples: number;
}

/** One implementation (htrewrite or a baseline) measured on one input kind of a scenario. */
export interface VariantResult {
  /** What ran: `htrewrite`, `naive-regexp`, `htrewrite-pcre2`, `connect-modrewrite`, … */
  impl: string;
  /** Which inputs (e.g. `no-match`, `first-rule`, `last-rule`), or "" when the scenario has one kind. */
  input: string;
  timing: Timing | null;
  /** Building the implementation from its configuration (parse, compile), milliseconds. */
  compileMs: number | null;
  /** Heap retained by the built implementation after a full GC, bytes (null when not measured). */
  heapBytes: number | null;
  /** Process RSS after the measurement, bytes (the whole process: every worker shares it). */
  rssBytes: number;
  /** Set when this variant could not run here (a module missing, a feature outside its subset). */
  skipped: string | null;
  /** Free-form remarks (what was checked, what differs from htrewrite). */
  note: string | null;
}

/** One scenario's results. */
export interface ScenarioResult {
  name: string;
  description: string;
  /** Rules (or map entries) in the configuration, for per-rule figures. */
  size: number | null;
  /** The implementation every ratio of this scenario is taken against. */
  baseline: string | null;
  /** Targets this scenario reports on (text, not asserted). */
  targets: string[];
  variants: VariantResult[];
  /** Extra named figures (e.g. parse ms, tracing overhead %). */
  figures: Record<string, number>;
  error: string | null;
  wallMs: number;
}

/** How hard to measure. */
export interface BenchOptions {
  quick: boolean;
}

/** A named scenario: runs inside its own worker thread. */
export interface Scenario {
  name: string;
  description: string;
  run(opts: BenchOptions): Promise<Omit<ScenarioResult, "name" | "description" | "error" | "wallMs">>;
}
