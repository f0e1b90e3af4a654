/**
 * Redirects kept in a 100,000-entry `txt:` RewriteMap (the standard advice for big redirect sets):
 * two rules look the request path up; hits redirect, misses fall through. The floor to compare
 * with is a plain JavaScript Map lookup.
 */
import { decision, expectAnswer, loadDeployment } from "../harness/deployment.js";
import { runVariant } from "../harness/variant.js";
import type { Scenario, VariantResult } from "../harness/types.js";

const ENTRIES = 100_000;

export const txtMap: Scenario = {
  name: "txt-map-100000",
  description: `${ENTRIES.toLocaleString("en-US")}-entry txt: map of redirects (hit first, hit last, miss)`,
  async run(opts) {
    const mapLines = ["# moved pages"];
    for (let i = 0; i < ENTRIES; i++) mapLines.push(`/old/p${i} /new/p${i}`);
    const inputs = [
      { input: "hit-first", path: "/old/p0", target: "/new/p0" },
      { input: "hit-last", path: `/old/p${ENTRIES - 1}`, target: `/new/p${ENTRIES - 1}` },
      { input: "miss", path: "/old/none", target: null },
    ];
    const variants: VariantResult[] = runVariant(
      "htrewrite",
      opts,
      () =>
        loadDeployment({
          config: [
            "RewriteEngine On",
            "RewriteMap moved txt:@ROOT@/conf/moved.txt",
            "RewriteCond ${moved:%{REQUEST_URI}|-} !=-",
            "RewriteRule ^ ${moved:%{REQUEST_URI}} [R=301,L]",
          ],
          files: { "conf/moved.txt": mapLines.join("\n") + "\n" },
        }),
      (d) =>
        inputs.map(({ input, path, target }) => {
          const raw = d.request(path);
          return {
            input,
            decide: () => void d.serve(raw),
            check: () => {
              const got = decision(d.serve(raw));
              expectAnswer(`${input} ${path}`, { status: got.status, location: got.location }, target === null ? { status: 404, location: null } : { status: 301, location: `http://localhost:${d.port}${target}` });
            },
          };
        }),
      "the map file is read on the first lookup (as Apache does), inside the warm-up",
    );
    variants.push(
      ...runVariant(
        "js-map",
        opts,
        () => new Map(mapLines.slice(1).map((l) => l.split(" ") as [string, string])),
        (m) => inputs.map(({ input, path, target }) => ({ input, decide: () => void m.get(path), check: () => expectAnswer(`js-map ${input}`, m.get(path) ?? null, target) })),
        "a JavaScript Map lookup: the floor",
      ),
    );
    return { size: ENTRIES, baseline: "js-map", targets: [], variants, figures: {} };
  },
};
