/**
 * The escapers mod_rewrite uses. All hex digits are lower-case, as Apache's c2x() writes them.
 * Spec §4.1 (tables), §4.3 (redirect URLs).
 */
import type { ByteString } from "./bytes.js";

const HEX = "0123456789abcdef";

function pct(c: number): string {
  return "%" + HEX[c >> 4] + HEX[c & 15];
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Bytes ap_escape_uri leaves alone besides alphanumerics (spec §4.1). */
const URI_SAFE = new Set(Array.from("$-_.+!*'(),:;@&=/~", (ch) => ch.charCodeAt(0)));

/** A byte ap_escape_uri changes (the complement of alphanumerics and URI_SAFE). */
const URI_UNSAFE = /[^0-9A-Za-z$\-_.+!*'(),:;@&=/~]/;

/** ap_escape_uri: used for redirect URLs, redirect queries and `int:escape`. */
export function escapeUri(s: ByteString): ByteString {
  // Most URLs need nothing: return them as they are rather than rebuilt byte by byte.
  const first = s.search(URI_UNSAFE);
  if (first === -1) return s;
  let out = s.slice(0, first);
  for (let i = first; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += isAlnum(c) || URI_SAFE.has(c) ? s[i] : pct(c);
  }
  return out;
}

/** The back-reference settings of one rule ([B], [B=list], [BCTLS], [BNE=list], [BNP]). */
export interface BackrefEscaping {
  escapeList: string | null;
  noEscapeList: string | null;
  noPlus: boolean;
  ctls: boolean;
}

/**
 * escape_backref: which bytes are selected depends on the flags — every byte (plain [B]),
 * the listed ones ([B=list]), controls/space/DEL ([BCTLS], union with a list); [BNE] removes bytes
 * from the selection. Selected alphanumerics and `_` still pass unchanged, a selected space becomes
 * `+` unless [BNP]. Spec §4.1, vectors 4–7.
 */
export function escapeBackref(s: ByteString, e: BackrefEscaping): ByteString {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    const isVcharOrObs = (c >= 0x21 && c <= 0x7e) || c >= 0x80;
    const base = e.ctls ? !isVcharOrObs : e.escapeList === null;
    const selected =
      (base || (e.escapeList !== null && e.escapeList.includes(ch))) &&
      (e.noEscapeList === null || !e.noEscapeList.includes(ch));
    if (!selected || isAlnum(c) || c === 0x5f) out += ch;
    else if (c === 0x20 && !e.noPlus) out += "+";
    else out += pct(c);
  }
  return out;
}

/**
 * ap_unescape_url as `int:unescape` uses it: every valid `%XX` is decoded (including `%2F`),
 * invalid escapes stay as they are, `+` is not touched; a decoded NUL ends the string (C strings).
 */
export function unescapeUrl(s: ByteString): ByteString {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === "%" && i + 2 < s.length + 0 && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) {
      const v = parseInt(s.substr(i + 1, 2), 16);
      if (v === 0) return out;
      out += String.fromCharCode(v);
      i += 2;
    } else out += ch;
  }
  return out;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** A byte the error log escapes: a backslash, a control, DEL, or anything past ASCII. */
const LOG_ESCAPED = /[^\x20-\x5b\x5d-\x7e]/;

/**
 * ap_escape_errorlog_item: what trace lines look like in the error log. Controls become
 * `\b \n \r \t \v` or `\xhh`, a backslash is doubled, bytes ≥ 0x80 and DEL become `\xhh`;
 * `"` is kept. Spec §4.1, §12.
 */
export function escapeLogItem(s: ByteString): ByteString {
  // A trace line is mostly printable ASCII: pass it through unless something needs escaping.
  const first = s.search(LOG_ESCAPED);
  if (first === -1) return s;
  let out = s.slice(0, first);
  for (let i = first; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) out += "\\\\";
    else if (c >= 0x20 && c < 0x7f) out += s[i];
    else if (c === 0x08) out += "\\b";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c === 0x0b) out += "\\v";
    else out += "\\x" + HEX[c >> 4] + HEX[c & 15];
  }
  return out;
}

/** True when `s` holds a byte ap_scan_vchar_obstext stops at: a C0 control, space or DEL. */
export function hasControlOrSpace(s: ByteString): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return true;
  }
  return false;
}
