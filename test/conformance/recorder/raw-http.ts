/**
 * One HTTP exchange over a plain socket, bytes exactly as given: the request-target is sent
 * unmodified (`//x`, `/%7Euser`, `/a b`), headers in the order given, no Host header when asked
 * not to. Node's http client would normalise or refuse some of these, so it is not used.
 */
import { connect } from "node:net";

/** A request to put on the wire. Header names and values are byte strings (latin1). */
export interface RawRequest {
  method: string;
  target: string;
  httpVersion: "1.0" | "1.1";
  headers: [string, string][];
  body?: Buffer;
  /**
   * The whole request as bytes (a case's `raw`): sent verbatim instead of the fields above, and
   * the sending side is then closed, so a request cut short reads as the end of the connection.
   */
  bytes?: Buffer;
}

/** What came back. Header values are byte strings; names are lower-cased. */
export interface RawResponse {
  status: number;
  headers: Map<string, string>;
  body: Buffer;
}

/** The request's bytes. The target is UTF-8 encoded (case files are UTF-8 text). */
export function serialiseRequest(req: RawRequest): Buffer {
  if (req.bytes) return req.bytes;
  const head = [`${req.method} `];
  const lines: Buffer[] = [Buffer.from(head.join(""), "latin1"), Buffer.from(req.target, "utf8")];
  let rest = ` HTTP/${req.httpVersion}\r\n`;
  for (const [name, value] of req.headers) rest += `${name}: ${value}\r\n`;
  rest += "\r\n";
  lines.push(Buffer.from(rest, "latin1"));
  if (req.body) lines.push(req.body);
  return Buffer.concat(lines);
}

function decodeChunked(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let pos = 0;
  for (let guard = 0; guard < 100_000 && pos < data.length; guard++) {
    const eol = data.indexOf("\r\n", pos, "latin1");
    if (eol < 0) break;
    const size = parseInt(data.subarray(pos, eol).toString("latin1").split(";")[0], 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(eol + 2, eol + 2 + size));
    pos = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Parses a complete response (the server closed the connection after it). */
export function parseResponse(received: Buffer): RawResponse {
  let data = received;
  if (data.length === 0) throw new Error("the server closed the connection without answering");
  // A simple (HTTP/0.9) request is answered with the body alone.
  if (!data.subarray(0, 5).equals(Buffer.from("HTTP/"))) throw new Error("HTTP/0.9 answer (no status line)");
  // Interim answers (100 Continue to "Expect: 100-continue") come before the final one.
  for (;;) {
    const interim = /^HTTP\/\d\.\d 1\d\d[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n/.exec(data.subarray(0, 4096).toString("latin1"));
    if (!interim) break;
    data = data.subarray(Buffer.byteLength(interim[0], "latin1"));
  }
  const end = data.indexOf("\r\n\r\n", 0, "latin1");
  if (end < 0) throw new Error(`incomplete response (${data.length} bytes)`);
  const head = data.subarray(0, end).toString("latin1").split("\r\n");
  const m = /^HTTP\/\d\.\d (\d{3})/.exec(head[0]);
  if (!m) throw new Error(`bad status line: ${head[0]}`);
  const headers = new Map<string, string>();
  for (const line of head.slice(1)) {
    const colon = line.indexOf(":");
    // Only SP and HT surround a field value: String.prototype.trim would also eat bytes such as
    // 0xA0 (NBSP) that Apache sends back in a Location built from the request (case
    // rh_fuzz_found_small_limits: "/d?\xa0" redirects to "/d/?\xa0").
    if (colon > 0) headers.set(line.slice(0, colon).replace(/^[ \t]+|[ \t]+$/g, "").toLowerCase(), line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, ""));
  }
  let body = data.subarray(end + 4);
  if ((headers.get("transfer-encoding") ?? "").toLowerCase() === "chunked") body = decodeChunked(body);
  return { status: Number(m[1]), headers, body };
}

/**
 * Sends `req` to 127.0.0.1:`port` and reads until the server closes the connection (the base
 * configuration has KeepAlive Off, so Apache closes after each response). Fails after `timeoutMs`.
 */
export function exchange(port: number, req: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sock = connect({ host: "127.0.0.1", port });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no complete answer from 127.0.0.1:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    sock.on("connect", () => {
      sock.write(serialiseRequest(req));
      if (req.bytes) sock.end();
    });
    sock.on("data", (d: Buffer) => chunks.push(d));
    sock.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.on("close", () => {
      clearTimeout(timer);
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (e) {
        reject(e);
      }
    });
  });
}
