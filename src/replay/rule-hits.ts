/**
 * Which RewriteRule and RewriteCond lines a request went through, read from mod_rewrite's trace
 * events (the same events `LogLevel rewrite:trace4` prints). A rule is named by `file:line` of the
 * configuration when its pattern is written once; a pattern written on several lines is named by
 * all of them, and a rule the configuration does not hold (an .htaccess file) by its pattern.
 *
 * Per rule: `tried` (mod_rewrite applied its pattern) and `fired` (pattern and conditions held:
 * a rewrite, an env/cookie/status action follows, or the last condition evaluated matched —
 * Apache stops at the first failing condition outside an [OR] chain, so the last one decides).
 * Per condition: `tested` and `matched`.
 */
import { parseArgLine } from "../rewrite/argline.js";
import type { RewriteTraceEvent, RewriteTracer } from "../rewrite/trace.js";
import type { ConfigNode } from "../config/types.js";

export interface RuleIndex {
  rules: Map<string, string>;
  conds: Map<string, string>;
}

function addPos(m: Map<string, string[]>, key: string, where: string): void {
  const l = m.get(key);
  if (l) l.push(where);
  else m.set(key, [where]);
}

/** Index RewriteRule patterns and RewriteCond patterns of a parsed configuration to their lines. */
export function indexRules(children: readonly ConfigNode[]): RuleIndex {
  const rules = new Map<string, string[]>();
  const conds = new Map<string, string[]>();
  const walk = (nodes: readonly ConfigNode[]) => {
    for (const n of nodes) {
      if (n.type === "section") walk(n.children);
      else if (n.key === "rewriterule" || n.key === "rewritecond") {
        const line = parseArgLine(n.rawArgs);
        if (line === null) continue;
        const where = `${n.pos.file}:${n.pos.line}`;
        if (n.key === "rewriterule") addPos(rules, line.a1.startsWith("!") ? line.a1.slice(1) : line.a1, where);
        else addPos(conds, line.a2, where);
      }
    }
  };
  walk(children);
  const join = (m: Map<string, string[]>) => new Map([...m].map(([k, v]) => [k, v.join(",")]));
  return { rules: join(rules), conds: join(conds) };
}

const APPLY = /^applying pattern '(.*)' to uri '/s;
const COND = /^RewriteCond: (?:input='.*' )?(?:pattern|expr)='(.*)'(?: \[NC\])? => (matched|not-matched)$/s;
const BEFORE_APPLY = /^(strip per-dir prefix|add path info postfix)/;

export interface HitCounts {
  rules: Map<string, { tried: number; fired: number }>;
  conds: Map<string, { tested: number; matched: number }>;
}

/** A tracer that adds one request's rule and condition hits to `counts` (reset per request with `finish`). */
export class HitTracer implements RewriteTracer {
  private current: string | null = null;
  private lastCond: boolean | null = null;
  private acted = false;

  constructor(
    private readonly index: RuleIndex,
    private readonly counts: HitCounts,
  ) {}

  trace(ev: RewriteTraceEvent): void {
    const msg = ev.message;
    const a = APPLY.exec(msg);
    if (a) {
      this.finish();
      const p = a[1];
      this.current = this.index.rules.get(p) ?? `${ev.perdir !== null ? `[perdir ${ev.perdir}] ` : ""}pattern '${p}'`;
      const c = this.counts.rules.get(this.current);
      if (c) c.tried++;
      else this.counts.rules.set(this.current, { tried: 1, fired: 0 });
      return;
    }
    if (this.current === null) return;
    const m = COND.exec(msg);
    if (m) {
      const key = this.index.conds.get(m[1]) ?? `pattern '${m[1]}'`;
      const ok = m[2] === "matched";
      const c = this.counts.conds.get(key);
      if (c) {
        c.tested++;
        if (ok) c.matched++;
      } else this.counts.conds.set(key, { tested: 1, matched: ok ? 1 : 0 });
      this.lastCond = ok;
      return;
    }
    if (!BEFORE_APPLY.test(msg) && ev.tag !== null && this.lastCond !== false) this.acted = true;
  }

  /** Close the rule being traced (at the next rule or the end of the request). */
  finish(): void {
    if (this.current !== null && (this.acted || this.lastCond === true)) {
      const c = this.counts.rules.get(this.current);
      if (c) c.fired++;
    }
    this.current = null;
    this.lastCond = null;
    this.acted = false;
  }
}
