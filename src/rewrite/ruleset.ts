/**
 * apply_rewrite_list (spec §1.4): the rule loop of one pass — chains, skips, [N] rounds, [L],
 * [END], [PT], length guard, Vary merge. This is the only place rules are iterated, so a rule
 * index (issue 7) plugs in here.
 */
import { WORK_COST } from "./budget.js";
import { trace } from "./context.js";
import type { RewriteContext } from "./context.js";
import { applyRule } from "./rule.js";
import { attemptState, RejectedAttempts } from "./rejected-rules.js";
import { requestTag, stepPos } from "./trace.js";
import { ruleIndexFor, ruleSubject } from "./rule-index.js";
import type { CompiledRule } from "./types.js";

/** What a pass did (Apache's ACTION_* values; 0 = unchanged). */
export type ListResult = "unchanged" | "normal" | "noescape" | "status" | "status-set";

/** Result of a pass plus the last rule that substituted (prefix_stat needs its literal text). */
export interface PassResult {
  result: ListResult;
  lastSubstituting: CompiledRule | null;
}

/** Merge header names into the response's Vary (apr_table_merge: comma-joined). */
function mergeVary(ctx: RewriteContext, names: string): void {
  const out = ctx.req.headersOut;
  const prev = out.get("Vary");
  out.set("Vary", prev !== undefined ? `${prev}, ${names}` : names);
}

/** What the rule loop does after a rule applied, in the order it checks (for structured steps). */
function nextAction(rule: CompiledRule, rc: string): string {
  const f = rule.flags;
  if (rc === "status-set" || f.status) return "status";
  if (f.passThrough) return "passthrough";
  if (f.end) return "end";
  if (f.proxy) return "proxy";
  if (f.last) return "last";
  if (f.next) return "next";
  if (f.skip > 0) return `skip ${f.skip}`;
  return "continue";
}

/** Run `rules` over the request in `ctx`. */
export function applyRuleList(rules: readonly CompiledRule[], ctx: RewriteContext): PassResult {
  const { req, server } = ctx;
  const perdir = ctx.perdir;
  let lastSubstituting: CompiledRule | null = null;
  let changed: ListResult = "unchanged";
  let round = 1;
  // The index skips rules that cannot match the current subject (rule-index.ts). Apache logs
  // each pattern it applies, so with a tracer attached the skipped rules are logged as failed
  // attempts (traceRejectedRule), without their regexes.
  const index = ruleIndexFor(rules);
  restart: for (;;) {
    for (let i = 0; i < rules.length; i++) {
      if (index !== null) {
        const next = index.next(i, ruleSubject(ctx));
        if (ctx.tracer !== null && next > i) {
          const batch = new RejectedAttempts(rules, i, next, attemptState(ctx), req.isSubreq);
          if (ctx.tracer.rejected) ctx.tracer.rejected(batch);
          else batch.expand(ctx.tracer);
        }
        if ((i = next) >= rules.length) break;
      }
      let rule = rules[i];
      // Sub-requests skip [NS] rules and every redirect rule.
      if (req.isSubreq && (rule.flags.noSubreq || rule.flags.redirect)) continue;
      ctx.vary = null;
      const rc = applyRule(rule, ctx);
      if (rc === "nomatch") {
        // A failing chain link skips the rest of the chain, its last member included.
        while (i < rules.length && rule.flags.chain) rule = rules[++i];
        continue;
      }
      if (ctx.tracer?.step) ctx.tracer.step({ type: "applied", tag: requestTag(req), perdir, pos: stepPos(rule.pos), result: req.filename, flags: rule.flagText, status: req.status === 200 ? null : req.status, then: nextAction(rule, rc) });
      if (!rule.flags.noSubstitution) {
        if (ctx.tracer) trace(ctx, 2, perdir, `setting lastsub to rule with output ${rule.substitution}`);
        lastSubstituting = rule;
      }
      const limit = 2 * server.limitRequestLine(req);
      if ((req.filename ?? "").length > limit) {
        ctx.errors.push(describeLimitError(rule, req.uri, server.limitRequestLine(req), "length"));
        req.status = 500;
        return { result: "status", lastSubstituting };
      }
      if (ctx.vary !== null) mergeVary(ctx, ctx.vary);
      if (rc === "status-set") return { result: "status-set", lastSubstituting };
      if (rule.flags.status) return { result: "status", lastSubstituting };
      if (rc !== "nosub") changed = rule.flags.noEscape ? "noescape" : "normal";
      // [PT] is checked before [END]: with [PT,END] the END marker is never set.
      if (rule.flags.passThrough) {
        trace(ctx, 2, perdir, `forcing '${req.filename ?? ""}' to get passed through to next API URI-to-filename handler`);
        req.filename = "passthrough:" + (req.filename ?? "");
        changed = "normal";
        break restart;
      }
      if (rule.flags.end) {
        trace(ctx, 8, perdir, "Rule has END flag, no further rewriting for this request");
        req.pool.endFlag = true;
        break restart;
      }
      if (rule.flags.proxy || rule.flags.last) break restart;
      if (rule.flags.next) {
        req.pool.budget?.charge(WORK_COST.round, "[N] rounds");
        if (++round >= rule.flags.maxRounds) {
          ctx.errors.push(describeLimitError(rule, req.uri, server.limitRequestLine(req), "rounds"));
          req.status = 500;
          return { result: "status", lastSubstituting };
        }
        continue restart;
      }
      if (rule.flags.skip > 0) i = Math.min(rules.length, i + rule.flags.skip);
    }
    break;
  }
  return { result: changed, lastSubstituting };
}

/** The error-log text for a pass that ended in 500 (length or [N] limits), for diagnostics. */
export function describeLimitError(rule: CompiledRule, uri: string, limitRequestLine: number, kind: "length" | "rounds"): string {
  return kind === "length"
    ? `RewriteRule '${rule.pattern}' and URI '${uri}' exceeded maximum length (${2 * limitRequestLine})`
    : `AH02596: RewriteRule '${rule.pattern}' and URI '${uri}' exceeded maximum number of rounds (${rule.flags.maxRounds}) via the [N] flag`;
}
