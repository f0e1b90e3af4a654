/**
 * The per-request work budget (src/rewrite/budget.ts): the worst rule sets found end in bounded
 * work. Bounds are asserted on the budget's step accounting; the wall-time guard is coarse.
 *
 * What Apache 2.4.71 does with the same rules: each catastrophic match runs to PCRE2's
 * 10,000,000-step limit and counts as "no match"; an [N] loop ends after 32,000 rounds with
 * AH02596 and 500. So a [N] loop whose every round hits the match limit costs Apache 32,000
 * limit hits (hours); htrewrite stops it after the budget's worth and answers 500.
 */
import { describe, expect, it } from "vitest";
import { createEngine, evaluate, type EngineOptions } from "../../src/api/evaluate.js";
import { DEFAULT_WORK_BUDGET, PCRE2_MATCH_LIMIT, WorkBudget, WorkBudgetExceeded } from "../../src/rewrite/budget.js";
import { MemoryFs } from "../../src/server/fs.js";

const ROOT = "/tmp/htrewrite-budget";
const EVIL = "(a+)+$";
const EVIL_QUERY = "a".repeat(28) + "!";

function engineWith(lines: string[], opts: EngineOptions = {}) {
  const fs = new MemoryFs(ROOT, null);
  fs.addDir(`${ROOT}/htdocs`);
  fs.addFile(`${ROOT}/htdocs/x`, "x");
  const text = [
    "LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so",
    "LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so",
    "LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so",
    "ServerName localhost",
    "Listen 127.0.0.1:8080",
    `DocumentRoot ${ROOT}/htdocs`,
    `<Directory ${ROOT}>`,
    "    Require all granted",
    "</Directory>",
    "RewriteEngine On",
    ...lines,
  ].join("\n");
  return createEngine(text, { file: `${ROOT}/httpd.conf`, fs, env: {}, serverRoot: ROOT, ...opts });
}

/** Evaluate and time it. */
function timed(engine: ReturnType<typeof createEngine>, url: string, trace = false) {
  const t0 = Date.now();
  const r = evaluate(engine, { url }, { trace });
  return { r, ms: Date.now() - t0 };
}

describe("per-request work budget", () => {
  it("the account: a match-limit hit costs the whole limit, other matches their subject", () => {
    const b = new WorkBudget(PCRE2_MATCH_LIMIT + 100);
    b.chargeRegex({ kind: "nomatch", engine: "v8" }, 9, "RewriteRule", "x");
    expect(b.spent).toBe(10);
    b.chargeRegex({ kind: "limit", error: "match limit", engine: "pcre2" }, 9, "RewriteRule", "x");
    expect(b.spent).toBe(PCRE2_MATCH_LIMIT + 10);
    expect(() => b.chargeRegex({ kind: "limit", error: "match limit", engine: "pcre2" }, 9, "RewriteCond", EVIL))
      .toThrow(WorkBudgetExceeded);
    expect(b.limitHits).toBe(2);
  });

  it("an [N] loop whose condition hits the match limit every round ends with 500 after the budget", () => {
    // Negated, a limit hit makes the condition true (ap_regexec ≠ 0), so the rule matches and
    // [N] restarts the rule set: in Apache, 32,000 rounds of 10,000,000 steps.
    const engine = engineWith([`RewriteCond %{QUERY_STRING} !${EVIL}`, "RewriteRule ^ - [N]"], { workBudget: PCRE2_MATCH_LIMIT + 1000 });
    const { r, ms } = timed(engine, `/x?${EVIL_QUERY}`, true);
    expect(r.status).toBe(500);
    expect(r.log.join("\n")).toMatch(/work budget of 10001000 steps exhausted \(at RewriteCond '!?\(a\+\)\+\$', 2 of them hit PCRE2's match limit\)/);
    expect(r.trace.some((l) => l.includes("work budget"))).toBe(true);
    expect(ms).toBeLessThan(60_000);
  });

  it("several catastrophic conditions in one rule set: the budget stops after its share of limit hits", () => {
    const conds = Array.from({ length: 20 }, () => `RewriteCond %{QUERY_STRING} ${EVIL} [OR]`);
    const engine = engineWith([...conds, `RewriteCond %{QUERY_STRING} ${EVIL}`, "RewriteRule ^ /y"], { workBudget: 2 * PCRE2_MATCH_LIMIT + 1000 });
    const { r } = timed(engine, `/x?${EVIL_QUERY}`);
    expect(r.status).toBe(500);
    expect(r.log.join("\n")).toContain("3 of them hit PCRE2's match limit");
  });

  it("within the budget the answer is Apache's: the conditions simply fail", () => {
    const engine = engineWith([`RewriteCond %{QUERY_STRING} ${EVIL}`, "RewriteRule ^ /y"]);
    const { r } = timed(engine, `/x?${EVIL_QUERY}`);
    expect(r.status).toBe(200);
    expect(r.filename).toBe(`${ROOT}/htdocs/x`);
  });

  it("a cheap endless [N] loop still ends with Apache's own AH02596 after 32,000 rounds", () => {
    const engine = engineWith(["RewriteRule ^/(x.*)$ /$1 [N]"]);
    const { r } = timed(engine, "/x");
    expect(r.status).toBe(500);
    expect(r.log.join("\n")).toContain("AH02596");
    expect(r.log.join("\n")).not.toContain("work budget");
  });

  it("a cheap endless [N] loop with a small budget ends on the budget, naming the rounds", () => {
    const engine = engineWith(["RewriteRule ^/(x.*)$ /$1 [N]"], { workBudget: 10_000 });
    const { r } = timed(engine, "/x");
    expect(r.status).toBe(500);
    expect(r.log.join("\n")).toMatch(/work budget of 10000 steps exhausted \((\[N\] rounds|at RewriteRule)/);
  });

  it("the default budget is five match-limit hits", () => {
    expect(DEFAULT_WORK_BUDGET).toBe(5 * PCRE2_MATCH_LIMIT);
  });
});
