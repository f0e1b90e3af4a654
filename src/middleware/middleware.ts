/**
 * `createMiddleware`: Apache's decision for every request of a Node server, and the action that
 * follows it — Apache's own answer (redirects, [F], [G], errors, with its headers and bodies),
 * mod_proxy's ([P], and WSGI requests to their group's backend when backends are configured), or
 * the rewritten request handed on to the next handler with `req.htrewrite` describing it.
 */
import { unwatchFile, watchFile } from "node:fs";
import { Agent, type IncomingMessage, type ServerResponse } from "node:http";
import { evaluate, type EvaluateResult } from "../api/evaluate.js";
import { escapeUri } from "../util/escape.js";
import type { Engine } from "../server/engine.js";
import { compileEngine, htaccessRoot, type EngineSourceOptions } from "./engine-source.js";
import { WatchedDiskFs } from "../server/watched-fs.js";
import { dropsConnection, errorBody } from "./error-body.js";
import { startHealthChecks, type HealthOptions } from "./health.js";
import { MimeTypes } from "./mime.js";
import { BackendPlacement, type Backend } from "./placement.js";
import { proxyRequest, targetFromUrl, type ProxyTarget } from "./proxy.js";
import { evaluateRequestOf } from "./request.js";
import { sendFile } from "./static-file.js";

/** What htrewrite decided, attached to the request as `req.htrewrite` before `next()`. */
export interface HtrewriteInfo {
  /** The file Apache mapped the request to (a WSGI script, a static file), or null. */
  filename: string | null;
  /** SCRIPT_NAME: the final URI without its path info. */
  scriptName: string | null;
  pathInfo: string | null;
  /** The request's environment at the end (SetEnv, [E=], REDIRECT_* …). */
  env: Record<string, string>;
  /** mod_wsgi's application group ("" = main interpreter) and process group ("" = embedded), for WSGI. */
  applicationGroup: string | null;
  processGroup: string | null;
  handler: string | null;
  /** "file", "wsgi", or "error" (Apache would answer 404: handed on because `next` exists). */
  kind: EvaluateResult["kind"];
  /** The request URL before htrewrite changed `req.url`. */
  originalUrl: string;
  /** The backend chosen for the groups (when backends are configured), else null. */
  backend: string | null;
  /** mod_rewrite's trace, when `trace` is on. */
  trace?: string[];
}

export type RequestWithInfo = IncomingMessage & { htrewrite?: HtrewriteInfo };
export type Next = (err?: unknown) => void;

export interface MiddlewareOptions extends EngineSourceOptions {
  /** Process group → backends (HTTP URLs or unix socket paths); "" = embedded mode, "*" = any other. */
  backends?: Record<string, readonly string[]>;
  /** Bound of the placement memo (default 10,000). */
  maxGroups?: number;
  /** Health checks of the backends (default on, every 5 s); false = off. */
  health?: HealthOptions | false;
  /** ProxyPreserveHost (default false). */
  preserveHost?: boolean;
  /** Serve mapped static files here (what `htrewrite serve` does); default false: hand on to next(). */
  serveFiles?: boolean;
  /** With `next`: a request Apache would answer 404 because no file exists is handed on (default true). */
  fallthrough?: boolean;
  /**
   * The port and scheme Apache would see, when they are not the Node listener's own (behind a load
   * balancer that terminates TLS on 443, say). Default: the socket's local port and TLS state.
   */
  port?: number;
  https?: boolean;
  /** Collect mod_rewrite's trace into req.htrewrite.trace. */
  trace?: boolean;
  /** Watch `file` and reload on change (polling, default off); a number is the interval in ms. */
  watch?: boolean | number;
  /**
   * Watch the served folders (`roots`, else `root`) for changes (inotify), so a repeated request
   * is answered from the decision memo without stat()ing its files again. Default off: every
   * repeat checks each file fact it depends on (exact). With it, a file change is seen by the
   * requests that start after the kernel's event arrives (normally under a millisecond).
   */
  watchFiles?: boolean;
  /** Told after every reload: null when the new configuration serves, else why the old one still does. */
  onReload?: (error: Error | null) => void;
  /** Told about errors of the middleware itself (evaluation failures answered 500). */
  onError?: (error: Error) => void;
}

export interface Middleware {
  (req: IncomingMessage, res: ServerResponse, next?: Next): void;
  /** Compile the configuration again (from `text`, else the source) and swap it in if it loads. */
  reload(text?: string): Error | null;
  /** The engine serving now. */
  readonly engine: Engine;
  readonly placement: BackendPlacement | null;
  /** Stop the file watch and health checks. */
  close(): void;
}

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** True for the default handler's "no such file" (AH00128/AH00037), not a rule's [R=404]. */
function isMissingFile(r: EvaluateResult): boolean {
  return r.status === 404 && r.log.some((l) => l.startsWith("AH00128") || l.startsWith("AH00037"));
}

function serverAdmin(engine: Engine): string | null {
  const d = engine.model.main.directives.filter((x) => x.key === "serveradmin").pop();
  return d?.args[0] ?? null;
}

/** Apache's own response: status, the headers the pipeline produced, its HTML body. */
function sendApacheResponse(req: IncomingMessage, res: ServerResponse, engine: Engine, status: number, location: string | null, headers: Array<[string, string]>): void {
  const body = errorBody(status, req.method ?? "GET", location, serverAdmin(engine));
  applyHeaders(res, headers);
  if (location !== null) res.setHeader("Location", location);
  res.setHeader("Content-Type", "text/html; charset=iso-8859-1");
  res.setHeader("Content-Length", Buffer.byteLength(body, "latin1"));
  if (dropsConnection(status)) res.setHeader("Connection", "close");
  res.statusCode = status;
  res.end(req.method === "HEAD" ? undefined : Buffer.from(body, "latin1"));
}

/** The pipeline's response headers (Set-Cookie from [CO], Vary …), repeats kept. */
function applyHeaders(res: ServerResponse, headers: Array<[string, string]>): void {
  const grouped = new Map<string, string[]>();
  for (const [k, v] of headers) {
    if (k.toLowerCase() === "location") continue;
    const key = k.toLowerCase();
    const list = grouped.get(key) ?? [];
    list.push(v);
    grouped.set(key, list);
  }
  for (const [k, list] of grouped) {
    if (k === "set-cookie") res.setHeader(k, list);
    else res.setHeader(k, list.join(", "));
  }
}

/**
 * With `watchFiles`, the disk requests see counts the changes under the folders served (`roots`,
 * else the htaccess root), so the decision memo need not stat each fact again on a repeat.
 */
function watchedDisk(options: MiddlewareOptions): WatchedDiskFs | null {
  if (!options.watchFiles) return null;
  if (options.fs !== undefined) throw new Error("createMiddleware: watchFiles watches the real disk; it cannot be combined with `fs`");
  const folders = options.roots ?? (options.htaccess !== undefined || options.root !== undefined ? [htaccessRoot(options)] : null);
  if (folders === null) throw new Error("createMiddleware: watchFiles needs `root` or `roots` (the folders to watch)");
  return new WatchedDiskFs(folders);
}

function scriptNameOf(uri: string | null, pathInfo: string | null): string | null {
  if (uri === null) return null;
  return pathInfo && uri.endsWith(pathInfo) ? uri.slice(0, uri.length - pathInfo.length) : uri;
}

export function createMiddleware(options: MiddlewareOptions): Middleware {
  const disk = watchedDisk(options);
  let engine = compileEngine(options, undefined, disk ?? undefined);
  const mime = MimeTypes.load();
  const placement = options.backends ? new BackendPlacement({ pools: options.backends, maxEntries: options.maxGroups }) : null;
  const health = placement && options.health !== false ? startHealthChecks(placement, options.health || {}) : null;
  const fallthrough = options.fallthrough ?? true;
  const agent = new Agent({ keepAlive: true });

  const reload = (text?: string): Error | null => {
    let err: Error | null = null;
    try {
      // Compiled completely before the swap: a request sees either the old engine or the new one.
      engine = compileEngine(options, text, disk ?? undefined);
    } catch (e) {
      err = toError(e);
    }
    options.onReload?.(err);
    return err;
  };

  const watching = options.watch && options.file !== undefined ? options.file : null;
  if (watching !== null) {
    const interval = typeof options.watch === "number" ? options.watch : 1000;
    watchFile(watching, { interval, persistent: false }, (cur, prev) => {
      if (cur.mtimeMs !== prev.mtimeMs || cur.size !== prev.size) reload();
    });
  }

  const proxy = (req: IncomingMessage, res: ServerResponse, target: ProxyTarget, current: Engine): void => {
    proxyRequest(req, res, target, {
      preserveHost: options.preserveHost,
      agent,
      serverName: current.model.main.serverHostname,
      onError: (status) => sendApacheResponse(req, res, current, status, null, []),
    });
  };

  const handle = (req: IncomingMessage, res: ServerResponse, next?: Next): void => {
    const current = engine;
    const originalUrl = req.url ?? "/";
    let r: EvaluateResult;
    try {
      const er = evaluateRequestOf(req, originalUrl);
      if (options.port !== undefined) er.port = options.port;
      if (options.https !== undefined) er.https = options.https;
      r = evaluate(current, er, { trace: options.trace });
    } catch (e) {
      options.onError?.(toError(e));
      if (next) return next(e);
      return sendApacheResponse(req, res, current, 500, null, []);
    }
    if (r.proxyUrl !== null) {
      const target = targetFromUrl(r.proxyUrl);
      if (target) return proxy(req, res, target, current);
      return sendApacheResponse(req, res, current, 502, null, []);
    }
    const handOn = r.status === 200 || (next !== undefined && fallthrough && isMissingFile(r));
    if (!handOn) return sendApacheResponse(req, res, current, r.status, r.location, r.headers);

    let backend: Backend | null = null;
    if (r.kind === "wsgi" && placement) {
      const p = placement.place(r.processGroup ?? "", r.applicationGroup ?? "");
      if (!p) return sendApacheResponse(req, res, current, 503, null, r.headers);
      backend = p.backend;
    }
    const info: HtrewriteInfo = {
      filename: r.filename,
      scriptName: scriptNameOf(r.uri, r.pathInfo),
      pathInfo: r.pathInfo,
      env: Object.fromEntries(r.env),
      applicationGroup: r.applicationGroup,
      processGroup: r.processGroup,
      handler: r.handler,
      kind: r.kind,
      originalUrl,
      backend: backend?.id ?? null,
      ...(options.trace ? { trace: r.trace } : {}),
    };
    (req as RequestWithInfo).htrewrite = info;
    applyHeaders(res, r.headers);
    if (backend) return proxy(req, res, { backend, path: originalUrl }, current);
    if (r.uri !== null) req.url = escapeUri(r.uri) + (r.queryString !== null ? `?${r.queryString}` : "");
    if (options.serveFiles && r.kind === "file" && r.filename !== null) {
      return sendFile(req, res, r.filename, r.contentType, mime, () => (next ? next() : sendApacheResponse(req, res, current, 404, null, [])));
    }
    if (next) return next();
    sendApacheResponse(req, res, current, r.status === 200 && r.kind !== "error" ? 404 : r.status, null, []);
  };

  const mw = handle as Middleware;
  Object.defineProperty(mw, "engine", { get: () => engine });
  Object.defineProperty(mw, "placement", { value: placement });
  mw.reload = reload;
  mw.close = () => {
    if (watching !== null) unwatchFile(watching);
    health?.stop();
    agent.destroy();
    disk?.close();
  };
  return mw;
}
