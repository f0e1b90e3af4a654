/**
 * ap_expr's vocabulary (util_expr_eval.c): the variables it knows, its functions and operators,
 * and the operators whose meaning is not plain string comparison (-ipmatch, wildcard matches).
 */
import { ExprSyntaxError } from "./ast.js";

/**
 * The variables ap_expr knows (util_expr_eval.c: connection, request, header and misc lists),
 * compared case-insensitively; any other `%{NAME}` is a compile error "Variable 'NAME' does not
 * exist" (measured on 2.4.71 for %{HTTP_X_FOO} and %{NOPE}).
 */
export const EXPR_VARIABLES = new Set(
  `HTTPS IPV6 CONN_LOG_ID CONN_REMOTE_ADDR HTTP2 REQUEST_METHOD REQUEST_SCHEME REQUEST_URI REQUEST_FILENAME
REMOTE_HOST REMOTE_IDENT REMOTE_USER SERVER_ADMIN SERVER_NAME SERVER_PORT SERVER_PROTOCOL SCRIPT_FILENAME
PATH_INFO QUERY_STRING IS_SUBREQ DOCUMENT_ROOT AUTH_TYPE THE_REQUEST CONTENT_TYPE HANDLER REQUEST_LOG_ID
SCRIPT_USER SCRIPT_GROUP DOCUMENT_URI LAST_MODIFIED CONTEXT_PREFIX CONTEXT_DOCUMENT_ROOT REQUEST_STATUS
REMOTE_ADDR REMOTE_PORT HTTP_USER_AGENT HTTP_PROXY_CONNECTION HTTP_REFERER HTTP_COOKIE HTTP_FORWARDED
HTTP_HOST HTTP_ACCEPT TIME_YEAR TIME_MON TIME_DAY TIME_HOUR TIME_MIN TIME_SEC TIME_WDAY TIME SERVER_SOFTWARE
API_VERSION`.split(/\s+/),
);


export const STRING_FUNCS = new Set([
  "tolower", "toupper", "escape", "unescape", "req", "http", "req_novary", "reqenv", "env", "osenv", "note",
  "base64", "unbase64", "md5", "sha1", "file", "filesize",
]);
/** Functions that read files: refused when parsing an .htaccess expression (2.4.67+, restricted mode). */
export const FILE_FUNCS = new Set(["file", "filesize"]);
export const UNARY_OPS = new Set(["-f", "-s", "-d", "-e", "-L", "-h", "-x", "-n", "-z", "-T", "-U", "-F"]);
export const CMP_OPS = ["==", "!=", "<=", ">=", "<", ">", "=~", "!~"];
export const INT_OPS = new Set(["-eq", "-ne", "-lt", "-le", "-gt", "-ge"]);
/** Wildcard matches: -strmatch (case-sensitive), -strcmatch (case-insensitive), -fnmatch (`/` literal). */
export const WILDCARD_OPS = new Set(["-strmatch", "-strcmatch", "-fnmatch"]);
/** Other binary operators: `-ipmatch` (address in CIDR), `-in` (word in a list). */
export const OTHER_BINARY = new Set(["-ipmatch"]);

function ipv4ToInt(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (m === null) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** `addr -ipmatch net[/bits]` for IPv4 (IPv6 compares exactly); a bad network is an error. */
export function ipMatch(addr: string, net: string): boolean {
  const [base, bitsText] = net.split("/");
  const n = ipv4ToInt(base);
  if (n === null) {
    if (base.includes(":")) return addr.toLowerCase() === base.toLowerCase();
    throw new ExprSyntaxError(`Bad IP address/netmask '${net}'`);
  }
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const a = ipv4ToInt(addr.replace(/^::ffff:/i, ""));
  if (a === null || !(bits >= 0 && bits <= 32)) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((a & mask) >>> 0) === ((n & mask) >>> 0);
}

/** apr_fnmatch-style wildcard match: `*`, `?`, `[set]`, `\x`; `pathname` keeps `/` out of wildcards. */
export function wildcardMatch(pattern: string, s: string, nocase: boolean, pathname: boolean): boolean {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") re += pathname ? "[^/]*" : "[\\s\\S]*";
    else if (c === "?") re += pathname ? "[^/]" : "[\\s\\S]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        let set = pattern.slice(i + 1, end).replace(/\\/g, "\\\\");
        if (set[0] === "!") set = "^" + set.slice(1);
        re += `[${set}]`;
        i = end;
      }
    } else if (c === "\\" && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(re + "$", nocase ? "i" : "").test(s);
}
