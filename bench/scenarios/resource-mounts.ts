/**
 * Default application groups over many mounts: no WSGIApplicationGroup, so every script runs in
 * `%{RESOURCE}` = `host:port|SCRIPT_NAME` of its WSGIScriptAlias mount.
 */
import { decision, expectAnswer, loadDeployment } from "../harness/deployment.js";
import { runVariant } from "../harness/variant.js";
import type { Scenario } from "../harness/types.js";

const MOUNTS = 300;

export const resourceMounts: Scenario = {
  name: "resource-groups-mounts",
  description: `%{RESOURCE} default groups over ${MOUNTS} WSGIScriptAlias mounts`,
  async run(opts) {
    const config: string[] = [];
    const files: Record<string, string> = {};
    for (let i = 0; i < MOUNTS; i++) {
      config.push(`WSGIScriptAlias /app${i} @ROOT@/apps/app${i}.wsgi`);
      files[`apps/app${i}.wsgi`] = "@PROBE@";
    }
    const variants = runVariant(
      "htrewrite",
      opts,
      () => loadDeployment({ config, files }),
      (d) => {
        const reqs = Array.from({ length: MOUNTS }, (_, i) => d.request(`/app${i}/items/${i}?q=1`));
        return [
          {
            input: "",
            decide: (i) => void d.serve(reqs[i % MOUNTS]),
            check: () => {
              for (const i of [0, 17, MOUNTS - 1]) expectAnswer(`/app${i}`, decision(d.serve(reqs[i])), { status: 200, location: null, group: `localhost:${d.port}|/app${i}`, processGroup: "" });
            },
          },
        ];
      },
    );
    return { size: MOUNTS, baseline: null, targets: [], variants, figures: {} };
  },
};
