/** A self-contained HTML report: inline CSS and SVG bar charts, no script, no external resource. */
import type { ReplaySummary } from "./summary.js";

/** HTML text and attribute escaping. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Horizontal bars, one per row, labelled with the key and count. */
export function svgBars(rows: Array<[string, number]>, colour = "#3a7bd5"): string {
  if (rows.length === 0) return "<p>none</p>";
  const max = Math.max(...rows.map((r) => r[1]), 1);
  const h = 22;
  const width = 900;
  const labelW = 360;
  const bars = rows.map(([k, v], i) => {
    const w = Math.max(1, Math.round(((width - labelW - 80) * v) / max));
    const y = i * h;
    const label = k.length > 55 ? `${k.slice(0, 54)}…` : k;
    return `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(label)}</text><rect x="${labelW}" y="${y + 3}" width="${w}" height="${h - 6}" fill="${colour}"><title>${esc(k)}: ${v}</title></rect><text x="${labelW + w + 6}" y="${y + 15}">${v}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${rows.length * h}" font-family="sans-serif" font-size="12">${bars.join("")}</svg>`;
}

export function renderHtml(s: ReplaySummary, title: string): string {
  const logged = s.agree + s.disagree;
  const section = (h: string, body: string) => `<section><h2>${esc(h)}</h2>${body}</section>`;
  const rules = [...s.hits.rules].sort((a, b) => b[1].fired - a[1].fired).slice(0, 30).map(([k, v]) => [k, v.fired] as [string, number]);
  const conds = [...s.hits.conds].sort((a, b) => b[1].matched - a[1].matched).slice(0, 30).map(([k, v]) => [k, v.matched] as [string, number]);
  const pairs = Object.entries(s.statusPairs).filter(([k]) => k.split(" ")[0] !== k.split(" ")[1]).sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, v]) => [`predicted ${k.replace(" ", ", logged ")}`, v] as [string, number]);
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:1000px;color:#222}h1{font-size:1.4em}h2{font-size:1.1em;border-bottom:1px solid #ccc}.kpi{display:inline-block;margin:0 2em 1em 0}.kpi b{display:block;font-size:1.6em}svg text{fill:#222}</style></head><body>
<h1>${esc(title)}</h1>
<div><span class="kpi"><b>${s.lines}</b>lines</span><span class="kpi"><b>${s.requests}</b>requests replayed</span><span class="kpi"><b>${s.unparsable}</b>unparsable</span><span class="kpi"><b>${logged ? ((100 * s.agree) / logged).toFixed(1) : "-"}%</b>predicted = logged status</span><span class="kpi"><b>${s.appDistinct.count()}</b>application groups${s.appDistinct.isExact ? "" : " (est.)"}</span><span class="kpi"><b>${s.procDistinct.count()}</b>process groups</span></div>
${section("Status (predicted)", svgBars(Object.entries(s.status).sort((a, b) => b[1] - a[1])))}
${section("Predicted vs logged status: disagreements", svgBars(pairs, "#d55a3a"))}
${section(`Top disagreeing paths (±${s.topDisagreements.errorBound})`, svgBars(s.topDisagreements.top(20), "#d55a3a"))}
${section("RewriteRule fired", svgBars(rules, "#3aa55a"))}
${section("RewriteCond matched", svgBars(conds, "#7a5ad5"))}
${section(`Application groups by requests (±${s.appRequests.errorBound})`, svgBars(s.appRequests.top(20).map(([k, v]) => [k === "" ? '"" (main)' : k, v])))}
${section(`Process groups by requests (±${s.procRequests.errorBound})`, svgBars(s.procRequests.top(20).map(([k, v]) => [k === "" ? '"" (embedded)' : k, v])))}
${section(`Top paths (±${s.topPaths.errorBound})`, svgBars(s.topPaths.top(20)))}
${section("Unparsable lines (sample)", `<ul>${s.sample.map((x) => `<li><code>${esc(x.line)}</code> — ${esc(x.reason)}</li>`).join("")}</ul>`)}
</body></html>
`;
}
