/**
 * Self-referential names and ports (core.c ap_get_server_name / ap_get_server_port), which both
 * mod_rewrite (redirect URLs, SERVER_NAME/SERVER_PORT) and mod_wsgi (%{SERVER}, %{RESOURCE}) use.
 */
import type { DirLayer } from "./per-dir.js";
import { lastDirective } from "./per-dir.js";
import type { Request } from "./request.js";

export type CanonicalName = "off" | "on" | "dns";

/** UseCanonicalName in force (per-directory; default Off). */
export function useCanonicalName(layers: readonly DirLayer[]): CanonicalName {
  const d = lastDirective(layers, "usecanonicalname");
  const v = d?.args[0]?.toLowerCase();
  return v === "on" ? "on" : v === "dns" ? "dns" : "off";
}

/** UseCanonicalPhysicalPort in force (default Off). */
export function useCanonicalPhysicalPort(layers: readonly DirLayer[]): boolean {
  return lastDirective(layers, "usecanonicalphysicalport")?.args[0]?.toLowerCase() === "on";
}

/** ap_default_port: 443 for the https scheme (also when only ServerName says https), else 80. */
export function defaultPort(r: Request): number {
  return r.scheme === "https" ? 443 : 80;
}

/**
 * ap_get_server_port: with UseCanonicalName Off (or unset, or DNS) the client's port comes first
 * (wsgi.md R18: a request without a port gets the ServerName port, else the scheme default).
 */
export function serverPort(r: Request): number {
  const canon = useCanonicalName(r.layers);
  const phys = useCanonicalPhysicalPort(r.layers);
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
export function serverName(r: Request): string {
  const canon = useCanonicalName(r.layers);
  if (canon === "off" && r.hostname) return r.hostname;
  if (canon === "dns") return r.conn.localIp;
  return r.server.serverHostname;
}

/** ap_get_server_name_for_url: IPv6 literals in brackets. */
export function serverNameForUrl(r: Request): string {
  const n = serverName(r);
  return n.includes(":") && !n.startsWith("[") ? `[${n}]` : n;
}

/** ap_construct_url: scheme://name[:port] + uri (port omitted when it is the scheme default). */
export function constructUrl(r: Request, uri: string): string {
  const port = serverPort(r);
  const portPart = port === defaultPort(r) ? "" : `:${port}`;
  return `${r.scheme}://${serverNameForUrl(r)}${portPart}${uri}`;
}
