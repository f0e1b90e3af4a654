/**
 * A session's deployment: the configuration text the engine loads and the in-memory file system
 * it runs over. Nothing of a real disk shows through (the file system has no "outside"), so the
 * answer depends on what the session says and nothing else — the same in the page, in a test
 * and on any machine.
 */
import { htaccessConfigText } from "../cli/htaccess-deployment.js";
import { MemoryFs } from "../server/fs.js";
import { utf8ToBytes } from "../util/bytes.js";
import { HTACCESS_DOCROOT, type PlaygroundState } from "./state.js";

/** Which editor of the page holds a file: the rules editor, or one virtual file. */
export type EditorRef = { kind: "source" } | { kind: "file"; index: number };

export interface Deployment {
  /** The configuration text (byte string) and its path as the engine names it. */
  configText: string;
  configFile: string;
  serverRoot: string;
  fs: MemoryFs;
  env: Record<string, string>;
  /** Every .htaccess of the deployment (absolute path, byte string). */
  htaccessFiles: string[];
  /** Which editor shows the file at this path (as the engine names it), or null. */
  editorOf(path: string): EditorRef | null;
  /** The file's name as the page shows it. */
  displayName(path: string): string;
}

/** The configuration file of config mode (Debian's name for the main file). */
export const CONFIG_FILE = "/etc/apache2/apache2.conf";
const HTACCESS_CONFIG_FILE = `${HTACCESS_DOCROOT}/.htrewrite-vhost.conf`;

/** An entry's absolute path: relative ones sit below the document root (htaccess) or / (config). */
export function absolutePath(state: PlaygroundState, path: string): string {
  const p = path.trim();
  if (p.startsWith("/")) return p;
  return `${state.mode === "htaccess" ? HTACCESS_DOCROOT : ""}/${p}`;
}

function passwd(users: string): { text: string; homes: string[] } {
  const lines: string[] = [];
  const homes: string[] = [];
  users.split("\n").forEach((raw, i) => {
    const [name, home] = raw.trim().split(/\s+/);
    if (!name) return;
    const dir = home ?? `/home/${name}`;
    // getpwnam's fields: name:password:uid:gid:gecos:home:shell (server/passwd.ts reads the 6th).
    lines.push(`${name}:x:${1000 + i}:${1000 + i}::${dir}:/bin/sh`);
    homes.push(dir);
  });
  return { text: lines.join("\n") + (lines.length ? "\n" : ""), homes };
}

export function buildDeployment(state: PlaygroundState): Deployment {
  const fs = new MemoryFs("/", null);
  const editors = new Map<string, EditorRef>();
  const htaccess: string[] = [];
  let configText: string;
  let configFile: string;
  if (state.mode === "htaccess") {
    configFile = HTACCESS_CONFIG_FILE;
    configText = htaccessConfigText(HTACCESS_DOCROOT, { scheme: "http", host: "localhost", port: 80 });
    fs.addDir(HTACCESS_DOCROOT);
    const at = `${HTACCESS_DOCROOT}/.htaccess`;
    fs.addFile(at, utf8ToBytes(state.source));
    editors.set(at, { kind: "source" });
    htaccess.push(at);
  } else {
    configFile = CONFIG_FILE;
    configText = utf8ToBytes(state.source);
    editors.set(configFile, { kind: "source" });
  }
  state.files.forEach((f, index) => {
    if (f.path.trim() === "") return;
    const abs = utf8ToBytes(absolutePath(state, f.path)).replace(/\/+$/, "") || "/";
    if (f.kind === "dir" || f.path.trim().endsWith("/")) fs.addDir(abs);
    else if (f.kind === "link") fs.addSymlink(abs, utf8ToBytes(f.text));
    else {
      fs.addFile(abs, utf8ToBytes(f.text));
      editors.set(abs, { kind: "file", index });
      if (abs.endsWith("/.htaccess") && !htaccess.includes(abs)) htaccess.push(abs);
    }
  });
  const users = passwd(state.users);
  if (users.homes.length && fs.readFile("/etc/passwd") === null) {
    fs.addFile("/etc/passwd", utf8ToBytes(users.text));
    for (const h of users.homes) fs.addDir(utf8ToBytes(h));
  }
  const env: Record<string, string> = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C" };
  for (const line of state.env.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) env[line.slice(0, eq).trim()] = utf8ToBytes(line.slice(eq + 1));
  }
  const docPrefix = `${HTACCESS_DOCROOT}/`;
  return {
    configText,
    configFile,
    serverRoot: "/etc/apache2",
    fs,
    env,
    htaccessFiles: htaccess,
    editorOf: (path) => editors.get(path) ?? null,
    displayName: (path) => {
      if (state.mode === "htaccess" && path.startsWith(docPrefix)) return path.slice(docPrefix.length);
      return path;
    },
  };
}
