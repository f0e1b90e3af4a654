/**
 * `--jobs N`: lines are handed in batches to N worker threads, each with its own engine and
 * summary (an engine is not shared between threads); the shard summaries are merged at the end
 * (merge.ts), so the result is the one-pass summary whenever the sketches hold every key. Each
 * worker has at most MAX_IN_FLIGHT unacknowledged batches, so memory stays bounded when the
 * reader is faster than the decisions.
 */
import { Worker } from "node:worker_threads";
import { mergeAll } from "./merge.js";
import { ReplaySummary, type SummaryJson } from "./summary.js";

const BATCH = 2000;
const MAX_IN_FLIGHT = 4;

export interface WorkerSetup {
  config?: string;
  caseFile?: string;
  /** --root directories, as written (each worker builds its own FileRoots). */
  roots?: string[];
  format: string | null;
  ruleHits: boolean;
  topK: number;
}

type FromWorker = { type: "ack" } | { type: "summary"; json: SummaryJson } | { type: "error"; message: string };

interface Slot {
  worker: Worker;
  inFlight: number;
  waiters: Array<() => void>;
  result: Promise<SummaryJson>;
}

export class WorkerPool {
  private readonly slots: Slot[];
  private batch: string[] = [];
  private next = 0;
  private failure: Error | null = null;

  constructor(jobs: number, setup: WorkerSetup) {
    const here = import.meta.url;
    // Under tsx (tests, bench) this module is .ts: the worker registers tsx's loader, then loads the .ts entry.
    const ts = here.endsWith(".ts");
    const entry = new URL(ts ? "./worker-entry.ts" : "./worker-entry.js", here);
    const boot = `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
    this.slots = Array.from({ length: jobs }, () => {
      const worker = ts ? new Worker(boot, { eval: true, workerData: setup }) : new Worker(entry, { workerData: setup });
      const slot: Slot = { worker, inFlight: 0, waiters: [], result: Promise.resolve({} as SummaryJson) };
      slot.result = new Promise<SummaryJson>((resolve, reject) => {
        worker.on("message", (m: FromWorker) => {
          if (m.type === "ack") {
            slot.inFlight--;
            slot.waiters.shift()?.();
          } else if (m.type === "summary") resolve(m.json);
          else {
            this.failure = new Error(m.message);
            reject(this.failure);
            for (const w of slot.waiters.splice(0)) w();
          }
        });
        worker.once("error", (e) => {
          this.failure = e;
          reject(e);
          for (const w of slot.waiters.splice(0)) w();
        });
      });
      slot.result.catch(() => undefined);
      return slot;
    });
  }

  async line(text: string): Promise<void> {
    this.batch.push(text);
    if (this.batch.length >= BATCH) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const slot = this.slots[this.next];
    this.next = (this.next + 1) % this.slots.length;
    while (slot.inFlight >= MAX_IN_FLIGHT && this.failure === null) await new Promise<void>((r) => slot.waiters.push(r));
    if (this.failure) throw this.failure;
    slot.inFlight++;
    slot.worker.postMessage({ type: "lines", lines: this.batch });
    this.batch = [];
  }

  /** Finish: flush, collect every worker's summary, merge. */
  async finish(): Promise<ReplaySummary> {
    await this.flush();
    for (const s of this.slots) s.worker.postMessage({ type: "end" });
    const parts = await Promise.all(this.slots.map((s) => s.result));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    return mergeAll(parts.map((j, i) => ReplaySummary.fromJSON(j, `worker ${i + 1}`)));
  }
}
