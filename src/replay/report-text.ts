/** The terminal report of a replay summary: plain aligned tables, largest first. */
import type { ReplaySummary } from "./summary.js";

function pct(n: number, d: number): string {
  return d === 0 ? "-" : `${((100 * n) / d).toFixed(1)}%`;
}

function table(title: string, head: string[], rows: string[][]): string[] {
  if (rows.length === 0) return [`${title}: none`, ""];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ").trimEnd();
  return [title, fmt(head), w.map((n) => "-".repeat(n)).join("  "), ...rows.map(fmt), ""];
}

export function renderText(s: ReplaySummary, top = 15): string {
  const out: string[] = [];
  out.push(`lines ${s.lines}  requests ${s.requests}  unparsable ${s.unparsable} (${pct(s.unparsable, s.lines)})  bytes ${s.bytes}`, "");
  out.push(...table("status (predicted)", ["status", "requests", "share"], Object.entries(s.status).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, String(v), pct(v, s.requests)])));
  const logged = s.agree + s.disagree;
  out.push(`predicted vs logged status: ${s.agree}/${logged} agree (${pct(s.agree, logged)}), ${s.disagree} disagree`, "");
  const pairs = Object.entries(s.statusPairs).filter(([k]) => k.split(" ")[0] !== k.split(" ")[1]).sort((a, b) => b[1] - a[1]).slice(0, top);
  out.push(...table("disagreements (predicted, logged)", ["predicted logged", "lines"], pairs.map(([k, v]) => [k, String(v)])));
  const dis = s.topDisagreements;
  out.push(...table(`top disagreeing paths (counts exact within ${dis.errorBound})`, ["what", "lines"], dis.top(top).map(([k, v]) => [k, String(v)])));
  const rules = [...s.hits.rules].sort((a, b) => b[1].fired - a[1].fired || b[1].tried - a[1].tried).slice(0, 40);
  out.push(...table("RewriteRule hits", ["rule", "tried", "fired", "fired/requests"], rules.map(([k, v]) => [k, String(v.tried), String(v.fired), pct(v.fired, s.requests)])));
  const conds = [...s.hits.conds].sort((a, b) => b[1].tested - a[1].tested).slice(0, 40);
  out.push(...table("RewriteCond tests", ["condition", "tested", "matched"], conds.map(([k, v]) => [k, String(v.tested), String(v.matched)])));
  const groups = (label: string, d: { count(): number; isExact: boolean }) => `${label}: ${d.count()}${d.isExact ? "" : " (estimate, ±1.6%)"}`;
  out.push(groups("distinct application groups", s.appDistinct), groups("distinct process groups", s.procDistinct), groups("distinct (process, application) pairs", s.pairDistinct));
  if (s.pairDistinct.count() > s.registryMax) out.push(`  more pairs than the registry holds (${s.registryMax}): mod_wsgi would keep creating interpreters`);
  out.push("");
  out.push(...table(`application groups by requests (within ${s.appRequests.errorBound})`, ["group", "requests"], s.appRequests.top(top).map(([k, v]) => [k === "" ? '"" (main interpreter)' : k, String(v)])));
  out.push(...table(`process groups by requests (within ${s.procRequests.errorBound})`, ["group", "requests"], s.procRequests.top(top).map(([k, v]) => [k === "" ? '"" (embedded)' : k, String(v)])));
  out.push(...table(`top paths (within ${s.topPaths.errorBound})`, ["path", "requests"], s.topPaths.top(top).map(([k, v]) => [k, String(v)])));
  out.push(...table("unparsable lines (sample)", ["reason", "line"], s.sample.slice(0, 10).map((x) => [x.reason, JSON.stringify(x.line).slice(0, 120)])));
  return out.join("\n");
}
