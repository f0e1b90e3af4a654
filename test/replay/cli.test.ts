/**
 * replay, merge, diff and gen-log through the real command line (src/cli/main.ts under tsx), on a
 * generated log and on the bundled rules/ scenarios.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";

const root = new URL("../..", import.meta.url).pathname;
const main = join(root, "src/cli/main.ts");
const dir = mkdtempSync(join(tmpdir(), "htr-replay-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ["--import", "tsx", main, ...args], { cwd: root, input, encoding: "latin1", maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const seedCase = join(root, "rules/01-userdir-groups.json");
const log = join(dir, "g.log");
const gen = cli(["gen-log", "--lines", "3000", "--seed", "7", "--user-names", "alice,bob,carol", "--malformed", "0.01"]);
writeFileSync(log, gen.out, "latin1");
const lines = gen.out.split("\n").filter(Boolean);

describe("htrewrite replay / merge / diff", () => {
  it("gen-log is deterministic for a seed", () => {
    expect(gen.code).toBe(0);
    expect(lines.length).toBe(3000);
    expect(cli(["gen-log", "--lines", "3000", "--seed", "7", "--user-names", "alice,bob,carol", "--malformed", "0.01"]).out).toBe(gen.out);
    expect(cli(["gen-log", "--lines", "3000", "--seed", "8"]).out).not.toBe(gen.out);
  });

  it("replays a plain and a gzip log (detected by magic bytes) and stdin to the same summary", () => {
    const gz = join(dir, "g.log.data");
    writeFileSync(gz, gzipSync(readFileSync(log)));
    const a = cli(["replay", "--top", "1000", "--case", seedCase, log, "--json", join(dir, "plain.json"), "--html", join(dir, "r.html")]);
    expect(a.err).toBe("");
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/^lines 3000 {2}requests \d+ {2}unparsable \d+/);
    expect(a.out).toMatch(/RewriteRule hits/);
    expect(cli(["replay", "--top", "1000", "--case", seedCase, gz, "--json", join(dir, "gz.json")]).code).toBe(0);
    expect(cli(["replay", "--top", "1000", "--case", seedCase, "-", "--json", join(dir, "stdin.json")], gen.out).code).toBe(0);
    const plain = readFileSync(join(dir, "plain.json"), "utf8");
    expect(readFileSync(join(dir, "gz.json"), "utf8")).toBe(plain);
    expect(readFileSync(join(dir, "stdin.json"), "utf8")).toBe(plain);
    const j = JSON.parse(plain);
    expect(j.unparsable).toBeGreaterThan(0);
    expect(j.applicationGroups.requests.counts.map((c: [string, number]) => c[0]).sort()).toEqual(["~alice", "~bob"]);
    const html = readFileSync(join(dir, "r.html"), "utf8");
    expect(html).toMatch(/<svg /);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  // --top 1000 holds every path of this log, so the sketches stay exact and the merge equals one pass.
  it("merges shard summaries into the single-pass summary", () => {
    const half = Math.floor(lines.length / 3);
    const shards = [lines.slice(0, half), lines.slice(half, 2 * half), lines.slice(2 * half)];
    const outs = shards.map((s, i) => {
      const f = join(dir, `s${i}.log`);
      writeFileSync(f, s.join("\n") + "\n", "latin1");
      expect(cli(["replay", "--top", "1000", "--case", seedCase, f, "--json", `${f}.json`]).code).toBe(0);
      return `${f}.json`;
    });
    const m = cli(["merge", outs[2], outs[0], outs[1], "--json", join(dir, "merged.json")]);
    expect(m.code).toBe(0);
    expect(readFileSync(join(dir, "merged.json"), "utf8")).toBe(readFileSync(join(dir, "plain.json"), "utf8"));
    const bad = cli(["merge", log]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^htrewrite merge: .*g\.log: /);
  });

  it("diff exits 1 and names the first differing rule when a change alters requests, 0 when none", () => {
    const c = JSON.parse(readFileSync(seedCase, "utf8"));
    c.config = c.config.map((l: string) => (l.startsWith("RewriteCond") ? "RewriteCond %{REQUEST_URI} ^/~(a[^/]*)" : l));
    const changed = join(dir, "changed.json");
    writeFileSync(changed, JSON.stringify(c));
    const d = cli(["diff", "--case", seedCase, "--case", changed, log, "--json", join(dir, "diff.json"), "--html", join(dir, "diff.html")]);
    expect(d.err).toBe("");
    expect(d.code).toBe(1);
    expect(d.out).toMatch(/^this change alters \d+(\.\d+)?% of requests/);
    const j = JSON.parse(readFileSync(join(dir, "diff.json"), "utf8"));
    expect(j.changed).toBeGreaterThan(0);
    expect(j.fields.applicationGroup).toBeGreaterThan(0);
    for (const cause of j.causes) for (const e of cause.examples) expect(e.url).toMatch(/^\/~(bob|carol)/);
    const html = readFileSync(join(dir, "diff.html"), "utf8");
    expect(html).toContain(`<b>${j.changed}</b>changed`);
    expect(html).toMatch(/Requests per change class/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    const same = cli(["diff", "--case", seedCase, "--case", seedCase, log]);
    expect(same.code).toBe(0);
    expect(same.out).toMatch(/alters 0\.0% of requests/);
    const reqs = join(dir, "reqs.txt");
    writeFileSync(reqs, '/~bob/wsgi-scripts/app.wsgi\n{"url":"/~alice/wsgi-scripts/app.wsgi"}\n');
    expect(cli(["diff", "--case", seedCase, "--case", changed, "--requests", reqs]).out).toMatch(/alters 50\.0% of requests \(1 of 2\)/);
  });

  it("replays every bundled scenario of rules/", () => {
    const short = join(dir, "short.log");
    writeFileSync(short, lines.slice(0, 300).join("\n") + "\n", "latin1");
    for (const f of readdirSync(join(root, "rules")).filter((n) => n.endsWith(".json"))) {
      const r = cli(["replay", "--case", join(root, "rules", f), short]);
      expect(r.code, `${f}: ${r.err}`).toBe(0);
      expect(r.out).toMatch(/^lines 300 /);
    }
  });

  it("--jobs 2 (worker threads) gives the one-thread summary", () => {
    const r = cli(["replay", "--top", "1000", "--jobs", "2", "--case", seedCase, log, "--json", join(dir, "jobs2.json")]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "jobs2.json"), "utf8")).toBe(readFileSync(join(dir, "plain.json"), "utf8"));
  });

  it("usage errors are one line, exit 2", () => {
    const r = cli(["replay", "--config", "x.conf"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^htrewrite (replay|merge|diff|gen-log): /);
    const f = cli(["replay", "--case", seedCase, "--format", "nosuch", log]);
    expect(f.code).toBe(2);
    expect(f.err).toMatch(/log format 'nosuch'/);
  });
});
