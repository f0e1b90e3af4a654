/**
 * mod_proxy's handler for a [P] request. htrewrite proxies to no other host: a backend that is
 * this very server (a loopback address or localhost on one of its listeners) is served
 * in-process as a fresh request, as Apache would receive it; any other backend is reported as a
 * proxy decision (502, with the URL in the log).
 */
import type { Engine } from "../engine.js";
import type { Request } from "../request.js";
import { DECLINED, HOOK, type HookResult, type ModuleDefinition } from "./types.js";

/** How many loopback proxy hops one client request may take before htrewrite gives up. */
const MAX_PROXY_HOPS = 8;

function handler(r: Request, engine: Engine): HookResult {
  if (r.handler !== "proxy-server" || !r.filename?.startsWith("proxy:")) return DECLINED;
  const url = r.filename.slice("proxy:".length) + (r.args !== null && !r.filename.includes("?") ? `?${r.args}` : "");
  const m = /^http:\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?([^#]*)$/i.exec(url);
  const hops = r.proxyHops + 1;
  if (m && hops <= MAX_PROXY_HOPS) {
    const host = m[1].toLowerCase();
    const port = m[2] ? Number(m[2]) : 80;
    const local = host === "127.0.0.1" || host === "localhost" || host === "[::1]";
    if (local && engine.model.listenPorts.includes(port)) {
      const headers: Array<[string, string]> = [["Host", m[2] ? `${m[1]}:${m[2]}` : m[1]]];
      for (const [k, v] of r.headersIn.pairs()) if (k.toLowerCase() !== "host") headers.push([k, v]);
      headers.push(["X-Forwarded-For", r.conn.remoteIp], ["X-Forwarded-Host", r.headersIn.get("Host") ?? ""], ["X-Forwarded-Server", r.server.serverHostname]);
      const inner = engine.runner.serve(
        {
          method: r.method,
          target: m[3] || "/",
          httpVersion: "1.1",
          headers,
          conn: { localIp: "127.0.0.1", localPort: port, remoteIp: "127.0.0.1", remotePort: r.conn.remotePort + 1, secure: false },
          time: r.time,
        },
        r.tracer,
        hops,
      );
      return { kind: "response", response: { ...inner, log: [...r.log, ...inner.log] } };
    }
  }
  r.log.push(`proxy to ${url}: htrewrite does not proxy to other servers (recorded as the proxy decision)`);
  return { kind: "status", status: 502 };
}

export const proxy: ModuleDefinition<null, null> = {
  name: "proxy",
  directives: [],
  hooks: [{ phase: "handler", order: HOOK.first, run: handler }],
};
