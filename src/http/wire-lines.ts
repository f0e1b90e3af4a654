/**
 * Reading one line off the wire the way ap_rgetline does: up to LF, the CR before it dropped,
 * within a buffer of `limit + 2` bytes, NUL bytes refused.
 */

/** The outcome of reading one line. */
export type LineRead =
  | { kind: "line"; text: string; next: number }
  /** The connection ended before a LF (ap_rgetline's EOF). */
  | { kind: "eof" }
  /** The buffer filled before the LF (APR_ENOSPC); `partial` is what fitted. */
  | { kind: "too-long"; partial: string }
  /** A bare LF where CRLF is required (Strict), or a NUL byte in the line (APR_EINVAL). */
  | { kind: "invalid"; why: "bare LF" | "NUL byte" };

/**
 * Reads the line starting at `pos` of the byte string `data`. `limit` is the directive's value
 * (LimitRequestLine, LimitRequestFieldSize): the buffer holds limit + 2 bytes with the line end,
 * and a line whose final LF alone overflows it, right after a CR, still fits (so a line of
 * limit + 1 bytes before CRLF is read whole; measured: case pl_long_paths).
 */
export function readLine(data: string, pos: number, limit: number, crlfRequired: boolean): LineRead {
  const size = limit + 2;
  const lf = data.indexOf("\n", pos);
  // No LF before the connection ends: the end of input wins even over a full buffer, since
  // ap_rgetline keeps reading after APR_ENOSPC until the LF (measured: a request line cut short
  // past LimitRequestLine gets no answer, case rh_fuzz_found_unsafe_small).
  if (lf < 0) return { kind: "eof" };
  const withLf = lf - pos + 1;
  if (withLf > size && !(withLf === size + 1 && data.charCodeAt(lf - 1) === 0x0d)) {
    return { kind: "too-long", partial: data.slice(pos, pos + size) };
  }
  let end = lf;
  if (end > pos && data.charCodeAt(end - 1) === 0x0d) end--;
  else if (crlfRequired) return { kind: "invalid", why: "bare LF" };
  const text = data.slice(pos, end);
  if (text.includes("\0")) return { kind: "invalid", why: "NUL byte" };
  return { kind: "line", text, next: lf + 1 };
}
