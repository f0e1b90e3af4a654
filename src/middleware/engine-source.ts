/**
 * Where the middleware's engine comes from: a full Apache configuration (text or file), or one
 * .htaccess for a document root, wrapped in the smallest server config Apache needs to read it
 * (the modules of a Debian install, `AllowOverride All` on the root).
 */
import { readFileSync } from "node:fs";
import { createEngine } from "../api/evaluate.js";
import { BASE_MODULES, DEFAULT_MODULE_DIR } from "../case/base-config.js";
import type { Engine } from "../server/engine.js";
import { DiskFs, type VirtualFs } from "../server/fs.js";
import type { FileStat } from "../rewrite/host.js";

export interface EngineSourceOptions {
  /** Apache configuration text. */
  config?: string;
  /** .htaccess text applied at `root` (instead of a `.htaccess` file there). */
  htaccess?: string;
  /** The configuration's path: read when neither text is given, named in errors, watched on request. */
  file?: string;
  /** DocumentRoot (htaccess mode, default process.cwd()). */
  root?: string;
  /** The server environment for %{ENV:} and ${VAR} (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The file system requests see (default: the real disk); htaccess mode lays the text over it. */
  fs?: VirtualFs;
  /** ServerName in htaccess mode (default localhost). */
  serverName?: string;
  /**
   * Directories every file the configuration reads must resolve into (Include, map files, WSGI
   * scripts, .htaccess, served files), symbolic links resolved first; a configuration that reads
   * outside is refused (HTR_FILE_ROOT). Default: no restriction.
   */
  roots?: readonly string[];
  /** Most distinct requests the decision memo keeps (default 10,000); 0 = no memo. */
  memo?: number;
  /** Most estimated heap the decision memo's answers hold, in bytes (default 8 MiB). */
  memoBytes?: number;
}

/** The engine options every source shares: the memo's bounds, the environment, the roots. */
function sharedOptions(opts: EngineSourceOptions) {
  return {
    env: opts.env,
    roots: opts.roots,
    ...(opts.memo !== undefined ? { memo: opts.memo } : {}),
    ...(opts.memoBytes !== undefined ? { memoBytes: opts.memoBytes } : {}),
  };
}

/** The disk (plain or watched), except that `<root>/.htaccess` reads as the given text. */
class HtaccessOverlay implements VirtualFs {
  constructor(
    private readonly path: string,
    private readonly text: Buffer,
    private readonly disk: DiskFs,
  ) {}
  stat(p: string): FileStat | null {
    return p === this.path ? { type: "file", size: this.text.length, mode: 0o644, uid: 0, gid: 0, mtimeMs: 0 } : this.disk.stat(p);
  }
  lstat(p: string): FileStat | null {
    return p === this.path ? this.stat(p) : this.disk.lstat(p);
  }
  readFile(p: string): Buffer | null {
    return p === this.path ? this.text : this.disk.readFile(p);
  }
  readdir(p: string): string[] | null {
    return this.disk.readdir(p);
  }
  diskPath(p: string): string | null | undefined {
    return p === this.path ? undefined : this.disk.diskPath(p);
  }
  // The text never changes within one engine (a new text is a reload, a new engine).
  fingerprint(p: string): string | null {
    return p === this.path ? "overlay" : this.disk.fingerprint(p);
  }
  generation(): number | undefined {
    return this.disk.generation();
  }
  covers(p: string): boolean {
    return p === this.path || this.disk.covers(p);
  }
}

function htaccessConfig(root: string, serverName: string): string {
  return [
    // mod_proxy and mod_proxy_http too: the middleware does proxy, so [P] in .htaccess is allowed.
    ...[...BASE_MODULES, "proxy", "proxy_http"].map((m) => `LoadModule ${m}_module ${DEFAULT_MODULE_DIR}/mod_${m}.so`),
    `ServerName ${serverName}`,
    `DocumentRoot "${root}"`,
    "<Directory />",
    "    AllowOverride None",
    "    Require all denied",
    "</Directory>",
    `<Directory "${root}">`,
    "    AllowOverride All",
    "    Options FollowSymLinks",
    "    Require all granted",
    "</Directory>",
    "",
  ].join("\n");
}

/** Compile an engine; throws ConfigError (or a read error) when the source is refused. */
export function compileEngine(opts: EngineSourceOptions, override?: string, disk: DiskFs = new DiskFs()): Engine {
  if (opts.htaccess !== undefined) {
    const root = htaccessRoot(opts);
    const text = Buffer.from(override ?? opts.htaccess, "utf8");
    const fs: VirtualFs = new HtaccessOverlay(`${root}/.htaccess`, text, disk);
    return createEngine(htaccessConfig(root, opts.serverName ?? "localhost"), { file: "/etc/apache2/htrewrite-middleware.conf", fs, ...sharedOptions(opts) });
  }
  const text = override ?? opts.config ?? (opts.file !== undefined ? readConfig(opts.file) : undefined);
  if (text === undefined) throw new Error("createMiddleware: give `config`, `htaccess` or `file`");
  return createEngine(text, { file: opts.file ?? "httpd.conf", fs: opts.fs ?? disk, ...sharedOptions(opts) });
}

/** The document root of htaccess mode. */
export function htaccessRoot(opts: EngineSourceOptions): string {
  return (opts.root ?? process.cwd()).replace(/\/+$/, "") || "/";
}

function readConfig(file: string): string {
  try {
    return readFileSync(file, "latin1");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "unreadable";
    throw new Error(`cannot read configuration ${file}: ${code}`);
  }
}
