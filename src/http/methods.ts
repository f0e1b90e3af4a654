/**
 * The methods Apache knows by number (http_protocol.c ap_method_number_of): the names are
 * compared case-sensitively, so "get" is an unknown method. HEAD is GET with header_only set.
 */

/** Methods registered with a number; every other token is M_INVALID (answered 501 by the default handler). */
export const REGISTERED_METHODS: ReadonlySet<string> = new Set([
  "GET",
  "HEAD",
  "PUT",
  "POST",
  "DELETE",
  "CONNECT",
  "OPTIONS",
  "TRACE",
  "PATCH",
  "PROPFIND",
  "PROPPATCH",
  "MKCOL",
  "COPY",
  "MOVE",
  "LOCK",
  "UNLOCK",
  "VERSION-CONTROL",
  "CHECKOUT",
  "UNCHECKOUT",
  "CHECKIN",
  "UPDATE",
  "LABEL",
  "REPORT",
  "MKWORKSPACE",
  "MKACTIVITY",
  "BASELINE-CONTROL",
  "MERGE",
]);

export function isRegisteredMethod(method: string): boolean {
  return REGISTERED_METHODS.has(method);
}
