/**
 * Trace events: what Apache writes at `LogLevel rewrite:traceN`. The engine emits an event only when
 * a tracer is attached (callers test `ctx.tracer` before building the message, so tracing costs
 * nothing when off). Rendering follows the conformance results: `traceN [tag] [perdir DIR/] text`,
 * the body escaped like Apache's error log (spec §12).
 */
import type { ByteString } from "../util/bytes.js";
import { escapeLogItem } from "../util/escape.js";
import type { RewriteRequest } from "./host.js";

/** Trace levels 1–8 (Apache's trace1 … trace8). */
export type TraceLevel = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** One trace record. */
export interface RewriteTraceEvent {
  level: TraceLevel;
  /**
   * `initial`, `subreq`, with `/redir#N` after N internal redirects; null for lines other modules
   * log while mod_rewrite works (ap_expr's "Evaluation of expression …"), which carry no tag.
   */
  tag: string | null;
  /** PERDIR of a per-directory pass, or null (also for helpers that never print it, spec §12). */
  perdir: ByteString | null;
  /** The message text, unescaped. */
  message: ByteString;
}

/** Where a directive was written. */
export interface StepPos {
  file: string;
  line: number;
}

/**
 * A structured record of one decision, for people's views (`route --htaccess`'s met/not-met
 * report): which directive line, what it was tested against, and the result. Emitted next to the
 * text events, so the views never parse trace text.
 */
export type RewriteStep =
  | {
      type: "rule";
      tag: string;
      perdir: ByteString | null;
      pos: StepPos | null;
      pattern: string;
      negate: boolean;
      subject: ByteString;
      matched: boolean;
      /** $0…$9 when the pattern matched (unset groups null). */
      captures: Array<ByteString | null>;
    }
  | {
      type: "cond";
      tag: string;
      perdir: ByteString | null;
      pos: StepPos | null;
      pattern: string;
      input: ByteString | null;
      matched: boolean;
      ornext: boolean;
      /** %0…%9 after a matching regex condition. */
      captures: Array<ByteString | null>;
    }
  | {
      type: "applied";
      tag: string;
      perdir: ByteString | null;
      pos: StepPos | null;
      /** The request's filename/URI after the rule ("-" rules leave it). */
      result: ByteString | null;
      flags: string | null;
      status: number | null;
      /** What the rule loop does next: "continue", "last", "end", "next", "passthrough", "skip N", "status". */
      then: string;
    };

/** A directive's position for structured steps. */
export function stepPos(pos: { file: string; line: number } | null): StepPos | null {
  return pos === null ? null : { file: pos.file, line: pos.line };
}

/** Receives trace events. Pass `null` wherever a tracer is accepted to switch tracing off. */
export interface RewriteTracer {
  trace(event: RewriteTraceEvent): void;
  /** Structured decisions (optional: text-only tracers leave it out). */
  step?(step: RewriteStep): void;
}

/** A tracer that keeps every event (tests, `explain`, the CLI). */
export class CollectingTracer implements RewriteTracer {
  readonly events: RewriteTraceEvent[] = [];
  readonly steps: RewriteStep[] = [];
  trace(event: RewriteTraceEvent): void {
    this.events.push(event);
  }
  step(step: RewriteStep): void {
    this.steps.push(step);
  }
  /** The events rendered as conformance-style lines. */
  lines(): string[] {
    return this.events.map(renderTraceLine);
  }
}

/** The request tag of do_rewritelog: initial or subreq, plus `/redir#N`. */
export function requestTag(req: RewriteRequest): string {
  const base = req.isSubreq ? "subreq" : "initial";
  return req.redirectDepth > 0 ? `${base}/redir#${req.redirectDepth}` : base;
}

/** `traceN [tag] [perdir X] message`, escaped as the error log does. */
export function renderTraceLine(ev: RewriteTraceEvent): string {
  const body = (ev.perdir !== null ? `[perdir ${ev.perdir}] ` : "") + ev.message;
  return ev.tag === null ? `trace${ev.level} ${escapeLogItem(body)}` : `trace${ev.level} [${ev.tag}] ${escapeLogItem(body)}`;
}

/** Emit helper; call only after checking that a tracer is present. */
export function emitTrace(
  tracer: RewriteTracer,
  req: RewriteRequest,
  level: TraceLevel,
  perdir: ByteString | null,
  message: ByteString,
): void {
  tracer.trace({ level, tag: requestTag(req), perdir, message });
}
