/**
 * The phase loop: Apache's request phases for one request, internal redirects and sub-requests
 * included (http_request.c ap_process_request_internal, ap_internal_redirect, ap_die,
 * ap_sub_req_lookup_uri/file, ap_internal_fast_redirect; spec/overview.md "The pipeline"). It
 * knows no module: each phase runs the hooks the loaded modules registered (server/modules/),
 * in their order, until one answers (RUN_FIRST) or all have run (RUN_ALL).
 *
 *   post-read   headers (early), setenvif (server level)
 *   translate   rewrite (server context) → alias → wsgi → userdir → core
 *   map         core: directory walk + .htaccess, <DirectoryMatch>, <Files>, <Location>, <If>
 *   header      setenvif (per directory)
 *   access      authz_core
 *   type        mime
 *   fixups      core (SetHandler), rewrite (per directory), env, headers, dir, rewrite ([T=]/[H=])
 *   handler     rewrite (redirect-handler), proxy, wsgi, autoindex, core (static files)
 */
import { ApacheTable } from "../env/table.js";
import { readRequest, readStructuredRequest } from "../http/read-request.js";
import { WORK_COST, WorkBudget, WorkBudgetExceeded } from "../rewrite/budget.js";
import { emitTrace, type RewriteTracer } from "../rewrite/trace.js";
import type { Engine } from "./engine.js";
import { core } from "./modules/core.js";
import { accessDenied } from "./modules/authz.js";
import { DECLINED, OK, PHASE_RUNS, type HookResult, type Phase, type RequestRunner, type SubrequestOutcome } from "./modules/types.js";
import { ifLayers, locationLayers, serverLayers } from "./per-dir.js";
import { ObservedHeaderTable, observedConnection } from "./decision-observer.js";
import { Request, type RawRequest } from "./request.js";
import { errorResponse, type Response } from "./response.js";
import { decodeRequestPath, parseRequestTarget } from "./uri.js";
import { selectServer } from "./vhost-select.js";

export type { RawRequest } from "./request.js";
export type { Response } from "./response.js";
export type { SubrequestOutcome } from "./modules/types.js";

/** Run one phase's hooks (RUN_FIRST stops at the first that does not decline; RUN_ALL only at an answer). */
function runPhase(engine: Engine, phase: Phase, r: Request): HookResult {
  const first = PHASE_RUNS[phase] === "first";
  for (const hook of engine.modules.hooks(phase)) {
    const res = hook(r, engine);
    if (res.kind === "declined") continue;
    if (res.kind === "ok") {
      if (first) return res;
      continue;
    }
    return res;
  }
  return first ? DECLINED : OK;
}

/** Serve one raw request. Never throws for bad request input: that is a 400. */
export function serveRequest(engine: Engine, raw: RawRequest, tracer: RewriteTracer | null = null, proxyHops = 0): Response {
  const log: string[] = [];
  // The protocol layer (src/http): what core reads and checks before a virtual host is chosen.
  const options = engine.modules.serverConfig(core, engine.model.main).protocolOptions;
  const wire = raw.bytes !== undefined ? readRequest(raw.bytes, options, raw.conn.secure) : readStructuredRequest(raw, options, raw.conn.secure);
  if (!wire.ok) return errorResponse(wire.status, null, [wire.log]);
  const { method, unparsedUri, protocol, target, hostname, explicitPort } = wire;
  // While the decision memo records this decision, what it reads of the request is reported.
  const observer = engine.observer;
  const headersIn = observer === null ? wire.headersIn : new ObservedHeaderTable(wire.headersIn, observer);
  const conn = observer === null ? raw.conn : observedConnection(raw.conn, observer);
  const server = selectServer(engine.model, raw.conn.localIp, raw.conn.localPort, hostname ?? "");
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
    conn,
    hostname,
    explicitPort,
    isSubreq: false,
    redirectDepth: 0,
    pool: { endFlag: false, cookiesSet: new Set(), budget: new WorkBudget(engine.workBudget) },
    time: () => {
      observer?.unrepeatable("the request time");
      return raw.time ?? engine.now();
    },
    log,
  });
  r.tracer = tracer;
  r.proxyHops = proxyHops;
  r.layers = serverLayers(engine.model, server);
  try {
    runPhase(engine, "postReadRequest", r);
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

/** The main request and its chain of internal redirects (ErrorDocument ones included). */
function runMainRequest(engine: Engine, first: Request): Response {
  let r = first;
  for (;;) {
    if (r.unparsedUri === "*" && r.method === "OPTIONS") {
      // OPTIONS * is answered by the core itself (an empty 200), whatever modules translate.
      const tr = runPhase(engine, "translateName", r);
      if (tr.kind === "status") return errorResponse(tr.status, r, r.log, tr.location ?? null);
      return { status: 200, location: null, headers: new ApacheTable(), kind: "file", body: Buffer.alloc(0), wsgi: null, request: r, log: r.log };
    }
    const phases = processRequestInternal(engine, r);
    if (phases.kind === "response") return phases.response;
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
    const handled = runPhase(engine, "handler", r);
    if (handled.kind === "internal-redirect") {
      const next = internalRedirect(engine, r, handled.url);
      if (!(next instanceof Request)) return errorResponse(next.status, r, r.log);
      r = next;
      continue;
    }
    const res = handlerResponse(r, handled);
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

/** The handler phase's answer as a response (a status a handler returns is Apache's error response). */
function handlerResponse(r: Request, res: HookResult): Response {
  switch (res.kind) {
    case "response":
      return res.response;
    case "status":
      return errorResponse(res.status, r, res.log !== undefined ? [...r.log, res.log] : r.log, res.location ?? null);
    default:
      // The core's default handler always answers; a declined handler phase is a 500 in httpd.
      return errorResponse(500, r, [...r.log, `AH00524: Handler for ${r.handler ?? "(null)"} returned invalid result code ${res.kind}`]);
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
  const msg = engine.modules.dirConfig(core, r).errorDocuments.get(String(status));
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
function internalRedirect(engine: Engine, r: Request, url: string): Request | { status: number } {
  const limit = engine.modules.serverConfig(core, r.server).limitInternalRecursion;
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
    time: () => r.time,
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
  runPhase(engine, "postReadRequest", n);
  return n;
}

/** Everything before the handler (ap_process_request_internal). */
function processRequestInternal(engine: Engine, r: Request): HookResult {
  // URI normalisation (ap_process_request_internal's first step).
  if (r.uri !== "*" || !r.isSubreq) {
    const coreServer = engine.modules.serverConfig(core, r.server);
    const decoded = decodeRequestPath(r.uri, coreServer);
    if (!decoded.ok) return { kind: "status", status: decoded.status, log: decoded.reason };
    r.uri = decoded.uri;
  }
  // The location walk before translate_name: <Location> layers decide whether mod_rewrite's
  // engine is on for this URI, and <If> sections among them apply.
  r.layers = [...serverLayers(engine.model, r.server), ...locationLayers(engine.model, r.server, r.uri)];
  r.layers.push(...ifLayers(engine.model, r.server, r.layers, (e, s) => engine.rewrite.evaluateExpression(r, e, s.node.regexDefaults) !== null));
  for (const phase of ["translateName", "mapToStorage", "headerParser", "accessChecker", "typeChecker", "fixups"] as const) {
    const res = runPhase(engine, phase, r);
    // A phase may also answer the request itself (http_core's TRACE at map_to_storage).
    if (res.kind === "status" || res.kind === "response") return res;
  }
  return OK;
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
    time: () => r.time,
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
function subRequestUri(engine: Engine, r: Request, url: string): SubrequestOutcome {
  const target = parseRequestTarget(url);
  const sub = newSubrequest(r, target.rawPath, target.args);
  sub.layers = serverLayers(engine.model, r.server);
  const res = processRequestInternal(engine, sub);
  if (res.kind === "status") return { status: res.status, location: res.location, req: sub };
  return { status: 200, req: sub };
}

/** ap_sub_req_lookup_file: map a file path directly (no translate phase). */
function subRequestFile(engine: Engine, r: Request, path: string): SubrequestOutcome {
  const sub = newSubrequest(r, r.uri, r.args);
  sub.layers = serverLayers(engine.model, r.server);
  sub.filename = path;
  const mapped = runPhase(engine, "mapToStorage", sub);
  if (mapped.kind === "status") return { status: mapped.status, req: sub };
  if (accessDenied(sub, engine)) return { status: 403, req: sub };
  runPhase(engine, "typeChecker", sub);
  const fx = runPhase(engine, "fixups", sub);
  if (fx.kind === "status") return { status: fx.status, location: fx.location, req: sub };
  return { status: 200, req: sub };
}

/** What modules call back into the loop for (sub-requests, fast redirects, loopback proxying). */
export function pipelineRunner(engine: Engine): RequestRunner {
  return {
    serve: (raw, tracer, hops) => serveRequest(engine, raw, tracer, hops),
    subRequestUri: (r, url) => subRequestUri(engine, r, url),
    subRequestFile: (r, path) => subRequestFile(engine, r, path),
    fastRedirect,
  };
}
