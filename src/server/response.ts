/**
 * What Apache sends back for one request, and how it got there: the one result every surface
 * reads (eval, route, the middleware, replay).
 */
import { ApacheTable } from "../env/table.js";
import type { Request } from "./request.js";
import type { WsgiOutcome } from "./modules/wsgi-handler.js";

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

/** Apache's own answer for a status: the request's error headers, Location when given. */
export function errorResponse(status: number, r: Request | null, log: string[], location: string | null = null): Response {
  const headers = new ApacheTable();
  if (r) for (const [k, v] of r.errHeadersOut.pairs()) headers.add(k, v);
  if (location !== null) headers.set("Location", location);
  return { status, location, headers, kind: "error", body: null, wsgi: null, request: r, log };
}

/** A handler's successful answer: headers_out, then err_headers_out (as Apache sends both). */
export function servedResponse(r: Request, kind: "file" | "wsgi", body: Buffer | null, wsgi: WsgiOutcome | null): Response {
  const headers = new ApacheTable();
  for (const [k, v] of r.headersOut.pairs()) headers.add(k, v);
  for (const [k, v] of r.errHeadersOut.pairs()) headers.add(k, v);
  return { status: 200, location: null, headers, kind, body, wsgi, request: r, log: r.log };
}
