/**
 * The protocol layer of a request (protocol.c ap_read_request): the bytes a client sent, read
 * as core reads them before any module sees the request — request line, header fields,
 * Content-Length / Transfer-Encoding, the host (vhost.c fix_hostname), Expect, the target's
 * scheme — into the request htrewrite serves, or the answer Apache gives instead (414, 400,
 * 417, 501) with the reason it logs, or no answer at all (a connection that ends mid-line).
 */
import { ApacheTable } from "../env/table.js";
import type { ParsedTarget } from "../server/uri.js";
import { fixHostname } from "./host.js";
import type { ProtocolOptions } from "./protocol-options.js";
import { parseRequestLine } from "./request-line.js";
import { readHeaderFields } from "./header-fields.js";
import { readLine } from "./wire-lines.js";
import type { UriParts } from "./uri-parse.js";

/** A request whose line and header fields core accepted. */
export interface AcceptedRequest {
  ok: true;
  method: string;
  /** The request-target as sent (r->unparsed_uri). */
  unparsedUri: string;
  /** "HTTP/1.1", "HTTP/1.0", "HTTP/2.0" … ; "HTTP/0.9" for a simple request (answered without status line). */
  protocol: string;
  target: ParsedTarget;
  headersIn: ApacheTable;
  /**
   * The host the request names (absolute-form target first, else Host), lower-cased; null when it
   * names none. It can be "" (Host "." under Unsafe, `http:///…`): Apache keeps r->hostname empty
   * then and builds self-referring URLs with it (measured: golden case rh_protocol_unsafe).
   */
  hostname: string | null;
  explicitPort: number | null;
}

/** A request core refused: `status` 0 means Apache closed the connection without answering. */
export interface RefusedRequest {
  ok: false;
  status: number;
  log: string;
}

/** A request given as parts (a case's method, path, headers): put on the wire as the recorder sends it. */
export interface StructuredRequest {
  method: string;
  target: string;
  httpVersion: string;
  headers: ReadonlyArray<readonly [string, string]>;
}

/** The bytes of a structured request's head, as the recorder writes them. */
export function serialiseHead(req: StructuredRequest): string {
  let s = `${req.method} ${req.target} HTTP/${req.httpVersion}\r\n`;
  for (const [k, v] of req.headers) s += `${k}: ${v}\r\n`;
  return `${s}\r\n`;
}

/** Apache reads at most this many empty lines before a request line (DEFAULT_LIMIT_BLANK_LINES). */
const BLANK_LINES = 10;

function refused(status: number, log: string): RefusedRequest {
  return { ok: false, status, log };
}

/** ap_parse_strict_length: digits only, within 63 bits. */
function strictLength(v: string): boolean {
  return /^\d+$/.test(v) && BigInt(v) <= 0x7fffffffffffffffn;
}

/** ap_is_chunked: "chunked" is the value's last token, after a "," (or a leading space). */
function isChunked(v: string): boolean {
  if (v.toLowerCase() === "chunked") return true;
  const at = v.length - "chunked".length;
  if (at <= 0 || v.slice(at).toLowerCase() !== "chunked") return false;
  if (!/[\t\n\v\f\r ,]/.test(v[at - 1])) return false;
  let i = at - 1;
  while (i > 0 && v[i] === " ") i--;
  return v[i] === "," || v[i] === " ";
}

/** construct_host_header: what replaces Host when the target names the host (Strict). */
function hostFromTarget(hostname: string, v6: boolean, uri: UriParts): string {
  const h = v6 ? `[${hostname}]` : hostname;
  return uri.portStr ? `${h}:${uri.portStr}` : h;
}

function toTarget(uri: UriParts, method: string, hostname: string | null): ParsedTarget {
  return {
    rawPath: uri.path ?? (method === "OPTIONS" ? "*" : "/"),
    args: uri.query,
    hostname,
    port: uri.port,
    scheme: uri.scheme === null ? null : uri.scheme.toLowerCase(),
  };
}

/**
 * Reads one request from the byte string `data` (one character per byte) as core does.
 * `secure`: the connection's scheme is https (an absolute-form target names the host only when
 * its scheme is the server's). Never throws for bad input.
 */
export function readRequest(data: string, o: ProtocolOptions, secure = false): AcceptedRequest | RefusedRequest {
  let pos = 0;
  let line = "";
  for (let blanks = BLANK_LINES; ; ) {
    const got = readLine(data, pos, o.requestLine, o.strict);
    if (got.kind === "too-long") return refused(414, `AH00565: request failed: client's request-line exceeds LimitRequestLine (longer than ${o.requestLine})`);
    if (got.kind === "invalid") return refused(400, `request failed: malformed request line (${got.why})`);
    // The connection ended before a whole request line: Apache answers nothing.
    if (got.kind === "eof") return refused(0, "request failed: the connection ended before a request line");
    pos = got.next;
    line = got.text;
    if (line !== "" || --blanks < 0) break;
  }
  const rl = parseRequestLine(line, o);
  if (!rl.ok) return refused(rl.status, rl.log);
  let headersIn = new ApacheTable();
  if (!rl.assbackwards) {
    const fields = readHeaderFields(data, pos, o);
    if (!fields.ok) return refused(fields.status, `${fields.log} (AH00567: request failed: error reading the headers)`);
    headersIn = fields.headers;
    const clen = headersIn.get("Content-Length");
    if (clen !== undefined && !strictLength(clen)) return refused(400, `AH10242: client sent invalid Content-Length (${clen})`);
    const tenc = headersIn.get("Transfer-Encoding");
    if (tenc !== undefined) {
      if (!isChunked(tenc)) return refused(400, `AH02539: client sent unknown Transfer-Encoding (${tenc})`);
      // RFC 7230 3.3.3: Transfer-Encoding overrides Content-Length, which is dropped.
      if (clen !== undefined) headersIn.unset("Content-Length");
    }
  }
  const uri = rl.uri;
  const serverScheme = secure ? "https" : "http";
  const urlNamesHost = (uri.scheme !== null && uri.scheme.toLowerCase() === serverScheme) || rl.method === "CONNECT";
  const fromUrl = urlNamesHost ? uri.hostname : null;
  const hostHeader = headersIn.get("Host");
  const fixed = fixHostname(fromUrl, hostHeader, o.strict);
  if (!fixed.ok) return refused(400, fixed.log);
  const hostname = fixed.hostname;
  // RFC 2616 5.2: the target's host wins; Strict makes Host say so too.
  if (o.strict && fromUrl !== null && hostname !== null && hostHeader !== undefined) headersIn.set("Host", hostFromTarget(hostname, fixed.v6, uri));
  if ((hostname === null && rl.protoNum >= 1001) || (rl.protoNum === 1001 && !headersIn.has("Host"))) {
    return refused(400, "AH00569: client sent HTTP/1.1 request without hostname (see RFC2616 section 14.23)");
  }
  const expect = headersIn.get("Expect");
  if (expect !== undefined && expect !== "" && expect.toLowerCase() !== "100-continue") {
    return refused(417, `AH00570: client sent an unrecognized expectation value of Expect: ${expect}`);
  }
  // ap_post_read_request: outside a forward proxy only http and https targets are served.
  if (uri.scheme !== null && !/^https?$/i.test(uri.scheme)) return refused(400, `request-target scheme ${uri.scheme} is not http(s)`);
  // An absolute-form target without a port names its scheme's default port (APR fills it in),
  // so a redirect built from it has no port (measured: case rh_request_line, "http://localhost/d").
  const urlPort = uri.portStr ? uri.port : uri.scheme?.toLowerCase() === "https" ? 443 : 80;
  const explicitPort = fromUrl !== null ? urlPort : fixed.port;
  return {
    ok: true,
    method: rl.method,
    unparsedUri: rl.target,
    protocol: rl.protocol,
    target: toTarget(uri, rl.method, fromUrl),
    headersIn,
    hostname,
    explicitPort: explicitPort === 0 ? null : explicitPort,
  };
}

/** Reads a structured request (serialised exactly as the recorder sends it). */
export function readStructuredRequest(req: StructuredRequest, o: ProtocolOptions, secure = false): AcceptedRequest | RefusedRequest {
  return readRequest(serialiseHead(req), o, secure);
}
