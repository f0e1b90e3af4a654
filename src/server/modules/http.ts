/**
 * http_core's TRACE (ap_send_http_trace, registered at map_to_storage before core's walk): a
 * TRACE request is answered before the directory walk, access checks, mod_dir and any handler —
 * 200, message/http, the request line and header fields echoed (measured: golden case rh_methods,
 * a TRACE of a folder without its slash is 200, not mod_dir's 301). A request body is refused with
 * 413; `TraceEnable Off` refuses TRACE with 405.
 */
import { ApacheTable } from "../../env/table.js";
import type { Engine } from "../engine.js";
import { serverSetting, type ServerRec } from "../model.js";
import type { Request } from "../request.js";
import { DECLINED, HOOK, statusResult, type HookResult, type ModuleDefinition } from "./types.js";

export interface HttpServerConfig {
  /** TraceEnable: "on" (default), "off", or "extended" (a body is echoed too). */
  readonly traceEnable: "on" | "off" | "extended";
}

function compileServer(s: ServerRec, engine: Engine): HttpServerConfig {
  const v = serverSetting(s, engine.model.main, "traceenable")?.args[0]?.toLowerCase();
  return { traceEnable: v === "off" ? "off" : v === "extended" ? "extended" : "on" };
}

/** A request body is coming (framing as the protocol layer accepted it). */
function hasBody(r: Request): boolean {
  if (r.headersIn.get("Transfer-Encoding") !== undefined) return true;
  const length = r.headersIn.get("Content-Length");
  return length !== undefined && /[1-9]/.test(length);
}

function trace(r: Request, engine: Engine): HookResult {
  if (r.method !== "TRACE" || r.isSubreq) return DECLINED;
  const conf = engine.modules.serverConfig(http, r.server).traceEnable;
  // Both refusals put their reason in r->notes "error-notes" (the error page), not in the error
  // log (http_filters.c ap_send_http_trace; measured: rh_methods logs nothing for the 413).
  if (conf === "off") return statusResult(405);
  if (conf === "on" && hasBody(r)) return statusResult(413);
  let echo = `${r.theRequest}\r\n`;
  for (const [k, v] of r.headersIn.pairs()) echo += `${k}: ${v}\r\n`;
  echo += "\r\n";
  const headers = new ApacheTable();
  headers.set("Content-Type", "message/http");
  return {
    kind: "response",
    response: { status: 200, location: null, headers, kind: "file", body: Buffer.from(echo, "latin1"), wsgi: null, request: r, log: r.log },
  };
}

export const http: ModuleDefinition<HttpServerConfig, null> = {
  name: "http",
  directives: ["traceenable"],
  server: compileServer,
  hooks: [{ phase: "mapToStorage", order: HOOK.middle, run: trace }],
};
