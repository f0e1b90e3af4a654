/**
 * The real disk for a server that answers many requests: the same answers as DiskFs, without
 * exceptions for missing paths. A request's directory walk and mod_rewrite's -f/-d tests look up
 * many names that do not exist (.htaccess in every directory, the front controller's missing
 * paths); Node's throwing stat/read calls build an Error with a stack for each, which costs more
 * than the syscall (measured: about 0.7 ms per WordPress-style request with DiskFs).
 */
import * as nodeFs from "node:fs";
import type { FileStat } from "../rewrite/host.js";
import { DiskFs } from "../server/fs.js";

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

export class ServingDiskFs extends DiskFs {
  override stat(path: string): FileStat | null {
    try {
      const s = nodeFs.statSync(Buffer.from(path, "latin1"), { throwIfNoEntry: false });
      return s ? toStat(s) : null;
    } catch {
      return null; // ENOTDIR, EACCES …
    }
  }
  override lstat(path: string): FileStat | null {
    try {
      const s = nodeFs.lstatSync(Buffer.from(path, "latin1"), { throwIfNoEntry: false });
      return s ? toStat(s) : null;
    } catch {
      return null;
    }
  }
  override readFile(path: string): Buffer | null {
    // Only regular files are read; a missing one is answered by stat without an exception.
    const st = this.stat(path);
    if (!st || st.type !== "file") return null;
    return super.readFile(path);
  }
}
