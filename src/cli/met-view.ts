/**
 * The met/not-met view of `route --htaccess`: for one request, each pass mod_rewrite made over
 * each file that took part (initial request, internal redirects, [N] rounds, sub-requests), every
 * directive line of the file with what happened to it in that pass — a rule's subject and whether
 * its pattern matched, each condition's expanded test string and result, back-references, the
 * rule's result and what the loop did next — then the final answer.
 *
 * Built from the engine's structured steps (RewriteTracer.step), never from trace text.
 */
import type { EvaluateResult } from "../api/evaluate.js";
import type { RewriteStep } from "../rewrite/trace.js";

/** One pass over one file. */
export interface Pass {
  /** initial, initial/redir#1, subreq … */
  tag: string;
  /** The file as the user named it. */
  file: string;
  lines: PassLine[];
}

export interface PassLine {
  line: number;
  text: string;
  /** "met", "not-met", "not-reached" for rules and conditions; "other" for the other directives. */
  state: "met" | "not-met" | "not-reached" | "other";
  /** What the line was tested against and what came of it, in words. */
  notes: string[];
}

export interface FileText {
  /** The name to show. */
  display: string;
  lines: string[];
}

const q = (s: string | null): string => (s === null ? "(null)" : JSON.stringify(s));

function refs(prefix: "$" | "%", captures: Array<string | null>): string {
  return captures.length > 1 ? "  " + captures.slice(1).map((c, i) => `${prefix}${i + 1}=${q(c)}`).join(" ") : "";
}

/** Group steps into passes: a new pass when the request tag or file changes, or the lines start over ([N]). */
function groupPasses(steps: RewriteStep[]): RewriteStep[][] {
  const passes: RewriteStep[][] = [];
  let cur: RewriteStep[] = [];
  let lastRule = -1;
  for (const s of steps) {
    const head = cur[0];
    const restart = s.type === "rule" && s.pos !== null && s.pos.line <= lastRule;
    if (head === undefined || head.tag !== s.tag || head.pos?.file !== s.pos?.file || restart) {
      if (cur.length) passes.push(cur);
      cur = [];
      lastRule = -1;
    }
    cur.push(s);
    if (s.type === "rule" && s.pos !== null) lastRule = s.pos.line;
  }
  if (cur.length) passes.push(cur);
  return passes;
}

function isRewriteLine(text: string): "rule" | "cond" | null {
  const t = text.trim().toLowerCase();
  return t.startsWith("rewriterule") ? "rule" : t.startsWith("rewritecond") ? "cond" : null;
}

/** The passes of one request; `files` gives the text of a file the engine read (by its path there). */
export function buildPasses(steps: RewriteStep[], files: (path: string) => FileText | undefined): Pass[] {
  const out: Pass[] = [];
  for (const pass of groupPasses(steps)) {
    const file = pass[0].pos?.file;
    const text = file === undefined ? undefined : files(file);
    if (text === undefined) continue;
    const byLine = new Map<number, { state: PassLine["state"]; notes: string[] }>();
    for (const s of pass) {
      if (s.pos === null) continue;
      const entry = byLine.get(s.pos.line) ?? { state: "not-met" as PassLine["state"], notes: [] };
      if (s.type === "rule") {
        entry.state = s.matched ? "met" : "not-met";
        entry.notes.push(`pattern ${s.negate ? "!" : ""}${q(s.pattern)} against ${q(s.subject)}: ${s.matched ? "matched" : "no match"}${s.matched ? refs("$", s.captures) : ""}`);
      } else if (s.type === "cond") {
        entry.state = s.matched ? "met" : "not-met";
        entry.notes.push(`test string ${q(s.input)} ${s.matched ? "met" : "not met"}${refs("%", s.captures)}${s.ornext ? "  [OR]" : ""}`);
      } else {
        entry.notes.push(`→ ${q(s.result)}${s.status !== null ? ` status ${s.status}` : ""}${s.flags ? `  ${s.flags}` : ""}: ${s.then === "continue" ? "next rule" : s.then}`);
      }
      byLine.set(s.pos.line, entry);
    }
    // A rule whose pattern matched but whose conditions failed did not apply.
    for (const s of pass) {
      if (s.type !== "rule" || s.pos === null || !s.matched) continue;
      if (!pass.some((a) => a.type === "applied" && a.pos?.line === s.pos?.line)) {
        const e = byLine.get(s.pos.line);
        if (e) {
          e.state = "not-met";
          e.notes.push("conditions not met: rule not applied");
        }
      }
    }
    const lines: PassLine[] = [];
    text.lines.forEach((t, i) => {
      if (t.trim() === "" || t.trim().startsWith("#")) return;
      const got = byLine.get(i + 1);
      const kind = isRewriteLine(t);
      lines.push({ line: i + 1, text: t.trim(), state: got ? got.state : kind ? "not-reached" : "other", notes: got?.notes ?? [] });
    });
    out.push({ tag: pass[0].tag, file: text.display, lines });
  }
  return out;
}

export interface Paint {
  met(s: string): string;
  notMet(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export const PLAIN: Paint = { met: (s) => s, notMet: (s) => s, dim: (s) => s, bold: (s) => s };
export const ANSI: Paint = {
  met: (s) => `\x1b[32m${s}\x1b[39m`,
  notMet: (s) => `\x1b[31m${s}\x1b[39m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
};

const MARK = { met: "✓", "not-met": "✗", "not-reached": "·", other: " " } as const;

/** The final answer in one line. */
export function decision(r: EvaluateResult): string {
  const what =
    r.kind === "redirect" ? `redirect to ${r.location ?? ""}`
    : r.kind === "file" ? `static file ${r.filename ?? ""}`
    : r.kind === "wsgi" ? `WSGI ${r.filename ?? ""} (application group ${q(r.applicationGroup)}, process group ${q(r.processGroup)})`
    : `Apache's own response${r.filename ? ` (filename ${r.filename})` : ""}`;
  return `${r.status} ${what}${r.queryString ? ` query ${r.queryString}` : ""}`;
}

export function renderPasses(label: string, r: EvaluateResult, passes: Pass[], paint: Paint): string[] {
  const out = [paint.bold(label)];
  if (passes.length === 0) out.push(paint.dim("  no .htaccess rule was tried (no RewriteEngine On for this path, or the request ended before)"));
  passes.forEach((p, n) => {
    out.push(`  pass ${n + 1} [${p.tag}] ${p.file}`);
    const width = String(Math.max(...p.lines.map((l) => l.line))).length;
    for (const l of p.lines) {
      const mark = MARK[l.state];
      const head = `    ${String(l.line).padStart(width)}  ${mark} ${l.text}`;
      const colour = l.state === "met" ? paint.met : l.state === "not-met" ? paint.notMet : l.state === "not-reached" ? paint.dim : (s: string) => s;
      out.push(colour(head));
      for (const note of l.notes) out.push(`    ${" ".repeat(width)}      ${note}`);
    }
  });
  out.push(`  result: ${decision(r)}`);
  const env = r.env.filter(([k]) => k !== "SCRIPT_URI" && k !== "SCRIPT_URL");
  if (env.length) out.push(`  env: ${env.map(([k, v]) => `${k}=${v}`).join("  ")}`);
  for (const l of r.log) out.push(`  log: ${l}`);
  return out;
}
