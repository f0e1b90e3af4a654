/**
 * The playground's evaluation: a session (state.ts) in, everything the page shows out — `check`'s
 * findings at their lines, and per request the answer (status, Location, file, environment,
 * WSGI groups), the met/not-met view of every line `route --htaccess` prints (cli/met-view.ts,
 * built from RewriteTracer steps) and the raw trace. The same engine modules as the CLI, over
 * the session's in-memory file system; it runs in the page's worker and, for tests, in Node.
 */
import { createEngine, evaluate, type EvaluateResult } from "../api/evaluate.js";
import { caseScriptLoader } from "../case/probe-script.js";
import { allowOverrideFor, checkConfigText, checkHtaccessText, type CheckNote } from "../cli/check.js";
import { buildPasses, decision, type Pass } from "../cli/met-view.js";
import type { ConfigTree } from "../config/index.js";
import { CollectingTracer, type RejectedRules, type RewriteStep, type RewriteTraceEvent } from "../rewrite/trace.js";
import type { Engine } from "../server/engine.js";
import { configFsOf } from "../server/load.js";
import { bytesToUtf8 } from "../util/bytes.js";
import { HtrError } from "../util/errors.js";
import { buildDeployment, type Deployment, type EditorRef } from "./deployment.js";
import type { PlaygroundRequest, PlaygroundState } from "./state.js";

export interface Diagnostic {
  /** The editor holding the line; null when the finding is about no file of the session. */
  editor: EditorRef | null;
  /** The file as the page names it. */
  file: string;
  line: number | null;
  severity: "error" | "warning" | "note";
  message: string;
}

/** A pass of the met/not-met view, with the editor that holds its file. */
export interface ShownPass extends Pass {
  editor: EditorRef | null;
}

export interface RequestOutcome {
  index: number;
  /** Why the request could not be sent (a bad header line …); the other fields are then empty. */
  error: string | null;
  result: EvaluateResult | null;
  /** The final answer in one line (met-view.ts decision). */
  decision: string;
  passes: ShownPass[];
  /**
   * What was left out so a session stays small enough to send to the page and draw: passes past
   * MAX_SHOWN_PASSES, steps and trace lines past MAX_SHOWN_STEPS (an [N] loop of thousands of
   * rounds over a long URL is hundreds of megabytes in full). The decision is always complete.
   */
  omitted?: { passes: number; steps: number; traceLines: number };
}

/** How much of one request's evaluation the page is sent (see RequestOutcome.omitted). */
const MAX_SHOWN_PASSES = 100;
const MAX_SHOWN_STEPS = 1000;

export interface SessionResult {
  /** False when Apache would refuse to start (the error is among the diagnostics). */
  started: boolean;
  diagnostics: Diagnostic[];
  requests: RequestOutcome[];
}

/**
 * Where evaluation is: the request, and the rule whose pattern is being matched (`testing`) or
 * else the last rule or condition whose test finished. A page that stops a runaway session
 * shows its error there.
 */
export interface Progress {
  request: number;
  file: string | null;
  line: number | null;
  testing: boolean;
}

export interface SessionOptions {
  /**
   * Work budget of one request in regex steps (api/evaluate.ts workBudget). The page keeps the
   * engine's default, which is Apache's own bound on a runaway match.
   */
  workBudget?: number;
  /** Called before each request and after each rule or condition test (the page's worker posts it on). */
  onProgress?: (p: Progress) => void;
  /**
   * A test that takes longer than this is reported at its line (default 250 ms): a pattern that
   * backtracks catastrophically runs into PCRE2's match limit (10,000,000 steps), which Apache
   * takes as "no match" without a word, so the time is the only sign.
   */
  slowTestMs?: number;
  /** The clock (tests inject one); default performance.now. */
  now?: () => number;
}

/** A rule or condition test that took long, with where it is. */
interface SlowTest {
  step: RewriteStep;
  ms: number;
}

/** The line of the RewriteRule with this pattern in `file`: the first after `after`, else the first. */
type RuleLocator = (file: string, pattern: string, after: number) => number | null;

/** At most one progress message per this many milliseconds (the page shows where a slow session is). */
const PROGRESS_EVERY_MS = 50;

/** The collecting tracer of `route --htaccess`, timing each test as it is reported. */
class TimingTracer extends CollectingTracer {
  readonly slow: SlowTest[] = [];
  private last: number;
  private lastPos: { file: string; line: number } | null = null;
  /** When progress was last reported: a rule loop of thousands of rounds must not flood the page with messages. */
  private lastProgress = -Infinity;
  private lastTesting: string | null = null;
  constructor(
    private readonly request: number,
    private readonly opts: SessionOptions,
    private readonly clock: () => number,
    private readonly serverFile: string,
    private readonly locate: RuleLocator,
  ) {
    super();
    this.last = clock();
  }
  /**
   * mod_rewrite traces "applying pattern" before it matches (rule.ts), so a match that never
   * ends can still be placed: at the rule with that pattern after the last finished test.
   */
  override trace(event: RewriteTraceEvent): void {
    super.trace(event);
    if (this.opts.onProgress === undefined || event.level !== 3) return;
    const m = /^applying pattern '(.*)' to uri '/s.exec(event.message);
    if (m === null) return;
    const file = event.perdir !== null ? `${event.perdir}.htaccess` : (this.lastPos?.file ?? this.serverFile);
    const after = this.lastPos?.file === file ? this.lastPos.line : 0;
    const line = this.locate(file, m[1], after);
    // A test at a new place is always reported (a match that never ends is placed by it); the
    // same rule tested again round after round ([N]) only every PROGRESS_EVERY_MS.
    const now = this.clock();
    const where = `${file}:${line}`;
    if (where === this.lastTesting && now - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastTesting = where;
    this.lastProgress = now;
    this.opts.onProgress({ request: this.request, file, line, testing: true });
  }
  /** Rejected rules one by one: each is a test the page places and times like any other. */
  override rejected(batch: RejectedRules): void {
    batch.expand(this);
  }
  override step(step: RewriteStep): void {
    super.step(step);
    const now = this.clock();
    if (step.type !== "applied" && now - this.last >= (this.opts.slowTestMs ?? 250)) this.slow.push({ step, ms: now - this.last });
    this.last = now;
    if (step.pos !== null) this.lastPos = { file: step.pos.file, line: step.pos.line };
    if (this.opts.onProgress === undefined || now - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = now;
    this.opts.onProgress({ request: this.request, file: step.pos?.file ?? null, line: step.pos?.line ?? null, testing: false });
  }
}

/** "Name: value" lines → header pairs; a line without a colon is an error naming it. */
export function parseHeaderLines(text: string, where: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const colon = line.indexOf(":");
    if (colon <= 0) throw new HtrError("HTR_REQUEST_BAD", `${where}, header line ${i + 1}: '${line}' is not 'Name: value'`);
    out.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  });
  return out;
}

function note(dep: Deployment, n: CheckNote, severity: Diagnostic["severity"]): Diagnostic {
  return { editor: dep.editorOf(n.file), file: dep.displayName(n.file), line: n.line, severity, message: bytesToUtf8(n.message) };
}

/** Apache's start-up check of the configuration; loads the engine when Apache would start. */
function checkStartUp(dep: Deployment, state: PlaygroundState, opts: SessionOptions): { engine: Engine | null; tree: ConfigTree | undefined; diagnostics: Diagnostic[] } {
  let engine: Engine | null = null;
  const report = checkConfigText(dep.configText, dep.configFile, {
    fs: configFsOf(dep.fs),
    serverRoot: dep.serverRoot,
    env: dep.env,
    defines: [],
    modules: [],
    fullLoad: () => {
      // Scripts a session imported from a case are the recorder's probe (case/probe-script.ts).
      engine = createEngine(dep.configText, { file: dep.configFile, fs: dep.fs, env: dep.env, serverRoot: dep.serverRoot, workBudget: opts.workBudget, scriptLoader: caseScriptLoader });
    },
  });
  const diagnostics: Diagnostic[] = [];
  // In htaccess mode the configuration is htrewrite's own; only its refusals would be news.
  const own = state.mode === "config";
  if (!report.accepted) {
    const pos = report.errorPos;
    diagnostics.push({
      editor: pos ? dep.editorOf(pos.file) : null,
      file: pos ? dep.displayName(pos.file) : dep.displayName(dep.configFile),
      line: pos?.line ?? null,
      severity: "error",
      message: bytesToUtf8(report.error ?? "refused"),
    });
  }
  if (own) {
    diagnostics.push(...report.warnings.map((w) => note(dep, w, "warning")));
    diagnostics.push(...report.notSimulated.map((w) => note(dep, w, "note")));
  }
  return { engine, tree: report.tree, diagnostics };
}

/** Each .htaccess as httpd reads it for a request in its directory (a bad one makes those requests 500). */
function checkHtaccessFiles(dep: Deployment, tree: ConfigTree): Diagnostic[] {
  const out: Diagnostic[] = [];
  const cfs = configFsOf(dep.fs);
  for (const path of dep.htaccessFiles) {
    const data = dep.fs.readFile(path);
    if (data === null) continue;
    const dir = path.slice(0, path.lastIndexOf("/")) || "/";
    const allow = allowOverrideFor(tree.children, dir);
    const h = checkHtaccessText(data.toString("latin1"), path, allow.classes, allow.list, cfs, dep.serverRoot, dep.env, tree.loadedModules, allow.options);
    if (!h.read) {
      out.push({ editor: dep.editorOf(path), file: dep.displayName(path), line: null, severity: "note", message: "not read by Apache: AllowOverride None for its directory" });
      continue;
    }
    if (!h.accepted) {
      const line = h.errorPos && h.errorPos.file === path ? h.errorPos.line : null;
      out.push({ editor: dep.editorOf(path), file: dep.displayName(path), line, severity: "error", message: `requests in this directory get 500: ${bytesToUtf8(h.error ?? "")}` });
    }
    out.push(...h.warnings.map((w) => note(dep, w, "warning")));
    out.push(...h.notSimulated.map((w) => note(dep, w, "note")));
  }
  return out;
}

/**
 * A note of the met view as text: its quoted subjects and results are byte strings (UTF-8 bytes,
 * one code unit each) among words of the view's own ("→"), so each run of byte-range characters
 * is decoded on its own.
 */
export function noteText(note: string): string {
  return note.replace(/[\u0000-\u00ff]+/g, (run) => bytesToUtf8(run));
}

function ruleLine(dep: Deployment, file: string, pattern: string, after: number): number | null {
  const text = file === dep.configFile ? dep.configText : dep.fs.readFile(file)?.toString("latin1");
  if (text === undefined) return null;
  const lines: number[] = [];
  text.split("\n").forEach((l, i) => {
    const m = /^\s*RewriteRule\s+("([^"]*)"|'([^']*)'|(\S+))/i.exec(l);
    if (m && (m[2] ?? m[3] ?? m[4]).replace(/^!/, "") === pattern.replace(/^!/, "")) lines.push(i + 1);
  });
  return lines.find((n) => n > after) ?? lines[0] ?? null;
}

function slowDiagnostic(dep: Deployment, index: number, s: SlowTest): Diagnostic {
  const file = s.step.pos?.file ?? dep.configFile;
  const what = s.step.type === "rule" ? `pattern ${JSON.stringify(s.step.pattern)} against ${JSON.stringify(s.step.subject)}` : `condition ${JSON.stringify(s.step.type === "cond" ? s.step.pattern : "")}`;
  return {
    editor: dep.editorOf(file),
    file: dep.displayName(file),
    line: s.step.pos?.line ?? null,
    severity: "warning",
    message: noteText(`request ${index + 1}: testing ${what} took ${Math.round(s.ms)} ms — catastrophic backtracking? PCRE2 stops at its match limit and Apache then takes the test as not met`),
  };
}

function answer(engine: Engine, dep: Deployment, req: PlaygroundRequest, index: number, opts: SessionOptions, diagnostics: Diagnostic[]): RequestOutcome {
  const where = `request ${index + 1}`;
  const clock = opts.now ?? (() => performance.now());
  const tracer = new TimingTracer(index, opts, clock, dep.configFile, (file, pattern, after) => ruleLine(dep, file, pattern, after));
  opts.onProgress?.({ request: index, file: null, line: null, testing: false });
  let result: EvaluateResult;
  try {
    if (req.url.trim() === "") throw new HtrError("HTR_REQUEST_BAD", `${where}: the URL is empty`);
    const headers = parseHeaderLines(req.headers, where);
    const hasHost = headers.some(([k]) => k.toLowerCase() === "host");
    result = evaluate(
      engine,
      {
        url: req.url.trim(),
        method: req.method.trim() || "GET",
        headers,
        port: req.port ?? undefined,
        httpVersion: req.version,
        host: req.version === "1.0" && !hasHost ? null : undefined,
      },
      { tracer },
    );
    for (const slow of tracer.slow) diagnostics.push(slowDiagnostic(dep, index, slow));
  } catch (e) {
    if (!(e instanceof HtrError)) throw e;
    return { index, error: e.message, result: null, decision: "", passes: [] };
  }
  const passes = buildPasses(result.steps, (path) => {
    const text = path === dep.configFile ? dep.configText : dep.fs.readFile(path)?.toString("latin1");
    if (text === undefined) return undefined;
    return { display: dep.displayName(path), lines: bytesToUtf8(text).split("\n") };
  }).map((p): ShownPass => ({
    ...p,
    file: bytesToUtf8(p.file),
    lines: p.lines.map((l) => ({ ...l, notes: l.notes.map(noteText) })),
    editor: editorByDisplay(dep, p.file, result),
  }));
  const omitted = { passes: Math.max(0, passes.length - MAX_SHOWN_PASSES), steps: Math.max(0, result.steps.length - MAX_SHOWN_STEPS), traceLines: Math.max(0, result.trace.length - MAX_SHOWN_STEPS) };
  const shownDecision = decision(result);
  if (omitted.passes === 0 && omitted.steps === 0 && omitted.traceLines === 0) return { index, error: null, result, decision: shownDecision, passes };
  const shown: EvaluateResult = { ...result, steps: result.steps.slice(0, MAX_SHOWN_STEPS), trace: result.trace.slice(0, MAX_SHOWN_STEPS) };
  return { index, error: null, result: shown, decision: shownDecision, passes: passes.slice(0, MAX_SHOWN_PASSES), omitted };
}

function editorByDisplay(dep: Deployment, display: string, result: EvaluateResult): EditorRef | null {
  for (const s of result.steps) {
    const f = s.pos?.file;
    if (f !== undefined && dep.displayName(f) === display) return dep.editorOf(f);
  }
  return null;
}

/** Check and answer a whole session. Never throws for bad input: that is a diagnostic or a request error. */
export function runSession(state: PlaygroundState, opts: SessionOptions = {}): SessionResult {
  const dep = buildDeployment(state);
  const start = checkStartUp(dep, state, opts);
  const diagnostics = [...start.diagnostics];
  if (start.tree) diagnostics.push(...checkHtaccessFiles(dep, start.tree));
  const engine = start.engine;
  if (engine === null) {
    return { started: false, diagnostics, requests: state.requests.map((_, index) => ({ index, error: "Apache would not start with this configuration", result: null, decision: "", passes: [] })) };
  }
  try {
    const requests = state.requests.map((r, i) => answer(engine, dep, r, i, opts, diagnostics));
    return { started: true, diagnostics, requests };
  } finally {
    engine.close();
  }
}

