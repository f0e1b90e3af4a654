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
import { configFiles, takeWatch, watchAndRun, type WatchInputs } from "./watch.js";
import type { FileRoots } from "../config/file-roots.js";
import { takeRoots } from "./roots-option.js";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { createEngine, evaluate, type EvaluateRequest, type EvaluateResult } from "../api/evaluate.js";
import { loadCase, resolvePortIndex, substitutePlaceholders } from "../case/load.js";
import type { CaseFile } from "../case/types.js";
import { casePorts, loadCaseEngine, SANDBOX_ROOT } from "../eval/case.js";
import type { Engine } from "../server/engine.js";
import { HtrError } from "../util/errors.js";
import { readInput } from "../util/read-input.js";
import { describeUserError } from "./usage-error.js";
import { htaccessDeployment, parseUrlBase } from "./htaccess-deployment.js";
import { ANSI, buildPasses, PLAIN, renderPasses, type FileText } from "./met-view.js";

interface RouteArgs {
  config: string | null;
  rules: string | null;
  cases: string[];
  headers: Record<string, string>;
  env: Record<string, string>;
  host: string | null | undefined;
  port: number | undefined;
  method: string;
  httpVersion: "1.0" | "1.1";
  trace: boolean;
  json: boolean;
  /** --allow-exec: the configuration may run programs (prg: maps, WSGIDispatchScript). */
  allowExec: boolean;
  /** --root DIR…: where the configuration may read from (config/file-roots.ts). */
  roots?: FileRoots;
  explain: boolean;
  urls: string[];
  htaccess: string[];
  docroot: string | null;
  urlBase: string | null;
  /** Per URL, whether the file it names exists (--exists / --missing before it; default missing). */
  exists: boolean[];
  /** Files that exist in the in-memory site (--file), as URL paths below the document root. */
  files: string[];
}

export const HELP = `usage: htrewrite route --config FILE [options] URL…
       htrewrite route --htaccess FILE… [--docroot DIR] [--url-base URL] [--exists|--missing] URL…
       htrewrite route --rules DIR | --case FILE.json [--trace] [--json]

What Apache does with each URL: the status, the redirect or the file / WSGI script that answers
(with PATH_INFO and the query), the environment the request ends with, and for WSGI the
application group ("" = main interpreter) and process group ("" = embedded mode).

options:
  --config FILE      an Apache configuration (httpd.conf, apache2.conf …), read from disk
  --htaccess FILE    a bare .htaccess (repeatable: each at its directory) under a default
                     virtual host, document root their common directory, AllowOverride All
  --docroot DIR      the document root on disk (its files and .htaccess files are read)
  --url-base URL     scheme://host[:port] the site answers as (default http://localhost)
  --exists           the files the following URLs name exist (without --docroot)
  --missing          the files the following URLs name do not exist (the default)
  --file PATH        PATH (below the document root, e.g. index.php) exists (repeatable)
  --rules DIR        every scenario (*.json, conformance-case format) in DIR, as tables
  --case FILE.json   one scenario
  --header 'K: V'    a request header (repeatable)
  --env K=V          the server's process environment, for %{ENV:} fallbacks (repeatable)
  --host H           the Host header (default: the URL's authority, else localhost[:port])
  --no-host          send no Host header
  --port N           the listener port the request arrives on
  --method M         the request method (default GET)
  --http1.0          send HTTP/1.0 instead of HTTP/1.1
  --explain          the met/not-met view (the default with --htaccess/--docroot): per pass,
                     every line of each file that took part, rules and conditions met (✓),
                     not met (✗) or not reached (·), subjects, test strings, back-references
  --trace            add mod_rewrite's trace, in Apache's rewrite:traceN wording
  --allow-exec       run the programs the config names (prg: maps, WSGIDispatchScript); refused without it
  --watch            run again whenever the configuration, an .htaccess, the document root or a
                     scenario changes (until Ctrl-C)
  --root DIR         every file the configuration reads (Include, maps, AuthUserFile, WSGI scripts,
                     .htaccess, served files) must resolve inside DIR, links resolved (repeatable)
  --json             one JSON object per request on stdout, nothing else (with the view's
                     "passes" when it is on)
colour: on a terminal, unless NO_COLOR is set`;

function usage(msg: string): HtrError {
  return new HtrError("HTR_USAGE", `${msg} (htrewrite route --help)`);
}

function parseArgs(argv: string[]): RouteArgs {
  const a: RouteArgs = { config: null, rules: null, cases: [], headers: {}, env: {}, host: undefined, port: undefined, method: "GET", httpVersion: "1.1", trace: false, json: false, explain: false, allowExec: false, urls: [], htaccess: [], docroot: null, urlBase: null, exists: [], files: [] };
  let exists = false;
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
      case "--htaccess":
        a.htaccess.push(value());
        break;
      case "--docroot":
        a.docroot = value();
        break;
      case "--url-base":
        a.urlBase = value();
        break;
      case "--file":
        a.files.push(value());
        break;
      case "--exists":
        exists = true;
        break;
      case "--missing":
        exists = false;
        break;
      case "--http1.0":
        a.httpVersion = "1.0";
        break;
      case "--trace":
        a.trace = true;
        break;
      case "--json":
        a.json = true;
        break;
      case "--explain":
        a.explain = true;
        break;
      case "--allow-exec":
        a.allowExec = true;
        break;
      default:
        if (arg.startsWith("-") && arg !== "-") throw usage(`unknown option '${arg}'`);
        a.urls.push(arg);
        a.exists.push(exists);
    }
  }
  return a;
}

const show = (s: string | null): string => (s === null ? "-" : JSON.stringify(s));

/** One request's answer as indented lines. */
export function describeResult(req: string, r: EvaluateResult): string[] {
  const out = [req];
  const what = { wsgi: "WSGI application", file: "static file", redirect: "redirect", error: "Apache's own response" }[r.kind];
  out.push(`  status        ${r.status}  (${what})`);
  if (r.location) out.push(`  location      ${r.location}`);
  if (r.filename !== null && r.kind !== "redirect") out.push(`  filename      ${r.filename}${r.pathInfo ? `   path_info ${r.pathInfo}` : ""}`);
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

/** A case request as the library takes it, placeholders replaced by the sandbox's real paths and ports. */
function caseRequest(c: CaseFile, i: number, root: string, ports: number[]): EvaluateRequest {
  const req = c.requests[i];
  const port = ports[resolvePortIndex(c, req.port, `requests[${i}].port`)];
  const host = req.host === undefined ? undefined : req.host === null ? null : substitutePlaceholders(req.host, { root, ports });
  const url = substitutePlaceholders(req.path, { root, ports });
  return { url, method: req.method, headers: req.headers, host, port, httpVersion: req.http_version };
}

/** A scenario (conformance-case format) as a table, with the real paths and ports it ran on. */
function scenarioTable(c: CaseFile, engine: Engine, ports: number[], root: string, a: RouteArgs): string[] {
  const rows: string[][] = [["request", "status", "answer", "application group", "process group"]];
  const extra: string[] = [];
  c.requests.forEach((req, i) => {
    const ereq = caseRequest(c, i, root, ports);
    const r = evaluate(engine, ereq, { trace: a.trace });
    const label = `${req.method && req.method !== "GET" ? req.method + " " : ""}${ereq.url}${ereq.host !== undefined ? `  [Host: ${ereq.host ?? "none"}]` : ""}`;
    const answer = r.location
      ? `→ ${r.location}`
      : r.kind === "wsgi"
        ? `${r.filename ?? ""}${r.pathInfo ? ` (+${r.pathInfo})` : ""}`
        : r.kind === "file"
          ? (r.filename ?? "")
          : "";
    rows.push([
      label,
      String(r.status),
      answer,
      r.kind === "wsgi" ? show(r.applicationGroup) : "",
      r.kind === "wsgi" ? (r.processGroup === "" ? '"" (embedded)' : show(r.processGroup)) : "",
    ]);
    if (a.trace) extra.push(...describeResult(label, r));
  });
  return [...alignedTable(rows), ...extra];
}

/** Rows as columns padded to their widest cell (code points, so → and ~ count once). */
function alignedTable(rows: string[][]): string[] {
  const len = (s: string): number => [...s].length;
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => len(r[col]))));
  const lines = rows.map((r) => r.map((cell, col) => cell + " ".repeat(widths[col] - len(cell))).join("  ").trimEnd());
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  return lines;
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
  return readdirSync(dir, { withFileTypes: true })
    .filter((f) => f.isFile() && f.name.endsWith(".json"))
    .map((f) => f.name)
    .sort()
    .map((f) => join(dir, f));
}

export async function run(argv: string[]): Promise<number> {
  const { roots, rest } = takeRoots(argv, "route");
  const watching = takeWatch(rest);
  const a = parseArgs(watching.rest);
  a.roots = roots;
  if (!watching.watch) return runOnce(a);
  const cases = [...a.cases];
  return watchAndRun("route", () => routeInputs(a), () => runOnce({ ...a, cases: [...cases] }));
}

/** What one run reads: the configuration and its Includes, .htaccess files, document root, scenarios. */
function routeInputs(a: RouteArgs): WatchInputs {
  const files = [...a.cases, ...a.htaccess, ...(a.config ? configFiles(a.config) : [])];
  const dirs = [...(a.docroot !== null ? [a.docroot] : []), ...(a.rules ? [a.rules] : [])];
  return { files, dirs };
}

async function runOnce(a: RouteArgs): Promise<number> {
  if (a.rules) a.cases.push(...scenarioFiles(a.rules));
  if (a.cases.length) return runScenarios(a);
  if (a.htaccess.length || a.docroot !== null) return runHtaccess(a);
  if (!a.config) throw usage("route needs --config FILE, --rules DIR or --case FILE");
  if (!a.urls.length) throw usage("route needs at least one URL");
  const file = resolve(a.config);
  const text = readInput(file).toString("latin1");
  let engine: Engine;
  try {
    engine = createEngine(text, { file, env: { ...process.env, ...a.env }, allowExec: a.allowExec, roots: a.roots });
  } catch (e) {
    if (e instanceof HtrError) {
      process.stderr.write(`htrewrite route: Apache would not start: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  for (const url of a.urls) {
    const req: EvaluateRequest = { url, method: a.method, headers: a.headers, host: a.host, port: a.port, httpVersion: a.httpVersion };
    if (a.explain) {
      printExplained(`${a.method} ${url}`, evaluate(engine, req, { trace: true }), fileTexts(new Map()), a);
      continue;
    }
    const r = evaluate(engine, req, { trace: a.trace });
    if (a.json) process.stdout.write(JSON.stringify(r) + "\n");
    else process.stdout.write(describeResult(`${a.method} ${url}`, r).join("\n") + "\n\n");
  }
  return 0;
}

/** `route --htaccess FILE… [--docroot DIR] [--url-base URL] URL…` (./htaccess-deployment.ts). */
async function runHtaccess(a: RouteArgs): Promise<number> {
  if (a.config) throw usage("--htaccess/--docroot and --config are alternatives");
  if (!a.urls.length) throw usage("route needs at least one URL");
  const base = a.urlBase === null ? { scheme: "http" as const, host: "localhost", port: 80 } : parseUrlBase(a.urlBase);
  const site = htaccessDeployment({
    htaccess: a.htaccess,
    docroot: a.docroot,
    roots: a.roots,
    base,
    requested: [...a.urls.map((path, i) => ({ path, exists: a.exists[i] })), ...a.files.map((f) => ({ path: f.startsWith("/") ? f : `/${f}`, exists: true }))],
  });
  const defaultPort = base.scheme === "https" ? 443 : 80;
  const host = a.host !== undefined ? a.host : base.port === defaultPort ? base.host : `${base.host}:${base.port}`;
  const texts = fileTexts(site.files);
  for (const url of a.urls) {
    const req: EvaluateRequest = { url, method: a.method, headers: a.headers, host, port: a.port ?? base.port, httpVersion: a.httpVersion };
    printExplained(`${a.method} ${url}`, evaluate(site.engine, req, { trace: true }), texts, a);
  }
  return 0;
}

/** The text of the files rules came from: those the user named under their names, others read from disk. */
function fileTexts(named: Map<string, string>): (path: string) => FileText | undefined {
  const cache = new Map<string, FileText | undefined>();
  return (path) => {
    if (!cache.has(path)) {
      const display = named.get(path) ?? path;
      let text: FileText | undefined;
      try {
        text = { display, lines: readInput(display).toString("latin1").split(/\r?\n/) };
      } catch {
        text = undefined;
      }
      cache.set(path, text);
    }
    return cache.get(path);
  };
}

/** The met/not-met view (./met-view.ts), or with --json the answer plus its passes. */
function printExplained(label: string, r: EvaluateResult, texts: (path: string) => FileText | undefined, a: RouteArgs): void {
  const passes = buildPasses(r.steps, texts);
  if (a.json) {
    const { trace, steps, ...rest } = r;
    process.stdout.write(JSON.stringify({ ...rest, passes, ...(a.trace ? { trace, steps } : {}) }) + "\n");
    return;
  }
  const paint = useColour() ? ANSI : PLAIN;
  const lines = renderPasses(label, r, passes, paint);
  if (a.trace) lines.push(...r.trace.map((t) => `  ${t}`));
  process.stdout.write(lines.join("\n") + "\n\n");
}

/** Colour on a terminal, unless NO_COLOR is set to anything non-empty (no-color.org). */
function useColour(): boolean {
  const noColor = process.env.NO_COLOR;
  return process.stdout.isTTY === true && (noColor === undefined || noColor === "");
}

async function runScenarios(a: RouteArgs): Promise<number> {
  let failed = 0;
  for (const file of a.cases) {
    let c: CaseFile;
    try {
      c = loadCase(file);
    } catch (e) {
      const why = describeUserError(e);
      if (why === null) throw e;
      process.stderr.write(`htrewrite route: ${why.message}\n`);
      failed++;
      continue;
    }
    const ports = casePorts(c);
    if (!a.json) {
      process.stdout.write(`== ${c.name}\n`);
      if (c.description) process.stdout.write(wrap(c.description, 100, "   ") + "\n");
    }
    let engine: Engine;
    let root = SANDBOX_ROOT;
    try {
      ({ engine, root } = loadCaseEngine(c, undefined, a.allowExec, a.roots));
    } catch (e) {
      if (!(e instanceof HtrError)) throw e;
      if (a.json) process.stdout.write(JSON.stringify({ scenario: c.name, startFailure: e.message }) + "\n");
      else process.stdout.write(`   Apache would not start: ${e.message}\n\n`);
      continue;
    }
    if (a.json) {
      c.requests.forEach((_, i) => {
        const r = evaluate(engine, caseRequest(c, i, root, ports), { trace: a.trace });
        process.stdout.write(JSON.stringify({ scenario: c.name, index: i, ...r }) + "\n");
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
