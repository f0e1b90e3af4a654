/**
 * Where a WSGI request runs once its names are known (wsgi.md R24): the restrict list, embedded
 * mode, the daemon lookup and the daemon's accessibility from this virtual host.
 */

/** A WSGIDaemonProcess definition. */
export interface DaemonGroup {
  /** Exact name (case-sensitive, any characters). */
  name: string;
  processes: number;
  threads: number;
  /** Identity of the server (vhost) it was defined in; null = main server level. */
  definedInServer: number | null;
  /** ServerName of that server (byte-compared for accessibility). */
  definedInHostname: string;
  /** Every option as written (name → value), for reports. */
  options: Record<string, string>;
}

export interface DispatchInputs {
  processGroup: string;
  /** WSGIRestrictProcess list in force (null = none). "%{GLOBAL}" entries stand for "". */
  restrictProcess: readonly string[] | null;
  /** WSGIRestrictEmbedded On (main server only). */
  restrictEmbedded: boolean;
  daemons: ReadonlyMap<string, DaemonGroup>;
  /** The request's server (vhost) identity and ServerName. */
  serverId: number;
  serverHostname: string;
}

export type DispatchResult =
  | { ok: true; mode: "embedded" }
  | { ok: true; mode: "daemon"; daemon: DaemonGroup }
  | { ok: false; status: 500; message: string };

/** ASCII case-insensitive equality, as apr_table_get compares the restrict list. */
function sameIgnoringCase(a: string, b: string): boolean {
  return a.length === b.length && a.replace(/[A-Z]/g, (c) => c.toLowerCase()) === b.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * The checks in mod_wsgi's order: restrict list first (so a list without %{GLOBAL} breaks
 * embedded mode, vector 57), then embedded, then the case-sensitive daemon lookup (vector 50),
 * then accessibility: same server, main level, or a server with a byte-identical ServerName.
 */
export function dispatchRequest(d: DispatchInputs): DispatchResult {
  const pg = d.processGroup;
  if (d.restrictProcess) {
    const allowed = d.restrictProcess.some((entry) => sameIgnoringCase(entry === "%{GLOBAL}" ? "" : entry, pg));
    if (!allowed) {
      return {
        ok: false,
        status: 500,
        message: `Daemon process called '${pg}' cannot be accessed by this WSGI application as not a member of allowed groups.`,
      };
    }
  }
  if (pg === "") {
    if (d.restrictEmbedded) {
      return { ok: false, status: 500, message: "Embedded mode of mod_wsgi disabled by runtime configuration." };
    }
    return { ok: true, mode: "embedded" };
  }
  const daemon = d.daemons.get(pg);
  if (!daemon) {
    return { ok: false, status: 500, message: `No WSGI daemon process called '${pg}' has been configured.` };
  }
  const accessible =
    daemon.definedInServer === null ||
    daemon.definedInServer === d.serverId ||
    daemon.definedInHostname === d.serverHostname;
  if (!accessible) {
    return { ok: false, status: 500, message: `Daemon process called '${pg}' cannot be accessed by this WSGI application.` };
  }
  return { ok: true, mode: "daemon", daemon };
}
