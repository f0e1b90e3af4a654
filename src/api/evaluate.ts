/**
 * The library surface: load an Apache configuration once, then ask what Apache would do with
 * requests — status, redirect, the file or WSGI script that answers, the environment it gets, the
 * application group and process group, and mod_rewrite's trace.
 */
import type { ScriptLoader } from "../wsgi/script-loader.js";
import { CollectingTracer, type RewriteStep, type RewriteTracer } from "../rewrite/trace.js";
import type { Engine } from "../server/engine.js";
import { DiskFs, type VirtualFs } from "../server/fs.js";
import { loadEngine } from "../server/load.js";
import { FileRoots } from "../config/file-roots.js";
import { serveRequest, type RawRequest, type Response } from "../server/pipeline.js";
import { utf8ToBytes } from "../util/bytes.js";

export interface EngineOptions {
  /** The configuration's path as errors name it (default "httpd.conf"). */
  file?: string;
  /** The file system the configuration and requests see (default: the real disk). */
  fs?: VirtualFs;
  /** The server process environment for %{ENV:} fallbacks and `${VAR}` (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** ServerRoot for relative paths (default: the directory of `file`, else /etc/apache2). */
  serverRoot?: string;
  /** `-D` names for <IfDefine>. */
  defines?: Iterable<string>;
  /** Cap of the group registry (default 10,000 pairs). */
  registryMax?: number;
  /**
   * Work budget of one request, in regex steps, across every rule, condition, [N] round,
   * sub-request, map look-up and internal redirect (default 50,000,000: five matches that hit
   * PCRE2's match limit). When it runs out the request ends with 500 and the reason is logged and
   * traced.
   */
  workBudget?: number;
  /**
   * Let the configuration run programs: `RewriteMap … prg:` and `WSGIDispatchScript`. Default
   * false: such a configuration is refused (ConfigError HTR_EXEC_REFUSED naming the directive).
   */
  allowExec?: boolean;
  /**
   * What a WSGI script defines (htrewrite runs no Python). Default: the script is read as Python
   * source (a top-level `def`/`class`/assignment/import of the callable defines it).
   */
  scriptLoader?: ScriptLoader;
  /**
   * Directories the configuration may read from. Every file it reads — Include, RewriteMap files,
   * AuthUserFile, WSGI scripts, the `.htaccess` files of a request's directory walk — must resolve
   * (symbolic links first) inside one of them, else ConfigError HTR_FILE_ROOT at load, naming the
   * directive and its file:line, or HtrError HTR_FILE_ROOT for a read a request makes. In-memory
   * files (`fs` trees) are not on the disk and always readable. Default: no restriction.
   */
  roots?: readonly string[] | FileRoots;
  /**
   * Most distinct requests whose answers `evaluate` remembers (default 10,000; 0 = none). A repeat
   * is answered from memory when it agrees with a remembered request on everything that decision
   * read — request line, the header fields and client address it consulted, the files it stat'ed
   * or read — and a decision that read the clock, a `prg:` or `rnd:` map or a dispatch script is
   * never remembered (server/decision-memo.ts). Answers are the same as without the memo.
   */
  memo?: number;
  /**
   * Most heap the remembered answers may hold, in bytes (estimated; default 8 MiB). Whichever of
   * `memo` and `memoBytes` is reached first evicts the least recently used answers.
   */
  memoBytes?: number;
}

/**
 * Load a deployment from configuration text. Throws ConfigError (code HTR_CONFIG_SYNTAX …) worded
 * as httpd's start-up error when Apache would refuse it.
 */
export function createEngine(configText: string, options: EngineOptions = {}): Engine {
  const file = options.file ?? "httpd.conf";
  return loadEngine({
    text: configText,
    file,
    fs: options.fs ?? new DiskFs(),
    env: options.env ?? process.env,
    serverRoot: options.serverRoot ?? (file.includes("/") ? file.slice(0, file.lastIndexOf("/")) || "/" : undefined),
    defines: options.defines,
    registry: options.registryMax ? { maxEntries: options.registryMax } : undefined,
    workBudget: options.workBudget,
    allowExec: options.allowExec,
    ...(options.scriptLoader ? { scriptLoader: options.scriptLoader } : {}),
    roots: options.roots === undefined || options.roots instanceof FileRoots ? options.roots : new FileRoots(options.roots),
    ...(options.memo !== undefined ? { memoEntries: options.memo } : {}),
    ...(options.memoBytes !== undefined ? { memoBytes: options.memoBytes } : {}),
  });
}

export interface EvaluateRequest {
  /** A path with optional query (`/a/b?x=1`), or an absolute URL (`http://host:8080/a`), as sent. */
  url: string;
  /** Default GET. */
  method?: string;
  /** Request headers (a map, or name/value pairs in order with repeats). A Host header here overrides `host`. */
  headers?: Record<string, string> | Array<[string, string]>;
  /** The Host header (default: the URL's authority, else "localhost[:port]"). null = none. */
  host?: string | null;
  /** The listener port the request arrives on (default: the URL's port, else the first Listen, else 80). */
  port?: number;
  /** "1.1" (default) or "1.0". */
  httpVersion?: "1.0" | "1.1";
  /** Client address (default 127.0.0.1). */
  remoteIp?: string;
  /** Arrival time (TIME variables, cookie expiry). */
  time?: Date;
  /** The connection is TLS (scheme https, HTTPS=on). Default false. */
  https?: boolean;
  /** The listener address the request arrived on (default 127.0.0.1), for address-based vhosts. */
  localIp?: string;
  /** Client port (default 50000). */
  remotePort?: number;
  /**
   * How `url` and header values are held: "utf8" (default: JavaScript text, encoded as UTF-8) or
   * "bytes" (already one code unit per byte, as node:http hands over request lines and headers).
   */
  encoding?: "utf8" | "bytes";
}

export interface SentRequest {
  method: string;
  target: string;
  httpVersion: "1.0" | "1.1";
  port: number;
  headers: Array<[string, string]>;
}

export interface EvaluateResult {
  status: number;
  location: string | null;
  /**
   * "file" (static file), "wsgi" (a WSGI application ran), "redirect" (a 3xx with a Location:
   * [R], Redirect, mod_dir's trailing slash …), "error" (any other response Apache makes itself).
   */
  kind: "file" | "wsgi" | "redirect" | "error";
  /** The request as it was sent: method, target, HTTP version, listener port and headers (Host included). */
  request: SentRequest;
  /** The request's final URI, filename and path info (after rewrites and internal redirects). */
  uri: string | null;
  filename: string | null;
  pathInfo: string | null;
  queryString: string | null;
  handler: string | null;
  /** subprocess_env at the end (SetEnv, SetEnvIf, [E=], REDIRECT_* …), in table order. */
  env: Array<[string, string]>;
  /** For WSGI: the resolved groups ("" = main interpreter / embedded mode), callable, daemon. */
  applicationGroup: string | null;
  processGroup: string | null;
  callableObject: string | null;
  daemon: string | null;
  /** For WSGI: the environ the application receives (CGI variables, subprocess_env, REDIRECT_URL …). */
  wsgiEnviron: Record<string, string> | null;
  /** For a [P] request mod_proxy would forward: the backend URL (with the query); else null. */
  proxyUrl: string | null;
  /** The content type set by mod_rewrite [T=] / forced types, or null (mod_mime decides by extension). */
  contentType: string | null;
  /** Response headers (Vary, Set-Cookie, Location …). */
  headers: Array<[string, string]>;
  /** mod_rewrite trace lines ("traceN [initial] …"); empty unless `trace` was asked for. */
  trace: string[];
  /** mod_rewrite's decisions as structured steps (rule tried, condition tested, rule applied); empty unless `trace`. */
  steps: RewriteStep[];
  /** What Apache would log about this request. */
  log: string[];
}

/**
 * What Apache does with one request. `config` is a loaded engine (load once with createEngine,
 * evaluate many times) or configuration text (loaded for this call). Bad request input is a 400,
 * never an exception; a refused configuration throws ConfigError.
 */
export function evaluate(config: Engine | string, req: EvaluateRequest, options: EngineOptions & { trace?: boolean; tracer?: RewriteTracer } = {}): EvaluateResult {
  const engine = typeof config === "string" ? createEngine(config, options) : config;
  const bytes = req.encoding === "bytes" ? (t: string) => t : utf8ToBytes;
  const target = bytes(req.url);
  const m = target.charCodeAt(0) === 0x2f ? null : /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(target);
  const urlPort = m ? /:(\d+)$/.exec(m[1]) : null;
  const port = req.port ?? (urlPort ? Number(urlPort[1]) : (engine.model.listenPorts[0] ?? 80));
  const headers: Array<[string, string]> = [];
  const given: Array<[string, string]> = Array.isArray(req.headers) ? req.headers : Object.entries(req.headers ?? {});
  const explicitHost = given.some(([k]) => k.toLowerCase() === "host");
  if (!explicitHost && req.host !== null) {
    const host = req.host ?? (m ? m[1] : port === 80 ? "localhost" : `localhost:${port}`);
    headers.push(["Host", bytes(host)]);
  }
  for (const [k, v] of given) headers.push([k, bytes(v)]);
  // `tracer` receives the trace events themselves (replay counts rule hits from them).
  const tracer = options.tracer ?? (options.trace ? new CollectingTracer() : null);
  const sent: SentRequest = { method: req.method ?? "GET", target, httpVersion: req.httpVersion ?? "1.1", port, headers };
  const raw: RawRequest = {
    method: sent.method,
    target,
    httpVersion: sent.httpVersion,
    headers: [...headers],
    conn: { localIp: req.localIp ?? "127.0.0.1", localPort: port, remoteIp: req.remoteIp ?? "127.0.0.1", remotePort: req.remotePort ?? 50000, secure: req.https ?? false },
    time: req.time,
  };
  // The memo may hand the engine a tracer that also keeps the events for repeats; the lines
  // and steps of `trace` are still the caller's collecting tracer's.
  const answer = (t: RewriteTracer | null): Answer => answerOf(serveRequest(engine, raw, t), tracer);
  const memo = engine.decisions;
  const a = memo === null ? answer(tracer) : memo.decide("evaluate", raw, tracer, answer, withEchoes);
  return withRequest(a, sent);
}

/** The answer and the request it answers, one object literal (no spread: stays a fast shape). */
function withRequest(a: Answer, request: SentRequest): EvaluateResult {
  return {
    status: a.status,
    location: a.location,
    kind: a.kind,
    request,
    uri: a.uri,
    filename: a.filename,
    pathInfo: a.pathInfo,
    queryString: a.queryString,
    handler: a.handler,
    env: a.env,
    applicationGroup: a.applicationGroup,
    processGroup: a.processGroup,
    callableObject: a.callableObject,
    daemon: a.daemon,
    wsgiEnviron: a.wsgiEnviron,
    proxyUrl: a.proxyUrl,
    contentType: a.contentType,
    headers: a.headers,
    trace: a.trace,
    steps: a.steps,
    log: a.log,
  };
}

/** The answer without the echo of the request (what the decision memo keeps). */
type Answer = Omit<EvaluateResult, "request">;

/** A remembered answer with this request's own copies of itself in the WSGI environ (REMOTE_PORT, HTTP_*). */
function withEchoes(a: Answer, echoes: ReadonlyArray<readonly [string, string]>): Answer {
  if (a.wsgiEnviron === null) return a;
  const wsgiEnviron = { ...a.wsgiEnviron };
  for (const [k, v] of echoes) wsgiEnviron[k] = v;
  return { ...a, wsgiEnviron };
}

function answerOf(res: Response, tracer: RewriteTracer | null): Answer {
  const r = res.request;
  return {
    status: res.status,
    location: res.location,
    kind: res.kind === "error" && res.location !== null && res.status >= 300 && res.status < 400 ? "redirect" : res.kind,
    uri: r?.uri ?? null,
    filename: r?.filename ?? null,
    pathInfo: r?.pathInfo ?? null,
    queryString: r?.args ?? null,
    handler: r?.handler ?? null,
    env: r ? r.subprocessEnv.pairs().map(([k, v]) => [k, v] as [string, string]) : [],
    applicationGroup: res.wsgi?.applicationGroup ?? null,
    processGroup: res.wsgi?.processGroup ?? null,
    callableObject: res.wsgi?.callableObject ?? null,
    daemon: res.wsgi?.daemon?.name ?? null,
    wsgiEnviron: res.wsgi ? { ...res.wsgi.environ } : null,
    proxyUrl: proxyUrlOf(r),
    contentType: r?.contentType ?? null,
    headers: res.headers.pairs().map(([k, v]) => [k, v] as [string, string]),
    trace: tracer instanceof CollectingTracer ? tracer.lines() : [],
    steps: tracer instanceof CollectingTracer ? tracer.steps : [],
    log: res.log,
  };
}

/** The URL mod_proxy's handler would fetch for a request left with a proxy: filename ([P]). */
function proxyUrlOf(r: { handler: string | null; filename: string | null; args: string | null } | null): string | null {
  if (!r || r.handler !== "proxy-server" || !r.filename?.startsWith("proxy:")) return null;
  const url = r.filename.slice("proxy:".length);
  return r.args !== null && !url.includes("?") ? `${url}?${r.args}` : url;
}
