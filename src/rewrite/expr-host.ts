/**
 * mod_rewrite's view of a request for ap_expr (`RewriteCond expr`, and <If>/SetEnvIfExpr through
 * the server bridge): its variables, the request tables, file tests and sub-requests, with
 * regex matches charged to the request's work budget.
 */
import type { ExprHost } from "../expr/host.js";
import { execCharged } from "./budget.js";
import type { RewriteContext } from "./context.js";
import { lookupVariable, subrequestAllowed } from "./variables.js";

/** ap_expr variables mod_rewrite's own list does not have. */
const EXPR_ONLY: Readonly<Record<string, (ctx: RewriteContext) => string>> = {
  DOCUMENT_URI: (ctx) => ctx.req.uri,
  CONTENT_TYPE: (ctx) => ctx.req.contentType ?? "",
  HANDLER: (ctx) => ctx.req.handler ?? "",
  REQUEST_STATUS: (ctx) => (ctx.req.status ? String(ctx.req.status) : ""),
  REQUEST_LOG_ID: () => "",
  CONN_LOG_ID: () => "",
  LAST_MODIFIED: () => "",
  HTTP2: () => "off",
};

export function rewriteExprHost(ctx: RewriteContext): ExprHost {
  const { req, server } = ctx;
  return {
    variable(name) {
      const only = EXPR_ONLY[name.toUpperCase()];
      return only !== undefined ? only(ctx) : lookupVariable(name, ctx);
    },
    header: (name) => req.headersIn.get(name),
    note: (name) => req.notes.get(name),
    env: (name) => req.subprocessEnv.get(name),
    osenv: (name) => server.getenv(name),
    readFile: (path) => server.readFile(path)?.data ?? null,
    stat: (path) => server.stat(path),
    lstat: (path) => server.lstat(path),
    uriAccessible: (url) => subrequestAllowed(req) && server.subrequestUri(req, url).status < 400,
    fileAccessible(path) {
      if (!subrequestAllowed(req)) return false;
      const sub = server.subrequestFile(req, path);
      return sub.status < 300 && sub.filename !== null && server.stat(sub.filename) !== null;
    },
    match: (regex, subject, source) => execCharged(regex, subject, req.pool.budget, "expression", source),
  };
}
