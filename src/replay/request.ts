/**
 * Rebuilding the request Apache served from one parsed access-log line: the request line `%r`
 * (method, target, protocol), else `%m %U%q %H`; the Host from `%{Host}i` when logged, else the
 * server name (`%V` is what UseCanonicalName chose, `%v` the vhost's ServerName); the port from
 * `%p`; the client from `%a`/`%h`; the logged status from `%>s` (the final one) or `%s`.
 */
import type { EvaluateRequest } from "../api/evaluate.js";
import { bytesToUtf8 } from "../util/bytes.js";
import type { LogLineParser } from "./log-format.js";

export interface LoggedRequest {
  request: EvaluateRequest;
  /** Status Apache logged (null when the format has none or it is "-"). */
  loggedStatus: number | null;
}

/** Field indexes of one format, resolved once. */
export interface RequestShape {
  line: number;
  method: number;
  path: number;
  query: number;
  protocol: number;
  host: number;
  serverName: number;
  canonicalName: number;
  port: number;
  client: number;
  status: number;
}

export function requestShape(p: LogLineParser): RequestShape {
  const first = (...keys: string[]) => {
    for (const k of keys) {
      const i = p.indexOf(k);
      if (i >= 0) return i;
    }
    return -1;
  };
  const shape: RequestShape = {
    line: first("r"),
    method: first("m"),
    path: first("U"),
    query: first("q"),
    protocol: first("H"),
    host: first("i:host"),
    serverName: first("V"),
    canonicalName: first("v"),
    port: first("p", "p:canonical", "p:local"),
    client: first("a", "h", "a:c"),
    status: first("s"),
  };
  if (shape.line < 0 && (shape.method < 0 || shape.path < 0)) throw new Error(`LogFormat '${p.format}' logs no request line (%r) nor %m and %U: requests cannot be rebuilt`);
  return shape;
}

const ASCII = /^[\x00-\x7f]*$/;

/** bytesToUtf8, skipping the Buffer round trip for pure ASCII (nearly every logged URL). */
function utf8Of(bytes: string): string {
  return ASCII.test(bytes) ? bytes : bytesToUtf8(bytes);
}

const REQUEST_LINE = /^([A-Za-z-_]+) (\S+)(?: (HTTP\/\d\.\d))?$/;

/** A logged value, null when the format lacks it or Apache logged "-" (no value) or nothing. */
function get(values: readonly string[], i: number): string | null {
  if (i < 0) return null;
  const v = values[i];
  return v !== "-" && v !== "" ? v : null;
}

/** A three-digit status as a number, else null (checked by character: this runs once per line). */
function statusOf(st: string | null): number | null {
  if (st === null || st.length !== 3) return null;
  const a = st.charCodeAt(0) - 48;
  const b = st.charCodeAt(1) - 48;
  const c = st.charCodeAt(2) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 && c >= 0 && c <= 9 ? a * 100 + b * 10 + c : null;
}

const CLIENT = /^[0-9a-fA-F.:]+$/;

/** The request of one line, or a reason it cannot be rebuilt. Byte strings in, UTF-8 text out (the API's convention). */
export function rebuildRequest(values: readonly string[], s: RequestShape): LoggedRequest | { error: string } {
  let method: string;
  let target: string;
  let protocol: string | null;
  if (s.line >= 0) {
    const rl = values[s.line];
    const m = REQUEST_LINE.exec(rl);
    if (!m) return { error: rl === "-" ? "no request line logged ('-')" : `request line not 'METHOD target HTTP/x.y'` };
    method = m[1];
    target = m[2];
    protocol = m[3] ?? null;
  } else {
    const path = get(values, s.path);
    if (path === null) return { error: "no %U logged" };
    method = get(values, s.method) ?? "GET";
    target = path + (get(values, s.query) ?? "");
    protocol = get(values, s.protocol);
  }
  if (protocol !== null && protocol !== "HTTP/1.1" && protocol !== "HTTP/1.0") return { error: `protocol ${protocol} not replayed (only HTTP/1.0 and HTTP/1.1)` };
  const req: EvaluateRequest = { url: utf8Of(target), method, httpVersion: protocol === "HTTP/1.0" ? "1.0" : "1.1" };
  const host = get(values, s.host) ?? get(values, s.serverName) ?? get(values, s.canonicalName);
  const portText = get(values, s.port);
  const port = portText !== null && /^\d{1,5}$/.test(portText) ? Number(portText) : undefined;
  if (host !== null) req.host = utf8Of(port !== undefined && port !== 80 && s.host < 0 && !host.includes(":") ? `${host}:${port}` : host);
  if (port !== undefined) req.port = port;
  const client = get(values, s.client);
  if (client !== null && CLIENT.test(client)) req.remoteIp = client;
  return { request: req, loggedStatus: statusOf(get(values, s.status)) };
}
