// Rule hits from the rule index's batches (HitTracer.rejected counts each skipped rule as tried)
// must be the counts of the plain step stream: the same requests through a tracer that has no
// batch method, so the engine expands every skipped rule into its step.
import { describe, expect, it } from "vitest";
import { createEngine, evaluate } from "../../src/api/evaluate.js";
import { parseConfig } from "../../src/config/index.js";
import { MemoryFs } from "../../src/server/fs.js";
import { configFsOf } from "../../src/server/load.js";
import { HitTracer, indexRules, type HitCounts } from "../../src/replay/rule-hits.js";
import type { RewriteStep, RewriteTracer } from "../../src/rewrite/trace.js";

const ROOT = "/tmp/htrewrite-hits";
const text = [
  "LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so",
  "LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so",
  "LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so",
  "ServerName localhost",
  `DocumentRoot ${ROOT}/htdocs`,
  "RewriteEngine On",
  ...Array.from({ length: 40 }, (_, i) => `RewriteRule ^/old/p${i}$ /new/p${i} [R=301,L]`),
  "RewriteCond %{QUERY_STRING} (^|&)go=1",
  "RewriteRule ^/chain/a$ /chain/b [C]",
  "RewriteRule ^/chain/(.*)$ /done/$1 [R,L]",
  "RewriteRule ^/blog/(\\d+)$ /index.php?p=$1 [NC,PT]",
  "",
].join("\n");

/** Counts "rule" and "applied" steps as HitTracer does, from the expanded stream. */
class PlainCounter implements RewriteTracer {
  readonly counts = new Map<string, { tried: number; fired: number }>();
  private last: { tried: number; fired: number } | null = null;
  trace(): void {}
  step(st: RewriteStep): void {
    if (st.type === "rule") {
      let c = this.counts.get(st.pattern);
      if (!c) this.counts.set(st.pattern, (c = { tried: 0, fired: 0 }));
      c.tried++;
      this.last = c;
    } else if (st.type === "applied" && this.last) this.last.fired++;
  }
}

describe("rule hits with the rule index", () => {
  it("count every rule Apache tries, the skipped ones included, as the plain step stream does", () => {
    const fs = new MemoryFs(ROOT, null);
    fs.addDir(`${ROOT}/htdocs`);
    const engine = createEngine(text, { file: `${ROOT}/httpd.conf`, fs, env: {}, serverRoot: ROOT, memo: 0 });
    const index = indexRules(parseConfig(text, { file: `${ROOT}/httpd.conf`, serverRoot: ROOT, env: {}, fs: configFsOf(fs) }).children);
    const counts: HitCounts = { rules: new Map(), conds: new Map() };
    const hits = new HitTracer(index, counts);
    const plain = new PlainCounter();
    const urls = ["/old/p0", "/old/p39", "/nothing", "/chain/a?go=1", "/chain/a", "/blog/12", "/BLOG/7", "/old/p17"];
    for (let round = 0; round < 3; round++) {
      for (const url of urls) {
        const a = evaluate(engine, { url, host: "localhost" }, { tracer: hits });
        const b = evaluate(engine, { url, host: "localhost" }, { tracer: plain });
        expect(a.status).toBe(b.status);
      }
    }
    // HitTracer names rules by file:line; the plain counter by pattern: compare through the index.
    const byPattern = new Map([...index.rules].map(([pattern, where]) => [where, pattern]));
    const ours = new Map([...counts.rules].map(([where, c]) => [byPattern.get(where) ?? where, c]));
    expect(ours).toEqual(plain.counts);
    // Every one of the 40 redirects is tried by every request that reaches it.
    expect(ours.get("^/old/p39$")?.tried).toBe(3 * urls.length - 3 * 1 - 3 * 1);
  });
});
