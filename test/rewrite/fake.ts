/**
 * An in-test RewriteServer with an in-memory file system, and helpers to compile config lines
 * and run requests through the hooks. Defaults follow the spec's §13 conventions: ServerName
 * localhost (no port, so the server port used by reduce_uri is 0), DocumentRoot /srv/htdocs,
 * files a.html, b.html, env.cgi.
 */
import { ApacheTable } from "../../src/env/table.js";
import type { DirectiveNode } from "../../src/config/types.js";
import {
  CollectingTracer,
  compilePerDirContext,
  compileServerContext,
  mergePerDirConfig,
  rewriteFixup,
  rewriteTranslateName,
} from "../../src/rewrite/index.js";
import type {
  FileStat,
  RewriteCompileOptions,
  RewriteHookResult,
  RewritePerDirConfig,
  RewriteRequest,
  RewriteServer,
  RewriteServerConfig,
  SubrequestResult,
} from "../../src/rewrite/index.js";

export const DOCROOT = "/srv/htdocs";

export interface FakeServerOptions {
  files?: Record<string, FileStat["type"] | FileStat>;
  serverName?: string;
  /** Port of the request (Host header port / listener). */
  port?: number;
  /** Port reduce_uri compares with (0 = main ServerName without port). */
  vhostPort?: number;
  docroot?: string;
  contextDocroot?: string;
  contextPrefix?: string;
  env?: Record<string, string>;
  homes?: Record<string, string>;
  symlinksAllowed?: boolean;
  proxy?: boolean;
  limitRequestLine?: number;
  mapFiles?: Record<string, { data: Buffer; mtimeMs: number }>;
  subrequestStatus?: (uri: string) => number;
}

export function stat(type: FileStat["type"], size = 10, mode = 0o644): FileStat {
  return { type, size, mode, uid: 0, gid: 0, mtimeMs: 0 };
}

export class FakeServer implements RewriteServer {
  readonly files = new Map<string, FileStat>();
  constructor(readonly o: FakeServerOptions = {}) {
    const docroot = o.docroot ?? DOCROOT;
    const defaults: Record<string, FileStat["type"]> = {
      "/": "dir",
      "/srv": "dir",
      [docroot]: "dir",
      [`${docroot}/a.html`]: "file",
      [`${docroot}/b.html`]: "file",
      [`${docroot}/env.cgi`]: "file",
      "/etc": "dir",
      "/etc/hostname": "file",
      "/var": "dir",
      "/var/www": "dir",
    };
    for (const [p, t] of Object.entries({ ...defaults, ...(o.files ?? {}) })) {
      this.files.set(p, typeof t === "string" ? stat(t) : t);
    }
  }
  documentRoot(): string {
    return this.o.docroot ?? DOCROOT;
  }
  contextDocumentRoot(): string {
    return this.o.contextDocroot ?? this.documentRoot();
  }
  contextPrefix(): string {
    return this.o.contextPrefix ?? "";
  }
  serverNameForUrl(): string {
    return this.o.serverName ?? "localhost";
  }
  serverPort(): number {
    return this.o.port ?? 80;
  }
  defaultPort(req: RewriteRequest): number {
    return req.scheme === "https" ? 443 : 80;
  }
  isThisServer(_req: RewriteRequest, host: string, port: number): boolean {
    return port === (this.o.vhostPort ?? 0) && host.toLowerCase() === (this.o.serverName ?? "localhost");
  }
  coreVariable(_req: RewriteRequest, name: string): string | undefined {
    const known: Record<string, string> = {
      REMOTE_ADDR: "127.0.0.1",
      SERVER_ADDR: "127.0.0.1",
      REMOTE_PORT: "40000",
      SERVER_SOFTWARE: "Apache/2.4.71 (Debian)",
      SERVER_ADMIN: "[no address given]",
    };
    return known[name];
  }
  getenv(name: string): string | undefined {
    return this.o.env?.[name];
  }
  stat(path: string): FileStat | null {
    const f = this.files.get(path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path);
    return f?.type === "symlink" ? stat("file") : (f ?? null);
  }
  lstat(path: string): FileStat | null {
    return this.files.get(path) ?? null;
  }
  homeDir(user: string): string | null {
    return this.o.homes?.[user] ?? null;
  }
  subrequestUri(_req: RewriteRequest, uri: string): SubrequestResult {
    const status = this.o.subrequestStatus?.(uri) ?? 200;
    const filename = this.documentRoot() + uri;
    return { status, filename, lookupVar: (n) => (n === "REQUEST_FILENAME" ? filename : "") };
  }
  subrequestFile(_req: RewriteRequest, path: string): SubrequestResult {
    return { status: 200, filename: path, lookupVar: (n) => (n === "REQUEST_FILENAME" ? path : "") };
  }
  limitRequestLine(): number {
    return this.o.limitRequestLine ?? 8190;
  }
  proxyAvailable(): boolean {
    return this.o.proxy ?? false;
  }
  mapLookupRecorder(): null {
    return null;
  }
  unrepeatable(): void {
    // These test servers memoise nothing.
  }
  readFile(path: string): { data: Buffer; mtimeMs: number } | null {
    return this.o.mapFiles?.[path] ?? null;
  }
  allowsSymlinks(): boolean {
    return this.o.symlinksAllowed ?? true;
  }
}

export interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
  scheme?: "http" | "https";
  filename?: string | null;
  pathInfo?: string | null;
  /** subprocess_env before mod_rewrite runs (what SetEnvIf put there). */
  env?: Record<string, string>;
}

/** A request for `target` (path plus optional query, already decoded as the pipeline would). */
export function makeRequest(target: string, init: RequestInit = {}): RewriteRequest {
  const q = target.indexOf("?");
  const path = q >= 0 ? target.slice(0, q) : target;
  const args = q >= 0 ? target.slice(q + 1) : null;
  const headers = new ApacheTable();
  headers.add("Host", "localhost");
  for (const [k, v] of Object.entries(init.headers ?? {})) headers.set(k, v);
  const method = init.method ?? "GET";
  return {
    method,
    protocol: "HTTP/1.1",
    theRequest: `${method} ${target} HTTP/1.1`,
    unparsedUri: target,
    scheme: init.scheme ?? "http",
    uri: decodeURIComponentBytes(path),
    filename: init.filename ?? null,
    pathInfo: init.pathInfo ?? null,
    args,
    status: 200,
    handler: null,
    contentType: null,
    proxyreq: "none",
    headersIn: headers,
    headersOut: new ApacheTable(),
    errHeadersOut: new ApacheTable(),
    notes: new ApacheTable(),
    subprocessEnv: ApacheTable.from(Object.entries(init.env ?? {})),
    isSubreq: false,
    redirectDepth: 0,
    pool: { endFlag: false, cookiesSet: new Set() },
    time: new Date(Date.UTC(2026, 10, 23, 21, 0, 0)),
  };
}

/** %XX decoding to a byte string (the pipeline's job; simplified for tests). */
export function decodeURIComponentBytes(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Turn config lines into directive nodes (mod_rewrite directives only need name + raw args). */
export function directives(lines: readonly string[], file = "/srv/conf/httpd.conf"): DirectiveNode[] {
  return lines.map((raw, i) => {
    const trimmed = raw.trim();
    const sp = trimmed.search(/\s/);
    const name = sp < 0 ? trimmed : trimmed.slice(0, sp);
    const rawArgs = sp < 0 ? "" : trimmed.slice(sp).trim();
    const args = rawArgs === "" ? [] : (rawArgs.match(/"[^"]*"|\S+/g) ?? []).map((a) => a.replace(/^"(.*)"$/, "$1"));
    return { type: "directive", name, key: name.toLowerCase(), args, rawArgs, pos: { file, line: i + 1, column: 1 }, raw };
  });
}

export const compileOpts = (server?: FakeServer): RewriteCompileOptions => ({
  serverRoot: "/srv",
  exists: (p) => server?.readFile(p) !== null && server?.readFile(p) !== undefined,
});

/** Compile server-context lines ("RewriteEngine On" is NOT implied). */
export function serverConfig(lines: readonly string[], server?: FakeServer): { sconf: RewriteServerConfig; dconf: RewritePerDirConfig } {
  const c = compileServerContext(directives(lines), "main", compileOpts(server));
  if (c.server === null || c.perDir === null) throw new Error("no mod_rewrite directive");
  return { sconf: c.server, dconf: c.perDir };
}

export interface RunResult {
  result: RewriteHookResult;
  req: RewriteRequest;
  trace: string[];
}

/** Run server-context rules (engine on) over a request. */
export function runServer(lines: readonly string[], target: string, init: RequestInit = {}, opts: FakeServerOptions = {}): RunResult {
  const server = new FakeServer(opts);
  const { sconf, dconf } = serverConfig(["RewriteEngine On", ...lines], server);
  const req = makeRequest(target, init);
  const tracer = new CollectingTracer();
  const result = rewriteTranslateName({ req, server, serverConfig: sconf, serverId: "main", perDirConfig: dconf, tracer });
  return { result, req, trace: tracer.lines() };
}

/**
 * Run per-dir rules of `dir` over a request for `target` whose translate phase mapped it to
 * `filename` (+ `pathInfo`). Server context has the engine off.
 */
export function runPerDir(
  lines: readonly string[],
  dir: string,
  target: string,
  mapped: { filename: string; pathInfo?: string | null },
  init: RequestInit = {},
  opts: FakeServerOptions = {},
): RunResult {
  const server = new FakeServer(opts);
  const { sconf, dconf: base } = serverConfig(["RewriteEngine Off"], server);
  const c = compilePerDirContext(directives(lines), dir, compileOpts(server));
  if (c.config === null) throw new Error("no mod_rewrite directive");
  const dconf = mergePerDirConfig(base, c.config);
  const req = makeRequest(target, { ...init, filename: mapped.filename, pathInfo: mapped.pathInfo ?? null });
  const tracer = new CollectingTracer();
  const result = rewriteFixup({ req, server, serverConfig: sconf, serverId: "main", perDirConfig: dconf, tracer });
  return { result, req, trace: tracer.lines() };
}
