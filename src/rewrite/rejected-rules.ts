/**
 * What a traced pass logs for rules the rule index rejected. Apache tries every rule of a list
 * and logs each attempt ("applying pattern …", and in a directory "add path info postfix" and
 * "strip per-dir prefix" before it); htrewrite skips the rules whose pattern cannot match the
 * subject (rule-index.ts) and owes the tracer the same lines. They are built from a few strings
 * captured when the pass skips the rules, so a tracer that keeps events can hold the batch whole
 * and expand it when it is read (CollectingTracer): a pass past 1,000 migration redirects then
 * costs one record instead of 4,000 objects. The lines are the ones applyRule writes (both come
 * from attemptSubject), which test/rewrite/rule-index-engine.test.ts holds line for line against
 * the plain loop.
 */
import type { ByteString } from "../util/bytes.js";
import type { RewriteContext } from "./context.js";
import { requestTag, stepPos, type RejectedRules, type RewriteTracer } from "./trace.js";
import type { CompiledRule } from "./types.js";

/** Where a rule attempt starts: the request's state, as strings. */
export interface AttemptState {
  tag: string;
  perdir: ByteString | null;
  filename: ByteString;
  pathInfo: ByteString | null;
  /** A proxy request's `proxy:` subject keeps its PERDIR (mod_rewrite's is_proxyreq). */
  isProxyReq: boolean;
}

/** The request's state for the next attempt. */
export function attemptState(ctx: RewriteContext): AttemptState {
  const { req, perdir } = ctx;
  const filename = req.filename ?? "";
  return { tag: requestTag(req), perdir, filename, pathInfo: req.pathInfo, isProxyReq: perdir !== null && req.proxyreq !== "none" && filename.startsWith("proxy:") };
}

/**
 * The subject `rule` is matched against (in a directory: PATH_INFO re-appended, PERDIR
 * stripped), with the lines Apache logs for building it and the "applying pattern" line.
 */
export function attemptSubject(rule: CompiledRule, s: AttemptState, tracer: RewriteTracer | null): ByteString {
  const { tag, perdir } = s;
  let subject = s.filename;
  if (perdir !== null) {
    if (s.pathInfo !== null && s.pathInfo !== "") {
      if (tracer) tracer.trace({ level: 3, tag, perdir, message: `add path info postfix: ${subject} -> ${subject}${s.pathInfo}` });
      subject += s.pathInfo;
    }
    if (!s.isProxyReq && subject.startsWith(perdir)) {
      if (tracer) tracer.trace({ level: 3, tag, perdir, message: `strip per-dir prefix: ${subject} -> ${subject.slice(perdir.length)}` });
      subject = subject.slice(perdir.length);
    }
  }
  if (tracer) tracer.trace({ level: 3, tag, perdir, message: `applying pattern '${rule.pattern}' to uri '${subject}'` });
  return subject;
}

/** Rules from..to-1 of one list, rejected by the index for one subject. */
export class RejectedAttempts implements RejectedRules {
  constructor(
    private readonly rules: readonly CompiledRule[],
    private readonly from: number,
    private readonly to: number,
    private readonly state: AttemptState,
    /** Sub-requests pass over [NS] and redirect rules without trying them. */
    private readonly isSubreq: boolean,
  ) {}

  get perdir(): ByteString | null {
    return this.state.perdir;
  }

  /** The rules tried, as the plain loop tries them: a failed head skips the rest of its chain. */
  private eachRule(visit: (rule: CompiledRule) => void): void {
    const { rules, to } = this;
    for (let k = this.from; k < to; k++) {
      const rule = rules[k];
      if (this.isSubreq && (rule.flags.noSubreq || rule.flags.redirect)) continue;
      visit(rule);
      while (k < to - 1 && rules[k].flags.chain) k++;
    }
  }

  eachPattern(visit: (pattern: string) => void): void {
    this.eachRule((rule) => visit(rule.pattern));
  }

  expand(tracer: RewriteTracer): void {
    const { state } = this;
    this.eachRule((rule) => {
      const subject = attemptSubject(rule, state, tracer);
      // The index rejects only patterns without `!`: the attempt is a plain no-match.
      tracer.step?.({ type: "rule", tag: state.tag, perdir: state.perdir, pos: stepPos(rule.pos), pattern: rule.pattern, negate: rule.negate, subject, matched: false, captures: [] });
    });
  }
}
