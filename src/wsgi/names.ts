/**
 * The names mod_wsgi builds from the server and the request (wsgi.md R16–R20).
 */

/** What the expanders need to know about the request (wsgi.md §1). */
export interface WsgiNameInputs {
  /** The selected virtual host's ServerName, case kept, without scheme or port. */
  serverHostname: string;
  /** Apache's normalised request host (lower-cased, no port, no trailing dot); "" when absent. */
  requestHostname: string;
  /** ap_get_server_port() for this request (UseCanonicalName rules applied). */
  effectivePort: number;
  /** SCRIPT_NAME as mod_wsgi derives it (see scriptName()). */
  scriptName: string;
}

/** host + ":port" unless the port is 80 or 443 (a plain set test: wsgi.md R16). */
function withPort(host: string, port: number): string {
  return port === 80 || port === 443 ? host : `${host}:${port}`;
}

/** %{SERVER}: the vhost's ServerName and the effective port. */
export function serverName(n: WsgiNameInputs): string {
  return withPort(n.serverHostname, n.effectivePort);
}

/** %{HOST}: the request's host (falls back to ServerName when absent) and the effective port. */
export function hostName(n: WsgiNameInputs): string {
  return withPort(n.requestHostname || n.serverHostname, n.effectivePort);
}

/** %{RESOURCE}: server name, "|", script name (wsgi.md R17). */
export function resourceName(n: WsgiNameInputs): string {
  return `${serverName(n)}|${n.scriptName}`;
}

/**
 * Where PATH_INFO starts inside the URI: align path_info against the end of the URI, letting a run
 * of slashes in the URI match one slash of path_info, then move forward to the next "/" (Apache's
 * ap_find_path_info, which mod_wsgi copies; wsgi.md R19).
 */
export function pathInfoStart(uri: string, pathInfo: string): number {
  let u = uri.length;
  let p = pathInfo.length;
  for (;;) {
    if (u === 0) {
      u = -1;
      break;
    }
    u -= 1;
    if (p === 0) break;
    p -= 1;
    if (uri[u] !== pathInfo[p]) break;
    if (pathInfo[p] === "/") while (u > 0 && uri[u - 1] === "/") u -= 1;
  }
  if (u < 0) u = 0;
  while (u < uri.length && uri[u] !== "/") u += 1;
  return u;
}

/** SCRIPT_NAME as Apache's CGI variables give it: the URI up to where path_info starts. */
export function cgiScriptName(uri: string, pathInfo: string | null): string {
  return pathInfo ? uri.slice(0, pathInfoStart(uri, pathInfo)) : uri;
}

/**
 * The script-name part of %{RESOURCE} in the classic line (≤ 5.0.2, so 4.9.4): runs of "/"
 * collapsed, then ASCII letters lower-cased (wsgi.md R20; vector 14: /Mixed → /mixed).
 */
export function resourceScriptName(uri: string, pathInfo: string | null): string {
  let base = cgiScriptName(uri, pathInfo);
  if (base !== "") base = base.replace(/\/{2,}/g, "/");
  return base.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
