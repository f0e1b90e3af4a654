/**
 * The file-system view the configuration reader needs (Include/IncludeOptional, <IfFile>,
 * DocumentRoot and RewriteMap file checks). Injectable so that a conformance case's in-memory
 * `files` tree is read exactly like a disk.
 */
import * as nodeFs from "node:fs";
import * as nodePath from "node:path";

export type FileKind = "file" | "dir";

export interface ConfigFs {
  /** What is at `path` (symbolic links followed), or null when nothing is there. */
  stat(path: string): FileKind | null;
  /** Contents as a byte string (latin1), or null when it cannot be read. */
  readFile(path: string): string | null;
  /** Entry names of a directory (no "." / ".."), or null when it cannot be opened. */
  readdir(path: string): string[] | null;
}

/** Paths are byte strings; the disk wants those bytes, not their UTF-8 re-encoding. */
const native = (path: string): Buffer => Buffer.from(path, "latin1");

/** The real disk. */
export const diskFs: ConfigFs = {
  stat(path) {
    try {
      const st = nodeFs.statSync(native(path));
      return st.isDirectory() ? "dir" : "file";
    } catch {
      return null;
    }
  },
  readFile(path) {
    try {
      return nodeFs.readFileSync(native(path)).toString("latin1");
    } catch {
      return null;
    }
  },
  readdir(path) {
    try {
      return nodeFs.readdirSync(native(path), { encoding: "buffer" }).map((b) => b.toString("latin1"));
    } catch {
      return null;
    }
  },
};

/**
 * An in-memory tree: `files` maps absolute paths to contents (string) or to null for a
 * directory (a trailing `/` is allowed). Parent directories of every entry exist implicitly.
 */
export function memoryFs(files: Readonly<Record<string, string | null>>): ConfigFs {
  const contents = new Map<string, string>();
  const dirs = new Map<string, Set<string>>();
  const addDir = (p: string): void => {
    if (!dirs.has(p)) dirs.set(p, new Set());
  };
  addDir("/");
  for (const [raw, content] of Object.entries(files)) {
    const p = nodePath.posix.resolve("/", raw);
    if (content === null) addDir(p);
    else contents.set(p, content);
    let child = p;
    for (let parent = nodePath.posix.dirname(p); ; parent = nodePath.posix.dirname(parent)) {
      addDir(parent);
      dirs.get(parent)!.add(nodePath.posix.basename(child));
      if (parent === "/") break;
      child = parent;
    }
  }
  // Relative paths are taken from "/" (there is no working directory in a memory tree).
  const norm = (p: string): string => nodePath.posix.resolve("/", p);
  return {
    stat: (p) => (dirs.has(norm(p)) ? "dir" : contents.has(norm(p)) ? "file" : null),
    readFile: (p) => contents.get(norm(p)) ?? null,
    readdir: (p) => {
      const d = dirs.get(norm(p));
      return d ? [...d] : null;
    },
  };
}
