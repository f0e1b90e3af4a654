/**
 * A long-lived child process spoken to one line at a time, synchronously: a request line on its
 * stdin, one reply line on its stdout. Rule evaluation and request handling are synchronous, so
 * the child is driven from a worker thread that owns its pipes; `ask` posts the line to the
 * worker and blocks on `Atomics.wait` until the worker has the reply in a shared buffer. The
 * child lives as long as its owner (state in the program survives across requests, as in Apache);
 * a child that exits is started again on the next request; a reply that does not come within the
 * timeout is no answer, and the child is restarted so a late reply cannot answer the next request.
 * Used by `prg:` maps (rewrite/maps/program.ts) and WSGIDispatchScript (wsgi/dispatch-script.ts).
 */
import { Worker } from "node:worker_threads";

/** Largest reply kept (longer lines are cut). */
const REPLY_BYTES = 1 << 16;

/**
 * The worker, as an ES module loaded from a data: URL: it imports what it needs itself, so it runs
 * the same whether the host is an ES module or CommonJS (an `eval: true` worker is a CommonJS
 * script, whose `require` some hosts do not provide).
 *
 * The program is spawned `detached`, leading its own process group, and is always killed as a
 * group (`process.kill(-pid)`): a shell wrapper's own children (`sleep &`, a pipeline) die with
 * it instead of outliving htrewrite. Apache keeps a dead map program dead until restart; htrewrite
 * starts it again on the next look-up, as Apache does on a graceful restart.
 */
const WORKER_SOURCE = `
import { parentPort, workerData } from "node:worker_threads";
import { spawn } from "node:child_process";
const ctrl = new Int32Array(workerData.ctrl);
const out = new Uint8Array(workerData.data);
let child = null;
let buf = Buffer.alloc(0);
let pending = false;
let pendingKey = null;
let retried = false;
function killGroup(c) {
  try { process.kill(-c.pid, "SIGKILL"); } catch { try { c.kill("SIGKILL"); } catch {} }
}
function finish(line) {
  pending = false;
  pendingKey = null;
  if (line === null) Atomics.store(ctrl, 1, -1);
  else {
    const n = Math.min(line.length, out.length);
    out.set(line.subarray(0, n));
    Atomics.store(ctrl, 1, n);
  }
  Atomics.store(ctrl, 0, 1);
  Atomics.notify(ctrl, 0);
}
function drain() {
  if (!pending) return;
  const i = buf.indexOf(10);
  if (i < 0) return;
  const line = buf.subarray(0, i);
  buf = buf.subarray(i + 1);
  finish(line);
}
function start() {
  const argv = workerData.argv;
  const c = spawn(argv[0], argv.slice(1), { stdio: ["pipe", "pipe", "ignore"], detached: true });
  child = c;
  buf = Buffer.alloc(0);
  // A child that died (even between our write and its exit event) is restarted once for the
  // pending key; a second death answers "not found".
  const gone = () => {
    if (child !== c) return;
    child = null;
    Atomics.compareExchange(ctrl, 2, c.pid ?? 0, 0);
    if (c.pid !== undefined) killGroup(c); // what it left behind in its group goes too
    if (!pending) return;
    if (retried) { finish(null); return; }
    retried = true;
    send(pendingKey);
  };
  c.on("exit", gone);
  c.on("error", gone);
  c.stdin.on("error", () => {});
  c.stdout.on("data", (d) => { buf = Buffer.concat([buf, d]); drain(); });
  Atomics.store(ctrl, 2, c.pid ?? 0); // the host reads it to kill the group without waiting for us
}
function send(key) {
  if (!child) start();
  pending = true;
  pendingKey = key;
  child.stdin.write(Buffer.from(key + "\\n", "latin1"));
  drain();
}
parentPort.on("message", (msg) => {
  if (msg.kind === "exit") {
    if (child) killGroup(child);
    child = null;
    parentPort.postMessage({ kind: "closed" });
    process.exit(0);
  }
  if (msg.kind === "reset") {
    // A lookup timed out: its late reply must not answer the next key, so start afresh.
    pending = false;
    if (child) { const c = child; child = null; Atomics.store(ctrl, 2, 0); killGroup(c); }
    return;
  }
  retried = false;
  send(msg.key);
});
`;

export class LineProcess {
  private worker: Worker | null = null;
  /** [0] reply ready, [1] reply length (-1 none), [2] pid of the running program (0 none). */
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(12));
  private readonly data: SharedArrayBuffer;

  /**
   * @param argv program and arguments
   * @param timeoutMs how long one request may wait for its reply line
   */
  constructor(
    readonly argv: readonly string[],
    private readonly timeoutMs: number,
    replyBytes = REPLY_BYTES,
  ) {
    this.data = new SharedArrayBuffer(replyBytes);
  }

  private ensureWorker(): Worker {
    if (this.worker === null) {
      this.worker = new Worker(new URL("data:text/javascript," + encodeURIComponent(WORKER_SOURCE)), {
        workerData: { argv: this.argv, ctrl: this.ctrl.buffer, data: this.data },
      });
      this.worker.unref();
    }
    return this.worker;
  }

  /** Send one line (latin1, no newline in it) and wait for the reply line; null when none came. */
  ask(line: string): string | null {
    const worker = this.ensureWorker();
    Atomics.store(this.ctrl, 0, 0);
    worker.postMessage({ kind: "lookup", key: line });
    if (Atomics.wait(this.ctrl, 0, 0, this.timeoutMs) === "timed-out") {
      // Kill the program's whole group now (the worker would do it too, but only once its event
      // loop gets the message), then let the worker forget the pending request.
      this.killGroup();
      worker.postMessage({ kind: "reset" });
      return null;
    }
    const n = Atomics.load(this.ctrl, 1);
    if (n < 0) return null;
    return Buffer.from(this.data, 0, n).toString("latin1");
  }

  /** The pid of the running program (its process group id), null when none is running. */
  get pid(): number | null {
    return Atomics.load(this.ctrl, 2) || null;
  }

  private killGroup(): void {
    const pid = Atomics.exchange(this.ctrl, 2, 0);
    if (pid === 0) return;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }

  /** Stop the program (its whole process group) and the worker; used again, it starts afresh. */
  close(): void {
    this.killGroup();
    if (this.worker !== null) {
      this.worker.postMessage({ kind: "exit" });
      this.worker = null;
    }
  }
}
