/**
 * hook_uri2file: server-context rewriting at translate-name time (spec §1.2 entry gate, §1.6
 * final outcome).
 */
import type { ByteString } from "../util/bytes.js";
import { createContext, trace } from "./context.js";
import type { RewriteContext } from "./context.js";
import { escapeUri, hasControlOrSpace } from "../util/escape.js";
import type { RewriteRequest, RewriteServer } from "./host.js";
import { coreTranslate, expandTilde, prefixStat } from "./localpath.js";
import type { RewriteHookResult, RewriteOutcome } from "./outcome.js";
import { applyRuleList } from "./ruleset.js";
import type { ListResult } from "./ruleset.js";
import type { RewriteTracer } from "./trace.js";
import type { CompiledRule, RewritePerDirConfig, RewriteServerConfig } from "./types.js";
import { absoluteUriSkip, escapeAbsoluteUri } from "./uri.js";

/** Inputs of a mod_rewrite hook call. */
export interface RewriteHookInput {
  req: RewriteRequest;
  server: RewriteServer;
  /** mod_rewrite's server config visible to the request's virtual host (merged), or null. */
  serverConfig: RewriteServerConfig | null;
  /** Identifies r->server; compared with serverConfig.owner (see RewriteServerConfig.owner). */
  serverId: string;
  /** The request's merged per-directory mod_rewrite config at this phase, or null. */
  perDirConfig: RewritePerDirConfig | null;
  /** Trace sink; null or absent = no tracing. */
  tracer?: RewriteTracer | null;
  /** Random source for rnd: maps (default Math.random). */
  random?: () => number;
}

const NOTE_REWRITTEN = "mod_rewrite_rewritten";
const ACTION_NUMBERS: Record<ListResult, number> = { unchanged: 0, normal: 1, noescape: 2, status: 4, "status-set": 8 };

function resultFromNumber(n: number): ListResult {
  for (const [k, v] of Object.entries(ACTION_NUMBERS)) if (v === n) return k as ListResult;
  return "unchanged";
}

function declined(ctx: RewriteContext | null): RewriteHookResult {
  return { outcome: { kind: "declined" }, errors: ctx?.errors ?? [] };
}

/** SCRIPT_URL / SCRIPT_URI, set on every pass that gets past the gate. */
function setScriptUrl(req: RewriteRequest, server: RewriteServer): void {
  const env = req.subprocessEnv;
  let url: string | undefined;
  if (!req.isSubreq || !req.main) url = env.get("REDIRECT_SCRIPT_URL") ?? req.uri;
  else url = req.main.subprocessEnv.get("SCRIPT_URL");
  if (url !== undefined) env.set("SCRIPT_URL", url);
  const port = server.serverPort(req);
  const portPart = port === server.defaultPort(req) ? "" : `:${port}`;
  env.set("SCRIPT_URI", `${req.scheme}://${server.serverNameForUrl(req)}${portPart}${env.get("SCRIPT_URL") ?? ""}`);
}

/**
 * The shared final step for absolute results (server and per-dir): escape unless [NE], append the
 * query (verbatim when [NE] or unchanged from the request), pick the status.
 */
export function finishRedirect(
  ctx: RewriteContext,
  filename: ByteString,
  skip: number,
  changed: ListResult,
  originalArgs: ByteString | null,
): RewriteOutcome {
  const { req } = ctx;
  let url = filename;
  if (changed !== "noescape") {
    trace(ctx, 1, ctx.perdir, `escaping ${url} for redirect`);
    url = escapeAbsoluteUri(url, skip);
  }
  if (req.args !== null) {
    const noescape = changed === "noescape" || (originalArgs !== null && req.args === originalArgs);
    const q = noescape ? req.args : escapeUri(req.args);
    url += "?" + q;
    trace(ctx, 1, ctx.perdir, `${noescape ? "copying" : "escaping"} ${req.args} to query string for redirect ${noescape ? "" : q}`);
  }
  let status = 302;
  if (req.status >= 300 && req.status <= 399) {
    status = req.status;
    req.status = 200;
  }
  req.filename = url;
  trace(ctx, 1, ctx.perdir, `redirect to ${url} [REDIRECT/${status}]`);
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(url)) {
    // Only reachable with [NE]: core's header filter refuses a Location with control characters
    // and answers 500 (measured on 2.4.71: AH02430 for a decoded %0a/%0d under [R,NE]).
    ctx.errors.push(`AH02430: Response header 'Location' value of '${url}' contains invalid characters, aborting request`);
    return { kind: "status", status: 500 };
  }
  req.headersOut.set("Location", url);
  return { kind: "redirect", status, location: url };
}

/** Control-character guard (CVE-2023-25690): raw CTL/space in the query unless an escaped redirect. */
export function queryGuardFails(req: RewriteRequest, changed: ListResult): boolean {
  if (req.args === null || !hasControlOrSpace(req.args)) return false;
  const willEscape = absoluteUriSkip(req.filename ?? "") > 0 && changed !== "noescape";
  return !willEscape;
}

/**
 * The first outcome checks both hooks make after a changing pass, in Apache's order: the query
 * control-character guard (AH10410 server context / AH10411 per-dir), then a status rule
 * ([F], [G], [R=non-3xx]: the status is returned and r->status reset), then an unsafe `?`
 * (AH10508, already logged). Null when the pass goes on to its result.
 */
export function guardOutcome(ctx: RewriteContext, req: RewriteRequest, changed: ListResult, ctlCode: "AH10410" | "AH10411"): RewriteOutcome | null {
  if (queryGuardFails(req, changed)) {
    ctx.errors.push(`${ctlCode}: Rewritten query string contains control characters or spaces`);
    return { kind: "status", status: 403 };
  }
  if (changed === "status") {
    const status = req.status;
    req.status = 200;
    return { kind: "status", status };
  }
  if (changed === "status-set") return { kind: "status", status: req.status };
  return null;
}

/** Run the server-context ruleset for a request (hook_uri2file). */
export function rewriteTranslateName(input: RewriteHookInput): RewriteHookResult {
  const { req, server, serverConfig: sconf, perDirConfig: dconf } = input;
  if (dconf === null || !dconf.engine) return declined(null);
  if (sconf === null || sconf.owner !== input.serverId) return declined(null);
  const ctx = createContext({
    req,
    server,
    sconf,
    dconf,
    perdir: null,
    tracer: input.tracer ?? null,
    random: input.random,
  });
  if (req.pool.endFlag) {
    trace(ctx, 8, null, "Declining, no further rewriting due to END flag");
    return declined(ctx);
  }
  if (!dconf.options.has("AllowAnyURI") && (req.unparsedUri === "*" || !req.uri.startsWith("/"))) {
    trace(
      ctx,
      8,
      null,
      `Declining, request-URI '${req.uri}' is not a URL-path. Consult the manual entry for the RewriteOptions directive for options and caveats about matching other strings.`,
    );
    return declined(ctx);
  }
  setScriptUrl(req, server);

  let changed: ListResult;
  let lastSub: CompiledRule | null = null;
  const saved = req.notes.get(NOTE_REWRITTEN);
  if (saved === undefined) {
    if (req.filename === null) {
      req.filename = req.uri;
      trace(ctx, 2, null, `init rewrite engine with requested uri ${req.filename}`);
    } else {
      trace(ctx, 2, null, `init rewrite engine with passed filename ${req.filename}. Original uri = ${req.uri}`);
    }
    const pass = applyRuleList(sconf.rules, ctx);
    changed = pass.result;
    lastSub = pass.lastSubstituting;
    req.notes.set(NOTE_REWRITTEN, String(ACTION_NUMBERS[changed]));
  } else {
    trace(ctx, 2, null, `uri already rewritten. Status ${saved}, Uri ${req.uri}, r->filename ${req.filename ?? "(null)"}`);
    changed = resultFromNumber(parseInt(saved, 10));
  }

  const result = (outcome: RewriteOutcome): RewriteHookResult => ({ outcome, errors: ctx.errors });
  if (changed === "unchanged") {
    trace(ctx, 1, null, `pass through ${req.filename ?? "(null)"}`);
    return declined(ctx);
  }
  const filename = req.filename ?? "";
  const skip = filename !== "" ? absoluteUriSkip(filename) : 0;
  const guarded = guardOutcome(ctx, req, changed, "AH10410");
  if (guarded) return result(guarded);

  if (filename.length > 6 && filename.startsWith("proxy:")) {
    if (!server.proxyAvailable()) {
      ctx.errors.push(`AH00669: attempt to make remote request from mod_rewrite without proxy enabled: ${filename}`);
      return result({ kind: "status", status: 403 });
    }
    if (changed === "noescape") req.notes.set("proxy-nocanon", "1");
    let f = filename;
    if (req.pathInfo !== null) f += req.pathInfo;
    if (req.args !== null && (req.proxyreq === "proxy" || req.notes.has("proxy-nocanon"))) f += "?" + req.args;
    req.filename = f;
    if (req.proxyreq === "none") req.proxyreq = "reverse";
    req.handler = "proxy-server";
    trace(ctx, 1, null, `go-ahead with proxy request ${f} [OK]`);
    return result({ kind: "ok" });
  }
  if (skip > 0) return result(finishRedirect(ctx, filename, skip, changed, ctx.originalArgs));
  if (filename.length > 12 && filename.startsWith("passthrough:")) {
    req.uri = filename.slice(12);
    return declined(ctx);
  }
  // A local path.
  req.filename = expandTilde(filename, server);
  trace(ctx, 2, null, `local path result: ${req.filename}`);
  if (!req.filename.startsWith("/")) return result({ kind: "status", status: 400 });
  const uriReduced = sconf.options.has("LegacyPrefixDocRoot") ? undefined : req.notes.get("mod_rewrite_uri_reduced");
  const docroot = server.documentRoot(req);
  const isFsPath = prefixStat(
    req.filename,
    sconf.options.has("UnsafePrefixStat") ? null : lastSub,
    docroot,
    server.contextDocumentRoot(req),
    (p) => server.stat(p) !== null,
    ctx.tracer ? (level, msg) => trace(ctx, level, null, msg) : null,
  );
  if (!isFsPath || uriReduced !== undefined) {
    const mapped = coreTranslate(docroot, req.filename);
    if (mapped === null) {
      trace(ctx, 1, null, `prefixing with document_root of ${req.filename} FAILED`);
      ctx.errors.push(`AH00127: Cannot map ${req.method} ${req.filename} to file`);
      return result({ kind: "status", status: 403 });
    }
    req.filename = mapped;
    trace(ctx, 2, null, `prefixed with document_root to ${req.filename}`);
  }
  trace(ctx, 1, null, `go-ahead with ${req.filename} [OK]`);
  return result({ kind: "ok" });
}
