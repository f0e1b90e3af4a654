/**
 * Virtual host selection (Apache's vhost.c): by the listener's address and port first, then by
 * the Host name against ServerName/ServerAlias. The first vhost of the matching address set is
 * the default; a connection no <VirtualHost> address covers is served by the main server.
 */
import type { ServerModel, ServerRec, VhostAddress } from "./model.js";

/** fnmatch-style wildcard match, case-insensitive, for ServerAlias patterns. */
function wildcardMatch(pattern: string, name: string): boolean {
  let re = "^";
  for (const ch of pattern.toLowerCase()) {
    if (ch === "*") re += ".*";
    else if (ch === "?") re += ".";
    else re += ch.replace(/[\\^$.|+()[\]{}]/g, "\\$&");
  }
  return new RegExp(re + "$").test(name);
}

/** Addresses Apache resolves at start-up; loopback names resolve to 127.0.0.1 here. */
function addressIp(host: string): string {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost") return "127.0.0.1";
  return h;
}

function addressMatches(a: VhostAddress, ip: string, port: number): "exact" | "wildcard" | null {
  if (a.port !== null && a.port !== port) return null;
  if (a.host === "*" || a.host === "_default_") return "wildcard";
  return addressIp(a.host) === ip ? "exact" : null;
}

/** Does the request host name this server (ServerName or a ServerAlias)? */
export function serverAnswersTo(s: ServerRec, hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (s.serverHostname.toLowerCase() === h) return true;
  return s.aliases.some((a) => (/[*?]/.test(a) ? wildcardMatch(a, h) : a.toLowerCase() === h));
}

/**
 * The server that handles a request arriving on `localIp:localPort` with Host `hostname`
 * ("" when the request has none).
 */
export function selectServer(model: ServerModel, localIp: string, localPort: number, hostname: string): ServerRec {
  const exact: ServerRec[] = [];
  const wildcard: ServerRec[] = [];
  for (const v of model.vhosts) {
    let kind: "exact" | "wildcard" | null = null;
    for (const a of v.addresses) {
      const k = addressMatches(a, localIp, localPort);
      if (k === "exact") kind = "exact";
      else if (k === "wildcard" && kind === null) kind = "wildcard";
    }
    if (kind === "exact") exact.push(v);
    else if (kind === "wildcard") wildcard.push(v);
  }
  const candidates = exact.length ? exact : wildcard;
  if (!candidates.length) return model.main;
  if (hostname) {
    const named = candidates.find((v) => serverAnswersTo(v, hostname));
    if (named) return named;
  }
  return candidates[0];
}
