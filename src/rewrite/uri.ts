/**
 * URL classification and the helpers that turn a rule result into a redirect URL or a local path:
 * is_absolute_uri (§4.2), escape_absolute_uri (§4.3), fully_qualify_uri (§4.5), reduce_uri (§4.6).
 */
import { asciiLower } from "../util/bytes.js";
import type { ByteString } from "../util/bytes.js";
import { escapeUri } from "../util/escape.js";

/** Result of is_absolute_uri: how many bytes the scheme part spans, and whether `?` splits a query. */
export interface AbsoluteUriInfo {
  skip: number;
  supportsQuery: boolean;
}

/** Recognised schemes, in Apache's order; `noQuery` ones keep any `?` in the path (§4.2). */
const SCHEMES: ReadonlyArray<{ prefix: string; noQuery?: boolean }> = [
  { prefix: "ajp://" },
  { prefix: "balancer://" },
  { prefix: "ftp://", noQuery: true },
  { prefix: "fcgi://" },
  { prefix: "gopher://", noQuery: true },
  { prefix: "http://" },
  { prefix: "https://" },
  { prefix: "h2://" },
  { prefix: "h2c://" },
  { prefix: "ldap://", noQuery: true },
  { prefix: "mailto:" },
  { prefix: "news:", noQuery: true },
  { prefix: "nntp://", noQuery: true },
  { prefix: "scgi://" },
  { prefix: "ws://" },
  { prefix: "wss://" },
];

/**
 * is_absolute_uri: 0 for paths and short strings (≤ 5 bytes), else the length of the scheme part.
 * `unix:` counts 7 when followed by `//`.
 */
export function absoluteUriInfo(uri: ByteString): AbsoluteUriInfo {
  if (uri.length <= 5 || uri[0] === "/") return { skip: 0, supportsQuery: false };
  const lower = asciiLower(uri.slice(0, 12));
  for (const s of SCHEMES) {
    if (lower.startsWith(s.prefix)) return { skip: s.prefix.length, supportsQuery: !s.noQuery };
  }
  if (lower.startsWith("unix:")) {
    return { skip: uri[5] === "/" && uri[6] === "/" ? 7 : 5, supportsQuery: true };
  }
  return { skip: 0, supportsQuery: false };
}

/** Shorthand: the skip length of is_absolute_uri (0 = not absolute). */
export function absoluteUriSkip(uri: ByteString): number {
  return absoluteUriInfo(uri).skip;
}

/**
 * escape_absolute_uri: keep scheme and authority, URI-escape the rest; for `ldap://` the part after
 * the host is split at the first four `?` and each piece escaped on its own.
 */
export function escapeAbsoluteUri(uri: ByteString, schemeSkip: number): ByteString {
  let cp = schemeSkip;
  if (uri[cp - 1] === "/") {
    while (cp < uri.length && uri[cp] !== "/") cp++;
    // Nothing (or only "/") after the host: unchanged, e.g. `http://localhost` stays slash-less.
    if (cp >= uri.length || cp + 1 >= uri.length) return uri;
    cp++;
    if (asciiLower(uri.slice(0, 4)) === "ldap") {
      const rest = uri.slice(cp);
      const pieces: string[] = [];
      let start = 0;
      for (let i = 0; i < rest.length && pieces.length < 4; i++) {
        if (rest[i] === "?") {
          pieces.push(rest.slice(start, i));
          start = i + 1;
        }
      }
      pieces.push(rest.slice(start));
      return uri.slice(0, cp) + pieces.map(escapeUri).join("?");
    }
  }
  return uri.slice(0, cp) + escapeUri(uri.slice(cp));
}

/** What fully qualifying and reducing need to know about the server. */
export interface SelfUrlInfo {
  scheme: string;
  serverName: string;
  port: number;
  defaultPort: number;
}

/** fully_qualify_uri: prefix `scheme://SERVER[:PORT]` unless already absolute (or CONNECT). */
export function fullyQualify(filename: ByteString, method: string, self: SelfUrlInfo): ByteString {
  if (method === "CONNECT" || absoluteUriSkip(filename) > 0) return filename;
  const port = self.port === self.defaultPort ? "" : `:${self.port}`;
  return `${self.scheme}://${self.serverName}${port}${filename.startsWith("/") ? "" : "/"}${filename}`;
}

/** The parts reduce_uri looks at, or null when the URL is not of the request's scheme. */
export interface SelfUrlParts {
  host: string;
  port: number;
  path: ByteString;
}

/**
 * Split `scheme://host[:port][/path]` for reduce_uri: the host ends at `/` or `:`; the port is
 * atoi of what follows `:` (16-bit, as Apache stores it), else the scheme's default; path "/" if none.
 */
export function splitSelfUrl(filename: ByteString, scheme: string, defaultPort: number): SelfUrlParts | null {
  const l = scheme.length;
  if (filename.length <= l + 3 || asciiLower(filename.slice(0, l)) !== asciiLower(scheme) || filename.slice(l, l + 3) !== "://") {
    return null;
  }
  const hostStart = l + 3;
  let cp = hostStart;
  while (cp < filename.length && filename[cp] !== "/" && filename[cp] !== ":") cp++;
  const host = filename.slice(hostStart, cp);
  if (filename[cp] === ":") {
    const portStart = cp + 1;
    while (cp < filename.length && filename[cp] !== "/") cp++;
    let digits = 0;
    let i = portStart;
    while (i < cp && filename[i] >= "0" && filename[i] <= "9") digits = digits * 10 + (filename.charCodeAt(i++) - 48);
    const path = filename.slice(cp);
    return { host, port: digits & 0xffff, path: path === "" ? "/" : path };
  }
  if (filename[cp] === "/") return { host, port: defaultPort, path: filename.slice(cp) };
  return { host, port: defaultPort, path: "/" };
}
