/**
 * The host a request names, checked as vhost.c fix_hostname does before a virtual host is
 * chosen: from the absolute-form target, else from the Host header (apr_parse_addr_port splits
 * the port); lower-cased, one trailing dot dropped, IPv6 literals checked, "/", "\" and ".."
 * refused, and under `HttpProtocolOptions Strict` the RFC 3986/1123 shape enforced (letters,
 * digits, "-", "_", "."; a dotted-decimal address of four parts without leading zeros; a
 * top-level label that starts with a letter; no purely numeric name).
 */
import { isAlpha, isDigit, isXdigit } from "./chars.js";

export type FixedHost = { ok: true; hostname: string | null; port: number | null; v6: boolean } | { ok: false; log: string };

/** inet_pton(AF_INET6): eight 16-bit groups, one "::" at most, an IPv4 tail allowed. */
export function isIpv6Address(s: string): boolean {
  let text = s;
  let groupsNeeded = 8;
  const v4 = /(?:^|:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4) {
    if (v4[1].split(".").some((p) => Number(p) > 255 || (p.length > 1 && p[0] === "0"))) return false;
    text = text.slice(0, text.length - v4[1].length);
    if (text === "") return false;
    if (!text.endsWith("::")) text = text.slice(0, -1);
    groupsNeeded = 6;
  }
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const groups = (h: string) => (h === "" ? [] : h.split(":"));
  const all = halves.flatMap(groups);
  if (!all.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? all.length < groupsNeeded : all.length === groupsNeeded;
}

function v6Literal(host: string): string | null {
  let doubleColon = false;
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (isXdigit(c)) continue;
    if (host[i] === ":") {
      if (host[i + 1] === ":") {
        if (doubleColon) return null;
        doubleColon = true;
      } else if (host[i + 1] === ".") return null;
    } else if (host[i] === ".") {
      if (host[i + 1] === ":" || host[i + 1] === ".") return null;
    } else return null;
  }
  return host.toLowerCase();
}

/** fix_hostname_non_v6: lower-case ASCII letters, refuse "..", "/", "\", drop one trailing dot. */
function nonV6(host: string): string | null {
  if (host.includes("..") || host.includes("/") || host.includes("\\")) return null;
  const lower = host.replace(/[A-Z]+/g, (x) => x.toLowerCase());
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

/** strict_hostname_check (Strict mode). */
function strictShape(host: string): boolean {
  let dotted = true;
  let leadingZeros = false;
  let dots = 0;
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (isAlpha(c) || host[i] === "-" || host[i] === "_") dotted = false;
    else if (host[i] === ".") {
      dots++;
      if (host[i + 1] === "0" && isDigit(host.charCodeAt(i + 2))) leadingZeros = true;
    } else if (!isDigit(c)) return false;
  }
  if (dotted) {
    if (host[0] === "." || (host[0] === "0" && isDigit(host.charCodeAt(1)))) leadingZeros = true;
    return !leadingZeros && dots === 3;
  }
  const lastDot = host.lastIndexOf(".");
  return !(lastDot >= 0 && lastDot + 1 < host.length && !isAlpha(host.charCodeAt(lastDot + 1)));
}

/** apr_parse_addr_port: "[v6]:port", "host:port", "host"; a port must be 1–65535. */
function parseAddrPort(src: string): { host: string; port: number | null; scoped: boolean } | null {
  let last = src.length - 1;
  while (last >= 0 && isDigit(src.charCodeAt(last))) last--;
  let addrLen = src.length;
  let port: number | null = null;
  if (last >= 0 && last < src.length - 1 && src[last] === ":") {
    const n = Number(src.slice(last + 1));
    if (n < 1 || n > 65535) return null;
    port = n;
    addrLen = last;
  }
  const addr = src.slice(0, addrLen);
  if (addr === "") return null;
  if (addr[0] === "[") {
    if (addr.indexOf("]") !== addr.length - 1) return null;
    let inner = addr.slice(1, -1);
    const pct = inner.indexOf("%");
    const scoped = pct >= 0;
    if (scoped) inner = inner.slice(0, pct);
    if (!isIpv6Address(inner)) return null;
    return { host: inner, port, scoped };
  }
  return { host: addr, port, scoped: false };
}

/**
 * The host of a request. `fromUrl`: the hostname of an absolute-form target (brackets already
 * removed), which wins over any Host header; else `hostHeader`. An empty name leaves the request
 * without a host (an HTTP/1.1 request is then refused by the caller).
 */
export function fixHostname(fromUrl: string | null, hostHeader: string | undefined, strict: boolean): FixedHost {
  const src = fromUrl ?? hostHeader;
  if (src === undefined) return { ok: true, hostname: null, port: null, v6: false };
  // RFC 2616 lets Host be empty: the request then names no host.
  if (src === "") return { ok: true, hostname: fromUrl === null ? null : "", port: null, v6: false };
  const malformed = { ok: false as const, log: `AH00550: Client sent malformed Host header: ${src}` };
  if (/^\d+$/.test(src)) {
    if (strict) return { ok: false, log: `AH02416: [strict] purely numeric host names not allowed: ${src}` };
    return { ok: true, hostname: src, port: null, v6: false };
  }
  let host: string;
  let port: number | null = null;
  let v6: boolean;
  if (fromUrl === null) {
    const split = parseAddrPort(src);
    if (split === null || split.scoped) return malformed;
    host = split.host;
    port = split.port;
    v6 = src[0] === "[";
  } else {
    host = src;
    v6 = src.includes(":");
  }
  const fixed = v6 ? v6Literal(host) : nonV6(host);
  if (fixed === null) return malformed;
  if (!v6 && strict && !strictShape(fixed)) return { ok: false, log: `AH02415: [strict] Invalid host name '${fixed}'` };
  return { ok: true, hostname: fixed, port, v6 };
}
