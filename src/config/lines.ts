/**
 * Logical lines, as httpd's config reader (ap_varbuf_cfg_getline) produces them from a file.
 *
 * - Physical lines end at LF. A physical line whose last byte before LF (or CR LF) is `\` is
 *   continued: the backslash and the line end are dropped, nothing is inserted, and the next
 *   line's leading whitespace is kept (rewrite.md §10.1: `/a.\` + `html` → `/a.html`).
 * - A NUL byte ends the line's content (httpd measures the buffer with strlen); the rest of that
 *   physical line is lost and it is never a continuation.
 * - The logical line is trimmed of C `isspace` bytes at both ends.
 * - Comments and blank lines are decided by the caller, on the trimmed text.
 */

/** A logical line at or over httpd's limit (MAX_LINE_BYTES); `line` is the physical line reached. */
export class LineTooLongError extends Error {
  constructor(readonly line: number) {
    super(`Line too long at line ${line}`);
  }
}

/** One logical line. */
export interface LogicalLine {
  /** Trimmed text of the joined physical lines. */
  text: string;
  /** 1-based number of the first physical line. */
  line: number;
  /** 1-based number of the last physical line (httpd names this one in its errors). */
  lastLine: number;
  /** 1-based column of the first non-blank byte on the first physical line. */
  column: number;
}

/** C isspace() in the "C" locale: space, \t, \n, \v, \f, \r. */
export function isCSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/** Trim C whitespace on both sides, reporting how much was removed in front. */
export function trimCSpace(s: string): { text: string; lead: number } {
  let a = 0;
  let b = s.length;
  while (a < b && isCSpace(s.charCodeAt(a))) a++;
  while (b > a && isCSpace(s.charCodeAt(b - 1))) b--;
  return { text: s.slice(a, b), lead: a };
}

/**
 * Iterates logical lines of `source` lazily, so a caller that stops early (a section soaked up
 * to its end, an error) reads no further. `next()` returns null at the end.
 */
export class LineReader {
  private offset = 0;
  private physical = 0;
  constructor(
    private readonly source: string,
    /** Bytes a logical line must stay below (httpd's VARBUF_MAX_LEN); Infinity: no bound. */
    private readonly maxBytes = Infinity,
  ) {}

  /** Number of physical lines consumed so far (httpd's line counter). */
  get lineNumber(): number {
    return this.physical;
  }

  next(): LogicalLine | null {
    const src = this.source;
    if (this.offset >= src.length) return null;
    let buf = "";
    let first = 0;
    let firstLead = -1;
    for (;;) {
      if (this.offset >= src.length) break; // EOF after a continuation: the line ends here
      const lf = src.indexOf("\n", this.offset);
      const end = lf === -1 ? src.length : lf;
      let seg = src.slice(this.offset, end);
      this.offset = lf === -1 ? src.length : lf + 1;
      this.physical++;
      if (first === 0) first = this.physical;
      const nul = seg.indexOf("\0");
      const truncated = nul !== -1;
      if (truncated) seg = seg.slice(0, nul);
      if (firstLead < 0) firstLead = leadingSpace(seg);
      if (!truncated && lf !== -1) {
        let cut = seg.length;
        if (cut > 0 && seg.charCodeAt(cut - 1) === 0x0d) cut--;
        // The backslash must be in this buffer (httpd checks `cp > buf` over the joined buffer).
        if (cut > 0 && seg.charCodeAt(cut - 1) === 0x5c && (buf.length > 0 || cut > 0)) {
          buf += seg.slice(0, cut - 1);
          if (buf.length >= this.maxBytes) throw new LineTooLongError(this.physical);
          continue;
        }
      }
      buf += seg;
      break;
    }
    if (buf.length >= this.maxBytes) throw new LineTooLongError(this.physical);
    const { text } = trimCSpace(buf);
    return { text, line: first, lastLine: this.physical, column: firstLead + 1 };
  }
}

function leadingSpace(s: string): number {
  let i = 0;
  while (i < s.length && isCSpace(s.charCodeAt(i))) i++;
  return i;
}
