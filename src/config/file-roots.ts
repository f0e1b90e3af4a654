/**
 * File roots: the directories a caller lets a configuration read from (CLI `--root DIR`,
 * library option `roots`). A configuration can name any path — `Include /etc/shadow`, a
 * `RewriteMap txt:` of a private file, an `AuthUserFile`, a WSGI script, an `.htaccess` the
 * directory walk finds — and htrewrite would read it with the caller's rights, some of it
 * straight into its output. With roots given, every such read must resolve inside one of them,
 * symbolic links resolved first (realpath), so a link inside a root that points out of it is
 * refused too. Apache has no such switch (it trusts its configuration); this is htrewrite's own.
 *
 * Two checks: at load, every directive that names a file to read is checked against the roots
 * (refused naming the directive and its file:line); at every read, the file system handed to the
 * engine refuses a path outside them (what a request finds at run time: `.htaccess` files, a
 * path built from `$1`, the static file it would serve); a path where nothing exists reads
 * nothing and passes.
 */
import * as nodeFs from "node:fs";
import * as nodePath from "node:path";
import { HtrError } from "../util/errors.js";
import { ConfigError } from "./errors.js";
import type { ConfigNode, DirectiveNode } from "./types.js";

/**
 * Where a path really is: the real path on the disk (links resolved), null when nothing is
 * there, undefined when the path reads no disk file at all (an in-memory entry of a case).
 */
export type DiskPathOf = (path: string) => string | null | undefined;

/** The real disk's answer for {@link DiskPathOf}. */
export function realDiskPath(path: string): string | null {
  try {
    return nodeFs.realpathSync.native(Buffer.from(path, "latin1"), { encoding: "buffer" }).toString("latin1");
  } catch {
    return null;
  }
}

/** A read outside the roots. */
export class FileRootError extends HtrError {
  constructor(readonly path: string, readonly real: string, roots: FileRoots) {
    super("HTR_FILE_ROOT", `${path}${real !== path ? ` (really ${real})` : ""} is outside the directories htrewrite may read (${roots.describe()})`);
    this.name = "FileRootError";
  }
}

/** The set of root directories, each by its real path. */
export class FileRoots {
  private readonly dirs: string[];

  /** @throws HtrError HTR_USAGE when a root is not an existing directory. */
  constructor(dirs: readonly string[]) {
    if (dirs.length === 0) throw new HtrError("HTR_USAGE", "file roots: at least one directory is needed");
    this.dirs = dirs.map((d) => {
      const real = realDiskPath(nodePath.resolve(d));
      let isDir = false;
      try {
        isDir = real !== null && nodeFs.statSync(Buffer.from(real, "latin1")).isDirectory();
      } catch {
        isDir = false;
      }
      if (!isDir) throw new HtrError("HTR_USAGE", `--root ${d}: not an existing directory`);
      return real!;
    });
  }

  /** Whether a real path lies in one of the roots (the root itself included). */
  contains(real: string): boolean {
    return this.dirs.some((d) => d === "/" || real === d || real.startsWith(d + "/"));
  }

  describe(): string {
    return `--root ${this.dirs.join(", --root ")}`;
  }

  /**
   * The real path `path` would be read at when it exists, or where it would be created: the
   * deepest existing ancestor resolved, the rest appended (so `root/missing/../../etc` cannot
   * slip through). undefined when the file system holds it in memory.
   */
  resolve(path: string, diskPath: DiskPathOf): string | undefined {
    const clean = nodePath.posix.resolve("/", path);
    const rest: string[] = [];
    for (let p = clean; ; p = nodePath.posix.dirname(p)) {
      const real = diskPath(p);
      if (real === undefined) return undefined;
      if (real !== null) return rest.length ? nodePath.posix.join(real, ...rest.reverse()) : real;
      if (p === "/") return clean;
      rest.push(nodePath.posix.basename(p));
    }
  }

  /**
   * Throw FileRootError when `path` resolves outside the roots. With `existing`, a path where
   * nothing is (a read that will find nothing) passes.
   */
  check(path: string, diskPath: DiskPathOf, existing = false): void {
    const real = existing ? diskPath(path) : this.resolve(path, diskPath);
    if (real === null) return;
    if (real !== undefined && !this.contains(real)) throw new FileRootError(path, real, this);
  }
}

/** The reading half of a file system (the config reader's and the engine's share these two). */
interface Readable {
  readFile(path: string): unknown;
  readdir(path: string): string[] | null;
}

/**
 * `fs` with every readFile and readdir checked against the roots first (stat and lstat stay
 * free: Apache's existence tests read no content). The wrapper inherits everything else.
 */
export function confineReads<F extends Readable>(fs: F, roots: FileRoots, diskPath: DiskPathOf): F {
  const confined = Object.create(fs) as F;
  confined.readFile = ((path: string) => {
    roots.check(path, diskPath, true);
    return fs.readFile(path);
  }) as F["readFile"];
  confined.readdir = (path: string) => {
    roots.check(path, diskPath, true);
    return fs.readdir(path);
  };
  return confined;
}

/** The file a directive reads, as the directive writes it (null: it reads none). */
function fileOf(d: DirectiveNode): string | null {
  const a = d.args;
  switch (d.key) {
    case "rewritemap": {
      // txt:, rnd:, dbm[=type]:, prg: name a file (prg: its program); int:, dbd:, fastdbd: do not.
      const m = /^(txt|rnd|dbm(?:=[^:]*)?|prg):(.*)$/i.exec(a[1] ?? "");
      if (!m) return null;
      return m[1].toLowerCase() === "prg" ? (m[2].split(/\s+/)[0] ?? null) : m[2];
    }
    case "authuserfile":
    case "authgroupfile":
    case "authdbmuserfile":
    case "authdbmgroupfile":
    case "wsgidispatchscript":
    case "wsgiimportscript":
      return a[0] ?? null;
    case "wsgiscriptalias":
      return a[1] ?? null;
    case "wsgiscriptaliasmatch": {
      // The part before the first back-reference: the directory the scripts come from.
      const target = a[1] ?? "";
      const cut = target.indexOf("$");
      return cut === -1 ? target : target.slice(0, target.lastIndexOf("/", cut) + 1) || "/";
    }
    default:
      return null;
  }
}

/**
 * At load: every directive of `nodes` that names a file to read must resolve inside the roots.
 * Relative paths are taken from `serverRoot`, as httpd's ap_server_root_relative does.
 * @throws ConfigError HTR_FILE_ROOT naming the directive and its file:line.
 */
export function assertReadsInRoots(nodes: readonly ConfigNode[], roots: FileRoots, diskPath: DiskPathOf, serverRoot: string): void {
  const stack: ConfigNode[] = [...nodes].reverse();
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    if (n.type === "section") {
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
      continue;
    }
    const file = fileOf(n);
    if (file === null || file === "") continue;
    const path = nodePath.posix.isAbsolute(file) ? file : nodePath.posix.join(serverRoot, file);
    try {
      roots.check(path, diskPath);
    } catch (e) {
      if (!(e instanceof FileRootError)) throw e;
      const line = n.pos.lastLine ?? n.pos.line;
      const detail = `${n.name} (${n.pos.file}:${line}) reads ${e.message}`;
      throw new ConfigError("HTR_FILE_ROOT", detail, n.pos, "process", `htrewrite: ${detail}`);
    }
  }
}
