/**
 * Periodic health checks of backends: a GET of one path per backend, every `intervalMs`, each
 * bounded by `timeoutMs`. A connection error, a timeout or a 5xx takes the backend out of its
 * pool; the next success puts it back. Timers are unref'd so they never keep a process alive.
 */
import * as http from "node:http";
import type { Backend, BackendPlacement } from "./placement.js";

export interface HealthOptions {
  /** Path requested on each backend (default "/"). */
  path?: string;
  /** Between rounds (default 5,000 ms). */
  intervalMs?: number;
  /** Per check (default 2,000 ms). */
  timeoutMs?: number;
  /** Told about every state change. */
  onChange?: (backend: Backend, healthy: boolean) => void;
}

/** One check: resolves true when the backend answered with a status below 500 in time. */
export function checkBackend(b: Backend, path: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request(
      { method: "GET", path: b.basePath + path, timeout: timeoutMs, ...(b.socketPath !== null ? { socketPath: b.socketPath } : { host: b.host!, port: b.port! }) },
      (res) => {
        res.resume();
        resolve((res.statusCode ?? 500) < 500);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve(false));
    req.end();
  });
}

/** Start checking; returns a function that stops. `round()` runs one round now (tests, start-up). */
export function startHealthChecks(placement: BackendPlacement, opts: HealthOptions = {}): { stop(): void; round(): Promise<void> } {
  const path = opts.path ?? "/";
  const timeoutMs = opts.timeoutMs ?? 2_000;
  const round = async (): Promise<void> => {
    await Promise.all(
      placement.backends().map(async (b) => {
        const ok = await checkBackend(b, path, timeoutMs);
        if (ok !== placement.isHealthy(b.id)) {
          placement.setHealthy(b.id, ok);
          opts.onChange?.(b, ok);
        }
      }),
    );
  };
  let running = false;
  const timer = setInterval(() => {
    if (running) return; // never more than one round in flight
    running = true;
    void round().finally(() => (running = false));
  }, opts.intervalMs ?? 5_000);
  timer.unref();
  return { stop: () => clearInterval(timer), round };
}
