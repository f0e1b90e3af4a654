/**
 * Two configurations on the same requests: which requests change decision (status, Location
 * target, filename, environment, application/process group), grouped by cause. The cause is the
 * first rule whose trace differs between the two runs (the first RewriteRule pattern applied or
 * fired differently, named by file:line of each side), else the first decision field that differs.
 * Counts are exact per cause; each cause keeps a few examples.
 */
import { evaluate, type EvaluateRequest, type EvaluateResult } from "../api/evaluate.js";
import type { Engine } from "../server/engine.js";
import { CollectingTracer } from "../rewrite/trace.js";
import type { RuleIndex } from "./rule-hits.js";
import { HeavyHitters, type SketchJson } from "./sketch.js";

const EXAMPLES = 5;
/** Changed paths kept by the heavy-hitters sketch (top-k of an unbounded key). */
const TOP_PATHS = 100;
const MAX_CAUSES = 1000;

export type DiffField = "status" | "location" | "filename" | "env" | "applicationGroup" | "processGroup";

/** What a person compares first: the answer's status, redirect target and groups. */
export interface DecisionView {
  status: number;
  location: string | null;
  applicationGroup: string | null;
  processGroup: string | null;
}

export interface DiffExample {
  url: string;
  host: string | null;
  /** The differing fields only. */
  old: Partial<Record<DiffField, string | number | null>>;
  new: Partial<Record<DiffField, string | number | null>>;
  /** Status, Location and groups of each side, whether they differ or not. */
  before: DecisionView;
  after: DecisionView;
}

export interface DiffJson {
  requests: number;
  changed: number;
  fields: Record<string, number>;
  /** Change class (the differing fields, joined by "+") → requests. */
  classes: Record<string, number>;
  /** Changed requests by path without query (a sketch: counts within its errorBound). */
  topPaths: SketchJson;
  causes: Array<{ cause: string; count: number; examples: DiffExample[] }>;
  /** Changes whose cause fell past MAX_CAUSES distinct causes (counted, not itemised). */
  otherCauses: number;
}

function envText(r: EvaluateResult): string {
  return r.env.map(([k, v]) => `${k}=${v}`).sort().join("\n");
}

function viewOf(r: EvaluateResult): DecisionView {
  return { status: r.status, location: r.location, applicationGroup: r.applicationGroup, processGroup: r.processGroup };
}

function fieldsOf(r: EvaluateResult): Record<DiffField, string | number | null> {
  return { status: r.status, location: r.location, filename: r.filename, env: envText(r), applicationGroup: r.applicationGroup, processGroup: r.processGroup };
}

const APPLY = /^applying pattern '(.*)' to uri '/s;

/** The per-request rule steps of a trace: "pattern@perdir" of each rule applied, with what followed. */
function steps(t: CollectingTracer): string[] {
  const out: string[] = [];
  for (const ev of t.events) {
    const m = APPLY.exec(ev.message);
    if (m) out.push(m[1]);
    else if (out.length > 0 && ev.tag !== null && !ev.message.startsWith("RewriteCond") && !out[out.length - 1].endsWith(" +")) out[out.length - 1] += " +";
  }
  return out;
}

export class ConfigDiff {
  requests = 0;
  changed = 0;
  readonly fields: Record<string, number> = {};
  readonly classes: Record<string, number> = {};
  private readonly paths = new HeavyHitters(TOP_PATHS);
  private readonly causes = new Map<string, { count: number; examples: DiffExample[] }>();
  private otherCauses = 0;

  constructor(
    private readonly oldEngine: Engine,
    private readonly newEngine: Engine,
    private readonly oldIndex: RuleIndex,
    private readonly newIndex: RuleIndex,
  ) {}

  add(req: EvaluateRequest): boolean {
    this.requests++;
    const to = new CollectingTracer();
    const tn = new CollectingTracer();
    const a = evaluate(this.oldEngine, req, { tracer: to });
    const b = evaluate(this.newEngine, req, { tracer: tn });
    const fa = fieldsOf(a);
    const fb = fieldsOf(b);
    const differing = (Object.keys(fa) as DiffField[]).filter((k) => fa[k] !== fb[k]);
    if (differing.length === 0) return false;
    this.changed++;
    for (const f of differing) this.fields[f] = (this.fields[f] ?? 0) + 1;
    const cls = differing.join("+");
    this.classes[cls] = (this.classes[cls] ?? 0) + 1;
    const q = req.url.indexOf("?");
    this.paths.add(q < 0 ? req.url : req.url.slice(0, q));
    const cause = this.cause(steps(to), steps(tn), differing);
    let c = this.causes.get(cause);
    if (!c) {
      if (this.causes.size >= MAX_CAUSES) {
        this.otherCauses++;
        return true;
      }
      c = { count: 0, examples: [] };
      this.causes.set(cause, c);
    }
    c.count++;
    if (c.examples.length < EXAMPLES) {
      const pick = (f: Record<DiffField, string | number | null>) => Object.fromEntries(differing.map((k) => [k, f[k]]));
      c.examples.push({ url: req.url, host: req.host ?? null, old: pick(fa), new: pick(fb), before: viewOf(a), after: viewOf(b) });
    }
    return true;
  }

  private cause(sa: string[], sb: string[], differing: DiffField[]): string {
    const n = Math.max(sa.length, sb.length);
    const name = (p: string | undefined, idx: RuleIndex) => {
      if (p === undefined) return "(no rule)";
      const pat = p.endsWith(" +") ? p.slice(0, -2) : p;
      return `${idx.rules.get(pat) ?? `pattern '${pat}'`}${p.endsWith(" +") ? " fired" : " did not fire"}`;
    };
    for (let i = 0; i < n; i++) {
      if (sa[i] !== sb[i]) return `first differing rule: old ${name(sa[i], this.oldIndex)}, new ${name(sb[i], this.newIndex)}`;
    }
    return `same rule path; differs in ${differing.join(", ")}`;
  }

  toJSON(): DiffJson {
    const causes = [...this.causes].map(([cause, v]) => ({ cause, count: v.count, examples: v.examples })).sort((x, y) => y.count - x.count || (x.cause < y.cause ? -1 : 1));
    const classes = Object.fromEntries(Object.entries(this.classes).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)));
    return { requests: this.requests, changed: this.changed, fields: { ...this.fields }, classes, topPaths: this.paths.toJSON(), causes, otherCauses: this.otherCauses };
  }
}

export function renderDiffText(d: DiffJson): string {
  const share = d.requests === 0 ? 0 : (100 * d.changed) / d.requests;
  const out = [`this change alters ${share < 0.1 && d.changed > 0 ? share.toPrecision(2) : share.toFixed(1)}% of requests (${d.changed} of ${d.requests})`];
  if (d.changed > 0) {
    out.push(`changed fields: ${Object.entries(d.fields).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    out.push(`change classes: ${Object.entries(d.classes).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  }
  for (const c of d.causes.slice(0, 20)) {
    out.push("", `${c.count}  ${c.cause}`);
    for (const e of c.examples.slice(0, 3)) {
      const parts = Object.keys(e.new).map((k) => `${k}: ${JSON.stringify(e.old[k as DiffField])} → ${JSON.stringify(e.new[k as DiffField])}`);
      out.push(`    ${e.host ?? ""}${e.url}  ${parts.join("; ")}`);
    }
  }
  if (d.otherCauses > 0) out.push("", `${d.otherCauses} more changes under further causes`);
  return out.join("\n");
}
