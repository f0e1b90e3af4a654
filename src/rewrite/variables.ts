/**
 * `%{NAME}` lookup (lookup_variable, spec §7.1): prefix forms first (ENV:, SSL:, HTTP:, LA-U:,
 * LA-F:), then a fixed list of upper-cased names; anything else is the empty string.
 */
import { asciiUpper } from "../util/bytes.js";
import type { ByteString } from "../util/bytes.js";
import { trace } from "./context.js";
import type { RewriteContext } from "./context.js";
import type { RewriteRequest, SubrequestResult } from "./host.js";

/**
 * Read a request header for a condition or substitution. Headers that exist (other than Host,
 * RFC 7231 §7.1.4) are remembered for Vary.
 */
function lookupHeader(name: string, ctx: RewriteContext): ByteString | undefined {
  const val = ctx.req.headersIn.get(name);
  if (val !== undefined && name.toLowerCase() !== "host") {
    ctx.varyThis = ctx.varyThis !== null ? `${ctx.varyThis}, ${name}` : name;
  }
  return val;
}

/** subreq_ok: look-aheads are refused inside a sub-request for the same URI (recursion guard). */
export function subrequestAllowed(req: RewriteRequest): boolean {
  if (!req.isSubreq) return true;
  const main = req.main;
  return main === undefined || main === null || main.uri !== req.uri;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

type Resolver = (ctx: RewriteContext) => ByteString | undefined | null;

const core = (name: string): Resolver => (ctx) => ctx.server.coreVariable(ctx.req, name);

/** The fixed variable list, keyed by upper-case name. */
const VARIABLES: ReadonlyMap<string, Resolver> = new Map<string, Resolver>([
  ["HTTP_ACCEPT", (ctx) => lookupHeader("Accept", ctx)],
  ["HTTP_COOKIE", (ctx) => lookupHeader("Cookie", ctx)],
  ["HTTP_FORWARDED", (ctx) => lookupHeader("Forwarded", ctx)],
  ["HTTP_HOST", (ctx) => lookupHeader("Host", ctx)],
  ["HTTP_PROXY_CONNECTION", (ctx) => lookupHeader("Proxy-Connection", ctx)],
  ["HTTP_REFERER", (ctx) => lookupHeader("Referer", ctx)],
  ["HTTP_USER_AGENT", (ctx) => lookupHeader("User-Agent", ctx)],
  ["REQUEST_URI", (ctx) => ctx.req.uri],
  ["REQUEST_FILENAME", (ctx) => ctx.req.filename],
  ["SCRIPT_FILENAME", (ctx) => ctx.req.filename],
  ["QUERY_STRING", (ctx) => ctx.req.args],
  ["THE_REQUEST", (ctx) => ctx.req.theRequest],
  ["REQUEST_METHOD", (ctx) => ctx.req.method],
  ["SERVER_PROTOCOL", (ctx) => ctx.req.protocol],
  ["REQUEST_SCHEME", (ctx) => ctx.req.scheme],
  ["PATH_INFO", (ctx) => ctx.req.pathInfo],
  ["DOCUMENT_ROOT", (ctx) => ctx.server.documentRoot(ctx.req)],
  ["CONTEXT_DOCUMENT_ROOT", (ctx) => ctx.server.contextDocumentRoot(ctx.req)],
  ["CONTEXT_PREFIX", (ctx) => ctx.server.contextPrefix(ctx.req)],
  ["SERVER_NAME", (ctx) => ctx.server.serverNameForUrl(ctx.req)],
  ["SERVER_PORT", (ctx) => String(ctx.server.serverPort(ctx.req))],
  ["SERVER_ADDR", core("SERVER_ADDR")],
  ["REMOTE_ADDR", core("REMOTE_ADDR")],
  ["CONN_REMOTE_ADDR", core("CONN_REMOTE_ADDR")],
  ["REMOTE_PORT", core("REMOTE_PORT")],
  ["REMOTE_HOST", core("REMOTE_HOST")],
  ["REMOTE_IDENT", core("REMOTE_IDENT")],
  ["REMOTE_USER", core("REMOTE_USER")],
  ["AUTH_TYPE", core("AUTH_TYPE")],
  ["SERVER_ADMIN", core("SERVER_ADMIN")],
  ["SERVER_SOFTWARE", core("SERVER_SOFTWARE")],
  ["API_VERSION", (ctx) => ctx.server.coreVariable(ctx.req, "API_VERSION") ?? "20120211:142"],
  ["HTTPS", (ctx) => ctx.server.coreVariable(ctx.req, "HTTPS") ?? (ctx.req.scheme === "https" ? "on" : "off")],
  [
    "IPV6",
    (ctx) => {
      const v = ctx.server.coreVariable(ctx.req, "IPV6") ?? "off";
      trace(ctx, 1, ctx.perdir, `IPV6='${v}'`);
      return v;
    },
  ],
  ["IS_SUBREQ", (ctx) => (ctx.req.isSubreq ? "true" : "false")],
  // r->finfo is never stat'ed in server context, so Apache says <unknown> there.
  ["SCRIPT_USER", (ctx) => ctx.server.coreVariable(ctx.req, "SCRIPT_USER") ?? "<unknown>"],
  ["SCRIPT_GROUP", (ctx) => ctx.server.coreVariable(ctx.req, "SCRIPT_GROUP") ?? "<unknown>"],
  [
    "TIME",
    (ctx) => {
      const t = ctx.req.time;
      const v =
        pad(t.getFullYear(), 4) +
        pad(t.getMonth() + 1, 2) +
        pad(t.getDate(), 2) +
        pad(t.getHours(), 2) +
        pad(t.getMinutes(), 2) +
        pad(t.getSeconds(), 2);
      trace(ctx, 1, ctx.perdir, `RESULT='${v}'`);
      return v;
    },
  ],
  ["TIME_YEAR", (ctx) => pad(ctx.req.time.getFullYear(), 4)],
  ["TIME_MON", (ctx) => pad(ctx.req.time.getMonth() + 1, 2)],
  ["TIME_DAY", (ctx) => pad(ctx.req.time.getDate(), 2)],
  ["TIME_HOUR", (ctx) => pad(ctx.req.time.getHours(), 2)],
  ["TIME_MIN", (ctx) => pad(ctx.req.time.getMinutes(), 2)],
  ["TIME_SEC", (ctx) => pad(ctx.req.time.getSeconds(), 2)],
  ["TIME_WDAY", (ctx) => String(ctx.req.time.getDay())],
]);

/** The names of the fixed list (for `explain`). */
export const KNOWN_VARIABLES: ReadonlySet<string> = new Set(VARIABLES.keys());

/** la_u: the URL a per-dir look-ahead asks for (relative subjects get RewriteBase or PERDIR). */
function lookaheadUrl(ctx: RewriteContext, subject: ByteString): ByteString {
  if (ctx.perdir === null || subject.startsWith("/")) return subject;
  const base = ctx.dconf?.base ?? ctx.dconf?.directory ?? ctx.perdir;
  return base + subject;
}

function lookahead(ctx: RewriteContext, kind: "U" | "F", varName: string): ByteString | undefined {
  const subject = ctx.uri;
  if (subject === null || !subrequestAllowed(ctx.req)) return undefined;
  let path: ByteString;
  let sub: SubrequestResult;
  if (kind === "U") {
    path = ctx.perdir !== null ? lookaheadUrl(ctx, subject) : subject;
    sub = ctx.server.subrequestUri(ctx.req, path);
  } else if (ctx.perdir !== null && subject.startsWith("/")) {
    // A file look-ahead needs a full path; an absolute subject is looked up as a URL instead.
    path = subject;
    sub = ctx.server.subrequestUri(ctx.req, path);
  } else {
    path = ctx.perdir !== null ? (ctx.dconf?.directory ?? ctx.perdir) + subject : subject;
    sub = ctx.server.subrequestFile(ctx.req, path);
  }
  const val = sub.lookupVar(varName);
  trace(ctx, 5, ctx.perdir, `lookahead: path=${path} var=${varName} -> val=${val}`);
  return val;
}

/** Look `%{name}` up for the current request. Unknown names give "". */
export function lookupVariable(name: string, ctx: RewriteContext): ByteString {
  if (name.length < 4) return "";
  let result: ByteString | undefined | null;
  if (name[3] === ":") {
    const prefix = name.slice(0, 3).toUpperCase();
    const rest = name.slice(4);
    if (rest !== "" && prefix === "ENV") {
      // Notes first, then subprocess_env (both case-insensitive), then the process env (exact).
      result = ctx.req.notes.get(rest) ?? ctx.req.subprocessEnv.get(rest) ?? ctx.server.getenv(rest);
    } else if (rest !== "" && prefix === "SSL") {
      result = ctx.server.coreVariable(ctx.req, "SSL:" + rest);
    }
  } else if (name[4] === ":") {
    const prefix = name.slice(0, 4).toUpperCase();
    const rest = name.slice(5);
    if (rest !== "") {
      if (prefix === "HTTP") result = lookupHeader(rest, ctx);
      else if (prefix === "LA-U") result = lookahead(ctx, "U", rest);
      else if (prefix === "LA-F") result = lookahead(ctx, "F", rest);
    }
  } else {
    const resolver = VARIABLES.get(asciiUpper(name));
    if (resolver !== undefined) result = resolver(ctx);
  }
  return result ?? "";
}
