/**
 * The bench's own moving parts: baselines answer like htrewrite where their subset allows, the
 * PCRE2 forcing swaps every matcher without changing answers, measurements and reports are sane.
 */
import { describe, expect, it } from "vitest";
import { compileNaive, naiveDecide } from "../../bench/baselines/naive.js";
import { forcePcre2 } from "../../bench/baselines/pcre2-forced.js";
import { loadConnectModrewrite } from "../../bench/baselines/connect-modrewrite.js";
import { decision, loadDeployment } from "../../bench/harness/deployment.js";
import { measure, measureFew } from "../../bench/harness/measure.js";
import { compileRewriteOnly } from "../../bench/harness/rewrite-only.js";
import { ratioToBaseline, renderMarkdown, targets, type BenchReport } from "../../bench/harness/report.js";
import type { ScenarioResult, VariantResult } from "../../bench/harness/types.js";
import { redirectLines } from "../../bench/scenarios/redirects.js";
import { SCENARIOS } from "../../bench/scenarios/index.js";

describe("naive baseline", () => {
  const rules = compileNaive([
    "RewriteRule ^/old/(.*)$ /new/$1 [R=301,L]",
    "RewriteRule ^/Shop/(\\d+)$ /item?id=$1 [NC]",
    "RewriteRule ^/item /final [L]",
    "RewriteRule ^/final /never",
  ]);
  it.each([
    ["/old/a/b", { status: 301, location: "http://h/new/a/b", path: "/old/a/b" }],
    ["/shop/12", { status: 200, location: null, path: "/final" }],
    ["/other", { status: 200, location: null, path: "/other" }],
  ])("%s", (path, expected) => {
    expect(naiveDecide(rules, path, "h")).toEqual(expected);
  });
});

describe("baselines agree with htrewrite on the redirect set", () => {
  const lines = redirectLines(50);
  const d = loadDeployment({ config: ["RewriteEngine On", ...lines] });
  const forced = loadDeployment({ config: ["RewriteEngine On", ...lines] });
  const swapped = forcePcre2(forced.engine);
  const only = compileRewriteOnly(lines, d.port);
  const naive = compileNaive(lines);

  it("forcing PCRE2 swaps every rule's matcher", () => {
    expect(swapped).toBe(50);
    expect(forcePcre2(forced.engine)).toBe(0); // already swapped
  });

  it.each(["/old/section0/page0.html", "/old/section49/page49.html", "/old/section4/page49.html", "/nothing"])("%s", (path) => {
    const full = decision(d.serve(d.request(path)));
    expect(decision(forced.serve(forced.request(path)))).toEqual(full);
    const n = naiveDecide(naive, path, `localhost:${d.port}`);
    expect(full.location).toBe(n.location);
    const r = only.decide(path);
    expect(r.kind === "redirect" ? r.location : null).toBe(full.location);
  });

  it("connect-modrewrite is either measured or skipped with a reason", () => {
    const c = loadConnectModrewrite(lines);
    if ("skipped" in c) expect(c.skipped).toMatch(/not installed/);
    else expect(c.decide("/old/section0/page0.html", "localhost").location).toMatch(/\/new\/0\.html$/);
  });
});

describe("measure", () => {
  it("counts decisions and orders percentiles", () => {
    let calls = 0;
    const t = measure(() => {
      calls++;
      for (let k = 0; k < 1000; k++) Math.sqrt(k);
    }, { quick: true });
    expect(calls).toBeGreaterThan(t.samples);
    expect(t.decisionsPerSec).toBeGreaterThan(0);
    expect(t.p50Us).toBeLessThanOrEqual(t.p99Us);
    expect(t.p99Us).toBeLessThanOrEqual(t.maxUs);
  });

  it("measureFew keeps the already timed decision as a sample", () => {
    const t = measureFew(() => {}, 2, 5_000_000);
    expect(t.samples).toBe(3);
    expect(t.maxUs).toBe(5_000_000);
  });
});

describe("report", () => {
  const row = (impl: string, input: string, rate: number): VariantResult => ({
    impl,
    input,
    timing: { decisionsPerSec: rate / 2, decisionsPerCpuSec: rate, p50Us: 1e6 / rate, p99Us: 1e6 / rate, maxUs: 1e6 / rate, samples: 10 },
    compileMs: null,
    heapBytes: null,
    rssBytes: 0,
    skipped: null,
    note: null,
  });
  const scenario = (name: string, variants: VariantResult[], figures: Record<string, number> = {}): ScenarioResult => ({
    name,
    description: "",
    size: 10_000,
    baseline: "naive-regexp",
    targets: [],
    variants,
    figures,
    error: null,
    wallMs: 0,
  });
  const report: BenchReport = {
    machine: { cpu: "cpu", cores: 2, memoryGiB: 1, node: "v20", platform: "linux x64", date: "d", loadAverage: 0, ruleIndexHook: true },
    quick: false,
    totalSeconds: 1,
    scenarios: [
      scenario("redirects-10000", [row("naive-regexp", "last-rule", 1_000), row("htrewrite-rewrite-only", "last-rule", 250_000), row("htrewrite", "last-rule", 50_000)]),
      scenario("config-10000-rules", [], { loadEngineMs: 600, parseValidateMs: 200, heapBytesPerRule: 2500, compiledRuleSetBytesPerRule: 1500, ruleIndexBytesPerRule: 100 }),
    ],
  };

  it("takes ratios against the baseline row of the same input", () => {
    const s = report.scenarios[0];
    expect(ratioToBaseline(s, s.variants[1])).toBe(250);
    expect(ratioToBaseline(s, s.variants[0])).toBeNull();
  });

  it("judges targets on their figures", () => {
    const t = Object.fromEntries(targets(report).map((x) => [x.target, x.met]));
    expect(t["10,000 redirects (last-rule) ≥ 200,000 decisions/s and ≥ 100× naive"]).toBe(true);
    expect(t["10,000 redirects (no-match) ≥ 200,000 decisions/s and ≥ 100× naive"]).toBeNull();
    expect(t["compile 10,000 rules ≤ 500 ms"]).toBe(false);
    expect(t["parse + validate 10,000 rules ≤ 300 ms (issue 2)"]).toBe(true);
    expect(t["≤ 2 KB heap per compiled rule"]).toBe(true);
  });

  it("renders one table row per variant and the targets", () => {
    const md = renderMarkdown(report);
    expect(md).toContain("| redirects-10000 | htrewrite-rewrite-only | last-rule | 125,000 | 250,000 |");
    expect(md).toContain("250×");
    expect(md).toContain("Rule index hook in the rule loop: applied");
  });
});

describe("scenario table", () => {
  it("has unique names and every scenario the issues name", () => {
    const names = SCENARIOS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of ["seed-userdir-groups", "resource-groups-mounts", "wordpress-htaccess", "drupal-htaccess", "laravel-htaccess", "redirects-100", "redirects-1000", "redirects-10000", "txt-map-100000", "header-conditions", "hostile-patterns", "tracing-on-off", "config-10000-rules"]) {
      expect(names).toContain(n);
    }
  });
});
