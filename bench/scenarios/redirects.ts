/**
 * Migration redirects: N server-context rules `^/old/sectionI/pageI\.html$ → /new/I.html
 * [R=301,L]`, asked for a URL no rule matches, the first rule's and the last rule's. Apache scans
 * them in order (issue 7 measured 0.035–0.10 µs per rule per request); the rule index should make
 * the cost independent of N. Every implementation must give the same status and Location.
 */
import { forcePcre2 } from "../baselines/pcre2-forced.js";
import { loadConnectModrewrite } from "../baselines/connect-modrewrite.js";
import { compileNaive, naiveDecide } from "../baselines/naive.js";
import { decision, expectAnswer, loadDeployment, type Deployment } from "../harness/deployment.js";
import { compileRewriteOnly } from "../harness/rewrite-only.js";
import type { InputKind } from "../harness/variant.js";
import { runVariant, skippedVariant } from "../harness/variant.js";
import type { Scenario, VariantResult } from "../harness/types.js";

export function redirectLines(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `RewriteRule ^/old/section${i}/page${i}\\.html$ /new/${i}.html [R=301,L]`);
}

/** The three request kinds and what each must answer (status, Location path or null). */
function inputsFor(n: number): Array<{ input: string; path: string; status: number; target: string | null }> {
  return [
    { input: "no-match", path: "/nothing/here.html", status: 404, target: null },
    { input: "first-rule", path: "/old/section0/page0.html", status: 301, target: "/new/0.html" },
    { input: "last-rule", path: `/old/section${n - 1}/page${n - 1}.html`, status: 301, target: `/new/${n - 1}.html` },
  ];
}

function htrewriteKinds(d: Deployment, n: number): InputKind[] {
  return inputsFor(n).map(({ input, path, status, target }) => {
    const raw = d.request(path);
    return {
      input,
      decide: () => void d.serve(raw),
      check: () => {
        const got = decision(d.serve(raw));
        expectAnswer(`${input} ${path}`, { status: got.status, location: got.location }, { status, location: target === null ? null : `http://localhost:${d.port}${target}` });
      },
    };
  });
}

export function redirectScenario(n: number): Scenario {
  return {
    name: `redirects-${n}`,
    description: `${n.toLocaleString("en-US")} literal-prefix [R=301,L] rules in server context`,
    async run(opts) {
      const lines = redirectLines(n);
      const config = ["RewriteEngine On", ...lines];
      const variants: VariantResult[] = [];
      variants.push(...runVariant("htrewrite", opts, () => loadDeployment({ config }), (d) => htrewriteKinds(d, n)));
      variants.push(
        ...runVariant(
          "htrewrite-pcre2",
          opts,
          () => {
            const d = loadDeployment({ config });
            forcePcre2(d.engine);
            return d;
          },
          (d) => htrewriteKinds(d, n),
          "every pattern on PCRE2-wasm",
        ),
      );
      variants.push(
        ...runVariant(
          "htrewrite-rewrite-only",
          opts,
          () => compileRewriteOnly(lines),
          (r) =>
            inputsFor(n).map(({ input, path, status, target }) => ({
              input,
              decide: () => void r.decide(path),
              check: () => {
                const got = r.decide(path);
                const expected = target === null ? { kind: "declined" } : { kind: "redirect", status, location: `http://localhost:41000${target}` };
                expectAnswer(`rewrite-only ${input}`, got, expected);
              },
            })),
          "mod_rewrite's translate-name pass alone (no vhost, URI, file walk or handler)",
        ),
      );
      let host = "";
      variants.push(
        ...runVariant(
          "naive-regexp",
          opts,
          () => compileNaive(lines),
          (rules) =>
            inputsFor(n).map(({ input, path, status, target }) => ({
              input,
              decide: () => void naiveDecide(rules, path, host),
              check: () => {
                host = "localhost:41000";
                const got = naiveDecide(rules, path, host);
                expectAnswer(`naive ${input}`, target === null ? got.location : got.location, target === null ? null : `http://${host}${target}`);
                if (target !== null) expectAnswer(`naive ${input} status`, got.status, status);
              },
            })),
          "JS RegExp per rule, in order, path only",
        ),
      );
      const connect = loadConnectModrewrite(lines);
      if ("skipped" in connect) variants.push(...inputsFor(n).map((k) => skippedVariant("connect-modrewrite", k.input, connect.skipped)));
      else {
        variants.push(
          ...runVariant(
            "connect-modrewrite",
            opts,
            () => loadConnectModrewrite(lines),
            (c) =>
              inputsFor(n).map(({ input, path, target }) => ({
                input,
                decide: () => {
                  if ("decide" in c) c.decide(path, "localhost:41000");
                },
                check: () => {
                  if (!("decide" in c)) throw new Error(c.skipped);
                  const got = c.decide(path, "localhost:41000");
                  if (target !== null && !(got.location ?? "").endsWith(target)) throw new Error(`connect-modrewrite ${input}: Location ${got.location}`);
                },
              })),
          ),
        );
      }
      return {
        size: n,
        baseline: "naive-regexp",
        targets: n === 10_000 ? ["≥ 200,000 decisions/s", "≥ 100× naive"] : [],
        variants,
        figures: {},
      };
    },
  };
}
