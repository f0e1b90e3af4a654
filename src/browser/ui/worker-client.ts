/**
 * The page's side of the evaluation worker: one run at a time, a time budget per run, and on
 * overrun the worker is terminated and a fresh one started (with the same PCRE2 bytes), so a
 * runaway session costs its budget and nothing more.
 */
import type { FromWorker, ToWorker } from "../protocol.js";
import type { Progress, SessionResult } from "../session.js";
import type { PlaygroundState } from "../state.js";

export type RunOutcome =
  | { kind: "result"; result: SessionResult; ms: number }
  | { kind: "timeout"; budgetMs: number; progress: Progress | null }
  | { kind: "failed"; message: string };

export class EvaluationWorker {
  private worker: Worker;
  private nextId = 1;
  private pending: { id: number; resolve: (o: RunOutcome) => void; timer: number; progress: Progress | null } | null = null;
  /** How many workers were stopped for running past the budget. */
  restarts = 0;

  constructor(
    private readonly url: URL,
    private readonly wasm: ArrayBuffer,
    readonly budgetMs: number,
  ) {
    this.worker = this.start();
  }

  private start(): Worker {
    const w = new Worker(this.url, { type: "module" });
    w.onmessage = (e: MessageEvent<FromWorker>) => this.onMessage(e.data);
    w.onerror = (e) => this.finish({ kind: "failed", message: `the evaluation worker failed: ${e.message}` });
    // Each worker gets its own copy of the bytes (a transfer would leave none for a restart).
    w.postMessage({ type: "init", wasm: this.wasm.slice(0) } satisfies ToWorker);
    return w;
  }

  private onMessage(m: FromWorker): void {
    const p = this.pending;
    if (m.type === "ready") return;
    if (m.type === "failed" && m.id === null) {
      this.finish({ kind: "failed", message: m.message });
      return;
    }
    if (p === null || m.id !== p.id) return;
    if (m.type === "progress") p.progress = m.progress;
    else if (m.type === "result") this.finish({ kind: "result", result: m.result, ms: m.ms });
    else this.finish({ kind: "failed", message: m.message });
  }

  private finish(o: RunOutcome): void {
    const p = this.pending;
    if (p === null) return;
    this.pending = null;
    clearTimeout(p.timer);
    p.resolve(o);
  }

  /** Evaluate a session (one at a time: the page waits for a run before it starts the next). */
  run(state: PlaygroundState): Promise<RunOutcome> {
    if (this.pending !== null) return Promise.resolve({ kind: "failed", message: "a run is already going" });
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = window.setTimeout(() => {
        const progress = this.pending?.progress ?? null;
        this.replace({ kind: "timeout", budgetMs: this.budgetMs, progress });
        this.restarts++;
      }, this.budgetMs);
      this.pending = { id, resolve, timer, progress: null };
      this.worker.postMessage({ type: "run", id, state } satisfies ToWorker);
    });
  }

  private replace(o: RunOutcome): void {
    this.worker.terminate();
    this.worker = this.start();
    this.finish(o);
  }
}
