/**
 * `--jobs N`: the log's bytes, cut at line ends (64 KiB reads, about 300 lines each), are handed round-robin to N
 * worker threads, each with its own engine and summary (an engine is not shared between threads);
 * the shard summaries are merged at the end (merge.ts), so the result is the one-pass summary
 * whenever the sketches hold every key. The reading thread neither decodes nor splits lines: it
 * moves buffers (transferred, not copied) and the workers do the rest, so it is not the
 * bottleneck. Each worker has at most MAX_IN_FLIGHT unacknowledged buffers, so memory stays
 * bounded when the reader is faster than the decisions.
 */
import { Worker } from "node:worker_threads";
import { mergeAll } from "./merge.js";
import { ReplaySummary, type SummaryJson } from "./summary.js";

const MAX_IN_FLIGHT = 8;

export interface WorkerSetup {
  config?: string;
  caseFile?: string;
  /** --root directories, as written (each worker builds its own FileRoots). */
  roots?: string[];
  format: string | null;
  ruleHits: boolean;
  topK: number;
}

type FromWorker = { type: "ack"; lines: number } | { type: "summary"; json: SummaryJson } | { type: "error"; message: string };

interface Slot {
  worker: Worker;
  inFlight: number;
  waiters: Array<() => void>;
  result: Promise<SummaryJson>;
}

export class WorkerPool {
  private readonly slots: Slot[];
  private next = 0;
  /** Lines the workers have replayed so far (progress). */
  linesDone = 0;
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
            this.linesDone += m.lines;
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

  /** Hand one buffer of whole lines (input.ts `wholeLines`) to the next worker, waiting while it is busy. */
  async bytes(buf: Buffer): Promise<void> {
    const slot = this.slots[this.next];
    this.next = (this.next + 1) % this.slots.length;
    while (slot.inFlight >= MAX_IN_FLIGHT && this.failure === null) await new Promise<void>((r) => slot.waiters.push(r));
    if (this.failure) throw this.failure;
    slot.inFlight++;
    // Only a buffer that owns its whole ArrayBuffer is transferred: a small one may be a slice of
    // Node's shared allocation pool, which must stay usable here (it is copied instead).
    const own = buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength;
    slot.worker.postMessage({ type: "bytes", buf }, own ? [buf.buffer as ArrayBuffer] : []);
  }

  /** Resolves when every buffer handed out so far has been replayed (progress at a log's end). */
  async idle(): Promise<void> {
    for (const slot of this.slots) {
      while (slot.inFlight > 0 && this.failure === null) await new Promise<void>((r) => slot.waiters.push(r));
    }
    if (this.failure) throw this.failure;
  }

  /** Finish: collect every worker's summary, merge. */
  async finish(): Promise<ReplaySummary> {
    for (const s of this.slots) s.worker.postMessage({ type: "end" });
    const parts = await Promise.all(this.slots.map((s) => s.result));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    return mergeAll(parts.map((j, i) => ReplaySummary.fromJSON(j, `worker ${i + 1}`)));
  }
}
