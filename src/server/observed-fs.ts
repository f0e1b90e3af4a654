/**
 * The engine's view of its file system: every answer a request's decision gets is reported to
 * the engine's decision observer (server/decision-observer.ts) while one is recording, so a
 * memoised answer is reused only while those facts hold. Without an observer it only forwards.
 */
import { realDiskPath } from "../config/file-roots.js";
import type { DecisionObserver } from "./decision-observer.js";
import type { FileStat, VirtualFs } from "./fs.js";

export class ObservedFs implements VirtualFs {
  constructor(
    readonly inner: VirtualFs,
    private readonly observer: () => DecisionObserver | null,
  ) {}
  stat(path: string): FileStat | null {
    const st = this.inner.stat(path);
    this.observer()?.fsFact("stat", path, st);
    return st;
  }
  lstat(path: string): FileStat | null {
    const st = this.inner.lstat(path);
    this.observer()?.fsFact("lstat", path, st);
    return st;
  }
  readFile(path: string): Buffer | null {
    const data = this.inner.readFile(path);
    this.observer()?.fsFact("readFile", path, data);
    return data;
  }
  readdir(path: string): string[] | null {
    const names = this.inner.readdir(path);
    this.observer()?.fsFact("readdir", path, names);
    return names;
  }
  diskPath(path: string): string | null | undefined {
    // A file system without diskPath is checked by the real disk's answer (fs.ts).
    const p = this.inner.diskPath ? this.inner.diskPath(path) : realDiskPath(path);
    this.observer()?.fsFact("diskPath", path, p);
    return p;
  }
  /** The wrapped file system's generation, or undefined when it has none (facts are then checked again). */
  /** Does the generation answer for `path`? */
  covered(path: string): boolean {
    return this.inner.covers ? this.inner.covers(path) : this.inner.generation !== undefined;
  }
  innerGeneration(): number | undefined {
    return this.inner.generation?.();
  }
}
