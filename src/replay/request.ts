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

const REQUEST_LINE = /^([A-Za-z-_]+) (\S+)(?: (HTTP\/\d\.\d))?$/;

/** The request of one line, or a reason it cannot be rebuilt. Byte strings in, UTF-8 text out (the API's convention). */
export function rebuildRequest(values: readonly string[], s: RequestShape): LoggedRequest | { error: string } {
  const get = (i: number): string | null => (i >= 0 && values[i] !== "-" && values[i] !== "" ? values[i] : null);
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
    const path = get(s.path);
    if (path === null) return { error: "no %U logged" };
    method = get(s.method) ?? "GET";
    target = path + (get(s.query) ?? "");
    protocol = get(s.protocol);
  }
  if (protocol !== null && protocol !== "HTTP/1.1" && protocol !== "HTTP/1.0") return { error: `protocol ${protocol} not replayed (only HTTP/1.0 and HTTP/1.1)` };
  const req: EvaluateRequest = { url: bytesToUtf8(target), method, httpVersion: protocol === "HTTP/1.0" ? "1.0" : "1.1" };
  const host = get(s.host) ?? get(s.serverName) ?? get(s.canonicalName);
  const portText = get(s.port);
  const port = portText !== null && /^\d{1,5}$/.test(portText) ? Number(portText) : undefined;
  if (host !== null) req.host = bytesToUtf8(port !== undefined && port !== 80 && s.host < 0 && !host.includes(":") ? `${host}:${port}` : host);
  if (port !== undefined) req.port = port;
  const client = get(s.client);
  if (client !== null && /^[0-9a-fA-F.:]+$/.test(client)) req.remoteIp = client;
  const st = get(s.status);
  const loggedStatus = st !== null && /^\d{3}$/.test(st) ? Number(st) : null;
  return { request: req, loggedStatus };
}
