/**
 * Golden comparison against real Apache: for every recorded conformance case whose rewrite rules
 * live in the main server (no <VirtualHost>), replay each request's translate-name pass through
 * rewriteTranslateName and compare the trace lines Apache wrote for that pass, and the Location of
 * redirects decided there. Files come from the case, `@ROOT@` stays a literal root, ports are
 * numbers written back as `@PORTn@`.
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { join } from "node:path";
import { ApacheTable } from "../../src/env/table.js";
import { utf8ToBytes, bytesToUtf8 } from "../../src/util/bytes.js";
import { CollectingTracer, compileServerContext, rewriteTranslateName } from "../../src/rewrite/index.js";
import type { FileStat, RewriteRequest, RewriteServer, SubrequestResult } from "../../src/rewrite/index.js";
import { directives, stat } from "./fake.js";
import { markRegexDefaults } from "../../src/config/regex-defaults.js";

const CONF = join(import.meta.dirname, "../conformance");
const ROOT = "/tmp/htr-golden-root";
/** Listener port for `"auto"` ports (written back as @PORT0@). */
const AUTO_PORT = 28471;
let PORT = AUTO_PORT;

interface CaseRequest {
  method?: string;
  path: string;
  host?: string | null;
  headers?: Record<string, string>;
  http_version?: string;
}
interface CaseFile {
  name: string;
  config?: string | string[];
  files?: Record<string, unknown>;
  env?: Record<string, string>;
  requests: CaseRequest[];
  expect_start_failure?: boolean;
  modules?: string[];
  ports?: Array<number | string>;
}
interface Recorded {
  index: number;
  status: number | null;
  location: string | null;
  trace?: string[];
}

/** One compared request. */
export interface GoldenResult {
  id: string;
  expected: string[];
  actual: string[];
  expectedLocation: string | null;
  actualLocation: string | null;
}

function lines(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : v.split("\n");
}

/** Top-level (server context) directive lines, or null when the case is out of scope. */
function serverLines(config: string[]): Array<{ text: string; line: number }> | null {
  const out: Array<{ text: string; line: number }> = [];
  let depth = 0;
  for (const [idx, raw] of config.entries()) {
    const l = raw.trim();
    if (/^<VirtualHost/i.test(l)) return null;
    if (/^<\//.test(l)) {
      depth--;
      continue;
    }
    if (/^<IfModule/i.test(l) || /^<IfDefine/i.test(l)) continue;
    if (/^</.test(l)) {
      depth++;
      continue;
    }
    // The case's config starts at line 60 of the generated httpd.conf.
    if (depth === 0 && /^(Rewrite|ServerName|DocumentRoot|ServerAdmin|SetEnvIf|RegexDefaultOptions)/i.test(l)) {
      out.push({ text: l.replace(/@PORT0@/g, String(PORT)).split("@ROOT@").join(ROOT), line: 60 + idx });
    }
    if (depth > 0 && /^RewriteEngine\s+off/i.test(l)) return null;
  }
  return out;
}

function decodePath(p: string): string | null {
  if (/%2f|%00/i.test(p)) return null;
  const decoded = p.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  const segs: string[] = [];
  const parts = decoded.split("/");
  for (let i = 1; i < parts.length; i++) {
    const s = parts[i];
    if (s === "." ) { if (i === parts.length - 1) segs.push(""); continue; }
    if (s === "..") { segs.pop(); if (i === parts.length - 1) segs.push(""); continue; }
    if (s === "" && i < parts.length - 1) continue;
    segs.push(s);
  }
  return "/" + segs.join("/");
}

class CaseServer implements RewriteServer {
  readonly files = new Map<string, FileStat>();
  constructor(
    readonly c: CaseFile,
    readonly host: string | null,
    readonly docroot: string,
    readonly serverName: string,
    readonly serverAdmin: string | undefined,
  ) {
    const add = (p: string, t: FileStat["type"], size = 10): void => {
      this.files.set(p, stat(t, size, t === "dir" ? 0o755 : 0o644));
    };
    for (const d of ["", "/htdocs", "/run", "/logs", "/conf"]) add(ROOT + d, "dir");
    add(`${ROOT}/probe.wsgi`, "file");
    for (const [rel0, content] of Object.entries(c.files ?? {})) {
      const rel = rel0.split("@ROOT@").join(ROOT);
      const p = rel.startsWith(ROOT) ? rel : `${ROOT}/${rel}`;
      const isDir = content === null || p.endsWith("/");
      const size = typeof content === "string" ? Buffer.byteLength(content) : 10;
      add(p.replace(/\/$/, ""), isDir ? "dir" : typeof content === "object" && content !== null && "symlink" in content ? "symlink" : "file", size);
      let parent = p.replace(/\/[^/]*\/?$/, "");
      while (parent.length > ROOT.length) {
        if (!this.files.has(parent)) add(parent, "dir");
        parent = parent.replace(/\/[^/]*$/, "");
      }
    }
  }
  documentRoot(): string { return this.docroot; }
  contextDocumentRoot(): string { return this.docroot; }
  contextPrefix(): string { return ""; }
  serverNameForUrl(): string { return (this.host ?? this.serverName).replace(/:\d+$/, "").toLowerCase(); }
  // UseCanonicalName Off: the Host header's port, else the scheme's default (main ServerName has no port).
  serverPort(): number { const m = /:(\d+)$/.exec(this.host ?? ""); return m ? Number(m[1]) : 80; }
  defaultPort(req: RewriteRequest): number { return req.scheme === "https" ? 443 : 80; }
  isThisServer(_r: RewriteRequest, host: string, port: number): boolean {
    const m = /^([^:]+)(?::(\d+))?$/.exec(this.serverName);
    const sport = m?.[2] ? Number(m[2]) : 0;
    return port === sport && host.toLowerCase() === (m?.[1] ?? "").toLowerCase();
  }
  coreVariable(_r: RewriteRequest, name: string): string | undefined {
    return ({ REMOTE_ADDR: "127.0.0.1", SERVER_ADDR: "127.0.0.1", CONN_REMOTE_ADDR: "127.0.0.1", REMOTE_HOST: "127.0.0.1", SERVER_SOFTWARE: "Apache/2.4.71 (Debian)", SERVER_ADMIN: this.serverAdmin ?? "oracle@localhost" } as Record<string, string>)[name];
  }
  getenv(name: string): string | undefined { return name === "PATH" ? process.env.PATH : name === "LANG" ? "C" : this.c.env?.[name]; }
  stat(p: string): FileStat | null {
    if (p.startsWith(ROOT)) { const f = this.files.get(p.replace(/(.)\/$/, "$1")); return f?.type === "symlink" ? stat("file") : (f ?? null); }
    try { const s = statSync(p); return stat(s.isDirectory() ? "dir" : s.isFile() ? "file" : "other", s.size, s.mode); } catch { return null; }
  }
  lstat(p: string): FileStat | null { return p.startsWith(ROOT) ? (this.files.get(p) ?? null) : this.stat(p); }
  homeDir(user: string): string | null { return user === "www-data" ? "/var/www" : null; }
  subrequestUri(_r: RewriteRequest, uri: string): SubrequestResult {
    const f = this.docroot + uri;
    return { status: 200, filename: f, lookupVar: (n) => (n === "REQUEST_FILENAME" ? f : "") };
  }
  subrequestFile(_r: RewriteRequest, p: string): SubrequestResult {
    return { status: 200, filename: p, lookupVar: (n) => (n === "REQUEST_FILENAME" ? p : "") };
  }
  limitRequestLine(): number { return 8190; }
  proxyAvailable(): boolean { return (this.c.modules ?? []).includes("proxy"); }
  mapLookupRecorder(): null {
    return null;
  }
  unrepeatable(): void { /* the golden harness memoises nothing */ }
  readFile(p: string): { data: Buffer; mtimeMs: number } | null {
    const rel = p.startsWith(ROOT + "/") ? p.slice(ROOT.length + 1) : p;
    const content = this.c.files?.[rel] ?? this.c.files?.[p.split(ROOT).join("@ROOT@")];
    if (typeof content === "string") return { data: Buffer.from(content, "utf8"), mtimeMs: 1 };
    if (Array.isArray(content)) return { data: Buffer.from(content.join("\n") + "\n", "utf8"), mtimeMs: 1 };
    return null;
  }
  allowsSymlinks(): boolean { return true; }
}

/** The recorded lines of the translate-name pass. */
function translatePassLines(trace: string[]): string[] {
  const out: string[] = [];
  for (const l of trace) {
    const untagged = /^trace\d [^[]/.test(l);
    if ((!l.includes(" [initial] ") && !untagged) || l.includes("[perdir ")) {
      if (out.length > 0 && !l.includes("[subreq]")) break;
      continue;
    }
    if (/\] (force filename|Declining)/.test(l)) break;
    out.push(l);
    if (/\] (pass through|go-ahead with|redirect to) /.test(l)) break;
  }
  return out;
}

/**
 * Lines that depend on which Apache child served the request (per-child map caches) or on the
 * clock are put in a canonical form on both sides, as the recorder documents they vary between
 * recordings: a cached and a fresh lookup of the same key and value read the same.
 */
export function canonicalLine(line: string): string | null {
  if (/\] cache lookup FAILED, forcing new map lookup$/.test(line)) return null;
  const m = /^(trace\d \[[^\]]*\] )(?:cache|map) lookup OK: map=(\S+)\[(txt|dbm)\] key=(.*) -> val=(.*)$/.exec(line);
  if (m !== null) return m[5] === "" ? `${m[1]}map ${m[2]}[${m[3]}] ${m[4]} -> (not found)` : `${m[1]}map ${m[2]}[${m[3]}] ${m[4]} -> ${m[5]}`;
  const f = /^(trace\d \[[^\]]*\] )map lookup FAILED: map=(\S+)\[(txt|dbm)\] key=(.*)$/.exec(line);
  if (f !== null) return `${f[1]}map ${f[2]}[${f[3]}] ${f[4]} -> (not found)`.replace(/^trace5/, "trace5");
  return line.replace(/expires=\w{3}, \d\d-\w{3}-\d{4} \d\d:\d\d:\d\d GMT/, "expires=<clock>");
}

function canonical(lines: string[]): string[] {
  return lines.map(canonicalLine).filter((l): l is string => l !== null);
}

/** Replay every in-scope case. */
export function runGolden(): GoldenResult[] {
  const results: GoldenResult[] = [];
  for (const file of readdirSync(join(CONF, "cases")).filter((f) => f.endsWith(".json")).sort()) {
    const c = JSON.parse(readFileSync(join(CONF, "cases", file), "utf8")) as CaseFile;
    const firstPort = c.ports?.[0];
    PORT = typeof firstPort === "number" ? firstPort : AUTO_PORT;
    const name = c.name ?? file.replace(/\.json$/, "");
    if (c.expect_start_failure) continue;
    const cfgLines = serverLines(lines(c.config));
    if (cfgLines === null || !cfgLines.some((l) => /^RewriteRule/i.test(l.text))) continue;
    const cfg = cfgLines.map((l) => l.text);
    // prg: maps start a real program, which needs the case's files on disk.
    if (cfg.some((l) => /prg:/i.test(l))) {
      for (const [rel, content] of Object.entries(c.files ?? {})) {
        if (typeof content !== "string" && !Array.isArray(content)) continue;
        const p = `${ROOT}/${rel.split("@ROOT@/").join("")}`;
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, Array.isArray(content) ? content.join("\n") + "\n" : content);
      }
    }
    const nodes = directives(cfg, `${ROOT}/conf/httpd.conf`).map((d, i) => ({ ...d, pos: { ...d.pos, line: cfgLines[i].line } }));
    // RegexDefaultOptions lines apply to the rules below them, as the config reader marks them.
    markRegexDefaults(nodes);
    const serverAdmin = cfg.filter((l) => /^ServerAdmin\s/i.test(l)).pop()?.split(/\s+/)[1];
    let compiled: ReturnType<typeof compileServerContext> | null = null;
    let compileError: string | null = null;
    let recorded: Recorded[];
    try {
      recorded = readFileSync(join(CONF, "results", `${name}.jsonl`), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Recorded);
    } catch {
      continue;
    }
    const serverName = (cfg.filter((l) => /^ServerName\s/i.test(l)).pop()?.split(/\s+/)[1]) ?? "localhost";
    const docroot = (cfg.filter((l) => /^DocumentRoot\s/i.test(l)).pop()?.split(/\s+/)[1]?.replace(/"/g, "")) ?? `${ROOT}/htdocs`;
    c.requests.forEach((rq, index) => {
      const rec = recorded.find((r) => r.index === index);
      const expected = translatePassLines(rec?.trace ?? []);
      if (rec === undefined || expected.length === 0 || !expected[0].includes("init rewrite engine")) return;
      const host = rq.host === null ? null : (rq.host ?? `localhost:${PORT}`).replace(/@PORT0@/g, String(PORT));
      const server = new CaseServer(c, host, docroot, serverName, serverAdmin);
      // Compiled once per case: map caches live as long as an Apache child does.
      if (compiled === null && compileError === null) {
        try {
          compiled = compileServerContext(nodes, "main", { serverRoot: ROOT, exists: (p) => server.readFile(p) !== null || server.stat(p) !== null });
        } catch (e) {
          compileError = (e as Error).message;
        }
      }
      if (compileError !== null || compiled === null) {
        results.push({ id: `${name}#${index}`, expected, actual: [`compile error: ${compileError}`], expectedLocation: null, actualLocation: null });
        return;
      }
      if (compiled.server === null || compiled.perDir === null) return;
      const target = utf8ToBytes(rq.path.replace(/@PORT0@/g, String(PORT)));
      const q = target.indexOf("?");
      const path = q >= 0 ? target.slice(0, q) : target;
      const uri = decodePath(path);
      if (uri === null) return;
      const headersIn = new ApacheTable();
      if (host !== null) headersIn.add("Host", host);
      for (const [k, v] of Object.entries(rq.headers ?? {})) headersIn.add(k, v.replace(/@PORT0@/g, String(PORT)));
      const env = new ApacheTable();
      for (const l of cfg) {
        const m = /^SetEnvIf\s+Request_URI\s+\S+\s+(\w+)=(\S*)/i.exec(l);
        if (m) env.set(m[1], m[2].replace(/^"|"$/g, ""));
      }
      const method = rq.method ?? "GET";
      const protocol = `HTTP/${rq.http_version ?? "1.1"}`;
      const req: RewriteRequest = {
        method, protocol, theRequest: `${method} ${target} ${protocol}`, unparsedUri: target, scheme: "http", uri,
        filename: null, pathInfo: null, args: q >= 0 ? target.slice(q + 1) : null, status: 200, handler: null,
        contentType: null, proxyreq: "none", headersIn, headersOut: new ApacheTable(), errHeadersOut: new ApacheTable(),
        notes: new ApacheTable(), subprocessEnv: env, isSubreq: false, redirectDepth: 0,
        pool: { endFlag: false, cookiesSet: new Set() }, time: new Date(),
      };
      const tracer = new CollectingTracer();
      const r = rewriteTranslateName({ req, server, serverConfig: compiled.server, serverId: "main", perDirConfig: compiled.perDir, tracer });
      const fix = (s: string): string => (PORT === AUTO_PORT ? s.split(String(PORT)).join("@PORT0@") : s).split(ROOT).join("@ROOT@").split(ROOT.slice(1)).join("@ROOT-REL@");
      // Recorded traces are JSON text: the error-log escaper already turned high bytes into \xhh.
      const actual = tracer.lines().map((l) => fix(bytesToUtf8(l)));
      const actualLocation = r.outcome.kind === "redirect" ? fix(r.outcome.location) : null;
      const decided = expected.some((l) => /\] redirect to /.test(l));
      results.push({ id: `${name}#${index}`, expected: canonical(expected), actual: canonical(actual), expectedLocation: decided ? rec.location : null, actualLocation: decided ? actualLocation : null });
    });
  }
  return results;
}
