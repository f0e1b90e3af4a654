/** One `--jobs` worker: loads its own engine, replays the batches it is sent, returns its summary. */
import { parentPort, workerData } from "node:worker_threads";
import { pickParser } from "../cli/replay.js";
import { loadSource } from "./engine-source.js";
import { splitWholeLines } from "./input.js";
import { Replayer } from "./replayer.js";
import type { WorkerSetup } from "./worker-pool.js";

const port = parentPort;
if (port === null) throw new Error("worker-entry runs only as a worker thread");
try {
  const setup = workerData as WorkerSetup;
  const src = loadSource(setup);
  const parser = pickParser(setup.format, src.configFile);
  const replayer = new Replayer(src.engine, { parser, ruleIndex: setup.ruleHits ? src.ruleIndex : null, topK: setup.topK });
  port.on("message", (m: { type: "bytes"; buf: Uint8Array } | { type: "end" }) => {
    try {
      if (m.type === "bytes") {
        const lines = splitWholeLines(m.buf);
        for (const l of lines) replayer.line(l);
        port.postMessage({ type: "ack", lines: lines.length });
      } else port.postMessage({ type: "summary", json: replayer.summary.toJSON() });
    } catch (e) {
      port.postMessage({ type: "error", message: e instanceof Error ? e.message : String(e) });
    }
  });
} catch (e) {
  port.postMessage({ type: "error", message: e instanceof Error ? e.message : String(e) });
}
