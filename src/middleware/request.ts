/**
 * The EvaluateRequest of a real Node request. node:http hands over the request-target and
 * header values as latin1 strings (one code unit per byte), which is exactly htrewrite's byte
 * string, so they pass with encoding "bytes"; rawHeaders keeps order and repeats.
 */
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import type { EvaluateRequest } from "../api/evaluate.js";

/** An IPv4-mapped IPv6 address is the IPv4 address Apache would log (apr gives it unmapped). */
function plainIp(addr: string | undefined): string {
  if (!addr) return "127.0.0.1";
  return addr.startsWith("::ffff:") && addr.includes(".") ? addr.slice(7) : addr;
}

export function evaluateRequestOf(req: IncomingMessage, url: string = req.url ?? "/"): EvaluateRequest {
  const headers: Array<[string, string]> = [];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i], raw[i + 1]]);
  const sock = req.socket;
  return {
    url,
    method: req.method ?? "GET",
    headers,
    host: null,
    httpVersion: req.httpVersion === "1.0" ? "1.0" : "1.1",
    remoteIp: plainIp(sock.remoteAddress),
    remotePort: sock.remotePort ?? 0,
    localIp: plainIp(sock.localAddress),
    port: sock.localPort ?? 80,
    https: (sock as Partial<TLSSocket>).encrypted === true,
    encoding: "bytes",
  };
}
