/**
 * The HTML report of a configuration diff (`htrewrite diff --html FILE`): one self-contained page
 * (inline CSS and SVG, no script, no external resource) with how much of the traffic changes,
 * requests per change class and per changed field, the most changed paths, and per cause the
 * examples side by side: status, Location, application and process group before and after, the
 * cells that changed marked.
 */
import type { DecisionView, DiffExample, DiffJson } from "./diff.js";
import { esc, svgBars } from "./report-html.js";

const CAUSES_SHOWN = 30;

function share(n: number, d: number): string {
  if (d === 0) return "0%";
  const p = (100 * n) / d;
  return `${p < 0.1 && n > 0 ? p.toPrecision(2) : p.toFixed(1)}%`;
}

function cell(v: string | number | null, changed: boolean): string {
  const text = v === null ? "—" : String(v);
  return `<td${changed ? ' class="chg"' : ""}>${esc(text)}</td>`;
}

const COLUMNS: Array<[keyof DecisionView, string]> = [
  ["status", "status"],
  ["location", "Location"],
  ["applicationGroup", "application group"],
  ["processGroup", "process group"],
];

function exampleRows(examples: readonly DiffExample[]): string {
  const head = `<tr><th>request</th><th>what differs</th>${COLUMNS.map(([, h]) => `<th>${h} before</th><th>${h} after</th>`).join("")}</tr>`;
  const rows = examples.map((e) => {
    const cells = COLUMNS.map(([k]) => {
      const changed = e.before[k] !== e.after[k];
      return cell(e.before[k], changed) + cell(e.after[k], changed);
    }).join("");
    // The differing fields by name: a change of only the environment or filename shows no marked cell.
    return `<tr><td><code>${esc(`${e.host ?? ""}${e.url}`)}</code></td><td>${esc(Object.keys(e.new).join(", "))}</td>${cells}</tr>`;
  });
  return `<table>${head}${rows.join("")}</table>`;
}

/** The page for one diff; `title` names the two configurations. */
export function renderDiffHtml(d: DiffJson, title: string): string {
  const section = (h: string, body: string) => `<section><h2>${esc(h)}</h2>${body}</section>`;
  const causes = d.causes.slice(0, CAUSES_SHOWN).map((c) => `<section class="cause"><h3>${c.count} requests (${share(c.count, d.changed)} of the changes) — ${esc(c.cause)}</h3>${exampleRows(c.examples)}</section>`);
  const more = d.causes.length > CAUSES_SHOWN ? `<p>${d.causes.length - CAUSES_SHOWN} more causes (in the JSON output).</p>` : "";
  const other = d.otherCauses > 0 ? `<p>${d.otherCauses} changed requests under further causes, counted but not itemised.</p>` : "";
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:1200px;color:#222}h1{font-size:1.4em}h2{font-size:1.1em;border-bottom:1px solid #ccc}h3{font-size:1em;margin-bottom:.3em}.kpi{display:inline-block;margin:0 2em 1em 0}.kpi b{display:block;font-size:1.6em}svg text{fill:#222}table{border-collapse:collapse;font-size:12px;margin-bottom:1em}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}th{background:#f4f4f4}td.chg{background:#fde2d8}code{word-break:break-all}</style></head><body>
<h1>${esc(title)}</h1>
<div><span class="kpi"><b>${share(d.changed, d.requests)}</b>of requests change</span><span class="kpi"><b>${d.changed}</b>changed</span><span class="kpi"><b>${d.requests}</b>requests compared</span><span class="kpi"><b>${Object.keys(d.classes).length}</b>change classes</span></div>
${section("Requests per change class (fields that differ)", svgBars(Object.entries(d.classes), "#d55a3a"))}
${section("Requests per changed field", svgBars(Object.entries(d.fields).sort((a, b) => b[1] - a[1]), "#7a5ad5"))}
${section(`Most changed paths${d.topPaths.errorBound > 0 ? ` (counts within ${d.topPaths.errorBound})` : ""}`, svgBars(d.topPaths.counts.slice(0, 20)))}
${section("Causes, with examples before and after", d.causes.length === 0 ? "<p>No request changes decision.</p>" : causes.join("") + more + other)}
</body></html>
`;
}
