/**
 * The request pipeline: Apache's request phases for one request, internal redirects and
 * sub-requests included (http_request.c ap_process_request_internal, ap_internal_redirect,
 * ap_sub_req_lookup_uri/file, ap_internal_fast_redirect; spec/overview.md "The pipeline").
 *
 *   post-read   SetEnvIf (server level)
 *   translate   mod_rewrite (server context) → mod_alias → mod_wsgi → mod_userdir → core
 *   map         directory walk + .htaccess, <DirectoryMatch>, <Files>, <Location>
 *   header      SetEnvIf (per directory)
 *   access      Require
 *   type        AddHandler (by extension), alias-forced types
 *   fixups      SetHandler, mod_rewrite (per directory), mod_env, mod_dir, [T=]/[H=]
 *   handler     redirect-handler (per-dir rewrite), wsgi-script, static files
 */
import { ApacheTable } from "../env/table.js";
import { applyEnvFixup, mergedEnv } from "../env/setenv.js";
import { applySetEnvIf } from "../env/setenvif.js";
import { applyRequestHeaders } from "./request-headers.js";
import type { RewriteTracer } from "../rewrite/trace.js";
import type { Engine } from "./engine.js";
import { directoryWalk } from "./dir-walk.js";
import { directivesByKey, effectiveOptions, ifLayers, lastDirective, locationLayers, serverLayers, allDirectives, type DirLayer } from "./per-dir.js";
import { Request, type ConnectionInfo } from "./request.js";
import { constructUrl } from "./server-name.js";
import { translateAlias, translateCore, translateUserDir, translateWsgiAlias } from "./translate.js";
import { decodeRequestPath, parseRequestTarget } from "./uri.js";
import { readRequest, readStructuredRequest } from "../http/read-request.js";
import { protocolOptionsOf } from "../http/protocol-options.js";
import { selectServer } from "./vhost-select.js";
import { runWsgiHandler, type WsgiOutcome } from "./wsgi-handler.js";
import { escapeUri } from "../rewrite/escape.js";
import { WORK_COST, WorkBudget, WorkBudgetExceeded } from "../rewrite/budget.js";
import { emitTrace } from "../rewrite/trace.js";

/** A request as it arrives on the wire. */
export interface RawRequest {
  method: string;
  /** The request-target bytes exactly as sent. */
  target: string;
  /** "1.1" or "1.0". */
  httpVersion: string;
  /** Headers in order (name, value); duplicates allowed. */
  headers: Array<[string, string]>;
  /**
   * The request exactly as sent on the wire (a byte string: one character per byte). When given,
   * it is read as core reads it and method, target, httpVersion and headers are not used.
   */
  bytes?: string;
  conn: ConnectionInfo;
  time?: Date;
}

/** What Apache sends back, and how it got there. */
export interface Response {
  /** The status sent; 0 when Apache closes the connection without answering (a request cut short). */
  status: number;
  location: string | null;
  headers: ApacheTable;
  /** "file": a static file; "wsgi": a WSGI application ran; "error": Apache's own response. */
  kind: "file" | "wsgi" | "error";
  /** Static file content (kind "file"). */
  body: Buffer | null;
  wsgi: WsgiOutcome | null;
  /** The final request (after internal redirects), for reports. */
  request: Request | null;
  /** What Apache would have logged (errors, reasons for a status). */
  log: string[];
}

type PhaseResult = { kind: "continue" } | { kind: "status"; status: number; location?: string; log?: string };

function errorResponse(status: number, r: Request | null, log: string[], location: string | null = null): Response {
  const headers = new ApacheTable();
  if (r) for (const [k, v] of r.errHeadersOut.pairs()) headers.add(k, v);
  if (location !== null) headers.set("Location", location);
  return { status, location, headers, kind: "error", body: null, wsgi: null, request: r, log };
}

/** Serve one raw request. Never throws for bad request input: that is a 400. */
export function serveRequest(engine: Engine, raw: RawRequest, tracer: RewriteTracer | null = null, proxyHops = 0): Response {
  const log: string[] = [];
  // The protocol layer (src/http): what core reads and checks before a virtual host is chosen.
  const options = protocolOptionsOf(engine.model.main.directives);
  const wire = raw.bytes !== undefined ? readRequest(raw.bytes, options, raw.conn.secure) : readStructuredRequest(raw, options, raw.conn.secure);
  if (!wire.ok) return errorResponse(wire.status, null, [wire.log]);
  const { method, unparsedUri, protocol, target, headersIn, hostname, explicitPort } = wire;
  const server = selectServer(engine.model, raw.conn.localIp, raw.conn.localPort, hostname);
  const r = new Request({
    method,
    protocol,
    theRequest: protocol === "HTTP/0.9" ? `${method} ${unparsedUri}` : `${method} ${unparsedUri} ${protocol}`,
    unparsedUri,
    // ap_http_scheme: the scheme of the ServerName ("ServerName https://…"), else the connection's.
    scheme: server.scheme ?? (raw.conn.secure ? "https" : "http"),
    uri: target.rawPath,
    args: target.args,
    headersIn,
    server,
    conn: raw.conn,
    hostname,
    explicitPort,
    isSubreq: false,
    redirectDepth: 0,
    pool: { endFlag: false, cookiesSet: new Set(), budget: new WorkBudget(engine.workBudget) },
    time: raw.time ?? engine.now(),
    log,
  });
  r.tracer = tracer;
  r.proxyHops = proxyHops;
  r.layers = serverLayers(engine.model, server);
  try {
    postReadRequest(engine, r);
    return runMainRequest(engine, r);
  } catch (e) {
    if (!(e instanceof WorkBudgetExceeded)) throw e;
    // Apache ends a request whose limits trip (AH02596 rounds, AH00124 recursion) with a 500 and a
    // line in the error log; htrewrite's whole-request budget ends it the same way.
    log.push(`htrewrite: ${e.message}`);
    if (tracer !== null) emitTrace(tracer, r, 1, null, `htrewrite: ${e.message}`);
    return errorResponse(500, r, log);
  }
}

/** mod_setenvif's post-read-request pass: the server-level entries, on the URI as sent. */
function postReadRequest(engine: Engine, r: Request): void {
  for (const l of serverLayers(engine.model, r.server)) applyRequestHeaders(directivesByKey(l.directives, "requestheader"), "early", r.headersIn, r.subprocessEnv);
  const entries = engine.serverSetEnvIf(r.server);
  if (entries.length) applySetEnvIf(entries, setEnvIfSubject(r), (e) => engine.rewrite.evaluateExpression(r, e));
  r.setenvifServerDone = true;
}

function setEnvIfSubject(r: Request) {
  return {
    remoteHost: r.conn.remoteIp,
    remoteAddr: r.conn.remoteIp,
    serverAddr: r.conn.localIp,
    method: r.method,
    protocol: r.protocol,
    uri: r.uri,
    headers: r.headersIn,
    env: r.subprocessEnv,
  };
}

/** The main request and its chain of internal redirects. */
function runMainRequest(engine: Engine, first: Request): Response {
  let r = first;
  for (;;) {
    if (r.unparsedUri === "*" && r.method === "OPTIONS") {
      // OPTIONS * is answered by the core itself (an empty 200), whatever modules translate.
      const tr = engine.rewrite.translate(r);
      if (tr.kind === "status") return errorResponse(tr.status, r, r.log, tr.location ?? null);
      return { status: 200, location: null, headers: new ApacheTable(), kind: "file", body: Buffer.alloc(0), wsgi: null, request: r, log: r.log };
    }
    const phases = processRequestInternal(engine, r);
    if (phases.kind === "status") {
      if (phases.log) r.log.push(phases.log);
      // An ErrorDocument that fails itself leaves the original error as the answer (measured).
      if (r.errorDocumentFor !== null && phases.status >= 400) return errorResponse(r.errorDocumentFor, r, r.log);
      const custom = customErrorResponse(engine, r, phases.status);
      if (custom instanceof Request) {
        r = custom;
        continue;
      }
      if (custom) return custom;
      return errorResponse(phases.status, r, r.log, phases.location ?? null);
    }
    // The handler phase.
    if (r.handler === "redirect-handler" && r.filename?.startsWith("redirect:")) {
      // handler_redirect: the path from r->filename, the query from r->args.
      const target = r.filename.slice("redirect:".length) + (r.args !== null ? `?${r.args}` : "");
      const next = internalRedirect(engine, r, target);
      if (!(next instanceof Request)) return errorResponse(next.status, r, r.log);
      r = next;
      continue;
    }
    const res = runHandler(engine, r);
    if (res.kind === "error" && res.status >= 400 && r.errorDocumentFor !== null) return errorResponse(r.errorDocumentFor, r, res.log);
    if (res.kind === "error" && res.status >= 400) {
      const custom = customErrorResponse(engine, r, res.status);
      if (custom instanceof Request) {
        r = custom;
        continue;
      }
      if (custom) return custom;
    }
    return res;
  }
}

/**
 * ap_die's custom responses (ErrorDocument) for an error status: a local URL is served by an
 * internal redirect (as GET, REDIRECT_STATUS = the error, REDIRECT_REQUEST_METHOD = the method);
 * a full URL is a 302 to it; text is the body. An error while serving an error document is not
 * customised again. Returns null when no ErrorDocument applies.
 */
function customErrorResponse(engine: Engine, r: Request, status: number): Request | Response | null {
  if (status < 400 || r.errorDocumentFor !== null) return null;
  const doc = allDirectives(r.layers, "errordocument").filter((d) => d.args[0] === String(status)).pop();
  const msg = doc?.args[1];
  if (msg === undefined || msg === "default") return null;
  r.status = status;
  if (!msg.includes(" ") && msg.startsWith("/")) {
    r.subprocessEnv.set("REQUEST_METHOD", r.method);
    r.method = "GET";
    const next = internalRedirect(engine, r, msg);
    if (!(next instanceof Request)) return errorResponse(next.status, r, r.log);
    next.errorDocumentFor = status;
    return next;
  }
  if (!msg.includes(" ") && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(msg)) {
    return errorResponse(status === 401 ? 401 : 302, r, r.log, msg);
  }
  return null;
}

/**
 * ap_internal_redirect: a new request for `url` (parsed and decoded again — the double decoding
 * of rewrite.md §1.8), its environment renamed REDIRECT_*, fresh notes, shared pool.
 */
export function internalRedirect(engine: Engine, r: Request, url: string): Request | { status: number } {
  const limit = engine.limitInternalRecursion(r.server);
  if (r.redirectDepth + 1 > limit) {
    r.log.push(
      `AH00124: Request exceeded the limit of ${limit} internal redirects due to probable configuration error. Use 'LimitInternalRecursion' to increase the limit if necessary. Use 'LogLevel debug' to get a backtrace.`,
    );
    return { status: 500 };
  }
  r.pool.budget?.charge(WORK_COST.internalRedirect, "internal redirects");
  const target = parseRequestTarget(url);
  const n = new Request({
    method: r.method,
    protocol: r.protocol,
    theRequest: r.theRequest,
    unparsedUri: url,
    scheme: r.scheme,
    uri: target.rawPath,
    args: target.args,
    headersIn: r.headersIn,
    server: r.server,
    conn: r.conn,
    hostname: r.hostname,
    explicitPort: r.explicitPort,
    isSubreq: false,
    redirectDepth: r.redirectDepth + 1,
    pool: r.pool,
    time: r.time,
    log: r.log,
  });
  for (const [k, v] of r.subprocessEnv.pairs()) n.subprocessEnv.add(`REDIRECT_${k}`, v);
  n.subprocessEnv.set("REDIRECT_STATUS", String(r.status));
  for (const [k, v] of r.headersOut.pairs()) if (k.toLowerCase() === "vary") n.headersOut.add(k, v);
  for (const [k, v] of r.errHeadersOut.pairs()) n.errHeadersOut.add(k, v);
  n.prev = r;
  // The new request starts with the old one's status: an ErrorDocument request keeps the error
  // (a static error document is sent with it, and a further hop reports REDIRECT_STATUS=404).
  n.status = r.status;
  n.errorDocumentFor = r.errorDocumentFor;
  n.proxyHops = r.proxyHops;
  n.tracer = r.tracer;
  n.layers = serverLayers(engine.model, n.server);
  postReadRequest(engine, n);
  return n;
}

/** Everything before the handler (ap_process_request_internal). */
export function processRequestInternal(engine: Engine, r: Request): PhaseResult {
  // URI normalisation (ap_process_request_internal's first step).
  if (r.uri !== "*" || !r.isSubreq) {
    const decoded = decodeRequestPath(r.uri, engine.pathDecoding(r.server));
    if (!decoded.ok) return { kind: "status", status: decoded.status, log: decoded.reason };
    r.uri = decoded.uri;
  }
  // Translate: <Location> layers decide whether mod_rewrite's engine is on for this URI.
  r.layers = [...serverLayers(engine.model, r.server), ...locationLayers(engine.model, r.server, r.uri)];
  r.layers.push(...ifLayers(engine.model, r.server, r.layers, (e) => engine.rewrite.evaluateExpression(r, e) !== null));
  const tr = translateName(engine, r);
  if (tr.kind === "status") return tr;

  // map_to_storage.
  const mapped = mapToStorage(engine, r);
  if (mapped.kind === "status") return mapped;

  // header_parser: SetEnvIf per directory (the server list on a request that skipped post-read).
  const perDirEntries = r.setenvifServerDone ? engine.perDirSetEnvIf(r.layers) : engine.serverSetEnvIf(r.server);
  r.setenvifServerDone = true;
  if (perDirEntries.length) applySetEnvIf(perDirEntries, setEnvIfSubject(r), (e) => engine.rewrite.evaluateExpression(r, e));

  // access: Require (authz_core, AuthMerging Off: the last section with Require decides).
  const denied = accessDenied(r.layers);
  if (denied) return { kind: "status", status: 403, log: `AH01630: client denied by server configuration: ${r.filename ?? r.uri}` };

  // type_checker: mod_mime's AddHandler by extension; mod_wsgi's alias-forced type wins.
  typeChecker(r);

  // fixups.
  return fixups(engine, r);
}

function translateName(engine: Engine, r: Request): PhaseResult {
  const rw = engine.rewrite.translate(r);
  if (rw.kind === "status") return { kind: "status", status: rw.status, location: rw.location, log: rw.log };
  if (rw.kind === "ok") return { kind: "continue" };
  const alias = translateAlias(r, engine.aliases(r.server), (uri) => constructUrl(r, uri));
  if (alias.kind === "status") return alias;
  if (alias.kind === "ok") return { kind: "continue" };
  const wsgi = translateWsgiAlias(r, engine.wsgiAliases(r.server));
  if (wsgi.kind === "ok") return { kind: "continue" };
  const ud = translateUserDir(r, engine.userDir(r.server), engine.fs);
  if (ud.kind === "status") return ud;
  if (ud.kind === "ok") return { kind: "continue" };
  const core = translateCore(r, engine.documentRoot(r.server));
  if (core.kind === "status") return core;
  return { kind: "continue" };
}

function mapToStorage(engine: Engine, r: Request): PhaseResult {
  const layers: DirLayer[] = serverLayers(engine.model, r.server);
  const locations = locationLayers(engine.model, r.server, r.uri);
  const walk = directoryWalk(r, engine.model, engine.fs, (dir, allow) => engine.loadHtaccess(dir, allow), layers, locations);
  if (!walk.ok) {
    // The error is answered with the server-level configuration only: an ErrorDocument of a
    // <Location>, a <Directory> or an .htaccess does not apply to it (measured: fuzz cases
    // fuzz_pipeline_v1_s20261123_b4_r22 and fuzz_pipeline_s7_b0_r45).
    r.layers = serverLayers(engine.model, r.server);
    return { kind: "status", status: walk.status, log: walk.log };
  }
  layers.push(...locations);
  r.layers = layers;
  layers.push(...ifLayers(engine.model, r.server, layers, (e) => engine.rewrite.evaluateExpression(r, e) !== null));
  const api = lastDirective(layers, "acceptpathinfo")?.args[0]?.toLowerCase();
  if (api === "on") r.usedPathInfo = "accept";
  else if (api === "off") r.usedPathInfo = "reject";
  return { kind: "continue" };
}

function accessDenied(layers: readonly DirLayer[]): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const reqs = directivesByKey(layers[i].directives, "require");
    if (!reqs.length) continue;
    // Several Require lines in one section form an implicit <RequireAny>: one that grants is
    // enough. "Require all denied" never grants; providers htrewrite does not simulate (ip, host,
    // env …) are taken as granting.
    const grants = reqs.some((d) => {
      const words = d.args.map((a) => a.toLowerCase());
      if (words[0] === "all") return words[1] === "granted";
      return words[0] !== "not";
    });
    return !grants;
  }
  return false;
}

/** mod_mime's handler by extension (AddHandler, RemoveHandler), unless a handler is forced. */
function typeChecker(r: Request): void {
  if (r.handler === "wsgi-script" && r.notes.get("alias-forced-type")) return;
  if (r.filename === null || r.finfo?.type === "dir") return;
  const base = r.filename.slice(r.filename.lastIndexOf("/") + 1);
  const exts = base.split(".").slice(1).map((e) => e.toLowerCase());
  const handlers = new Map<string, string | null>();
  for (const l of r.layers) {
    const mime = directivesByKey(l.directives, "addhandler").length || directivesByKey(l.directives, "removehandler").length;
    if (!mime) continue;
    for (const d of l.directives) {
      if (d.key === "addhandler") {
        const [handler, ...extList] = d.args;
        for (const e of extList) handlers.set(e.replace(/^\./, "").toLowerCase(), handler.toLowerCase());
      } else if (d.key === "removehandler") {
        for (const e of d.args) handlers.set(e.replace(/^\./, "").toLowerCase(), null);
      }
    }
  }
  for (const e of exts) {
    const h = handlers.get(e);
    if (h) r.handler = h;
  }
}

function fixups(engine: Engine, r: Request): PhaseResult {
  // core_override_type (REALLY_FIRST): SetHandler.
  // "SetHandler None" overrides nothing: the handler mod_mime chose stays (measured).
  const sh = lastDirective(r.layers, "sethandler");
  if (sh && sh.args[0] && sh.args[0].toLowerCase() !== "none") r.handler = sh.args[0].toLowerCase();

  const rw = engine.rewrite.fixup(r);
  if (rw.kind === "status") return { kind: "status", status: rw.status, location: rw.location, log: rw.log };

  // mod_env (MIDDLE).
  const envLayers = r.layers
    .map((l) => l.directives)
    .filter((ds) => directivesByKey(ds, "setenv").length || directivesByKey(ds, "unsetenv").length || directivesByKey(ds, "passenv").length);
  if (envLayers.length) applyEnvFixup(r.subprocessEnv, mergedEnv(envLayers, engine.getenv));

  // mod_headers (LAST): RequestHeader edits that are not "early".
  for (const l of r.layers) applyRequestHeaders(directivesByKey(l.directives, "requestheader"), "fixup", r.headersIn, r.subprocessEnv);

  // mod_dir (LAST): trailing-slash redirect and DirectoryIndex.
  const dir = dirFixup(engine, r);
  if (dir.kind === "status") return dir;

  engine.rewrite.lateFixup(r);
  return { kind: "continue" };
}

function dirFixup(engine: Engine, r: Request): PhaseResult {
  if (r.finfo?.type !== "dir") return { kind: "continue" };
  if (r.uri === "" || !r.uri.endsWith("/")) {
    const slash = lastDirective(r.layers, "directoryslash")?.args[0]?.toLowerCase();
    if (slash === "off") return { kind: "continue" };
    const ifile = escapeUri(r.uri) + "/" + (r.args !== null ? `?${r.args}` : "");
    return { kind: "status", status: 301, location: constructUrl(r, ifile) };
  }
  if (r.handler === "redirect-handler") return { kind: "continue" };
  const names = directoryIndexNames(r.layers);
  if (names.length === 1 && names[0].toLowerCase() === "disabled") return { kind: "continue" };
  let errorNotFound = 0;
  for (const name of names) {
    if (name.toLowerCase() === "disabled") continue;
    const rel = name + (r.args !== null ? `?${r.args}` : "");
    const rr = subRequestUri(engine, r, rel.startsWith("/") ? rel : r.uri.slice(0, r.uri.lastIndexOf("/") + 1) + rel);
    if (rr.status === 200 && rr.req.finfo?.type === "file") {
      fastRedirect(rr.req, r);
      return { kind: "continue" };
    }
    if (rr.status >= 300 && rr.status < 400) return { kind: "status", status: rr.status, location: rr.location };
    if (rr.status && rr.status !== 404 && rr.status !== 200) errorNotFound = rr.status;
  }
  if (errorNotFound) return { kind: "status", status: errorNotFound };
  return { kind: "continue" };
}

/**
 * DirectoryIndex: the lines of one section add up (an ITERATE directive); a section that has any
 * replaces what it inherits; "disabled" clears the list. Default index.html.
 */
function directoryIndexNames(layers: readonly DirLayer[]): string[] {
  for (let i = layers.length - 1; i >= 0; i--) {
    const ds = directivesByKey(layers[i].directives, "directoryindex");
    if (!ds.length) continue;
    let names: string[] = [];
    for (const d of ds) {
      for (const a of d.args) {
        if (a.toLowerCase() === "disabled") names = ["disabled"];
        else names = names[0] === "disabled" ? [a] : [...names, a];
      }
    }
    return names;
  }
  return ["index.html"];
}

/** ap_internal_fast_redirect: the main request takes over the sub-request's mapping. */
function fastRedirect(rr: Request, r: Request): void {
  r.uri = rr.uri;
  r.filename = rr.filename;
  r.pathInfo = rr.pathInfo;
  r.args = rr.args;
  r.finfo = rr.finfo;
  r.handler = rr.handler;
  r.contentType = rr.contentType;
  r.layers = rr.layers;
  r.wsgiAlias = rr.wsgiAlias;
  r.contextPrefix = rr.contextPrefix;
  r.contextDocumentRoot = rr.contextDocumentRoot;
  r.usedPathInfo = rr.usedPathInfo;
  r.notes = overlay(rr.notes, r.notes);
  r.headersOut = overlay(rr.headersOut, r.headersOut);
  r.errHeadersOut = overlay(rr.errHeadersOut, r.errHeadersOut);
  r.subprocessEnv = overlay(rr.subprocessEnv, r.subprocessEnv);
}

/** apr_table_overlay(base, overlay): base's entries first, then overlay's. */
function overlay(first: ApacheTable, second: ApacheTable): ApacheTable {
  const t = first.clone();
  for (const [k, v] of second.pairs()) t.add(k, v);
  return t;
}

export interface SubrequestOutcome {
  status: number;
  location?: string;
  req: Request;
}

function newSubrequest(r: Request, uri: string, args: string | null): Request {
  r.pool.budget?.charge(WORK_COST.subrequest, "sub-requests");
  const sub = new Request({
    method: "GET",
    protocol: r.protocol,
    theRequest: r.theRequest,
    unparsedUri: uri,
    scheme: r.scheme,
    uri,
    args,
    headersIn: r.headersIn,
    server: r.server,
    conn: r.conn,
    hostname: r.hostname,
    explicitPort: r.explicitPort,
    isSubreq: true,
    // A sub-request has its own pool (so mod_rewrite's END marker of the parent is not seen) and
    // no redirect history of its own (its trace tag is plain "subreq").
    redirectDepth: 0,
    pool: { endFlag: false, cookiesSet: r.pool.cookiesSet, budget: r.pool.budget },
    time: r.time,
    log: [],
  });
  sub.main = r;
  sub.prev = null;
  sub.tracer = r.tracer;
  sub.subprocessEnv = r.subprocessEnv.clone();
  sub.setenvifServerDone = true;
  return sub;
}

/** ap_sub_req_lookup_uri: run the phases up to fixups for another URI (no handler). */
export function subRequestUri(engine: Engine, r: Request, url: string): SubrequestOutcome {
  const target = parseRequestTarget(url);
  const sub = newSubrequest(r, target.rawPath, target.args);
  sub.layers = serverLayers(engine.model, r.server);
  const res = processRequestInternal(engine, sub);
  if (res.kind === "status") return { status: res.status, location: res.location, req: sub };
  return { status: 200, req: sub };
}

/** ap_sub_req_lookup_file: map a file path directly (no translate phase). */
export function subRequestFile(engine: Engine, r: Request, path: string): SubrequestOutcome {
  const sub = newSubrequest(r, r.uri, r.args);
  sub.layers = serverLayers(engine.model, r.server);
  sub.filename = path;
  const mapped = mapToStorage(engine, sub);
  if (mapped.kind === "status") return { status: mapped.status, req: sub };
  if (accessDenied(sub.layers)) return { status: 403, req: sub };
  typeChecker(sub);
  const fx = fixups(engine, sub);
  if (fx.kind === "status") return { status: fx.status, location: fx.location, req: sub };
  return { status: 200, req: sub };
}

/** The handler phase. */
function runHandler(engine: Engine, r: Request): Response {
  const headers = new ApacheTable();
  if (r.handler === "wsgi-script" || r.handler === "application/x-httpd-wsgi") {
    const out = runWsgiHandler(engine, r);
    if (!out.ok) return errorResponse(out.status, r, [...r.log, out.log]);
    for (const [k, v] of r.headersOut.pairs()) headers.add(k, v);
    for (const [k, v] of r.errHeadersOut.pairs()) headers.add(k, v);
    return { status: 200, location: null, headers, kind: "wsgi", body: null, wsgi: out.outcome, request: r, log: r.log };
  }
  if (r.handler === "proxy-server" && r.filename?.startsWith("proxy:")) return proxyHandler(engine, r);
  if (r.status !== 200) return errorResponse(r.status, r, r.log);
  // Handlers htrewrite does not run (cgi-script without mod_cgi, proxy …) fall to the default handler.
  if (r.filename === null || r.finfo === null) {
    r.log.push(`AH00128: File does not exist: ${r.filename ?? r.uri}`);
    return errorResponse(404, r, r.log);
  }
  if (r.finfo.type === "dir" && r.handler === null && (r.method === "GET" || r.method === "HEAD") && engine.loadedModules.has("autoindex_module")) {
    // mod_autoindex answers a directory that mod_dir found no index for. Without Options
    // Indexes it refuses (403, AH01276), as Debian's default module set does for every site
    // whose folders lack an index (measured: real-world corpus, e.g. rw_codeigniter4_public).
    // The listing itself (Options Indexes) is not generated: it stays a known difference.
    if (!effectiveOptions(r.layers).has("Indexes")) {
      const names = directoryIndexNames(r.layers).join(", ");
      r.log.push(`AH01276: Cannot serve directory ${r.filename}: No matching DirectoryIndex (${names}) found, and server-generated directory index forbidden by Options directive`);
      return errorResponse(403, r, r.log);
    }
  }
  if (r.finfo.type === "dir") {
    r.log.push(`AH00037: Attempt to serve directory: ${r.filename}`);
    return errorResponse(404, r, r.log);
  }
  if (r.usedPathInfo !== "accept" && r.pathInfo) {
    r.log.push(`AH00128: File does not exist: ${r.filename}${r.pathInfo}`);
    return errorResponse(404, r, r.log);
  }
  const content = engine.fs.readFile(r.filename);
  if (content === null) return errorResponse(403, r, [...r.log, `AH00132: file permissions deny server access: ${r.filename}`]);
  // A HEAD answer has the headers of the GET answer and no body.
  const body = r.method === "HEAD" ? Buffer.alloc(0) : content;
  for (const [k, v] of r.headersOut.pairs()) headers.add(k, v);
  for (const [k, v] of r.errHeadersOut.pairs()) headers.add(k, v);
  return { status: 200, location: null, headers, kind: "file", body, wsgi: null, request: r, log: r.log };
}

/** How many loopback proxy hops one client request may take before htrewrite gives up. */
const MAX_PROXY_HOPS = 8;

/**
 * mod_proxy's handler for a [P] (or ProxyPass-like) request. htrewrite proxies to no other host:
 * a backend that is this very server (a loopback address or localhost on one of its listeners)
 * is served in-process as a fresh request, as Apache would receive it; any other backend is
 * reported as a proxy decision (502, with the URL in the log).
 */
function proxyHandler(engine: Engine, r: Request): Response {
  const url = r.filename!.slice("proxy:".length) + (r.args !== null && !r.filename!.includes("?") ? `?${r.args}` : "");
  const m = /^http:\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?([^#]*)$/i.exec(url);
  const hops = r.proxyHops + 1;
  if (m && hops <= MAX_PROXY_HOPS) {
    const host = m[1].toLowerCase();
    const port = m[2] ? Number(m[2]) : 80;
    const local = host === "127.0.0.1" || host === "localhost" || host === "[::1]";
    if (local && engine.model.listenPorts.includes(port)) {
      const headers: Array<[string, string]> = [["Host", m[2] ? `${m[1]}:${m[2]}` : m[1]]];
      for (const [k, v] of r.headersIn.pairs()) if (k.toLowerCase() !== "host") headers.push([k, v]);
      headers.push(["X-Forwarded-For", r.conn.remoteIp], ["X-Forwarded-Host", r.headersIn.get("Host") ?? ""], ["X-Forwarded-Server", r.server.serverHostname]);
      const inner = serveRequest(
        engine,
        {
          method: r.method,
          target: m[3] || "/",
          httpVersion: "1.1",
          headers,
          conn: { localIp: "127.0.0.1", localPort: port, remoteIp: "127.0.0.1", remotePort: r.conn.remotePort + 1, secure: false },
          time: r.time,
        },
        r.tracer,
        hops,
      );
      return { ...inner, log: [...r.log, ...inner.log] };
    }
  }
  r.log.push(`proxy to ${url}: htrewrite does not proxy to other servers (recorded as the proxy decision)`);
  return errorResponse(502, r, r.log);
}

