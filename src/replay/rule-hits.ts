/**
 * Which RewriteRule and RewriteCond lines a request went through, read from the rewrite engine's
 * structured steps (emitted beside the events `LogLevel rewrite:trace4` prints). A rule is named by `file:line` of the
 * configuration when its pattern is written once; a pattern written on several lines is named by
 * all of them, and a rule the configuration does not hold (an .htaccess file) by its pattern.
 *
 * Per rule: `tried` (mod_rewrite applied its pattern) and `fired` (pattern and conditions held,
 * so the rule's substitution and flags took effect).
 * Per condition: `tested` and `matched`.
 */
import { parseArgLine } from "../rewrite/argline.js";
import type { RejectedRules, RewriteStep, RewriteTraceEvent, RewriteTracer } from "../rewrite/trace.js";
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

export interface HitCounts {
  rules: Map<string, { tried: number; fired: number }>;
  conds: Map<string, { tested: number; matched: number }>;
}

/**
 * A tracer that adds one request's rule and condition hits to `counts`, from the engine's
 * structured steps (a "rule" step per pattern applied, an "applied" step when pattern and
 * conditions held, a "cond" step per condition tested), so no trace text is parsed. The names of
 * the last rule seen are cached: most steps of a request name the same few rules.
 */
export class HitTracer implements RewriteTracer {
  private lastPattern: string | null = null;
  private lastPerdir: string | null = null;
  private lastRule: { tried: number; fired: number } | null = null;

  constructor(
    private readonly index: RuleIndex,
    private readonly counts: HitCounts,
  ) {}

  trace(_ev: RewriteTraceEvent): void {}

  step(st: RewriteStep): void {
    if (st.type === "rule") this.rule(st.pattern, st.perdir).tried++;
    else if (st.type === "applied") {
      // "applied" carries no pattern: it follows the "rule" step of the same rule.
      if (this.lastRule !== null) this.lastRule.fired++;
    } else {
      const key = this.index.conds.get(st.pattern) ?? `pattern '${st.pattern}'`;
      const c = this.counts.conds.get(key);
      if (c) {
        c.tested++;
        if (st.matched) c.matched++;
      } else this.counts.conds.set(key, { tested: 1, matched: st.matched ? 1 : 0 });
    }
  }

  /** Rules the rule index skipped: each is a pattern Apache tried and found not matching. */
  rejected(batch: RejectedRules): void {
    batch.eachPattern((pattern) => this.rule(pattern, batch.perdir).tried++);
  }

  private rule(pattern: string, perdir: string | null): { tried: number; fired: number } {
    if (this.lastRule !== null && pattern === this.lastPattern && perdir === this.lastPerdir) return this.lastRule;
    // A rule the configuration does not hold (an .htaccess file) is named by its pattern and directory.
    const key = this.index.rules.get(pattern) ?? `${perdir !== null ? `[perdir ${perdir}] ` : ""}pattern '${pattern}'`;
    let c = this.counts.rules.get(key);
    if (!c) this.counts.rules.set(key, (c = { tried: 0, fired: 0 }));
    this.lastPattern = pattern;
    this.lastPerdir = perdir;
    this.lastRule = c;
    return c;
  }
}
