/**
 * `htrewrite route`: what Apache does with requests, for people.
 *
 *   htrewrite route --config httpd.conf [--header 'K: V']… [--env K=V]… [--host H] [--port N]
 *                   [--method M] [--trace] [--json] URL…
 *   htrewrite route --rules DIR        every scenario (*.json, conformance-case format) in DIR
 *   htrewrite route --case FILE.json   one scenario
 *
 * Per request it prints the status, the redirect or the file/WSGI script that answers, the
 * environment the request ends with, and the WSGI application and process groups.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { createEngine, evaluate, type EvaluateRequest, type EvaluateResult } from "../api/evaluate.js";
import { loadCase, resolvePortIndex, substitutePlaceholders, normalisePlaceholders } from "../case/load.js";
import type { CaseFile } from "../case/types.js";
import { casePorts, loadCaseEngine, SANDBOX_ROOT } from "../eval/case.js";
import type { Engine } from "../server/engine.js";
import { HtrError } from "../util/errors.js";

interface RouteArgs {
  config: string | null;
  rules: string | null;
  cases: string[];
  headers: Record<string, string>;
  env: Record<string, string>;
  host: string | null | undefined;
  port: number | undefined;
  method: string;
  trace: boolean;
  json: boolean;
  /** --allow-exec: the configuration may run programs (prg: maps, WSGIDispatchScript). */
  allowExec: boolean;
  urls: string[];
}

function usage(msg: string): HtrError {
  return new HtrError(
    "HTR_USAGE",
    `${msg}\nusage: htrewrite route --config FILE [--header 'K: V'] [--env K=V] [--host H] [--port N] [--method M] [--trace] [--json] [--allow-exec] URL…\n       htrewrite route --rules DIR | --case FILE.json [--trace] [--json] [--allow-exec]`,
  );
}

function parseArgs(argv: string[]): RouteArgs {
  const a: RouteArgs = { config: null, rules: null, cases: [], headers: {}, env: {}, host: undefined, port: undefined, method: "GET", trace: false, json: false, allowExec: false, urls: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw usage(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case "--config":
        a.config = value();
        break;
      case "--rules":
        a.rules = value();
        break;
      case "--case":
        a.cases.push(value());
        break;
      case "--header": {
        const h = value();
        const c = h.indexOf(":");
        if (c <= 0) throw usage(`--header wants 'Name: value', got '${h}'`);
        a.headers[h.slice(0, c).trim()] = h.slice(c + 1).trim();
        break;
      }
      case "--env": {
        const e = value();
        const eq = e.indexOf("=");
        if (eq <= 0) throw usage(`--env wants NAME=value, got '${e}'`);
        a.env[e.slice(0, eq)] = e.slice(eq + 1);
        break;
      }
      case "--host":
        a.host = value();
        break;
      case "--no-host":
        a.host = null;
        break;
      case "--port": {
        const p = Number(value());
        if (!Number.isInteger(p) || p < 1 || p > 65535) throw usage("--port wants a port number");
        a.port = p;
        break;
      }
      case "--method":
        a.method = value().toUpperCase();
        break;
      case "--trace":
        a.trace = true;
        break;
      case "--json":
        a.json = true;
        break;
      case "--allow-exec":
        a.allowExec = true;
        break;
      default:
        if (arg.startsWith("--")) throw usage(`unknown option ${arg}`);
        a.urls.push(arg);
    }
  }
  return a;
}

const show = (s: string | null): string => (s === null ? "-" : JSON.stringify(s));

/** One request's answer as indented lines. */
export function describeResult(req: string, r: EvaluateResult): string[] {
  const out = [req];
  const what =
    r.kind === "wsgi" ? "WSGI application" : r.kind === "file" ? "static file" : r.location ? "redirect" : "Apache's own response";
  out.push(`  status        ${r.status}  (${what})`);
  if (r.location) out.push(`  location      ${r.location}`);
  if (r.filename !== null) out.push(`  filename      ${r.filename}${r.pathInfo ? `   path_info ${r.pathInfo}` : ""}`);
  if (r.queryString !== null) out.push(`  query         ${r.queryString}`);
  if (r.handler) out.push(`  handler       ${r.handler}`);
  const env = r.env.filter(([k]) => k !== "SCRIPT_URI");
  if (env.length) out.push(`  env           ${env.map(([k, v]) => `${k}=${v}`).join("  ")}`);
  if (r.kind === "wsgi") {
    out.push(`  app group     ${show(r.applicationGroup)}${r.applicationGroup === "" ? " (main interpreter)" : ""}`);
    out.push(`  process group ${show(r.processGroup)}${r.processGroup === "" ? " (embedded)" : ` (daemon ${r.daemon})`}`);
    if (r.callableObject && r.callableObject !== "application") out.push(`  callable      ${r.callableObject}`);
  }
  for (const l of r.log) out.push(`  log           ${l}`);
  for (const t of r.trace) out.push(`  ${t}`);
  return out;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

/** A scenario (conformance-case format) as a table. */
function scenarioTable(c: CaseFile, engine: Engine, ports: number[], root: string, a: RouteArgs): string[] {
  const norm = { root, ports, specs: c.ports };
  const rows: string[][] = [["request", "status", "answer", "application group", "process group"]];
  const extra: string[] = [];
  c.requests.forEach((req, i) => {
    const port = ports[resolvePortIndex(c, req.port, `requests[${i}].port`)];
    const host = req.host === undefined ? undefined : req.host === null ? null : substitutePlaceholders(req.host, { root, ports });
    const r = evaluate(
      engine,
      { url: substitutePlaceholders(req.path, { root, ports }), method: req.method, headers: req.headers, host, port, httpVersion: req.http_version },
      { trace: a.trace },
    );
    const label = `${req.method && req.method !== "GET" ? req.method + " " : ""}${req.path}${req.host !== undefined ? `  [Host: ${req.host ?? "none"}]` : ""}`;
    const answer = r.location
      ? `→ ${normalisePlaceholders(r.location, norm)}`
      : r.kind === "wsgi"
        ? normalisePlaceholders(`${r.filename ?? ""}${r.pathInfo ? ` (+${r.pathInfo})` : ""}`, norm)
        : r.kind === "file"
          ? normalisePlaceholders(r.filename ?? "", norm)
          : "";
    rows.push([
      label,
      String(r.status),
      answer,
      r.kind === "wsgi" ? show(normalisePlaceholders(r.applicationGroup ?? "", norm)) : "",
      r.kind === "wsgi" ? (r.processGroup === "" ? '"" (embedded)' : show(r.processGroup)) : "",
    ]);
    if (a.trace) extra.push(...describeResult(label, r).map((l) => normalisePlaceholders(l, norm)));
  });
  const widths = rows[0].map((_, col) => Math.min(60, Math.max(...rows.map((r) => r[col].length))));
  const lines = rows.map((r) => r.map((cell, col) => pad(cell, widths[col])).join("  ").trimEnd());
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  return [...lines, ...extra];
}

/** Word-wrap `text` to `width` columns, every line indented. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join("\n");
}

function scenarioFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => join(dir, f));
}

export async function run(argv: string[]): Promise<number> {
  const a = parseArgs(argv);
  if (a.rules) a.cases.push(...scenarioFiles(a.rules));
  if (a.cases.length) return runScenarios(a);
  if (!a.config) throw usage("route needs --config FILE, --rules DIR or --case FILE");
  if (!a.urls.length) throw usage("route needs at least one URL");
  const file = resolve(a.config);
  const text = readFileSync(file).toString("latin1");
  let engine: Engine;
  try {
    engine = createEngine(text, { file, env: { ...process.env, ...a.env }, allowExec: a.allowExec });
  } catch (e) {
    if (e instanceof HtrError) {
      process.stderr.write(`htrewrite route: Apache would not start: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  for (const url of a.urls) {
    const req: EvaluateRequest = { url, method: a.method, headers: a.headers, host: a.host, port: a.port };
    const r = evaluate(engine, req, { trace: a.trace });
    if (a.json) process.stdout.write(JSON.stringify({ request: req, ...r }) + "\n");
    else process.stdout.write(describeResult(`${a.method} ${url}`, r).join("\n") + "\n\n");
  }
  return 0;
}

async function runScenarios(a: RouteArgs): Promise<number> {
  let failed = 0;
  for (const file of a.cases) {
    let c: CaseFile;
    try {
      if (!statSync(file).isFile()) continue;
      c = loadCase(file);
    } catch (e) {
      process.stderr.write(`htrewrite route: ${file}: ${(e as Error).message}\n`);
      failed++;
      continue;
    }
    const ports = casePorts(c);
    process.stdout.write(`== ${c.name}\n`);
    if (c.description) process.stdout.write(wrap(c.description, 100, "   ") + "\n");
    let engine: Engine;
    let root = SANDBOX_ROOT;
    try {
      ({ engine, root } = loadCaseEngine(c, undefined, a.allowExec));
    } catch (e) {
      if (!(e instanceof HtrError)) throw e;
      process.stdout.write(`   Apache would not start: ${normalisePlaceholders(e.message, { root: SANDBOX_ROOT, ports })}\n\n`);
      continue;
    }
    if (a.json) {
      c.requests.forEach((req, i) => {
        const port = ports[resolvePortIndex(c, req.port, `requests[${i}].port`)];
        const r = evaluate(engine, { url: substitutePlaceholders(req.path, { root, ports }), method: req.method, headers: req.headers, port }, { trace: a.trace });
        process.stdout.write(JSON.stringify({ scenario: c.name, index: i, request: req, ...r }) + "\n");
      });
      continue;
    }
    process.stdout.write(scenarioTable(c, engine, ports, root, a).join("\n") + "\n");
    const reg = engine.registry.snapshot();
    const mb = (reg.estimatedBytes / 1048576).toFixed(0);
    process.stdout.write(`   interpreters: ${reg.entries.length} (process group, application group) pairs, ~${mb} MB estimated\n\n`);
  }
  return failed ? 1 : 0;
}
