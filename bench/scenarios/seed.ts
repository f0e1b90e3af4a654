/**
 * The seed scenario (overview.md): a server rule copies the user of `/~user/…` into
 * APPLICATION_GROUP ([E=APPLICATION_GROUP:~%1]) and `WSGIApplicationGroup %{ENV:APPLICATION_GROUP}`
 * in the users' wsgi-scripts directories picks a per-user interpreter. Requests spread over many
 * users; every answer must name that user's group.
 */
import { decision, expectAnswer, loadDeployment } from "../harness/deployment.js";
import { runVariant } from "../harness/variant.js";
import type { Scenario } from "../harness/types.js";

const USERS = 500;

export const seedUserdir: Scenario = {
  name: "seed-userdir-groups",
  description: `UserDir + [E=APPLICATION_GROUP:~%1] + WSGIApplicationGroup %{ENV:APPLICATION_GROUP}, ${USERS} users`,
  async run(opts) {
    const files: Record<string, string> = {};
    for (let u = 0; u < USERS; u++) files[`home/user${u}/public_html/wsgi-scripts/app.wsgi`] = "@PROBE@";
    const variants = runVariant(
      "htrewrite",
      opts,
      () =>
        loadDeployment({
          config: [
            "UserDir @ROOT@/home/*/public_html",
            "RewriteEngine On",
            "RewriteCond %{REQUEST_URI} ^/~([^/]+)",
            "RewriteRule . - [E=APPLICATION_GROUP:~%1]",
            "<Directory @ROOT@/home/*/public_html/wsgi-scripts/>",
            "    Options ExecCGI",
            "    SetHandler wsgi-script",
            "    WSGIApplicationGroup %{ENV:APPLICATION_GROUP}",
            "</Directory>",
          ],
          files,
        }),
      (d) => {
        const reqs = Array.from({ length: USERS }, (_, u) => d.request(`/~user${u}/wsgi-scripts/app.wsgi/page?x=${u}`));
        return [
          {
            input: "",
            decide: (i) => void d.serve(reqs[i % USERS]),
            check: () => {
              for (const u of [0, 7, USERS - 1]) expectAnswer(`/~user${u}`, decision(d.serve(reqs[u])), { status: 200, location: null, group: `~user${u}`, processGroup: "" });
            },
          },
        ];
      },
    );
    return { size: USERS, baseline: null, targets: ["≥ 500,000 decisions/s (one core)"], variants, figures: {} };
  },
};
