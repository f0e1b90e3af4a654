/**
 * Tracing on vs off on the same deployment (WordPress-style per-directory rules plus 1,000
 * server redirects, asked for the last one and for a pretty URL): `null` tracer, a tracer that
 * drops every event (so each rejected rule's lines are built and dropped), one that collects
 * them (rejected rules kept as batches), and one that also renders every line as `htrewrite
 * eval` prints them (about 2,000 lines per request here). Whether tracing *off*
 * costs anything against a build without trace hooks needs two builds: bench/compare.ts.
 */
import { CollectingTracer, type RewriteTracer } from "../../dist/rewrite/trace.js";
import { decision, expectAnswer, loadDeployment, type Deployment } from "../harness/deployment.js";
import type { InputKind } from "../harness/variant.js";
import { runVariant } from "../harness/variant.js";
import type { Scenario, VariantResult } from "../harness/types.js";
import { redirectLines } from "./redirects.js";

const REDIRECTS = 1_000;

function deployment(): Deployment {
  return loadDeployment({
    config: ["RewriteEngine On", ...redirectLines(REDIRECTS), "<Directory @ROOT@/htdocs>", "    AllowOverride All", "</Directory>"],
    files: { "htdocs/index.php": "front controller\n" },
    htaccess: {
      htdocs: ["RewriteEngine On", "RewriteBase /", "RewriteRule ^index\\.php$ - [L]", "RewriteCond %{REQUEST_FILENAME} !-f", "RewriteCond %{REQUEST_FILENAME} !-d", "RewriteRule . /index.php [L]"],
    },
  });
}

const dropAll: RewriteTracer = { trace() {} };

/** A collecting tracer whose lines are rendered after the decision, as `htrewrite eval` prints them. */
class RenderingTracer extends CollectingTracer {
  done(): void {
    void this.lines();
  }
}

function kinds(d: Deployment, tracer: () => RewriteTracer | null): InputKind[] {
  const cases = [
    { input: "last-redirect", path: `/old/section${REDIRECTS - 1}/page${REDIRECTS - 1}.html`, status: 301 },
    { input: "front-controller", path: "/2024/05/hello-world/", status: 200 },
  ];
  return cases.map(({ input, path, status }) => {
    const raw = d.request(path);
    return {
      input,
      decide: () => {
        const t = tracer();
        d.serve(raw, t);
        if (t instanceof RenderingTracer) t.done();
      },
      check: () => expectAnswer(`${input}`, decision(d.serve(raw, tracer())).status, status),
    };
  });
}

export const tracingOnOff: Scenario = {
  name: "tracing-on-off",
  description: `${REDIRECTS} server redirects + WordPress .htaccess; tracer null vs dropping vs collecting`,
  async run(opts) {
    const variants: VariantResult[] = [];
    variants.push(...runVariant("htrewrite", opts, deployment, (d) => kinds(d, () => null), "tracing off (null tracer)"));
    variants.push(...runVariant("htrewrite-trace-dropped", opts, deployment, (d) => kinds(d, () => dropAll), "tracer attached, events discarded"));
    variants.push(...runVariant("htrewrite-trace-collected", opts, deployment, (d) => kinds(d, () => new CollectingTracer()), "every event kept (rejected rules as batches, expanded when read)"));
    variants.push(...runVariant("htrewrite-trace-rendered", opts, deployment, (d) => kinds(d, () => new RenderingTracer()), "every event kept and rendered as lines, as htrewrite eval prints them"));
    return { size: REDIRECTS, baseline: "htrewrite", targets: ["tracing off < 2% slower than no trace hooks (bench/compare.ts)"], variants, figures: {} };
  },
};
