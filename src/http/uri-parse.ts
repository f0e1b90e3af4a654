/**
 * apr_uri_parse and apr_uri_parse_hostinfo, as ap_parse_uri calls them on a request-target:
 * the parts Apache keeps (scheme, user info, host, port, path, query, fragment) or a failure,
 * which Apache answers with 400.
 */
import { isAlpha, isDigit } from "./chars.js";

/** The parts of a request-target; `null` where the target has no such part. */
export interface UriParts {
  scheme: string | null;
  user: string | null;
  password: string | null;
  /** The host without IPv6 brackets. */
  hostname: string | null;
  /** The port text as written (may be ""). */
  portStr: string | null;
  /** The port number (apr_port_t: 16 bits), or null. */
  port: number | null;
  path: string | null;
  query: string | null;
  fragment: string | null;
}

function empty(): UriParts {
  return { scheme: null, user: null, password: null, hostname: null, portStr: null, port: null, path: null, query: null, fragment: null };
}

/** C strtol on a port string: leading spaces and a sign allowed; the rest must be digits. */
function strtolAll(s: string): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)$/.exec(s);
  if (!m || m[2] === "") return null;
  const n = Number(m[2]) * (m[1] === "-" ? -1 : 1);
  // apr_port_t is 16 bits unsigned: the value wraps.
  return ((n % 65536) + 65536) % 65536;
}

/** Path, query and fragment from `s` (the part after the authority, or the whole target). */
function pathParts(out: UriParts, s: string): UriParts {
  const hash = s.indexOf("#");
  const beforeHash = hash >= 0 ? s.slice(0, hash) : s;
  if (hash >= 0) out.fragment = s.slice(hash + 1);
  const q = beforeHash.indexOf("?");
  const path = q >= 0 ? beforeHash.slice(0, q) : beforeHash;
  if (q >= 0) out.query = beforeHash.slice(q + 1);
  out.path = path === "" ? null : path;
  return out;
}

/**
 * Splits "[v6]:port", "host:port", "host" (the authority without user info). The port starts
 * at the first ":" (after "]" for an IPv6 literal), so "::1:80" unbracketed is a bad port.
 */
function hostPort(out: UriParts, hostinfo: string): boolean {
  let portAt: number;
  if (hostinfo.startsWith("[")) {
    const close = hostinfo.indexOf("]");
    if (close < 0) return false;
    // APR drops the first and the last byte of a bracketed host without a port.
    if (hostinfo[close + 1] !== ":") {
      out.hostname = hostinfo.slice(1, -1);
      return true;
    }
    out.hostname = hostinfo.slice(1, close);
    portAt = close + 1;
  } else {
    portAt = hostinfo.indexOf(":");
    out.hostname = portAt >= 0 ? hostinfo.slice(0, portAt) : hostinfo;
  }
  if (portAt < 0) return true;
  out.portStr = hostinfo.slice(portAt + 1);
  if (out.portStr === "") return true;
  const port = strtolAll(out.portStr);
  if (port === null) return false;
  out.port = port;
  return true;
}

/** apr_uri_parse: absolute URI or path; null when APR refuses it. */
export function aprUriParse(uri: string): UriParts | null {
  const out = empty();
  if (uri.startsWith("/") && uri[1] !== "/") return pathParts(out, uri);
  let rest = uri;
  if (!uri.startsWith("//")) {
    // A scheme: a letter, then letters, digits, "+", "-", "."; then ":".
    let i = 0;
    if (!isAlpha(uri.charCodeAt(0))) return pathParts(out, uri);
    while (i < uri.length && (isAlpha(uri.charCodeAt(i)) || isDigit(uri.charCodeAt(i)) || "+-.".includes(uri[i]))) i++;
    if (uri[i] !== ":") return pathParts(out, uri);
    out.scheme = uri.slice(0, i);
    rest = uri.slice(i + 1);
    if (!rest.startsWith("//")) return pathParts(out, rest);
  }
  rest = rest.slice(2);
  let end = rest.search(/[/?#]/);
  if (end < 0) end = rest.length;
  let hostinfo = rest.slice(0, end);
  const at = hostinfo.lastIndexOf("@");
  if (at >= 0) {
    const userinfo = hostinfo.slice(0, at);
    const colon = userinfo.indexOf(":");
    out.user = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
    if (colon >= 0) out.password = userinfo.slice(colon + 1);
    hostinfo = hostinfo.slice(at + 1);
  }
  if (!hostPort(out, hostinfo)) return null;
  return pathParts(out, rest.slice(end));
}

/** apr_uri_parse_hostinfo (CONNECT's authority-form): "host:port", the port required. */
export function aprUriParseHostinfo(hostinfo: string): UriParts | null {
  const out = empty();
  let portAt: number;
  if (hostinfo.startsWith("[")) {
    const close = hostinfo.indexOf("]");
    if (close < 0 || hostinfo[close + 1] !== ":") return null;
    out.hostname = hostinfo.slice(1, close);
    portAt = close + 1;
  } else {
    portAt = hostinfo.indexOf(":");
    if (portAt < 0) return null;
    out.hostname = hostinfo.slice(0, portAt);
  }
  out.portStr = hostinfo.slice(portAt + 1);
  if (out.portStr === "") return null;
  const port = strtolAll(out.portStr);
  if (port === null) return null;
  out.port = port;
  return out;
}
