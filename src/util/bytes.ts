/**
 * Byte strings. Apache works on bytes; htrewrite keeps URLs, header values and regex subjects
 * as JavaScript strings whose code units are all 0–255 ("latin1" strings), one unit per byte.
 * Decoding and encoding UTF-8 happens only at the edges (CLI arguments, JSON in and out).
 */

/** A string whose every code unit is a byte (0x00–0xFF). Documentary alias. */
export type ByteString = string;

/** UTF-8 text (as JavaScript normally holds it) → byte string. */
export function utf8ToBytes(text: string): ByteString {
  // ASCII is its own UTF-8 (the common case: skip the Buffer round trip).
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return Buffer.from(text, "utf8").toString("latin1");
  return text;
}

/** Byte string → UTF-8 text; invalid sequences become U+FFFD (output edge only). */
export function bytesToUtf8(bytes: ByteString): string {
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** True when every code unit of `s` is a byte. */
export function isByteString(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}

/** ASCII-only lower-casing, as C's tolower() in the "C" locale. */
export function asciiLower(s: ByteString): ByteString {
  let out = "";
  let changed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) {
      changed = true;
      out += String.fromCharCode(c + 32);
    } else out += s[i];
  }
  return changed ? out : s;
}

/** ASCII-only upper-casing, as C's toupper() in the "C" locale. */
export function asciiUpper(s: ByteString): ByteString {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 0x61 && c <= 0x7a ? String.fromCharCode(c - 32) : s[i];
  }
  return out;
}

/** strcasecmp() equality in the C locale (ASCII folding only). */
export function asciiEqualsIgnoreCase(a: ByteString, b: ByteString): boolean {
  if (a.length !== b.length) return false;
  return asciiLower(a) === asciiLower(b);
}
