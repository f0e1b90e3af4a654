/**
 * The real disk with a change counter for the folders it watches: the decision memo then trusts
 * the facts it recorded under those folders until the kernel reports a change there (inotify via
 * fs.watch), instead of stat()ing each again on every repeat. Facts outside the folders are still
 * checked each time. The report is asynchronous: a change is seen by the requests that start after
 * its event arrived (usually well under a millisecond), which is why this is opt-in
 * (createMiddleware `watchFiles`). When a watch fails (a tree beyond the inotify watch limit, a
 * folder removed) the counter is given up and every fact is checked again.
 */
import { watch, type FSWatcher } from "node:fs";
import { DiskFs } from "./fs.js";

export class WatchedDiskFs extends DiskFs {
  private changes = 0;
  private failed = false;
  private readonly watchers: FSWatcher[] = [];
  private readonly folders: string[];

  constructor(folders: readonly string[]) {
    super();
    this.folders = folders.map((f) => f.replace(/\/+$/, "") || "/");
    for (const folder of this.folders) {
      try {
        const w = watch(folder, { recursive: true, persistent: false }, () => {
          this.changes++;
        });
        w.on("error", () => {
          this.failed = true;
        });
        this.watchers.push(w);
      } catch {
        this.failed = true;
      }
    }
  }

  override generation(): number | undefined {
    return this.failed ? undefined : this.changes;
  }

  override covers(path: string): boolean {
    return this.folders.some((f) => f === "/" || path === f || path.startsWith(f + "/"));
  }

  close(): void {
    for (const w of this.watchers) w.close();
    this.watchers.length = 0;
    this.failed = true;
  }
}
