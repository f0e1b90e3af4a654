/** Messages between the page and its evaluation worker. */
import type { PlaygroundState } from "./state.js";
import type { Progress, SessionResult } from "./session.js";

export type ToWorker =
  /** The PCRE2 module the page fetched and checked (vendor/pcre2/pcre2.wasm). */
  | { type: "init"; wasm: ArrayBuffer }
  | { type: "run"; id: number; state: PlaygroundState };

export type FromWorker =
  | { type: "ready" }
  | { type: "progress"; id: number; progress: Progress }
  | { type: "result"; id: number; result: SessionResult; ms: number }
  /** Something the engine did not expect (a bug): the message, never a silent failure. */
  | { type: "failed"; id: number | null; message: string };
