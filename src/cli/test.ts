/**
 * `htrewrite test SPEC.json…`: assertions about what Apache does, for CI. A spec names a site
 * (a bare .htaccess or several, a document root, or a full configuration) and requests with the
 * expected status, Location, filename, environment entries, application and process group.
 * Every field given is compared; a mismatch prints the field, the expected and the actual value,
 * and the run exits 1. `--reporter tap|junit` for CI systems (default: a human summary).
 *
 * Spec (YAML for `.yaml`/`.yml`, JSON otherwise; paths relative to the spec file):
 *   { "htaccess": ["site/.htaccess"] | "config": "httpd.conf", "docroot": "site",
 *     "urlBase": "https://www.example.com", "files": ["index.php"],
 *     "requests": [ { "url": "/old", "method": "GET", "headers": {"K": "V"}, "exists": false,
 *                     "expect": { "status": 301, "location": "…", "filename": "…",
 *                                 "env": {"NAME": "value"}, "applicationGroup": "", "processGroup": "" } } ] }
 */
import { configFiles, takeWatch, watchAndRun, type WatchInputs } from "./watch.js";
import type { FileRoots } from "../config/file-roots.js";
import { ROOT_HELP, takeRoots } from "./roots-option.js";
import { dirname, resolve } from "node:path";
import { createEngine, evaluate, type EvaluateResult } from "../api/evaluate.js";
import type { Engine } from "../server/engine.js";
import { HtrError } from "../util/errors.js";
import { readInput } from "../util/read-input.js";
import { readSpecFile } from "./spec-file.js";
import { htaccessDeployment, parseUrlBase } from "./htaccess-deployment.js";

export const HELP = `usage: htrewrite test [--reporter human|tap|junit] [--watch] SPEC.json|SPEC.yaml…

Checks each request of each spec against what Apache would do; exit 1 on any mismatch, with the
field, the expected and the actual value. A spec (JSON, or YAML when it ends in .yaml/.yml, with
the same fields; paths relative to it):

  { "htaccess": ["site/.htaccess"],         or "config": "httpd.conf", and/or "docroot": "site"
    "urlBase": "http://www.example.com",    "files": ["index.php"]  (files that exist, in memory)
    "requests": [ { "url": "/old", "exists": false, "method": "GET", "headers": {},
      "expect": { "status": 301, "location": "http://example.com/new", "filename": "…",
                  "env": { "NAME": "value" }, "applicationGroup": "", "processGroup": "" } } ] }

options:
  --reporter R   human (default), tap (TAP 13) or junit (JUnit XML) on stdout
  --watch        run again whenever a spec, configuration, .htaccess or document root changes
${ROOT_HELP}`;

interface Expect {
  status?: number;
  location?: string | null;
  filename?: string | null;
  env?: Record<string, string | null>;
  applicationGroup?: string | null;
  processGroup?: string | null;
}
interface SpecRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  exists?: boolean;
  expect: Expect;
}
interface Spec {
  htaccess?: string[];
  config?: string;
  docroot?: string;
  urlBase?: string;
  files?: string[];
  requests: SpecRequest[];
}

/** One compared field. */
export interface Mismatch {
  field: string;
  expected: unknown;
  actual: unknown;
}
interface Outcome {
  spec: string;
  name: string;
  mismatches: Mismatch[];
}

function bad(where: string, what: string): HtrError {
  return new HtrError("HTR_USAGE", `${where}: ${what}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A spec's shape, checked field by field; each refusal names FILE:LINE of the field. */
function parseSpec(file: string): Spec {
  const { data, where } = readSpecFile(file);
  if (!isObject(data) || !Array.isArray(data.requests)) throw bad(where([]), "wants an object with a 'requests' array");
  const spec = data as unknown as Spec;
  spec.requests.forEach((r: unknown, i) => {
    const at = (...p: Array<string | number>) => where(["requests", i, ...p]);
    if (!isObject(r)) throw bad(at(), `requests[${i}]: wants an object`);
    if (typeof r.url !== "string") throw bad(at("url"), `requests[${i}].url: wants a string`);
    if (r.method !== undefined && typeof r.method !== "string") throw bad(at("method"), `requests[${i}].method: wants a string`);
    if (r.headers !== undefined && (!isObject(r.headers) || Object.values(r.headers).some((v) => typeof v !== "string"))) {
      throw bad(at("headers"), `requests[${i}].headers: wants an object of strings`);
    }
    if (!isObject(r.expect)) throw bad(at("expect"), `requests[${i}].expect: wants an object`);
    if (r.expect.status !== undefined && typeof r.expect.status !== "number") throw bad(at("expect", "status"), `requests[${i}].expect.status: wants a number`);
    if (r.expect.env !== undefined && !isObject(r.expect.env)) throw bad(at("expect", "env"), `requests[${i}].expect.env: wants an object`);
  });
  if (spec.htaccess !== undefined && !Array.isArray(spec.htaccess)) throw bad(where(["htaccess"]), "'htaccess' wants an array of paths");
  if (!spec.htaccess?.length && spec.docroot === undefined && spec.config === undefined) throw bad(where([]), "names no site: give 'htaccess', 'docroot' or 'config'");
  return spec;
}

function siteEngine(file: string, spec: Spec, roots: FileRoots | undefined): { engine: Engine; host: string | undefined; port: number | undefined } {
  const at = (p: string): string => resolve(dirname(file), p);
  if (spec.config !== undefined) {
    const conf = at(spec.config);
    return { engine: createEngine(readInput(conf).toString("latin1"), { file: conf, roots }), host: undefined, port: undefined };
  }
  const base = spec.urlBase === undefined ? { scheme: "http" as const, host: "localhost", port: 80 } : parseUrlBase(spec.urlBase);
  const site = htaccessDeployment({
    htaccess: (spec.htaccess ?? []).map(at),
    docroot: spec.docroot === undefined ? null : at(spec.docroot),
    roots,
    base,
    requested: [
      ...spec.requests.map((r) => ({ path: r.url, exists: r.exists === true })),
      ...(spec.files ?? []).map((f) => ({ path: f.startsWith("/") ? f : `/${f}`, exists: true })),
    ],
  });
  const dflt = base.scheme === "https" ? 443 : 80;
  return { engine: site.engine, host: base.port === dflt ? base.host : `${base.host}:${base.port}`, port: base.port };
}

/** Compare every field the spec gives with the answer. */
export function compare(expect: Expect, r: EvaluateResult): Mismatch[] {
  const out: Mismatch[] = [];
  const field = (name: string, expected: unknown, actual: unknown): void => {
    if (expected !== undefined && expected !== actual) out.push({ field: name, expected, actual });
  };
  field("status", expect.status, r.status);
  field("location", expect.location, r.location);
  field("filename", expect.filename, r.filename);
  field("applicationGroup", expect.applicationGroup, r.applicationGroup);
  field("processGroup", expect.processGroup, r.processGroup);
  for (const [k, v] of Object.entries(expect.env ?? {})) field(`env.${k}`, v, r.env.find(([n]) => n === k)?.[1] ?? null);
  return out;
}

const show = (v: unknown): string => JSON.stringify(v);
const xml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function report(outcomes: Outcome[], reporter: string): string {
  const failed = outcomes.filter((o) => o.mismatches.length);
  if (reporter === "tap") {
    const lines = ["TAP version 13", `1..${outcomes.length}`];
    outcomes.forEach((o, i) => {
      lines.push(`${o.mismatches.length ? "not ok" : "ok"} ${i + 1} - ${o.spec}: ${o.name}`);
      if (o.mismatches.length) {
        lines.push("  ---", ...o.mismatches.map((m) => `  ${m.field}: { expected: ${show(m.expected)}, actual: ${show(m.actual)} }`), "  ...");
      }
    });
    return lines.join("\n");
  }
  if (reporter === "junit") {
    const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="htrewrite" tests="${outcomes.length}" failures="${failed.length}">`];
    for (const spec of [...new Set(outcomes.map((o) => o.spec))]) {
      const mine = outcomes.filter((o) => o.spec === spec);
      lines.push(`  <testsuite name="${xml(spec)}" tests="${mine.length}" failures="${mine.filter((o) => o.mismatches.length).length}">`);
      for (const o of mine) {
        if (!o.mismatches.length) lines.push(`    <testcase name="${xml(o.name)}"/>`);
        else {
          const text = o.mismatches.map((m) => `${m.field}: expected ${show(m.expected)}, actual ${show(m.actual)}`).join("\n");
          lines.push(`    <testcase name="${xml(o.name)}">`, `      <failure message="${xml(o.mismatches.map((m) => m.field).join(", "))} differ">${xml(text)}</failure>`, "    </testcase>");
        }
      }
      lines.push("  </testsuite>");
    }
    lines.push("</testsuites>");
    return lines.join("\n");
  }
  const lines: string[] = [];
  for (const o of outcomes) {
    lines.push(`${o.mismatches.length ? "✗" : "✓"} ${o.spec}: ${o.name}`);
    for (const m of o.mismatches) lines.push(`    ${m.field}\n      expected ${show(m.expected)}\n      actual   ${show(m.actual)}`);
  }
  lines.push(`${outcomes.length - failed.length} passed, ${failed.length} failed`);
  return lines.join("\n");
}

/** What a run of these specs reads: the specs, their configurations and .htaccess files, document roots. */
function specInputs(specs: string[]): WatchInputs {
  const files = [...specs];
  const dirs: string[] = [];
  for (const file of specs) {
    let spec: Spec;
    try {
      spec = parseSpec(file);
    } catch {
      continue;
    }
    const at = (p: string): string => resolve(dirname(file), p);
    if (spec.config !== undefined) files.push(...configFiles(at(spec.config)));
    for (const h of spec.htaccess ?? []) files.push(at(h));
    if (spec.docroot !== undefined) dirs.push(at(spec.docroot));
  }
  return { files, dirs };
}

export async function run(argv: string[]): Promise<number> {
  const { roots, rest } = takeRoots(argv, "test");
  const watching = takeWatch(rest);
  argv = watching.rest;
  let reporter = "human";
  const specs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--reporter") {
      reporter = argv[++i] ?? "";
      if (!["human", "tap", "junit"].includes(reporter)) throw new HtrError("HTR_USAGE", `--reporter wants human, tap or junit (htrewrite test --help)`);
    } else if (a.startsWith("-")) throw new HtrError("HTR_USAGE", `unknown option '${a}' (htrewrite test --help)`);
    else specs.push(a);
  }
  if (!specs.length) throw new HtrError("HTR_USAGE", "test needs at least one SPEC.json (htrewrite test --help)");
  const once = () => runSpecs(specs, reporter, roots);
  return watching.watch ? watchAndRun("test", () => specInputs(specs), once) : once();
}

async function runSpecs(specs: string[], reporter: string, roots: FileRoots | undefined): Promise<number> {
  const outcomes: Outcome[] = [];
  for (const file of specs) {
    const spec = parseSpec(file);
    const { engine, host, port } = siteEngine(file, spec, roots);
    for (const req of spec.requests) {
      const r = evaluate(engine, { url: req.url, method: req.method, headers: req.headers, host, port });
      outcomes.push({ spec: file, name: `${req.method ?? "GET"} ${req.url}`, mismatches: compare(req.expect, r) });
    }
  }
  process.stdout.write(report(outcomes, reporter) + "\n");
  return outcomes.some((o) => o.mismatches.length) ? 1 : 0;
}
