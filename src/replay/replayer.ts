/**
 * The replay loop: lines → parsed fields → rebuilt request → htrewrite's decision → summary.
 * One engine, loaded once; a line that does not parse or rebuild is counted and sampled, never
 * fatal. Rule and condition hits come from trace events when `ruleHits` is on.
 */
import { evaluate, type EvaluateRequest, type EvaluateResult } from "../api/evaluate.js";
import type { Engine } from "../server/engine.js";
import type { LogLineParser } from "./log-format.js";
import { rebuildRequest, requestShape, type RequestShape } from "./request.js";
import { HitTracer, type RuleIndex } from "./rule-hits.js";
import { ReplaySummary } from "./summary.js";

export interface ReplayOptions {
  parser: LogLineParser;
  ruleIndex: RuleIndex | null;
  topK?: number;
  registryMax?: number;
}

export class Replayer {
  readonly summary: ReplaySummary;
  private readonly shape: RequestShape;
  private readonly tracer: HitTracer | null;

  constructor(
    private readonly engine: Engine,
    private readonly opts: ReplayOptions,
  ) {
    this.summary = new ReplaySummary({ topK: opts.topK, registryMax: opts.registryMax });
    this.shape = requestShape(opts.parser);
    this.tracer = opts.ruleIndex ? new HitTracer(opts.ruleIndex, this.summary.hits) : null;
  }

  /** Replay one line (without its newline). */
  line(text: string): void {
    const s = this.summary;
    s.lines++;
    s.bytes += text.length + 1;
    if (text.length === 0) return s.addUnparsable(text, "empty line");
    const p = this.opts.parser.parse(text);
    if ("error" in p) return s.addUnparsable(text, p.error);
    const r = rebuildRequest(p.values, this.shape);
    if ("error" in r) return s.addUnparsable(text, r.error);
    const result = decide(this.engine, r.request, this.tracer);
    s.addResult(r.request.url, result, r.loggedStatus);
  }
}

/** The library API's evaluate, with the hit tracer attached when rule hits are counted. */
export function decide(engine: Engine, req: EvaluateRequest, tracer: HitTracer | null): EvaluateResult {
  return tracer === null ? evaluate(engine, req) : evaluate(engine, req, { tracer });
}
