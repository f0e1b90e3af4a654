/**
 * On-disk case sandboxes (for cases whose programs read real files): a private folder under the
 * temp directory, named after the process that made it, removed when the process exits — also on
 * SIGINT/SIGTERM — and, when a killed run left one behind, at the next start of any htrewrite
 * process (a folder whose owner process no longer runs is stale).
 *
 * Signal handling is by nature per process; this module is the one place that installs it, and
 * only once a sandbox exists.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PREFIX = "htrewrite-case-";
const live = new Set<string>();
let hooked = false;
let swept = false;

function removeAll(): void {
  for (const d of live) rmSync(d, { recursive: true, force: true });
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeAll();
  // Let the signal do what it would have done without us (end the process, or another handler).
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.once("exit", removeAll);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

/** Is `pid` a running process (not a zombie)? */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === "EPERM";
    }
  }
}

/** Remove sandboxes left by processes that no longer run; returns how many were removed. */
export function sweepStaleSandboxes(dir = tmpdir()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(name);
    if (m === null || Number(m[1]) === process.pid || running(Number(m[1]))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** A new sandbox folder, removed at exit or on SIGINT/SIGTERM. */
export function makeSandbox(): string {
  if (!swept) {
    swept = true;
    sweepStaleSandboxes();
  }
  hook();
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  live.add(dir);
  return dir;
}

/** Remove one sandbox now (its case is done). */
export function removeSandbox(dir: string): void {
  if (!live.delete(dir)) return;
  rmSync(dir, { recursive: true, force: true });
}
