/**
 * The request line, parsed as ap_parse_request_line does (protocol.c): method, request-target
 * and protocol split on whitespace, each checked, and the first problem found reported only
 * after the whole line was read (Apache's "deferred error"), always as 400 — except an unknown
 * method under `HttpProtocolOptions RegisteredMethods`, which is 501.
 *
 * The scan works on the line as a NUL-terminated byte array, as the C code does, so that the
 * same bytes end the same fields (a bad byte inside the method ends the method there).
 */
import { isDigit, isSpace, isTchar, isVcharObstext } from "./chars.js";
import { isRegisteredMethod } from "./methods.js";
import type { ProtocolOptions } from "./protocol-options.js";
import { aprUriParse, aprUriParseHostinfo, type UriParts } from "./uri-parse.js";

/** A request line core accepted. */
export interface ParsedRequestLine {
  ok: true;
  method: string;
  /** The request-target as sent (r->unparsed_uri). */
  target: string;
  /** "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", … or "HTTP/0.9" for a line without protocol. */
  protocol: string;
  /** major * 1000 + minor (Apache's HTTP_VERSION). */
  protoNum: number;
  /** A simple (HTTP/0.9) request: no header fields follow, the answer has no status line. */
  assbackwards: boolean;
  /** The target as apr_uri_parse split it (after leading "//" were collapsed). */
  uri: UriParts;
}

export interface RefusedRequestLine {
  ok: false;
  status: 400 | 501;
  log: string;
}

type Deferred =
  | "none"
  | "badmethod"
  | "badwhitespace"
  | "excesswhitespace"
  | "missinguri"
  | "baduri"
  | "badprotocol"
  | "trailingtext"
  | "badmethod09"
  | "reject09";

/** At most 80 bytes of a field for the log, up to a ":" (field_name_len). */
function logName(s: string): string {
  const colon = s.indexOf(":");
  return s.slice(0, colon < 0 || colon > 80 ? 80 : colon);
}

function cString(b: number[], at: number): string {
  let end = at;
  while (b[end] !== 0) end++;
  return String.fromCharCode(...b.slice(at, end));
}

function scan(b: number[], at: number, ok: (c: number) => boolean): number {
  let i = at;
  while (b[i] !== 0 && ok(b[i])) i++;
  return i;
}

/** strpbrk(s, "\t\n\v\f\r "): the first whitespace byte, or null at the end. */
function nextSpace(b: number[], at: number): number | null {
  for (let i = at; b[i] !== 0; i++) if (isSpace(b[i])) return i;
  return null;
}

const LOG: Record<Exclude<Deferred, "none">, (m: string, u: string, p: string, rest: string) => string> = {
  badmethod: (m) => `AH03445: HTTP Request Line; Invalid method token: '${logName(m)}'`,
  badmethod09: (m) => `AH03444: HTTP Request Line; Invalid method token: '${logName(m)}' (only GET is allowed for HTTP/0.9 requests)`,
  missinguri: () => "AH03446: HTTP Request Line; Missing URI",
  baduri: (_m, u) => `AH03454: HTTP Request Line; URI incorrectly encoded: '${logName(u)}'`,
  badwhitespace: () => "AH03447: HTTP Request Line; Invalid whitespace",
  excesswhitespace: () => "AH03448: HTTP Request Line; Excess whitespace (disallowed by HttpProtocolOptions Strict)",
  trailingtext: (_m, _u, _p, rest) => `AH03449: HTTP Request Line; Extraneous text found '${logName(rest)}' (perhaps whitespace was injected?)`,
  reject09: () => "AH02401: HTTP Request Line; Rejected HTTP/0.9 request",
  badprotocol: (_m, _u, p) => `AH02418: HTTP Request Line; Unrecognized protocol '${logName(p)}' (perhaps whitespace was injected?)`,
};

/** ap_parse_uri: leading "//" collapse to "/", CONNECT takes an authority. Null: APR refused it. */
function parseUri(target: string, method: string): UriParts | null {
  let t = target;
  while (t.startsWith("//")) t = t.slice(1);
  return method === "CONNECT" ? aprUriParseHostinfo(t) : aprUriParse(t);
}

export function parseRequestLine(line: string, o: Pick<ProtocolOptions, "strict" | "allow09" | "registeredMethods">): ParsedRequestLine | RefusedRequestLine {
  const b = Array.from(line, (c) => c.charCodeAt(0));
  b.push(0);
  const END = b.length - 1;
  const strict = o.strict;
  let deferred: Deferred = "none";
  let m = 0;
  if (isSpace(b[m])) {
    deferred = "badwhitespace";
    while (isSpace(b[m])) m++;
  }
  let ll: number | null = scan(b, m, strict ? isTchar : isVcharObstext);
  if ((ll === m || (b[ll] !== 0 && !isSpace(b[ll]))) && deferred === "none") {
    deferred = "badmethod";
    ll = nextSpace(b, ll);
  }
  let uri = END;
  let protocol = END;
  let len = 0;
  let rest = END;
  parse: {
    if (ll === null) {
      if (deferred === "none") deferred = "missinguri";
      break parse;
    } else if (strict && b[ll] !== 0 && isSpace(b[ll + 1]) && deferred === "none") {
      deferred = "excesswhitespace";
    }
    for (uri = ll; isSpace(b[uri]); uri++) if (b[uri] !== 0x20 && deferred === "none") deferred = "badwhitespace";
    b[ll] = 0;
    if (b[uri] === 0 && deferred === "none") deferred = "missinguri";
    ll = scan(b, uri, isVcharObstext);
    if (ll === uri || (b[ll] !== 0 && !isSpace(b[ll]))) {
      deferred = "baduri";
      ll = nextSpace(b, ll);
    }
    if (ll === null) {
      protocol = END;
      break parse;
    } else if (strict && b[ll] !== 0 && isSpace(b[ll + 1]) && deferred === "none") {
      deferred = "excesswhitespace";
    }
    for (protocol = ll; isSpace(b[protocol]); protocol++) if (b[protocol] !== 0x20 && deferred === "none") deferred = "badwhitespace";
    b[ll] = 0;
    ll = scan(b, protocol, isVcharObstext);
    len = ll - protocol;
    if (b[ll] !== 0 && !isSpace(b[ll])) deferred = "badprotocol";
    else if (strict && b[ll] !== 0) deferred = "excesswhitespace";
    else {
      for (; isSpace(b[ll]); ll++) if (b[ll] !== 0x20 && deferred === "none") deferred = "badwhitespace";
      if (b[ll] !== 0 && deferred === "none") deferred = "trailingtext";
    }
    rest = ll;
    b[protocol + len] = 0;
  }
  const method = cString(b, m);
  const target = cString(b, uri);
  let proto = cString(b, protocol);
  const restText = cString(b, rest);

  let protoNum: number;
  let assbackwards = false;
  const versionShape = len === 8 && proto[4] === "/" && isDigit(b[protocol + 5]) && proto[6] === "." && isDigit(b[protocol + 7]) && proto[5] !== "0";
  if (versionShape && proto.startsWith("HTTP")) {
    protoNum = Number(proto[5]) * 1000 + Number(proto[7]);
  } else if (versionShape && proto.slice(0, 4).toUpperCase() === "HTTP") {
    // "http/1.1": Strict refuses it; Unsafe reads it as HTTP.
    protoNum = Number(proto[5]) * 1000 + Number(proto[7]);
    if (strict && deferred === "none") deferred = "badprotocol";
    else proto = `HTTP${proto.slice(4)}`;
  } else if (proto !== "") {
    protoNum = 9;
    if (deferred === "none") deferred = "badprotocol";
  } else {
    assbackwards = true;
    proto = "HTTP/0.9";
    protoNum = 9;
  }

  const known = isRegisteredMethod(method);
  const parsed = parseUri(target, method);
  let uriStatus: 200 | 400 = parsed === null ? 400 : 200;
  // RFC 7230 5.3: a target is origin-form ("/…"), absolute-form, or "*" for OPTIONS only.
  if (parsed !== null && parsed.path !== null && parsed.path[0] !== "/" && (method !== "OPTIONS" || parsed.path !== "*")) uriStatus = 400;

  if (protoNum === 9 && deferred === "none") {
    if (!o.allow09) deferred = "reject09";
    // Only GET may be a simple request (HEAD is GET with header_only, and refused too).
    else if (strict && method !== "GET") deferred = "badmethod09";
  }
  if (deferred !== "none") return { ok: false, status: 400, log: LOG[deferred](method, target, proto, restText) };
  if (o.registeredMethods && !known) {
    return { ok: false, status: 501, log: `AH02423: HTTP Request Line; Unrecognized HTTP method: '${logName(method)}' (disallowed by RegisteredMethods)` };
  }
  if (uriStatus !== 200 || parsed === null) return { ok: false, status: 400, log: `AH03450: HTTP Request Line; Unable to parse URI: '${logName(target)}'` };
  if (strict) {
    if (parsed.fragment !== null) return { ok: false, status: 400, log: "AH02421: HTTP Request Line; URI must not contain a fragment" };
    if (parsed.user !== null || parsed.password !== null) return { ok: false, status: 400, log: "AH02422: HTTP Request Line; URI must not contain a username/password" };
  }
  return { ok: true, method, target, protocol: proto, protoNum, assbackwards, uri: parsed };
}
