/**
 * The evaluation worker: one engine per worker, so the page stays responsive whatever the rules
 * do, and a session that runs past its time budget is stopped by terminating the worker.
 */
import { installPcre2 } from "../platform/pcre2-module.js";
import type { FromWorker, ToWorker } from "../protocol.js";
import { runSession } from "../session.js";

interface WorkerScope {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(m: FromWorker): void;
}
const scope = self as unknown as WorkerScope;
const post = (m: FromWorker): void => scope.postMessage(m);

let ready: Promise<void> | null = null;

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === "init") {
    ready = WebAssembly.compile(m.wasm).then((module) => {
      installPcre2(module);
      post({ type: "ready" });
    });
    ready.catch((err: unknown) => post({ type: "failed", id: null, message: `pcre2.wasm: ${(err as Error).message}` }));
    return;
  }
  const id = m.id;
  void (ready ?? Promise.reject(new Error("the worker was not given pcre2.wasm"))).then(() => {
    const t = performance.now();
    try {
      const result = runSession(m.state, { onProgress: (progress) => post({ type: "progress", id, progress }) });
      post({ type: "result", id, result, ms: performance.now() - t });
    } catch (err) {
      post({ type: "failed", id, message: (err as Error).message });
    }
  });
};
