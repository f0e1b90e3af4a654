/**
 * Configuration cost of 10,000 rules: reading and checking the configuration (parseConfig, the
 * issue 2 target of 300 ms), loading the whole engine (parse, server model, mod_rewrite compile:
 * the 500 ms target), and the heap each compiled rule retains (the 2 KB target; Apache keeps
 * about 1 KB per rule per process). The heap is given for the whole engine (configuration tree,
 * server model and compiled rules) and for the compiled rule set alone, plus the rule index.
 */
import { buildBaseConfig } from "../../dist/case/base-config.js";
import { parseConfig } from "../../dist/config/index.js";
import { SANDBOX_ROOT } from "../../dist/eval/case.js";
import { MemoryFs } from "../../dist/server/fs.js";
import { configFsOf } from "../../dist/server/load.js";
import { RuleIndex } from "../../dist/rewrite/rule-index.js";
import { loadDeployment } from "../harness/deployment.js";
import { compileRewriteOnly } from "../harness/rewrite-only.js";
import { built } from "../harness/measure.js";
import type { Scenario } from "../harness/types.js";
import { redirectLines } from "./redirects.js";

const RULES = 10_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export const config10k: Scenario = {
  name: "config-10000-rules",
  description: "parse + validate, engine load (compile) and heap of 10,000 RewriteRules (with a RewriteCond on every 3rd)",
  async run(opts) {
    const lines = ["RewriteEngine On"];
    redirectLines(RULES).forEach((rule, i) => {
      if (i % 3 === 0) lines.push(`RewriteCond %{HTTP_HOST} ^www\\.site${i}\\.example$ [NC,OR]`, "RewriteCond %{HTTPS} off");
      lines.push(rule);
    });
    // Heap of the same deployment without the rules, so the per-rule figure is the rules' own.
    const empty = built(() => loadDeployment({ config: ["RewriteEngine On"] }));
    const cold = built(() => loadDeployment({ config: lines }));
    const warmRuns = 1;
    const warm: number[] = [];
    for (let k = 0; k < warmRuns; k++) warm.push(built(() => loadDeployment({ config: lines })).compileMs);

    const root = SANDBOX_ROOT;
    const text = buildBaseConfig({ root, ports: [41000], modules: [], extraConfig: lines });
    const fs = new MemoryFs(root);
    for (const d of ["htdocs", "run", "logs", "conf"]) fs.addDir(`${root}/${d}`);
    const parse = () => {
      const t0 = performance.now();
      parseConfig(text, { file: `${root}/conf/httpd.conf`, fs: configFsOf(fs), serverRoot: root, env: { PATH: "/usr/bin", LANG: "C" } });
      return performance.now() - t0;
    };
    parse();
    const parses = Array.from({ length: opts.quick ? 2 : 7 }, parse);
    // The compiled rule set alone (its regexes are in the cache already: compile time is not cold).
    const ruleSet = built(() => compileRewriteOnly(lines.slice(1)));
    const index = built(() => new RuleIndex(ruleSet.value.rules));
    void cold.value;
    return {
      size: RULES,
      baseline: null,
      targets: ["parse + validate ≤ 300 ms", "compile ≤ 500 ms", "≤ 2 KB heap per rule"],
      variants: [],
      figures: {
        parseValidateMs: median(parses),
        loadEngineMs: cold.compileMs,
        loadEngineWarmCacheMs: median(warm),
        heapBytesPerRule: (cold.heapBytes - empty.heapBytes) / RULES,
        compiledRuleSetBytesPerRule: ruleSet.heapBytes / RULES,
        ruleIndexBytesPerRule: index.heapBytes / RULES,
        ruleIndexBuildMs: index.compileMs,
        configLines: lines.length,
      },
    };
  },
};
