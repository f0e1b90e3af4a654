/**
 * The protocol layer of a request (protocol.c ap_read_request): what core checks about the
 * request line and the header fields before any module sees the request. Its answers are the
 * statuses Apache gives before a virtual host is chosen (414, 400).
 */
import { ApacheTable } from "../env/table.js";
import { parseHostHeader, parseRequestTarget, type ParsedTarget } from "../server/uri.js";

/** The wire limits core applies while reading (LimitRequestLine, LimitRequestFieldSize). */
export interface WireLimits {
  requestLine: number;
  fieldSize: number;
}

/** A request whose line and header fields core accepted. */
export interface AcceptedRequest {
  ok: true;
  protocol: "HTTP/1.0" | "HTTP/1.1";
  target: ParsedTarget;
  headersIn: ApacheTable;
  /** The host the request names (absolute-form target first, else Host), lower-cased. */
  hostname: string;
  explicitPort: number | null;
}

export interface RefusedRequest {
  ok: false;
  status: number;
  log: string;
}

export interface WireRequest {
  method: string;
  target: string;
  httpVersion: string;
  headers: ReadonlyArray<readonly [string, string]>;
}

/** Read one request as core does; never throws for bad input. */
export function readRequest(raw: WireRequest, limits: WireLimits): AcceptedRequest | RefusedRequest {
  const headersIn = new ApacheTable();
  for (const [k, v] of raw.headers) {
    const prev = headersIn.get(k);
    // core joins repeated request headers with ", " (rewrite.md §7.1).
    if (prev !== undefined) headersIn.set(k, `${prev}, ${v}`);
    else headersIn.add(k, v);
  }
  const protocol = raw.httpVersion === "1.0" ? "HTTP/1.0" : "HTTP/1.1";
  // LimitRequestLine / LimitRequestFieldSize (8190 by default): the line is read into a buffer
  // of limit + 2 bytes with its CRLF, so content up to limit + 1 bytes passes (measured:
  // case pl_long_paths, a 8,191-byte request line is served, 8,192 is 414).
  const lineLimit = limits.requestLine + 1;
  if (raw.method.length + raw.target.length + protocol.length + 2 > lineLimit) {
    return refused(414, `AH00565: request failed: URI too long (longer than ${lineLimit - 1})`);
  }
  const fieldLimit = limits.fieldSize + 1;
  for (const [k, v] of raw.headers) {
    if (k.length + 2 + v.length > fieldLimit) return refused(400, `AH00561: Request header exceeds LimitRequestFieldSize: ${k}`);
  }
  const target = parseRequestTarget(raw.target);
  let hostname = "";
  let explicitPort: number | null = null;
  const hostHeader = headersIn.get("Host");
  if (target.hostname !== null) {
    const h = parseHostHeader(target.hostname + (target.port ? `:${target.port}` : ""));
    if (!h) return refused(400, `invalid host in request target: ${raw.target}`);
    hostname = h.hostname;
    explicitPort = h.port;
  } else if (hostHeader !== undefined) {
    const h = parseHostHeader(hostHeader);
    if (!h) return refused(400, `Client sent malformed Host header: ${hostHeader}`);
    hostname = h.hostname;
    explicitPort = h.port;
  } else if (protocol === "HTTP/1.1") {
    return refused(400, "client sent HTTP/1.1 request without hostname (see RFC2616 section 14.23)");
  }
  // Whitespace and control bytes cannot stand in a request-target (the request line would not
  // parse), and a raw "#" is refused too; every other byte, ASCII or not, is accepted as is
  // (measured: case pl_target_characters). A "#" inside an internal-redirect URL is a fragment.
  if (/[\x00-\x20\x7f#]/.test(raw.target)) return refused(400, `invalid request line: ${raw.target}`);
  if (raw.target !== "*" && !raw.target.startsWith("/") && target.hostname === null) {
    return refused(400, `invalid request-URI ${raw.target}`);
  }
  return { ok: true, protocol, target, headersIn, hostname, explicitPort };
}

function refused(status: number, log: string): RefusedRequest {
  return { ok: false, status, log };
}
