/**
 * The byte classes Apache's request reader scans with (util.c ap_scan_http_token,
 * ap_scan_vchar_obstext, ap_scan_http_field_content; apr_isspace in the C locale). Inputs are
 * byte strings: one character per byte, code units 0–255.
 */

/** RFC 9110 tchar: the bytes of a token (method, field name). */
export function isTchar(c: number): boolean {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true;
  return c < 0x80 && "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c));
}

/** VCHAR or obs-text: any visible byte, and every byte of 0x80 and above. */
export function isVcharObstext(c: number): boolean {
  return (c >= 0x21 && c <= 0x7e) || c >= 0x80;
}

/** field-content: VCHAR, obs-text, SP and HT. */
export function isFieldContent(c: number): boolean {
  return c === 0x09 || c === 0x20 || isVcharObstext(c);
}

/** apr_isspace in the C locale: SP, HT, LF, VT, FF, CR. */
export function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

export function isXdigit(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
