/**
 * The recorder against the installed Apache: per-request trace attribution, the Host header
 * rules, refused configurations, and a clean stop (no process left using the sandbox).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCase } from "../../src/case/load.js";
import type { ProbeBody } from "../../src/case/types.js";
import { recordCase } from "../conformance/recorder/record-case.js";

/** Processes whose command line mentions `text` (Linux /proc). */
function processesMentioning(text: string): number[] {
  const out: number[] = [];
  for (const pid of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "latin1").includes(text)) out.push(Number(pid));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

describe("recordCase with real Apache", () => {
  it("gives each request its own trace lines and answers", async () => {
    const c = parseCase(
      {
        config: ["RewriteEngine On", "RewriteRule ^/one$ /a.txt [L]", "RewriteRule ^/two$ http://example.com/two [R=301,L]", "WSGIScriptAlias /w @ROOT@/probe.wsgi"],
        files: { "htdocs/a.txt": "A\n" },
        requests: [{ path: "/one" }, { path: "/two" }, { path: "/w/x?q=1", host: null, http_version: "1.0" }, { path: "/three" }],
      },
      "attribution",
    );
    const roots: string[] = [];
    const recs = await recordCase(c, { onSandbox: (r) => roots.push(r) });
    expect(recs.map((r) => r.status)).toEqual([200, 301, 200, 404]);
    expect(recs[0].body).toBe("A\n");
    expect(recs[1].location).toBe("http://example.com/two");
    recs.forEach((r, i) => {
      const path = c.requests[i].path.split("?")[0];
      expect(r.trace?.[0], `request ${i}`).toBe(`trace2 [initial] init rewrite engine with requested uri ${path}`);
      expect(r.trace?.every((l) => !/requested uri \/(one|two|three|w)/.test(l) || l.includes(path))).toBe(true);
    });
    const probe = recs[2].body as ProbeBody;
    expect(recs[2].body_kind).toBe("probe");
    expect(probe.HTTP_HOST).toBeUndefined();
    expect([probe.SCRIPT_NAME, probe.PATH_INFO, probe.QUERY_STRING, probe.probe_file]).toEqual(["/w", "/x", "q=1", "@ROOT@/probe.wsgi"]);
    expect(recs[0].request).toMatchObject({ host: "localhost:@PORT0@", method: "GET" });
    expect(roots).toHaveLength(1);
    expect(processesMentioning(roots[0])).toEqual([]);
    expect(existsSync(roots[0]), "the sandbox is removed after the case").toBe(false);
  });

  it("answers every request of a refused configuration with Apache's start-up error", async () => {
    const c = parseCase({ config: ["# line 60", "RewriteEngine maybe"], requests: [{ path: "/" }, { path: "/x" }] }, "refused");
    const recs = await recordCase(c);
    expect(recs).toHaveLength(2);
    for (const r of recs) {
      expect(r.status).toBeNull();
      expect(r.error).toMatch(/^apache did not start: AH00526: Syntax error on line 61 of @ROOT@\/conf\/httpd\.conf: \| /);
    }
  });
});
