/**
 * Request-target parsing and path normalisation as Apache 2.4.71's core does it
 * (protocol.c request-line parsing, util.c ap_normalize_path / ap_unescape_url_ex,
 * http_request.c ap_process_request_internal). All strings are byte strings.
 */

/** RFC 3986 unreserved: ALPHA DIGIT - . _ ~ */
function isUnreserved(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e
  );
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function hexPair(s: string, i: number): number {
  return parseInt(s.substr(i, 2), 16);
}

export interface NormalizeOptions {
  decodeUnreserved: boolean;
  mergeSlashes: boolean;
  notAboveRoot: boolean;
}

/**
 * ap_normalize_path: optionally decode %XX of unreserved characters, collapse "//" runs, remove
 * "/./" and resolve "/../". Returns null where Apache's function fails (a path that does not
 * start with "/", a bad %-escape when decoding, ".." above the root with notAboveRoot): the
 * request then gets 400.
 */
export function normalizePath(path: string, o: NormalizeOptions): string | null {
  if (path === "*") return path;
  if (path[0] !== "/") return null;
  // Nothing to decode, merge or resolve: the path is its own normal form (most requests).
  if (!path.includes("%") && !path.includes("//") && !path.includes("/.")) return path;
  const p = path.split("");
  let ok = true;
  let l = 1;
  let w = 1;
  const at = (i: number): string => (i < p.length ? p[i] : "");
  const slashOrEnd = (i: number): boolean => i >= p.length || p[i] === "/";
  while (l < p.length) {
    if (o.decodeUnreserved && p[l] === "%") {
      if (isHex(at(l + 1).charCodeAt(0)) && isHex(at(l + 2).charCodeAt(0))) {
        const c = parseInt(at(l + 1) + at(l + 2), 16);
        if (isUnreserved(c)) {
          l += 2;
          p[l] = String.fromCharCode(c);
        }
      } else {
        ok = false;
      }
    }
    if (w === 0 || p[w - 1] === "/") {
      if (o.mergeSlashes && p[l] === "/") {
        do l++;
        while (l < p.length && p[l] === "/");
        continue;
      }
      if (p[l] === ".") {
        if (slashOrEnd(l + 1)) {
          l++;
          if (l < p.length) l++;
          continue;
        }
        let n = l + 1;
        let dotdot = false;
        if (at(n) === ".") dotdot = true;
        else if (o.decodeUnreserved && at(n) === "%" && at(++n) === "2" && (at(++n) === "e" || at(n) === "E")) dotdot = true;
        if (dotdot && slashOrEnd(n + 1)) {
          if (w > 1) {
            do w--;
            while (w && p[w - 1] !== "/");
          } else if (o.notAboveRoot) {
            ok = false;
          }
          l = n + 1;
          if (l < p.length) l++;
          continue;
        }
      }
    }
    p[w++] = p[l++];
  }
  return ok ? p.slice(0, w).join("") : null;
}

export type UnescapeOutcome = { ok: true; value: string } | { ok: false; status: 400 | 404; value: string };

/**
 * ap_unescape_url_ex with Apache's request-path flags: a bad escape is 400; %00 and (unless
 * AllowEncodedSlashes) %2F are 404; unreserved escapes are kept (they were decoded by
 * normalizePath already, so decoding them again would decode twice); with
 * AllowEncodedSlashes NoDecode, %2F stays encoded.
 */
export function unescapePath(s: string, o: { forbidSlashes: boolean; keepSlashes: boolean; keepUnreserved: boolean }): UnescapeOutcome {
  if (!s.includes("%")) return { ok: true, value: s };
  let out = "";
  let badesc = false;
  let badpath = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch !== "%") {
      out += ch;
      continue;
    }
    if (!isHex(s.charCodeAt(i + 1)) || !isHex(s.charCodeAt(i + 2))) {
      badesc = true;
      out += "%";
      continue;
    }
    const d = hexPair(s, i + 1);
    if (d === 0 || (o.forbidSlashes && d === 0x2f)) {
      badpath = true;
      out += String.fromCharCode(d);
      i += 2;
    } else if ((o.keepUnreserved && isUnreserved(d)) || (o.keepSlashes && d === 0x2f)) {
      out += s.substr(i, 3);
      i += 2;
    } else {
      out += String.fromCharCode(d);
      i += 2;
    }
  }
  if (badesc) return { ok: false, status: 400, value: out };
  if (badpath) return { ok: false, status: 404, value: out };
  return { ok: true, value: out };
}

/** Plain ap_unescape_url (used for internal-redirect targets, which are decoded once more). */
export function unescapeUrl(s: string): UnescapeOutcome {
  return unescapePath(s, { forbidSlashes: false, keepSlashes: false, keepUnreserved: false });
}

export interface ParsedTarget {
  /** The path as sent (still %-encoded), "" for "*". */
  rawPath: string;
  /** Raw query (after the first "?"), or null. */
  args: string | null;
  /** From an absolute-form target: host (lower-cased later) and port. */
  hostname: string | null;
  port: number | null;
  scheme: string | null;
}

/**
 * Split a request-target (origin-form, absolute-form, or "*") the way apr_uri_parse does for
 * Apache: the query starts at the first "?", a "#" ends the path/query (fragment dropped).
 */
export function parseRequestTarget(target: string): ParsedTarget {
  let rest = target;
  let hostname: string | null = null;
  let port: number | null = null;
  let scheme: string | null = null;
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(rest);
  if (m) {
    scheme = m[1].toLowerCase();
    const authority = m[2].replace(/^.*@/, "");
    const hp = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(authority);
    hostname = hp ? hp[1] : authority;
    port = hp && hp[2] ? Number(hp[2]) : null;
    rest = rest.slice(m[0].length);
    if (rest === "" || rest[0] === "?" || rest[0] === "#") rest = "/" + rest;
  }
  const hash = rest.indexOf("#");
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf("?");
  const rawPath = q >= 0 ? rest.slice(0, q) : rest;
  const args = q >= 0 ? rest.slice(q + 1) : null;
  return { rawPath, args, hostname, port, scheme };
}

export type PathOutcome = { ok: true; uri: string } | { ok: false; status: 400 | 404; reason: string };

/**
 * The decoded, normalised r->uri from the raw path, as ap_process_request_internal builds it:
 * normalise with unreserved decoding, unescape the rest, re-normalise when slashes are merged.
 */
export function decodeRequestPath(
  rawPath: string,
  o: { mergeSlashes: boolean; allowEncodedSlashes: boolean; decodeEncodedSlashes: boolean },
): PathOutcome {
  const first = normalizePath(rawPath, { decodeUnreserved: true, mergeSlashes: o.mergeSlashes, notAboveRoot: true });
  if (first === null) return { ok: false, status: 400, reason: `invalid URI path (${rawPath})` };
  const un = unescapePath(first, {
    forbidSlashes: !o.allowEncodedSlashes,
    keepSlashes: o.allowEncodedSlashes && !o.decodeEncodedSlashes,
    keepUnreserved: true,
  });
  if (!un.ok) {
    return {
      ok: false,
      status: un.status,
      reason: un.status === 404 ? `found %2f (encoded '/') in URI path (${rawPath}), returning 404` : `bad escape in URI path (${rawPath})`,
    };
  }
  if (!o.mergeSlashes) return { ok: true, uri: un.value };
  const second = normalizePath(un.value, { decodeUnreserved: false, mergeSlashes: true, notAboveRoot: true });
  if (second === null) return { ok: false, status: 400, reason: `invalid URI path (${rawPath})` };
  return { ok: true, uri: second };
}

export interface HostHeader {
  hostname: string;
  /** Port written in the header, or null. */
  port: number | null;
}

/**
 * Apache's fix_hostname: lower-case, strip one trailing dot, split off the port, remove IPv6
 * brackets. null = invalid (400).
 */
export function parseHostHeader(value: string): HostHeader | null {
  let host = value;
  let port: number | null = null;
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    if (end < 0) return null;
    const after = host.slice(end + 1);
    const h = host.slice(1, end);
    if (!/^[0-9A-Fa-f:.]+$/.test(h)) return null;
    if (after !== "") {
      if (!/^:\d*$/.test(after)) return null;
      if (after.length > 1) port = Number(after.slice(1));
    }
    host = h.toLowerCase();
  } else {
    const colon = host.lastIndexOf(":");
    if (colon >= 0) {
      const p = host.slice(colon + 1);
      if (!/^\d*$/.test(p)) return null;
      if (p !== "") port = Number(p);
      host = host.slice(0, colon);
    }
    if (!/^[A-Za-z0-9._-]*$/.test(host)) return null;
    if (host.endsWith(".")) host = host.slice(0, -1);
    if (host.includes("..")) return null;
    host = host.toLowerCase();
  }
  if (port !== null && (port > 65535 || !Number.isFinite(port))) return null;
  if (port === 0) port = null;
  return { hostname: host, port };
}
