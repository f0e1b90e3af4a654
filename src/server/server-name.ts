/**
 * Self-referential names and ports (core.c ap_get_server_name / ap_get_server_port), which both
 * mod_rewrite (redirect URLs, SERVER_NAME/SERVER_PORT) and mod_wsgi (%{SERVER}, %{RESOURCE}) use.
 */
import type { Engine } from "./engine.js";
import { core, type CanonicalName } from "./modules/core.js";
import type { Request } from "./request.js";

/** UseCanonicalName and UseCanonicalPhysicalPort in force for the request (per directory; default Off). */
function canonical(r: Request, engine: Engine): { name: CanonicalName; physicalPort: boolean } {
  const c = engine.modules.dirConfig(core, r);
  return { name: c.useCanonicalName, physicalPort: c.useCanonicalPhysicalPort };
}

/** ap_default_port: 443 for the https scheme (also when only ServerName says https), else 80. */
export function defaultPort(r: Request): number {
  return r.scheme === "https" ? 443 : 80;
}

/**
 * ap_get_server_port: with UseCanonicalName Off (or unset, or DNS) the client's port comes first
 * (wsgi.md R18: a request without a port gets the ServerName port, else the scheme default).
 */
export function serverPort(r: Request, engine: Engine): number {
  const { name: canon, physicalPort: phys } = canonical(r, engine);
  const chain: Array<number | null> =
    canon === "on"
      ? phys
        ? [r.server.port, r.conn.localPort]
        : [r.server.port]
      : phys
        ? [r.explicitPort, r.conn.localPort, r.server.port]
        : [r.explicitPort, r.server.port];
  for (const p of chain) if (p) return p;
  return defaultPort(r);
}

/** ap_get_server_name: the client's host under UseCanonicalName Off, else ServerName. */
export function serverName(r: Request, engine: Engine): string {
  const canon = canonical(r, engine).name;
  if (canon === "off" && r.hostname !== null) return r.hostname;
  if (canon === "dns") return r.conn.localIp;
  return r.server.serverHostname;
}

/** ap_get_server_name_for_url: IPv6 literals in brackets. */
export function serverNameForUrl(r: Request, engine: Engine): string {
  const n = serverName(r, engine);
  return n.includes(":") && !n.startsWith("[") ? `[${n}]` : n;
}

/** ap_construct_url: scheme://name[:port] + uri (port omitted when it is the scheme default). */
export function constructUrl(r: Request, engine: Engine, uri: string): string {
  const port = serverPort(r, engine);
  const portPart = port === defaultPort(r) ? "" : `:${port}`;
  return `${r.scheme}://${serverNameForUrl(r, engine)}${portPart}${uri}`;
}
