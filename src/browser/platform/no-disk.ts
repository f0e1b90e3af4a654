/**
 * `node:fs` as the browser bundle sees it: a machine with no disk. Every look-up answers as a
 * missing path does on Node (an ENOENT error, or undefined with throwIfNoEntry: false) and every
 * write as a read-only file system (EROFS), so the engine's disk readers (DiskFs, the config
 * reader's diskFs) take their "nothing there" branches. What a page session holds lives in its
 * in-memory file system; nothing reaches past it.
 */

function fsError(code: "ENOENT" | "EROFS", syscall: string, path: unknown): Error {
  const e = new Error(`${code}: the playground has no disk, ${syscall} '${String(path)}'`) as Error & { code: string; syscall: string };
  e.code = code;
  e.syscall = syscall;
  return e;
}

function lookup(syscall: string) {
  return (path: unknown, opts?: { throwIfNoEntry?: boolean }): undefined => {
    if (opts?.throwIfNoEntry === false) return undefined;
    throw fsError("ENOENT", syscall, path);
  };
}

export const statSync = lookup("stat");
export const lstatSync = lookup("lstat");

export function readFileSync(path: unknown): never {
  throw fsError("ENOENT", "open", path);
}

export function readdirSync(path: unknown): never {
  throw fsError("ENOENT", "scandir", path);
}

export function existsSync(): boolean {
  return false;
}

export function mkdirSync(path: unknown): never {
  throw fsError("EROFS", "mkdir", path);
}

export function writeFileSync(path: unknown): never {
  throw fsError("EROFS", "open", path);
}

export function mkdtempSync(path: unknown): never {
  throw fsError("EROFS", "mkdtemp", path);
}

export function rmSync(): void {
  // Nothing was ever written.
}

/** realpath of a path on a machine with no disk: never there (file roots hold no disk file). */
function realpath(path: unknown): never {
  throw fsError("ENOENT", "realpath", path);
}
export const realpathSync = Object.assign(realpath, { native: realpath });
