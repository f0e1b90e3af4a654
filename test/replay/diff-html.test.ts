/**
 * The diff report a person reads: counts per change class, the most changed paths, and per cause
 * examples with status, Location and groups before and after — on the seed case against a change
 * that moves bob's requests to a redirect and narrows the per-user rule to names starting with a.
 */
import { describe, expect, it } from "vitest";
import { loadCase } from "../../src/case/load.js";
import { parseConfig } from "../../src/config/index.js";
import { loadCaseEngine } from "../../src/eval/case.js";
import { ConfigDiff } from "../../src/replay/diff.js";
import { renderDiffHtml } from "../../src/replay/report-diff-html.js";
import { indexRules } from "../../src/replay/rule-hits.js";

const root = new URL("../..", import.meta.url).pathname;
const seed = loadCase(`${root}rules/01-userdir-groups.json`);
const changed = {
  ...seed,
  config: seed.config.flatMap((l) =>
    l.startsWith("RewriteCond") ? ["RewriteRule ^/~bob/$ http://new.example.com/bob/ [R=302,L]", "RewriteCond %{REQUEST_URI} ^/~(a[^/]*)"] : [l],
  ),
};

function run() {
  const idx = (c: typeof seed) => indexRules(parseConfig(c.config.join("\n"), { file: c.name, validate: false }).children);
  const d = new ConfigDiff(loadCaseEngine(seed).engine, loadCaseEngine(changed).engine, idx(seed), idx(changed));
  const urls = [
    ...Array(5).fill("/~bob/wsgi-scripts/app.wsgi"),
    ...Array(3).fill("/~bob/"),
    "/~bob/wsgi-scripts/app.wsgi?x=1",
    ...Array(4).fill("/~alice/wsgi-scripts/app.wsgi"),
    "/~alice/",
  ];
  for (const url of urls) d.add({ url });
  return d.toJSON();
}

describe("diff HTML report", () => {
  const d = run();
  const html = renderDiffHtml(d, "htrewrite diff: old.conf → new.conf");

  it("counts change classes, changed fields and changed paths", () => {
    expect(d.requests).toBe(14);
    expect(d.changed).toBe(9);
    // bob's app: his rule no longer sets APPLICATION_GROUP, so the environment and the group change.
    expect(d.classes["env+applicationGroup"]).toBe(6);
    // /~bob/ (no index file: 404) becomes a redirect.
    expect(d.classes["status+location+filename+env"]).toBe(3);
    expect(Object.keys(d.classes)).toHaveLength(2);
    expect(d.topPaths.counts.slice(0, 2)).toEqual([["/~bob/wsgi-scripts/app.wsgi", 6], ["/~bob/", 3]]);
  });

  it("is one self-contained page with the counts, the paths and before/after examples", () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org|new\.example\.com)/);
    expect(html).toContain("<b>64.3%</b>of requests change"); // 9 of 14
    expect(html).toMatch(/<title>status\+location\+filename\+env: 3<\/title>/);
    expect(html).toMatch(/<title>applicationGroup: 6<\/title>/);
    expect(html).toMatch(/<title>\/~bob\/wsgi-scripts\/app\.wsgi: 6<\/title>/);
    // The redirect example: 404 → 302 and the new Location, marked as changed.
    const redirect = /<tr><td><code>\/~bob\/<\/code><\/td>(.*?)<\/tr>/.exec(html);
    expect(redirect).not.toBeNull();
    expect(redirect![1]).toBe(
      '<td>status, location, filename, env</td><td class="chg">404</td><td class="chg">302</td><td class="chg">—</td><td class="chg">http://new.example.com/bob/</td><td>—</td><td>—</td><td>—</td><td>—</td>',
    );
    // The group example: same status, application group ~bob → the directive's unexpanded text
    // (mod_wsgi keeps %{ENV:X} literally when X is unset).
    const group = /<tr><td><code>\/~bob\/wsgi-scripts\/app\.wsgi<\/code><\/td>(.*?)<\/tr>/.exec(html);
    expect(group![1]).toBe('<td>env, applicationGroup</td><td>200</td><td>200</td><td>—</td><td>—</td><td class="chg">~bob</td><td class="chg">%{ENV:APPLICATION_GROUP}</td><td></td><td></td>');
  });

  it("says so when nothing changes", () => {
    const same = new ConfigDiff(loadCaseEngine(seed).engine, loadCaseEngine(seed).engine, { rules: new Map(), conds: new Map() }, { rules: new Map(), conds: new Map() });
    same.add({ url: "/~alice/" });
    const h = renderDiffHtml(same.toJSON(), "t");
    expect(h).toContain("No request changes decision.");
    expect(h).toContain("0.0%");
  });
});
