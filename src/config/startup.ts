/**
 * Start-up failures that are not about one directive's place or arguments: the checks httpd runs
 * between reading and processing the configuration (ap_check_mpm), while executing LoadModule
 * (mod_so), and after processing (the check_config hooks of core and mod_log_config). Every
 * message was measured with `apache2 -t` (Apache 2.4.71); test/config/startup.test.ts pins them.
 */
import * as nodePath from "node:path";
import { modulesInFile } from "./directive-table.js";
import type { ConfigFs } from "./fs.js";
import type { ConfigNode, SectionNode, SourcePos } from "./types.js";

/** The MPM modules Debian ships; each registers the link_mpm hook that ap_check_mpm counts. */
export const MPM_MODULES: readonly string[] = ["mpm_prefork_module", "mpm_event_module", "mpm_worker_module"];

/**
 * ap_check_mpm, after reading and before processing (so a config without MPM is refused for that
 * even when it also uses MPM directives such as Listen). httpd prints it as
 * `AH00534: apache2: Configuration error: …`.
 */
export function mpmError(loaded: readonly string[]): string | null {
  const n = loaded.filter((m) => MPM_MODULES.includes(m)).length;
  if (n === 0) return "No MPM loaded.";
  if (n > 1) return "More than one MPM loaded.";
  return null;
}

/** ap_server_root_relative: absolute paths stay, others hang below ServerRoot. */
export function serverRootRelative(serverRoot: string, p: string): string {
  return p.startsWith("/") ? p : nodePath.posix.join(serverRoot, p);
}

/**
 * mod_so's load_module, after its "already loaded" check: a built-in module named mod_FOO.c is
 * refused as FOO_module; a file that is not there cannot be loaded; a file that is one of the
 * installed modules but does not define the identifier has no such symbol. Returns httpd's
 * message or null.
 */
export function loadModuleError(id: string, file: string, serverRoot: string, fs: ConfigFs): string | null {
  const builtin = builtinLoadError(id);
  if (builtin) return builtin;
  const abs = serverRootRelative(serverRoot, file);
  const kind = fs.stat(abs);
  if (kind === null) return `Cannot load ${file} into server: ${abs}: cannot open shared object file: No such file or directory`;
  if (kind === "dir") return `Cannot load ${file} into server: ${abs}: cannot read file data: Is a directory`;
  const ids = modulesInFile(nodePath.posix.basename(abs));
  if (ids && !ids.includes(id)) {
    return `Can't locate API module structure \`${id}' in file ${abs}: ${abs}: undefined symbol: ${id}`;
  }
  return null;
}

/** mod_so refuses to load a module compiled in, when its source is named mod_FOO.c. */
export function builtinLoadError(id: string): string | null {
  return BUILTIN_SO_NAMED.has(id) ? `module ${id} is built-in and can't be loaded` : null;
}

/** Built-in modules whose source is mod_FOO.c (the ones mod_so compares against). */
const BUILTIN_SO_NAMED: ReadonlySet<string> = new Set([
  "so_module", "watchdog_module", "log_config_module", "logio_module", "version_module", "unixd_module",
]);

/** A start-up failure found after processing: httpd's lines, and the directive they concern. */
export interface StartupFailure {
  /** The complete text httpd prints (several lines joined by "\n"). */
  message: string;
  pos: SourcePos;
}

interface LogServer {
  /** The server's own ErrorLog; "" for a virtual host without one (httpd checks it only where set). */
  errorLog: string;
  errorLogPos: SourcePos;
  vhostPos: SourcePos | null;
  customLogs: { file: string; pos: SourcePos }[];
}

/** Debian's compiled-in DEFAULT_ERRORLOG. */
const DEFAULT_ERROR_LOG = "logs/error_log";

/**
 * The check_config hooks that can refuse a start (`apache2 -t` runs them too): core checks that
 * every server's error log directory exists (AH02291), then — only when core passed, as the hook
 * stops at the first failure — mod_log_config does the same for CustomLog/TransferLog files
 * (AH02297). Each failing server gets its line; httpd then prints "AH00014: Configuration check
 * failed".
 */
export function checkConfigHooks(nodes: readonly ConfigNode[], serverRoot: string, fs: ConfigFs): StartupFailure | null {
  const servers = logServers(nodes);
  const dirProblem = (file: string): string | null => {
    const dir = nodePath.posix.dirname(serverRootRelative(serverRoot, file)).replace(/\/?$/, "/");
    const kind = statPath(fs, dir.length > 1 ? dir.slice(0, -1) : dir);
    if (kind === "dir") return null;
    return kind === "notdir" ? `(20)Not a directory: ${dir}` : `(2)No such file or directory: ${dir}`;
  };
  const coreLines: string[] = [];
  let firstPos: SourcePos | null = null;
  for (const s of servers) {
    if (s.errorLog === "" || isLogProvider(s.errorLog)) continue;
    const p = dirProblem(s.errorLog);
    if (p === null) continue;
    const [errno, dir] = splitProblem(p);
    const desc = s.vhostPos ? `error log of vhost defined at ${s.vhostPos.file}:${s.vhostPos.line}` : "main error log";
    coreLines.push(`${errno}: AH02291: Cannot access directory '${dir}' for ${desc}`);
    firstPos ??= s.errorLogPos;
  }
  if (coreLines.length) return { message: [...coreLines, "AH00014: Configuration check failed"].join("\n"), pos: firstPos! };
  const logLines: string[] = [];
  const checked = new Set<SourcePos>();
  for (const s of servers) {
    for (const l of s.customLogs) {
      if (l.file.startsWith("|") || checked.has(l.pos)) continue;
      checked.add(l.pos);
      const p = dirProblem(l.file);
      if (p === null) continue;
      const [errno, dir] = splitProblem(p);
      logLines.push(`${errno}: AH02297: Cannot access directory '${dir}' for log file '${l.file}' defined at ${l.pos.file}:${l.pos.line}`);
      firstPos ??= l.pos;
    }
  }
  if (logLines.length) return { message: [...logLines, "AH00014: Configuration check failed"].join("\n"), pos: firstPos! };
  return null;
}

function splitProblem(p: string): [string, string] {
  const i = p.indexOf(": ");
  return [p.slice(0, i), p.slice(i + 2)];
}

/** apr_stat's answer for a directory path: a directory, missing, or a file in the way (ENOTDIR). */
function statPath(fs: ConfigFs, dir: string): "dir" | "missing" | "notdir" {
  const k = fs.stat(dir);
  if (k === "dir") return "dir";
  if (k === "file") return "notdir";
  // A file as one of the parents also makes stat fail with ENOTDIR.
  for (let p = nodePath.posix.dirname(dir); p !== "/" && p !== "."; p = nodePath.posix.dirname(p)) {
    const pk = fs.stat(p);
    if (pk === "file") return "notdir";
    if (pk === "dir") break;
  }
  return "missing";
}

/** `ErrorLog syslog[:facility]` goes to a provider, not a file: core does not check it. */
function isLogProvider(v: string): boolean {
  return v.startsWith("|") || /^syslog(:|$)/i.test(v);
}

/** The main server and each virtual host, with the log files they name (last ErrorLog wins). */
function logServers(nodes: readonly ConfigNode[]): LogServer[] {
  const main: LogServer = { errorLog: DEFAULT_ERROR_LOG, errorLogPos: { file: "", line: 0, column: 0 }, vhostPos: null, customLogs: [] };
  const vhosts: LogServer[] = [];
  const visit = (list: readonly ConfigNode[], srv: LogServer, explicit: { set: boolean }): void => {
    for (const n of list) {
      if (n.type === "section") {
        if (n.key === "virtualhost") {
          const v: LogServer = { errorLog: "", errorLogPos: n.pos, vhostPos: n.pos, customLogs: [] };
          visit(n.children, v, { set: false });
          vhosts.push(v);
        } else visitSection(n, srv, explicit);
        continue;
      }
      if (n.key === "errorlog" && n.args[0] !== undefined) {
        srv.errorLog = n.args[0];
        srv.errorLogPos = n.pos;
        explicit.set = true;
      } else if ((n.key === "customlog" || n.key === "transferlog") && n.args[0] !== undefined) {
        srv.customLogs.push({ file: n.args[0], pos: n.pos });
      }
    }
  };
  const visitSection = (s: SectionNode, srv: LogServer, explicit: { set: boolean }): void => visit(s.children, srv, explicit);
  visit(nodes, main, { set: false });
  return [main, ...vhosts];
}

/** Debian's compiled-in DEFAULT_PIDLOG (`apache2 -V`). */
const DEFAULT_PID_FILE = "/run/apache2.pid";

/**
 * Failures `apache2 -t` does not report but a real start does (measured with
 * `apache2 -DFOREGROUND`): no Listen at all (open_logs: no listening sockets, AH00015), then,
 * once the listeners are up, a PidFile whose directory is missing (AH00099 names the temporary
 * file httpd writes first, with a random six-character suffix, shown as XXXXXX; AH00100).
 * Address conflicts between listeners (a wildcard and a specific address on one port) depend on
 * the host's address families and are not judged here.
 */
export function startFailure(nodes: readonly ConfigNode[], serverRoot: string, fs: ConfigFs): StartupFailure | null {
  let listen: SourcePos | null = null;
  let pid: { file: string; pos: SourcePos | null } = { file: DEFAULT_PID_FILE, pos: null };
  const visit = (list: readonly ConfigNode[]): void => {
    for (const n of list) {
      if (n.type === "section") {
        // Listen and PidFile are server-config only; <VirtualHost> cannot hold them.
        if (n.key !== "virtualhost") visit(n.children);
        continue;
      }
      if (n.key === "listen") listen ??= n.pos;
      else if (n.key === "pidfile" && n.args[0] !== undefined) pid = { file: n.args[0], pos: n.pos };
    }
  };
  visit(nodes);
  const anyPos: SourcePos = nodes[0]?.pos ?? { file: "", line: 0, column: 0 };
  if (listen === null) {
    return { message: "no listening sockets available, shutting down\nAH00015: Unable to open logs", pos: anyPos };
  }
  const abs = serverRootRelative(serverRoot, pid.file);
  const dir = nodePath.posix.dirname(abs);
  const kind = statPath(fs, dir);
  if (kind !== "dir") {
    const errno = kind === "notdir" ? "(20)Not a directory" : "(2)No such file or directory";
    return {
      message: `${errno}: AH00099: could not create ${abs}.XXXXXX\nAH00100: apache2: could not log pid to file ${abs}`,
      pos: pid.pos ?? anyPos,
    };
  }
  return null;
}
