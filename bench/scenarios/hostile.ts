/**
 * Hostile inputs against backtracking-prone patterns (nested and overlapping quantifiers): the
 * figure is the worst time one request can take. PCRE's match limits (Apache's) and the regex
 * layer's bounded fast path must keep it small; a plain JavaScript RegExp doubles its time with
 * every extra byte, so the naive baseline only gets a 20-byte input. A hostile request can take
 * seconds, so each htrewrite row is one timed request (its answer check) instead of a throughput run.
 */
import { compileNaive, naiveDecide } from "../baselines/naive.js";
import { expectAnswer, loadDeployment } from "../harness/deployment.js";
import { runVariant } from "../harness/variant.js";
import type { Scenario, VariantResult } from "../harness/types.js";

const RULES = [
  "RewriteRule ^/(a+)+$ /nested [L]",
  "RewriteRule ^/(a|aa)+$ /overlap [L]",
  "RewriteRule ^/(\\w+\\s?)*$ /words [L]",
  "RewriteRule ^/(.*a){12}$ /dotstar [L]",
];

export const hostile: Scenario = {
  name: "hostile-patterns",
  description: "backtracking-prone patterns vs '/' + 'a'×N + '!' (N = 30, 5,000): worst case per request",
  async run(opts) {
    const sizes = [30, 5_000];
    const variants: VariantResult[] = runVariant(
      "htrewrite",
      opts,
      () => loadDeployment({ config: ["RewriteEngine On", ...RULES] }),
      (d) =>
        sizes.map((n) => {
          const raw = d.request(`/${"a".repeat(n)}!`);
          return {
            input: `N=${n}`,
            decide: () => void d.serve(raw),
            // No rule may apply: the request must reach the file system with its path unchanged
            // (what the file system then answers for a long name is not this scenario's concern).
            check: () => {
              const res = d.serve(raw);
              expectAnswer(`N=${n} rewritten`, { location: res.location, uri: res.request?.uri ?? null }, { location: null, uri: `/${"a".repeat(n)}!` });
            },
            fewRuns: 0,
          };
        }),
    );
    const rules = compileNaive(RULES);
    variants.push(
      ...runVariant(
        "naive-regexp",
        opts,
        () => rules,
        (r) => [{ input: "N=20", decide: () => void naiveDecide(r, `/${"a".repeat(20)}!`, "localhost"), check: () => expectAnswer("naive N=20", naiveDecide(r, `/${"a".repeat(20)}!`, "localhost").status, 200) }],
        "JS RegExp backtracking: N=20 only (time doubles per extra byte)",
      ),
    );
    return { size: RULES.length, baseline: null, targets: ["bounded worst case per request"], variants, figures: {} };
  },
};
