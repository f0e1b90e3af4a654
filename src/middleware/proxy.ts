/**
 * A streaming reverse proxy with mod_proxy_http's header handling: hop-by-hop headers (and those
 * named in Connection) are dropped both ways; X-Forwarded-For, X-Forwarded-Host and
 * X-Forwarded-Server are added, merged with ", " onto any the client sent; Host is the backend's
 * unless ProxyPreserveHost is on. A backend that cannot be reached is a 503 (mod_proxy marks the
 * worker in error), one that fails mid-answer a 502.
 */
import * as http from "node:http";
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Backend } from "./placement.js";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"]);

/** Headers without the hop-by-hop ones (RFC 9110 §7.6.1, ap_proxy_clear_connection). */
export function endToEndHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? "")
      .split(",")
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || HOP_BY_HOP.has(k) || named.has(k)) continue;
    out[k] = v;
  }
  return out;
}

function merge(prev: string | string[] | number | undefined, value: string): string {
  if (prev === undefined) return value;
  return `${Array.isArray(prev) ? prev.join(", ") : String(prev)}, ${value}`;
}

export interface ProxyTarget {
  backend: Backend;
  /** The request-target sent to the backend (path and query). */
  path: string;
}

/** `http://host[:port]/path?q` → a backend and path; null for other schemes. */
export function targetFromUrl(url: string): ProxyTarget | null {
  const m = /^http:\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?([^#]*)$/i.exec(url);
  if (!m) return null;
  const host = m[1].replace(/^\[(.*)\]$/, "$1");
  const port = m[2] ? Number(m[2]) : 80;
  const path = m[3] ? (m[3].startsWith("/") ? m[3] : `/${m[3]}`) : "/";
  return { backend: { id: url, host, port, socketPath: null, basePath: "" }, path };
}

export interface ProxyOptions {
  /** ProxyPreserveHost: send the client's Host instead of the backend's (default false, as Apache). */
  preserveHost?: boolean;
  /** r->server->server_hostname for X-Forwarded-Server. */
  serverName: string;
  /** Called when the answer is Apache's own error (503/502) instead of the backend's. */
  onError: (status: number, err: Error) => void;
  /** Connection pool to backends (keep-alive, as mod_proxy reuses backend connections). */
  agent?: http.Agent;
  /** Give up connecting/waiting for response headers after this long (ProxyTimeout; default 60 s). */
  timeoutMs?: number;
}

/** Forward `req` to the target and stream the backend's answer into `res`. */
export function proxyRequest(req: IncomingMessage, res: ServerResponse, target: ProxyTarget, opts: ProxyOptions): void {
  const b = target.backend;
  const headers = endToEndHeaders(req.headers);
  const clientHost = req.headers.host;
  if (!opts.preserveHost || clientHost === undefined) {
    headers.host = b.socketPath !== null ? "localhost" : `${b.host!.includes(":") ? `[${b.host}]` : b.host}${b.port === 80 ? "" : `:${b.port}`}`;
  }
  headers["x-forwarded-for"] = merge(headers["x-forwarded-for"], req.socket.remoteAddress ?? "");
  if (clientHost !== undefined) headers["x-forwarded-host"] = merge(headers["x-forwarded-host"], clientHost);
  headers["x-forwarded-server"] = merge(headers["x-forwarded-server"], opts.serverName);
  let connected = false;
  const out = http.request(
    {
      method: req.method,
      path: b.basePath + target.path,
      headers,
      ...(b.socketPath !== null ? { socketPath: b.socketPath } : { host: b.host!, port: b.port! }),
      timeout: opts.timeoutMs ?? 60_000,
      agent: opts.agent,
    },
    (upstream) => {
      const h = endToEndHeaders(upstream.headers);
      res.writeHead(upstream.statusCode ?? 502, upstream.statusMessage, h);
      upstream.pipe(res);
      upstream.on("error", () => res.destroy());
    },
  );
  // A pooled socket is connected already; a new one tells when it is (503 before, 502 after).
  out.on("socket", (s) => {
    if (!s.connecting) connected = true;
    else s.once("connect", () => (connected = true));
  });
  out.on("timeout", () => out.destroy(new Error("backend timed out")));
  out.on("error", (err) => {
    if (res.headersSent) res.destroy();
    else opts.onError(connected ? 502 : 503, err);
  });
  req.pipe(out);
}
