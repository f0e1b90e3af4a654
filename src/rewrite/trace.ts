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

/**
 * Rules a pass skipped because its rule index proved they cannot match (rewrite/rejected-rules.ts).
 * Apache logs each as a failed attempt; `expand` replays those lines and steps into a tracer, in
 * the order the plain loop would have emitted them.
 */
export interface RejectedRules {
  expand(tracer: RewriteTracer): void;
  /** PERDIR of the pass, or null. */
  readonly perdir: ByteString | null;
  /** The pattern of each attempt, in order (what a counter of rule hits needs, without steps). */
  eachPattern(visit: (pattern: string) => void): void;
}

/** Receives trace events. Pass `null` wherever a tracer is accepted to switch tracing off. */
export interface RewriteTracer {
  trace(event: RewriteTraceEvent): void;
  /** Structured decisions (optional: text-only tracers leave it out). */
  step?(step: RewriteStep): void;
  /**
   * Rejected rules as one batch, standing where their events would stand (optional: without it
   * the engine expands the batch into trace() and step() calls at once).
   */
  rejected?(batch: RejectedRules): void;
}

/**
 * A tracer that keeps every event (tests, `explain`, the CLI). Batches of rejected rules are kept
 * as they come and expanded when `events` or `steps` is read, so collecting costs one record per
 * batch, not four objects per rule.
 */
export class CollectingTracer implements RewriteTracer {
  /** Events, steps and batches still to expand, in the order they came. */
  private readonly entries: Array<RewriteTraceEvent | RewriteStep | RejectedRules> = [];
  private flat: { count: number; events: RewriteTraceEvent[]; steps: RewriteStep[] } | null = null;
  trace(event: RewriteTraceEvent): void {
    this.entries.push(event);
  }
  step(step: RewriteStep): void {
    this.entries.push(step);
  }
  rejected(batch: RejectedRules): void {
    this.entries.push(batch);
  }
  /** Every event so far, in order. */
  get events(): RewriteTraceEvent[] {
    return this.expanded().events;
  }
  /** Every structured step so far, in order. */
  get steps(): RewriteStep[] {
    return this.expanded().steps;
  }
  private expanded(): { events: RewriteTraceEvent[]; steps: RewriteStep[] } {
    if (this.flat !== null && this.flat.count === this.entries.length) return this.flat;
    const events: RewriteTraceEvent[] = [];
    const steps: RewriteStep[] = [];
    const into: RewriteTracer = { trace: (e) => events.push(e), step: (st) => steps.push(st) };
    for (const e of this.entries) {
      if ("expand" in e) e.expand(into);
      else if ("level" in e) events.push(e);
      else steps.push(e);
    }
    this.flat = { count: this.entries.length, events, steps };
    return this.flat;
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
