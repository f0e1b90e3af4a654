/**
 * The file system as the request pipeline sees it. Two implementations: the real disk, and an
 * in-memory tree (built from a conformance case's `files`) laid over the real disk, so that
 * offline evaluation is deterministic for the sandbox and still sees system paths such as /etc
 * (mod_rewrite's prefix_stat and file tests stat them, rewrite.md §4.7).
 */
import * as nodeFs from "node:fs";
import * as nodePath from "node:path";
import { realDiskPath } from "../config/file-roots.js";
import type { FileStat } from "../rewrite/host.js";

export type { FileStat };

export interface VirtualFs {
  /** stat(): follows symbolic links; null when the path does not exist. */
  stat(path: string): FileStat | null;
  /** lstat(): does not follow the last component. */
  lstat(path: string): FileStat | null;
  /** File content, following links; null when missing or not a regular file. */
  readFile(path: string): Buffer | null;
  /** Names in a directory; null when it is not one. */
  readdir(path: string): string[] | null;
  /**
   * The real path on the disk this path reads (links resolved), null when nothing is there,
   * undefined when it reads no disk file (in memory). For file roots (config/file-roots.ts);
   * a file system without it is checked by the real disk's answer.
   */
  diskPath?(path: string): string | null | undefined;
  /**
   * A number that changes whenever any answer of this file system may change (the decision
   * memo trusts stored facts while it stays the same). Absent: answers can change at any time,
   * so the memo checks each stored fact again.
   */
  generation?(): number | undefined;
  /**
   * Whether `generation` answers for this path (absent: for every path). Facts of paths it does
   * not cover are checked again on every repeat.
   */
  covers?(path: string): boolean;
  /**
   * A string that changes whenever the file at `path` (links followed) is written: for the
   * memo, one stat() instead of reading a file again to see whether it changed. Null when
   * there is no file. Absent: a file is compared by its content.
   */
  fingerprint?(path: string): string | null;
}

function toStat(s: nodeFs.Stats): FileStat {
  return {
    type: s.isFile() ? "file" : s.isDirectory() ? "dir" : s.isSymbolicLink() ? "symlink" : "other",
    size: s.size,
    mode: s.mode & 0o7777,
    uid: s.uid,
    gid: s.gid,
    mtimeMs: s.mtimeMs,
  };
}

/** Paths are byte strings; Node takes them as latin1 buffers so every byte survives. */
function nativePath(path: string): Buffer {
  return Buffer.from(path, "latin1");
}

/**
 * The real disk. A request's directory walk and mod_rewrite's -f/-d tests look up many names that
 * do not exist (.htaccess in every directory, a front controller's virtual paths); missing ones
 * are answered without an exception, since building an Error per miss costs more than the
 * syscall (measured with the middleware: about 0.7 ms per WordPress-style request).
 */
export class DiskFs implements VirtualFs {
  /** The plain disk has no change counter: every fact is checked again (see WatchedDiskFs). */
  generation(): number | undefined {
    return undefined;
  }
  covers(_path: string): boolean {
    return false;
  }
  /** Inode, size and both times in nanoseconds: ctime moves with every write and cannot be set back. */
  fingerprint(path: string): string | null {
    try {
      const s = nodeFs.statSync(nativePath(path), { throwIfNoEntry: false, bigint: true });
      return s ? `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}` : null;
    } catch {
      return null;
    }
  }
  stat(path: string): FileStat | null {
    try {
      const s = nodeFs.statSync(nativePath(path), { throwIfNoEntry: false });
      return s ? toStat(s) : null;
    } catch {
      return null; // ENOTDIR, EACCES …
    }
  }
  lstat(path: string): FileStat | null {
    try {
      const s = nodeFs.lstatSync(nativePath(path), { throwIfNoEntry: false });
      return s ? toStat(s) : null;
    } catch {
      return null;
    }
  }
  readFile(path: string): Buffer | null {
    // Only regular files are read; a missing one is answered by stat without an exception.
    const st = this.stat(path);
    if (!st || st.type !== "file") return null;
    try {
      return nodeFs.readFileSync(nativePath(path));
    } catch {
      return null;
    }
  }
  readdir(path: string): string[] | null {
    try {
      return nodeFs.readdirSync(nativePath(path), { encoding: "buffer" }).map((b) => b.toString("latin1"));
    } catch {
      return null;
    }
  }
  diskPath(path: string): string | null {
    return realDiskPath(path);
  }
}

/**
 * The real disk with stat results remembered for a short time: for the system paths an
 * in-memory sandbox looks at (/, /tmp, /etc …), which every request's directory walk stats.
 */
export class CachedDiskFs extends DiskFs {
  private readonly cache = new Map<string, { at: number; st: FileStat | null }>();
  constructor(private readonly ttlMs = 1000) {
    super();
  }
  private cached(key: string, path: string, f: (p: string) => FileStat | null): FileStat | null {
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.st;
    const st = f(path);
    if (this.cache.size > 4096) this.cache.clear();
    this.cache.set(key, { at: now, st });
    return st;
  }
  override stat(path: string): FileStat | null {
    return this.cached("s" + path, path, (p) => super.stat(p));
  }
  override lstat(path: string): FileStat | null {
    return this.cached("l" + path, path, (p) => super.lstat(p));
  }
}

type MemNode =
  | { kind: "file"; data: Buffer; mode: number; mtimeMs: number }
  | { kind: "dir"; mode: number; mtimeMs: number }
  | { kind: "symlink"; target: string; mtimeMs: number };

/** Collapse "//", "/./" and "/../" of an absolute path (no link resolution). */
function cleanPath(path: string): string {
  if (path.length > 1 && path[0] === "/" && !path.endsWith("/") && !path.includes("//") && !path.includes("/.")) return path;
  const out: string[] = [];
  for (const seg of path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return "/" + out.join("/");
}

/**
 * An in-memory subtree mounted at `root` (everything below it lives in memory; paths outside it
 * fall through to `outside`, the real disk by default).
 */
export class MemoryFs implements VirtualFs {
  private readonly nodes = new Map<string, MemNode>();
  private readonly uid: number;
  private readonly gid: number;

  constructor(
    readonly root: string,
    private readonly outside: VirtualFs | null = new CachedDiskFs(),
    opts: { uid?: number; gid?: number; mtimeMs?: number } = {},
  ) {
    this.uid = opts.uid ?? 0;
    this.gid = opts.gid ?? 0;
    this.cleanRoot = cleanPath(root);
    this.rootSlash = this.cleanRoot === "/" ? "/" : this.cleanRoot + "/";
    this.nodes.set(cleanPath(root), { kind: "dir", mode: 0o755, mtimeMs: opts.mtimeMs ?? 0 });
  }

  private readonly cleanRoot: string;
  private readonly rootSlash: string;

  private inside(path: string): boolean {
    return path === this.cleanRoot || path.startsWith(this.rootSlash);
  }

  private isAncestorOfRoot(path: string): boolean {
    return path === "/" || this.cleanRoot.startsWith(path.endsWith("/") ? path : path + "/");
  }

  private ensureParents(path: string): void {
    let dir = nodePath.posix.dirname(path);
    const stack: string[] = [];
    while (this.inside(dir) && !this.nodes.has(dir)) {
      stack.push(dir);
      dir = nodePath.posix.dirname(dir);
    }
    for (const d of stack.reverse()) this.nodes.set(d, { kind: "dir", mode: 0o755, mtimeMs: 0 });
  }

  addFile(path: string, data: Buffer | string, mode = 0o644, mtimeMs = 0): void {
    this.forget();
    const p = cleanPath(path);
    this.ensureParents(p);
    this.nodes.set(p, { kind: "file", data: typeof data === "string" ? Buffer.from(data, "latin1") : data, mode, mtimeMs });
  }

  addDir(path: string, mode = 0o755): void {
    this.forget();
    const p = cleanPath(path);
    this.ensureParents(p);
    if (!this.nodes.has(p)) this.nodes.set(p, { kind: "dir", mode, mtimeMs: 0 });
  }

  addSymlink(path: string, target: string): void {
    this.forget();
    const p = cleanPath(path);
    this.ensureParents(p);
    this.nodes.set(p, { kind: "symlink", target, mtimeMs: 0 });
  }

  /** Remove a file, link or folder (with everything under it); a missing path is no error. */
  remove(path: string): void {
    this.forget();
    const p = cleanPath(path);
    if (p === this.cleanRoot) return;
    const below = p + "/";
    for (const key of [...this.nodes.keys()]) if (key === p || key.startsWith(below)) this.nodes.delete(key);
  }

  /** Resolved paths, remembered until the tree changes (the walk resolves the same prefixes over and over). */
  private readonly resolved = new Map<string, string | null>();

  private readonly resolvedNoFollow = new Map<string, string | null>();

  private resolve(path: string, followLast: boolean): string | null {
    const cache = followLast ? this.resolved : this.resolvedNoFollow;
    let r = cache.get(path);
    if (r === undefined) {
      r = this.resolveUncached(path, followLast);
      if (cache.size > 50_000) cache.clear();
      cache.set(path, r);
    }
    return r;
  }

  /**
   * stat()/lstat() answers for paths inside the mount, remembered until the tree changes: the
   * directory walk stats every prefix of every request's path. Callers never modify a FileStat.
   */
  private readonly statCache = new Map<string, FileStat | null>();
  private readonly lstatCache = new Map<string, FileStat | null>();

  private changes = 0;

  /**
   * Changes with every edit of the in-memory tree. Paths outside the mount are read from the
   * disk beneath (system folders such as / and /etc) and taken as stable.
   */
  generation(): number {
    return this.changes;
  }

  private forget(): void {
    this.changes++;
    this.resolved.clear();
    this.resolvedNoFollow.clear();
    this.statCache.clear();
    this.lstatCache.clear();
  }

  /** Resolve every symlink of the path (the last one too when `followLast`); null on a loop or a miss. */
  private resolveUncached(path: string, followLast: boolean, depth = 0): string | null {
    if (depth > 40) return null;
    const segs = cleanPath(path).split("/").filter(Boolean);
    let cur = "";
    for (let i = 0; i < segs.length; i++) {
      const next = `${cur}/${segs[i]}`;
      const last = i === segs.length - 1;
      if (!this.inside(next)) {
        cur = next;
        continue;
      }
      const node = this.nodes.get(next);
      if (node?.kind === "symlink" && (!last || followLast)) {
        const target = node.target.startsWith("/") ? node.target : `${cur}/${node.target}`;
        const resolved = this.resolveUncached(target, true, depth + 1);
        if (resolved === null) return null;
        cur = resolved;
      } else {
        cur = next;
      }
    }
    return cur === "" ? "/" : cur;
  }

  private statNode(path: string, follow: boolean): FileStat | null {
    const cache = follow ? this.statCache : this.lstatCache;
    const hit = cache.get(path);
    if (hit !== undefined) return hit;
    const resolved = this.resolve(path, follow);
    if (resolved === null) return null;
    if (!this.inside(resolved)) {
      const fromOutside = this.outside ? (follow ? this.outside.stat(resolved) : this.outside.lstat(resolved)) : null;
      // The folders above the mount point exist, whatever the disk says.
      if (fromOutside === null && this.isAncestorOfRoot(resolved)) {
        return { type: "dir", size: 4096, mode: 0o755, uid: this.uid, gid: this.gid, mtimeMs: 0 };
      }
      return fromOutside;
    }
    const n = this.nodes.get(resolved);
    let st: FileStat | null;
    if (!n) st = null;
    else {
      const base = { uid: this.uid, gid: this.gid, mtimeMs: n.mtimeMs };
      if (n.kind === "file") st = { type: "file", size: n.data.length, mode: n.mode, ...base };
      else if (n.kind === "dir") st = { type: "dir", size: 4096, mode: n.mode, ...base };
      else st = { type: "symlink", size: n.target.length, mode: 0o777, ...base };
    }
    if (cache.size > 50_000) cache.clear();
    cache.set(path, st);
    return st;
  }

  stat(path: string): FileStat | null {
    return this.statNode(path, true);
  }

  lstat(path: string): FileStat | null {
    return this.statNode(path, false);
  }

  readFile(path: string): Buffer | null {
    const resolved = this.resolve(path, true);
    if (resolved === null) return null;
    if (!this.inside(resolved)) return this.outside ? this.outside.readFile(resolved) : null;
    const n = this.nodes.get(resolved);
    return n?.kind === "file" ? n.data : null;
  }

  diskPath(path: string): string | null | undefined {
    const resolved = this.resolve(path, true);
    if (resolved === null) return null;
    if (this.inside(resolved)) return this.nodes.has(resolved) ? undefined : null;
    return this.outside ? (this.outside.diskPath ? this.outside.diskPath(resolved) : realDiskPath(resolved)) : null;
  }

  readdir(path: string): string[] | null {
    const resolved = this.resolve(path, true);
    if (resolved === null) return null;
    if (!this.inside(resolved)) return this.outside ? this.outside.readdir(resolved) : null;
    if (this.nodes.get(resolved)?.kind !== "dir") return null;
    const prefix = resolved === "/" ? "/" : resolved + "/";
    const names: string[] = [];
    for (const key of this.nodes.keys()) {
      if (key.startsWith(prefix) && key.length > prefix.length && !key.slice(prefix.length).includes("/")) names.push(key.slice(prefix.length));
    }
    return names.sort();
  }
}
