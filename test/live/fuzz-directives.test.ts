/**
 * Differential context fuzzing of configuration checking, `apache2` vs `htrewrite check`
 * (`npm run test:live`). Directives come from `apache2 -L` with every installed module loaded
 * (test/live/fuzz-directives-model.ts), not from htrewrite's directive table; each probe puts one
 * directive with arguments from a fixed pool into one context: the server config, <VirtualHost>,
 * <Directory>, <Location>, <Files>, <If>, <IfModule>, <Limit> (checked with `apache2 -t`), or an
 * .htaccess under one of several AllowOverride values (checked by a real Apache on 127.0.0.1
 * that serves a request in the file's directory: httpd reads .htaccess per request, and logs why
 * it refuses one). htrewrite must accept exactly what Apache accepts and, when it refuses, say
 * what Apache says on the same line.
 *
 * Disagreements htrewrite has not resolved are listed in fuzz-directives-expectations.json, each
 * with its reason; an expectation whose probe now agrees fails the run (it is stale).
 *
 * Budget: HTR_FUZZ_DIRECTIVES_RUNS probes (default 300), at most HTR_FUZZ_DIRECTIVES_SECONDS
 * (default 300) of probing, HTR_FUZZ_SEED. HTR_FUZZ_DIRECTIVES_CENSUS=1 adds the census: every
 * listed directive alone with argument `x` in the server config.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowOverrideFor, checkFile, checkHtaccessText } from "../../src/cli/check.js";
import { diskFs, parseConfig } from "../../src/config/index.js";
import { startApache } from "../conformance/recorder/apache.js";
import { freePorts } from "../conformance/recorder/ports.js";
import { exchange } from "../conformance/recorder/raw-http.js";
import { fuzzBudget } from "./fuzz-budget.js";
import {
  listDirectives, loadableModules, startableModules, placed, probeArbitrary, probeKey, directiveLines,
  type ListedDirective, type Probe,
} from "./fuzz-directives-model.js";

const BUDGET = fuzzBudget("HTR_FUZZ_DIRECTIVES_RUNS", 300);
const SECONDS = Number(process.env.HTR_FUZZ_DIRECTIVES_SECONDS ?? 300);
const CENSUS = process.env.HTR_FUZZ_DIRECTIVES_CENSUS === "1";

interface Expectation { probe: string; apache: string; htrewrite: string; reason: string }
const EXPECTATIONS: Expectation[] = JSON.parse(
  readFileSync(new URL("./fuzz-directives-expectations.json", import.meta.url), "utf8"),
) as Expectation[];

/** A verdict: "OK" or the refusal's text (sandbox path as @ROOT@). */
type Verdict = string;

interface Outcome { probe: Probe; key: string; apache: Verdict; ours: Verdict }

const ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C" };

let root = "";
let port = 0;
let modules: string[] = [];
let startable: string[] = [];
let listed: ListedDirective[] = [];
/** Lower-case names of the directives the .htaccess Apache knows. */
let startableNames = new Set<string>();

function header(mods: readonly string[] = modules): string[] {
  return [
    `ServerRoot ${root}`, ...mods, "ServerName localhost", "TypesConfig /etc/mime.types", `Listen 127.0.0.1:${port}`,
    `PidFile ${root}/logs/httpd.pid`, `ErrorLog ${root}/logs/error.log`, `DocumentRoot ${root}/htdocs`,
    "KeepAlive Off",
  ];
}

function norm(s: string): string {
  return s.split(root).join("@ROOT@").trimEnd();
}

/** `apache2 -t`'s verdict: "OK", or its message lines (log-prefixed lines left out). */
function apacheCheck(conf: string): Promise<Verdict> {
  return new Promise((resolve) => {
    execFile("apache2", ["-t", "-f", conf], { env: ENV, maxBuffer: 16 << 20, encoding: "latin1" }, (err, stdout, stderr) => {
      if (!err) return resolve("OK");
      const lines = (stderr + stdout).split("\n").filter((l) => l !== "" && !l.startsWith("["));
      resolve(norm(lines.join("\n")));
    });
  });
}

/** `htrewrite check`'s verdict on the same file. */
function oursCheck(conf: string): Verdict {
  const r = checkFile(conf, { serverRoot: root });
  return r.accepted ? "OK" : norm(r.error ?? "refused");
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

/** Main-configuration probes: one `apache2 -t` each (two at a time). */
async function runMain(probes: Probe[], deadline: number): Promise<Outcome[]> {
  const done = await mapLimit(probes, 2, async (p, i) => {
    if (Date.now() > deadline) return null;
    const conf = join(root, "conf", `main-${i}.conf`);
    writeFileSync(conf, [...header(), ...placed(p, root)].join("\n") + "\n", "latin1");
    const apache = await apacheCheck(conf);
    const ours = oursCheck(conf);
    return { probe: p, key: probeKey(p), apache, ours };
  });
  return done.filter((o): o is Outcome => o !== null);
}

/**
 * .htaccess probes: one Apache start for all of them, each in its own directory with its own
 * AllowOverride; a request per directory, then the error log says which files httpd refused.
 */
async function runHtaccess(probes: Probe[]): Promise<Outcome[]> {
  const lines = [...header(startable)];
  probes.forEach((p, i) => {
    const dir = `${root}/htdocs/h${i}`;
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/f.txt`, "x\n");
    writeFileSync(`${dir}/.htaccess`, directiveLines(p, root).join("\n") + "\n", "latin1");
    lines.push(`<Directory ${dir}>`, `AllowOverride ${p.allowOverride}`, "</Directory>");
  });
  const conf = join(root, "conf", "htaccess.conf");
  writeFileSync(conf, lines.join("\n") + "\n", "latin1");
  rmSync(`${root}/logs/error.log`, { force: true });
  rmSync(`${root}/logs/httpd.pid`, { force: true });
  const started = await startApache({ confPath: conf, pidFile: `${root}/logs/httpd.pid`, env: {} });
  if (!started.ok) throw new Error(`Apache did not start for the .htaccess probes:\n${started.output}`);
  try {
    await mapLimit(probes, 2, async (_p, i) => {
      try {
        await exchange(port, { method: "GET", target: `/h${i}/f.txt`, httpVersion: "1.1", headers: [["Host", "localhost"]] }, 10_000);
      } catch {
        // A probe whose directive stalls the request still shows in the log (or not at all).
      }
    });
  } finally {
    await started.apache.stop();
  }
  const refused = new Map<number, string>();
  for (const l of readFileSync(`${root}/logs/error.log`, "latin1").split("\n")) {
    const m = /\] (\/\S*\/htdocs\/h(\d+)\/\.htaccess: .*)$/.exec(l);
    if (m && !refused.has(Number(m[2]))) refused.set(Number(m[2]), norm(m[1]));
  }
  const tree = parseConfig(readFileSync(conf, "latin1"), { file: conf, fs: diskFs, serverRoot: root, env: ENV });
  return probes.map((p, i) => {
    const dir = `${root}/htdocs/h${i}`;
    const allow = allowOverrideFor(tree.children, dir);
    const h = checkHtaccessText(
      readFileSync(`${dir}/.htaccess`, "latin1"), `${dir}/.htaccess`, allow.classes, allow.list, diskFs, root, ENV,
      tree.loadedModules, allow.options,
    );
    const ours = !h.read || h.accepted ? "OK" : norm(h.error ?? "refused");
    return { probe: p, key: probeKey(p), apache: refused.get(i) ?? "OK", ours };
  });
}

function agree(o: Outcome): boolean {
  return o.apache === o.ours;
}

function report(title: string, outcomes: Outcome[]): void {
  const verdict = outcomes.filter((o) => (o.apache === "OK") === (o.ours === "OK")).length;
  const full = outcomes.filter(agree).length;
  const pct = (n: number): string => (outcomes.length ? ((100 * n) / outcomes.length).toFixed(1) : "-");
  process.stdout.write(
    `${title}: ${outcomes.length} probes, accept/refuse agrees ${verdict} (${pct(verdict)}%), ` +
    `verdict and message agree ${full} (${pct(full)}%)\n`,
  );
}

describe("differential context fuzzing: directives from apache2 -L in every context, apache2 vs htrewrite check", () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "htr-fuzz-directives-"));
    for (const d of ["conf", "logs", "htdocs"]) mkdirSync(join(root, d));
    writeFileSync(join(root, "htdocs", "f.txt"), "x\n");
    [port] = await freePorts(1);
    const scratch = join(root, "conf", "modules.conf");
    modules = loadableModules(scratch, header());
    writeFileSync(scratch, [...header()].join("\n") + "\n");
    listed = listDirectives(scratch);
    startable = startableModules(modules);
    writeFileSync(scratch, [...header(startable)].join("\n") + "\n");
    startableNames = new Set(listDirectives(scratch).map((d) => d.name.toLowerCase()));
  });
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("lists the directives of every installed module", () => {
    expect(modules.length).toBeGreaterThan(100);
    expect(listed.length).toBeGreaterThan(700);
  });

  it("htrewrite check agrees with Apache on every probe (or the disagreement is expected)", async () => {
    const probes = fc.sample(probeArbitrary(listed), { seed: BUDGET.seed, numRuns: BUDGET.runs });
    const deadline = Date.now() + SECONDS * 1000;
    const main = await runMain(probes.filter((p) => p.context !== "htaccess"), deadline);
    const htaProbes = probes.filter((p) => p.context === "htaccess");
    const runnable = htaProbes.filter((p) => startableNames.has(p.directive.name.toLowerCase()));
    process.stdout.write(`.htaccess probes of modules the real start does not load (not run): ${htaProbes.length - runnable.length}\n`);
    const hta = Date.now() > deadline ? [] : await runHtaccess(runnable);
    const all = [...main, ...hta];
    report("main configuration", main);
    report(".htaccess", hta);
    report("all", all);
    const expected = new Map(EXPECTATIONS.map((e) => [e.probe, e]));
    const unexpected: string[] = [];
    const stale: string[] = [];
    for (const o of all) {
      const e = expected.get(o.key);
      if (agree(o)) {
        if (e) stale.push(`${o.key}: now agrees (${o.apache})`);
        continue;
      }
      if (e) continue;
      unexpected.push(`${o.key}\n  apache:    ${o.apache.replace(/\n/g, " | ")}\n  htrewrite: ${o.ours.replace(/\n/g, " | ")}`);
      process.stdout.write(`UNEXPECTED ${JSON.stringify({ probe: o.key, apache: o.apache, htrewrite: o.ours, reason: "" })}\n`);
    }
    expect(stale, "stale expectations (the probe agrees now: remove the entry)").toEqual([]);
    expect(unexpected).toEqual([]);
  });

  it.runIf(CENSUS)("census: every listed directive alone, argument x, in the server config", async () => {
    const seen = new Set<string>();
    const probes: Probe[] = [];
    for (const d of listed) {
      if (seen.has(d.name.toLowerCase())) continue;
      seen.add(d.name.toLowerCase());
      probes.push({ directive: d, context: "server", allowOverride: "None", args: ["x"] });
    }
    const outcomes = await runMain(probes, Date.now() + 3_600_000);
    report("census", outcomes);
    for (const o of outcomes.filter((x) => !agree(x))) {
      process.stdout.write(`CENSUS ${o.key}\n  apache:    ${o.apache.replace(/\n/g, " | ")}\n  htrewrite: ${o.ours.replace(/\n/g, " | ")}\n`);
    }
  });
});
