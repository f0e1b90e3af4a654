/**
 * mod_wsgi's content handler for a request the pipeline routed to it: the checks that come
 * before group selection (wsgi.md R25), the group expansion with its precedence (R10–R15), the
 * dispatch to embedded mode or a daemon (R24), and the WSGI environ the application would see.
 */
import { unobservedConnection } from "../decision-observer.js";
import { execRefusal } from "../exec-consent.js";
import type { DaemonGroup } from "../../wsgi/dispatch.js";
import { dispatchRequest } from "../../wsgi/dispatch.js";
import { expandApplicationGroup, expandCallableObject, expandProcessGroup, type EnvLookup } from "../../wsgi/expand.js";
import { cgiScriptName, resourceScriptName, type WsgiNameInputs } from "../../wsgi/names.js";
import type { Engine } from "../engine.js";
import type { Request } from "../request.js";
import { serverName, serverPort } from "../server-name.js";
import { escapeUri } from "../../util/escape.js";
import { core, usedPathInfo } from "./core.js";
import type { WsgiDirConfig, WsgiServerConfig } from "./wsgi-config.js";

export interface WsgiOutcome {
  applicationGroup: string;
  processGroup: string;
  callableObject: string;
  scriptFilename: string;
  mode: "embedded" | "daemon";
  daemon: DaemonGroup | null;
  /** The WSGI environ's string variables (CGI variables plus subprocess_env; later entries win). */
  environ: Record<string, string>;
}

export type WsgiHandlerResult = { ok: true; outcome: WsgiOutcome } | { ok: false; status: number; log: string };

/** notes → subprocess_env (first entry, case-insensitive) → the process environment (exact). */
export function envLookup(engine: Engine, r: Request): EnvLookup {
  return (name) => r.notes.get(name) ?? r.subprocessEnv.get(name) ?? engine.getenv(name);
}

/** The request's values for the expanders (wsgi.md §1). */
export function wsgiNameInputs(r: Request, engine: Engine): WsgiNameInputs {
  return {
    serverHostname: r.server.serverHostname,
    requestHostname: r.hostname ?? "",
    effectivePort: serverPort(r, engine),
    scriptName: resourceScriptName(r.uri, r.pathInfo),
  };
}

export function runWsgiHandler(engine: Engine, r: Request, conf: WsgiDirConfig, server: WsgiServerConfig): WsgiHandlerResult {
  const aliased = r.notes.get("alias-forced-type") === "wsgi-script";
  if (!engine.modules.dirConfig(core, r).options.has("ExecCGI") && !aliased) {
    return { ok: false, status: 403, log: `Options ExecCGI is off in this directory: ${r.filename ?? ""}` };
  }
  if (r.filename === null || r.finfo === null) {
    return { ok: false, status: 404, log: `Target WSGI script not found or unable to stat: ${r.filename ?? r.uri}` };
  }
  if (r.finfo.type === "dir") return { ok: false, status: 403, log: `Attempt to invoke directory as WSGI application: ${r.filename}` };
  if (r.pathInfo && usedPathInfo(r, engine) === "reject") return { ok: false, status: 404, log: `AcceptPathInfo Off: path info rejected for ${r.filename}` };

  let app = conf.applicationGroup;
  let proc = conf.processGroup;
  const callableDirective = conf.callableObject;
  const lookup = envLookup(engine, r);
  const names = wsgiNameInputs(r, engine);
  let callable = expandCallableObject(callableDirective, lookup);
  if (aliased && r.wsgiAlias) {
    const o = r.wsgiAlias.options;
    if (o["application-group"] !== undefined) app = o["application-group"];
    if (o["process-group"] !== undefined) proc = o["process-group"];
    // The alias's callable-object= is used as written, never expanded (wsgi.md R15, vector 62).
    if (o["callable-object"] !== undefined) callable = o["callable-object"];
  }
  let applicationGroup = expandApplicationGroup(app, names, lookup);
  let processGroup = expandProcessGroup(proc, names, lookup);
  const environ = buildEnviron(engine, r);

  const dispatchScript = conf.dispatchScript;
  if (dispatchScript?.args[0]) {
    const file = dispatchScript.args[0];
    // One in an .htaccess file is met only here (the configuration's are refused at load).
    if (!engine.allowExec) {
      return { ok: false, status: 500, log: execRefusal("WSGIDispatchScript", dispatchScript.pos.file, dispatchScript.pos.lastLine ?? dispatchScript.pos.line) };
    }
    const source = engine.fs.readFile(file);
    if (source === null) return { ok: false, status: 500, log: `Target WSGI dispatch script '${file}' does not exist.` };
    // A dispatch script is a program: it may answer an identical request differently.
    engine.observer?.unrepeatable("WSGIDispatchScript");
    const run = engine.dispatchScripts.run(source.toString("latin1"), file, environ);
    if (!run.ok) return { ok: false, status: 500, log: run.error };
    // By now the CGI variables are in the environment, so %{ENV:HTTP_HOST} resolves (wsgi.md R11).
    const full: EnvLookup = (name) => {
      const found = lookup(name);
      if (found !== undefined) return found;
      const key = Object.keys(environ).find((k) => k.toLowerCase() === name.toLowerCase());
      return key === undefined ? undefined : environ[key];
    };
    const a = run.answers;
    if (a.applicationGroup !== null) applicationGroup = expandApplicationGroup(a.applicationGroup, names, full);
    if (a.processGroup !== null) processGroup = expandProcessGroup(a.processGroup, names, full);
    if (a.callableObject !== null) callable = expandCallableObject(a.callableObject, full);
  }

  const dispatched = dispatchRequest({
    processGroup,
    restrictProcess: conf.restrictProcess,
    restrictEmbedded: server.restrictEmbedded,
    daemons: server.daemons,
    serverId: r.server.id,
    serverHostname: r.server.serverHostname,
  });
  if (!dispatched.ok) return { ok: false, status: dispatched.status, log: dispatched.message };

  const loaded = engine.scriptDefines(r.filename, callable);
  if (loaded === "invalid") return { ok: false, status: 500, log: `Could not read/compile source file '${r.filename}'.` };
  if (loaded === "missing") {
    return { ok: false, status: 404, log: `Target WSGI script '${r.filename}' does not contain WSGI application '${callable}'.` };
  }
  // mod_wsgi refuses a request body it would have to read chunked (WSGIChunkedRequest Off): a
  // coding list other than exactly "chunked" is 501, a chunked body 411; the wording is
  // mod_wsgi's own (measured: golden case rh_framing and its recorded error log).
  const coding = r.headersIn.get("Transfer-Encoding");
  if (coding !== undefined) {
    if (coding.toLowerCase() !== "chunked") {
      return { ok: false, status: 501, log: `Unexpected value for Transfer-Encoding of '${coding}' supplied. Only 'chunked' supported.: ${r.filename}` };
    }
    return { ok: false, status: 411, log: `Received request requiring chunked transfer encoding, but optional support for chunked transfer encoding has not been enabled.: ${r.filename}` };
  }
  const processes = dispatched.mode === "daemon" ? dispatched.daemon.processes : 1;
  engine.registry.record(processGroup, applicationGroup, processes);
  engine.observer?.groupRecorded(processGroup, applicationGroup, processes);

  return {
    ok: true,
    outcome: {
      applicationGroup,
      processGroup,
      callableObject: callable,
      scriptFilename: r.filename,
      mode: dispatched.mode,
      daemon: dispatched.mode === "daemon" ? dispatched.daemon : null,
      environ,
    },
  };
}

/** The first request of an internal-redirect chain (REQUEST_URI comes from it). */
function originalRequest(r: Request): Request {
  let o = r;
  while (o.prev) o = o.prev;
  return o;
}

/**
 * ap_add_common_vars + ap_add_cgi_vars as mod_wsgi calls them: HTTP_* headers, server and
 * request variables, REDIRECT_URL/REDIRECT_QUERY_STRING after an internal redirect, then
 * subprocess_env (iterated in order, so a later entry of a name wins in the dict).
 */
export function buildEnviron(engine: Engine, r: Request): Record<string, string> {
  const env: Record<string, string> = {};
  // The header a variable was copied from (the last of a name wins, as in the dict).
  const fromHeader = new Map<string, string>();
  for (const [k, v] of r.headersIn.echoPairs()) {
    const name = "HTTP_" + k.toUpperCase().replace(/[^A-Z0-9]/g, "_");
    if (name === "HTTP_CONTENT_TYPE" || name === "HTTP_CONTENT_LENGTH") continue;
    env[name] = v;
    fromHeader.set(name, k);
  }
  for (const [k, v] of r.subprocessEnv.pairs()) {
    env[k] = v;
    fromHeader.delete(k);
  }
  const conn = unobservedConnection(r.conn);
  const coreServer = engine.modules.serverConfig(core, r.server);
  const docroot = coreServer.documentRoot;
  Object.assign(env, {
    SERVER_SIGNATURE: "",
    SERVER_SOFTWARE: "Apache/2.4.71 (Debian)",
    SERVER_NAME: serverName(r, engine),
    SERVER_ADDR: r.conn.localIp,
    SERVER_PORT: String(serverPort(r, engine)),
    REMOTE_ADDR: conn.remoteIp,
    DOCUMENT_ROOT: docroot,
    REQUEST_SCHEME: r.scheme,
    CONTEXT_PREFIX: r.contextPrefix ?? "",
    CONTEXT_DOCUMENT_ROOT: r.contextDocumentRoot ?? docroot,
    SERVER_ADMIN: coreServer.serverAdmin,
    SCRIPT_FILENAME: r.filename ?? "",
    REMOTE_PORT: String(conn.remotePort),
    GATEWAY_INTERFACE: "CGI/1.1",
    SERVER_PROTOCOL: r.protocol,
    REQUEST_METHOD: r.method,
    QUERY_STRING: r.args ?? "",
    REQUEST_URI: originalRequest(r).unparsedUri,
    // mod_wsgi collapses runs of "/" in SCRIPT_NAME (visible with MergeSlashes Off).
    SCRIPT_NAME: cgiScriptName(r.uri, r.pathInfo).replace(/\/{2,}/g, "/"),
  });
  if (r.prev) {
    if (r.prev.args !== null) env.REDIRECT_QUERY_STRING = r.prev.args;
    env.REDIRECT_URL = r.prev.uri;
  }
  if (r.pathInfo) {
    env.PATH_INFO = r.pathInfo;
    // ap_add_cgi_vars maps PATH_INFO as a URL through a sub-request (which runs the
    // server-context rewrite rules, visible in the trace as [subreq] lines).
    const sub = engine.runner.subRequestUri(r, escapeUri(r.pathInfo));
    if (sub.req.filename !== null) env.PATH_TRANSLATED = sub.req.filename + (sub.req.pathInfo ?? "");
  } else {
    env.PATH_INFO = "";
  }
  // Copies of the request, for the decision memo (every later assignment above is to other names).
  const observer = engine.observer;
  if (observer !== null) {
    for (const [name, header] of fromHeader) observer.echoed(name, { header });
    observer.echoed("REMOTE_ADDR", { remote: "remoteIp" });
    observer.echoed("REMOTE_PORT", { remote: "remotePort" });
  }
  return env;
}
