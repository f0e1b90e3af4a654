/**
 * Trace events: what Apache writes at `LogLevel rewrite:traceN`. The engine emits an event only when
 * a tracer is attached (callers test `ctx.tracer` before building the message, so tracing costs
 * nothing when off). Rendering follows the conformance results: `traceN [tag] [perdir DIR/] text`,
 * the body escaped like Apache's error log (spec §12).
 */
import type { ByteString } from "../util/bytes.js";
import { escapeLogItem } from "./escape.js";
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

/** Receives trace events. Pass `null` wherever a tracer is accepted to switch tracing off. */
export interface RewriteTracer {
  trace(event: RewriteTraceEvent): void;
}

/** A tracer that keeps every event (tests, `explain`, the CLI). */
export class CollectingTracer implements RewriteTracer {
  readonly events: RewriteTraceEvent[] = [];
  trace(event: RewriteTraceEvent): void {
    this.events.push(event);
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
