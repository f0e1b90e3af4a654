/**
 * Starting and stopping a real Apache for one sandbox: `apache2 -f <conf> -DFOREGROUND` with
 * the case's process environment (PATH, LANG=C and the case's env only), ready once the
 * PidFile exists (prefork writes it after its listeners are bound), stopped with SIGTERM (a
 * clean shutdown that also ends mod_wsgi's daemon processes). Apache runs in a process group
 * of its own.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";

/** A running Apache. */
export interface RunningApache {
  pid: number;
  stop(): Promise<void>;
}

/** The outcome of a start attempt: running, or the reason it did not start (stderr / log text). */
export type StartResult = { ok: true; apache: RunningApache } | { ok: false; output: string };

/** Options of `startApache`. */
export interface StartOptions {
  confPath: string;
  pidFile: string;
  /** The server process's environment beyond PATH and LANG=C. */
  env: Record<string, string>;
  /** The apache2 binary; default "apache2" found on PATH (plus /usr/sbin). */
  binary?: string;
  /** How long a stop may take before the process group is killed; default 400 ms. */
  stopGraceMs?: number;
  /** Give up after this long; default 15 s. */
  timeoutMs?: number;
}

const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

function waitExit(proc: ChildProcess, ms: number): Promise<boolean> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    proc.once("exit", () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

/** Starts Apache and waits until it listens or exits. */
export async function startApache(opts: StartOptions): Promise<StartResult> {
  const env: Record<string, string> = { PATH: DEFAULT_PATH, LANG: "C", ...opts.env };
  const proc = spawn(opts.binary ?? "apache2", ["-f", opts.confPath, "-DFOREGROUND"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: at shutdown prefork signals its whole process group, which
    // would otherwise include the recorder itself.
    detached: true,
  });
  let output = "";
  proc.stdout?.on("data", (d: Buffer) => (output += d.toString("latin1")));
  proc.stderr?.on("data", (d: Buffer) => (output += d.toString("latin1")));
  let spawnError: Error | null = null;
  proc.on("error", (e) => (spawnError = e));
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  while (Date.now() < deadline) {
    if (spawnError) return { ok: false, output: String(spawnError) };
    if (proc.exitCode !== null || proc.signalCode !== null) {
      await new Promise((r) => setTimeout(r, 20)); // let the pipes drain
      return { ok: false, output };
    }
    if (existsSync(opts.pidFile)) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  if (!existsSync(opts.pidFile)) {
    proc.kill("SIGKILL");
    return { ok: false, output: output || "apache did not become ready in time" };
  }
  const stop = async (): Promise<void> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill("SIGTERM");
    // prefork stops its children at once, but waits up to ~3 s for mod_wsgi daemon processes
    // that ignore the first signal; after a short grace the whole (own) process group goes.
    if (!(await waitExit(proc, opts.stopGraceMs ?? 400))) {
      try {
        if (proc.pid !== undefined) process.kill(-proc.pid, "SIGKILL");
      } catch {
        proc.kill("SIGKILL");
      }
      await waitExit(proc, 5_000);
    }
  };
  return { ok: true, apache: { pid: proc.pid ?? -1, stop } };
}
