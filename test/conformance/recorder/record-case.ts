/**
 * Records what real Apache answers for one case: sandbox, one Apache start, each request sent
 * raw one at a time (so the error-log lines written meanwhile belong to it), a clean stop, and
 * the answers normalised (`@ROOT@`, `@PORTn@`) in the shape of the shared example results.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { normaliseJson, normalisePlaceholders, rawMethod, resolvePortIndex, substitutePlaceholders } from "../../../src/case/load.js";
import type { CaseFile, CaseRequest, ProbeBody, RecordedRequest, ResultRecord } from "../../../src/case/types.js";
import { startApache } from "./apache.js";
import { LogTail, parseLogLine, problemEntry, traceEntry } from "./error-log.js";
import { freePorts } from "./ports.js";
import { PROBE_HEADER, PROBE_SOURCE } from "./probe.js";
import { exchange, type RawRequest, type RawResponse } from "./raw-http.js";
import { buildSandbox, makeSandboxRoot } from "./sandbox.js";

/** Options of `recordCase`. */
export interface RecordOptions {
  /** Keep the sandbox afterwards (for debugging); default false. */
  keep?: boolean;
  /** The apache2 binary; default "apache2". */
  binary?: string;
  /** Called with each sandbox root as it is created (tests use it to look for leftovers). */
  onSandbox?: (root: string) => void;
  /** How often to retry a start that failed because a port was busy; default 20 (×250 ms). */
  busyRetries?: number;
}

/** Only the first 1000 characters of a served file are kept (case-format.md). */
const BODY_LIMIT = 1000;

/** The Host header a request sends (case-format.md): given, none (null), or localhost[:port]. */
export function hostHeader(req: CaseRequest, port: number): string | null {
  if (req.host !== undefined) return req.host;
  return port === 80 ? "localhost" : `localhost:${port}`;
}

/** The raw request for a case request with the placeholders resolved. */
export function toRawRequest(req: CaseRequest, port: number, values: { root: string; ports: number[] }): RawRequest {
  const sub = (s: string) => substitutePlaceholders(s, values);
  if (req.raw !== undefined) return { method: "", target: "", httpVersion: "1.1", headers: [], bytes: Buffer.from(sub(req.raw), "latin1") };
  const headers: [string, string][] = [];
  const host = hostHeader(req, port);
  if (host !== null) headers.push(["Host", sub(host)]);
  for (const [k, v] of Object.entries(req.headers ?? {})) headers.push([k, sub(v)]);
  const raw: RawRequest = {
    method: req.method ?? "GET",
    target: sub(req.path),
    httpVersion: req.http_version ?? "1.1",
    headers,
  };
  if (req.body !== undefined) {
    raw.body = Buffer.from(sub(req.body), "utf8");
    if (!headers.some(([k]) => k.toLowerCase() === "content-length")) headers.push(["Content-Length", String(raw.body.length)]);
  }
  return raw;
}

/** The request echoed in a record: the case's fields with host and method defaults filled in. */
function echoRequest(req: CaseRequest, port: number): RecordedRequest {
  if (req.raw !== undefined) return { ...req, method: rawMethod(req.raw) };
  return { ...req, host: hostHeader(req, port), method: req.method ?? "GET" };
}

function isProbeBody(v: unknown): v is ProbeBody {
  return typeof v === "object" && v !== null && "application_group" in v && "probe_file" in v && "env" in v;
}

/** Turns a response into the record fields (placeholders in the body are normalised later). */
function describeResponse(
  res: RawResponse,
  normalise: (text: string) => string,
): Pick<ResultRecord, "status" | "location" | "content_type" | "body_len" | "body_sha256" | "body_kind" | "body"> {
  const contentType = res.headers.get("content-type") ?? null;
  // Length and hash describe the body as the record shows it (sandbox root and auto ports as
  // placeholders), so they do not change from one recording to the next.
  const stable = Buffer.from(normalise(res.body.toString("latin1")), "latin1");
  const out: ReturnType<typeof describeResponse> = {
    status: res.status,
    location: res.headers.get("location") ?? null,
    content_type: contentType,
    body_len: stable.length,
    body_sha256: createHash("sha256").update(stable).digest("hex"),
  };
  if (contentType !== null && contentType.startsWith("application/json")) {
    // A HEAD answer has no body; the probe's report is then read from its response header.
    const header = res.headers.get(PROBE_HEADER.toLowerCase());
    const json = res.body.length === 0 && header !== undefined ? header : res.body.toString("latin1");
    try {
      const parsed: unknown = JSON.parse(json);
      if (isProbeBody(parsed)) return { ...out, body_kind: "probe", body: parsed };
    } catch {
      // not the probe: a JSON file served as text
    }
  }
  const text = res.body.toString("utf8");
  return { ...out, body_kind: "text", body: text === PROBE_SOURCE ? "@PROBE@" : text.slice(0, BODY_LIMIT) };
}

/** Apache's start-up complaint as one line: the lines joined with " | ", like the shared results. */
function startError(output: string, logTail: string[]): string {
  const lines = output.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  // Errors found after the configuration was read (a port that cannot be bound …) go to the log.
  const fromLog = logTail.map((l) => parseLogLine(l).message).filter((l) => l.trim() !== "");
  const text = (lines.length ? lines : fromLog).join(" | ");
  return `apache did not start: ${text}`;
}

/** Records every request of `c`; never throws for Apache-side failures (they become records). */
export async function recordCase(c: CaseFile, opts: RecordOptions = {}): Promise<ResultRecord[]> {
  const autoCount = c.ports.filter((p) => p === "auto").length;
  const retries = opts.busyRetries ?? 20;
  for (let attempt = 0; ; attempt++) {
    const auto = await freePorts(autoCount);
    const ports = c.ports.map((p) => (p === "auto" ? (auto.shift() as number) : p));
    const root = makeSandboxRoot();
    const sandbox = buildSandbox(c, root, ports);
    opts.onSandbox?.(root);
    const norm = { root, ports, specs: c.ports };
    try {
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(c.env)) env[k] = substitutePlaceholders(v, { root, ports });
      const tail = new LogTail(sandbox.errorLog);
      const started = await startApache({ confPath: sandbox.confPath, pidFile: sandbox.pidFile, env, binary: opts.binary });
      if (!started.ok) {
        // A fixed port another server holds for a moment, or an auto port taken between our
        // probe and Apache's bind: try again (new auto ports each time).
        const busy = /Address already in use/.test(started.output);
        if (busy && attempt < retries) {
          await new Promise((r) => setTimeout(r, 250));
          continue;
        }
        const error = normalisePlaceholders(startError(started.output, tail.readNew()), norm);
        return c.requests.map((req, index) => ({ case: c.name, index, request: req, status: null, error }));
      }
      const serverLog = tail
        .readNew()
        .map(parseLogLine)
        .map(problemEntry)
        .filter((x): x is string => x !== null);
      const records: ResultRecord[] = [];
      try {
        for (const [index, req] of c.requests.entries()) {
          const portIndex = resolvePortIndex(c, req.port);
          const port = ports[portIndex];
          let rec: ResultRecord;
          try {
            const res = await exchange(port, toRawRequest(req, port, { root, ports }));
            const normalise = (text: string) => normalisePlaceholders(text, norm);
            rec = { case: c.name, index, request: echoRequest(req, port), ...describeResponse(res, normalise) };
          } catch (e) {
            rec = { case: c.name, index, request: echoRequest(req, port), status: null, error: `no answer: ${(e as Error).message}` };
          }
          const lines = tail.readNew().map(parseLogLine);
          rec.trace = lines.map(traceEntry).filter((x): x is string => x !== null);
          rec.log = lines.map(problemEntry).filter((x): x is string => x !== null);
          if (index === 0) rec.server_log = serverLog;
          records.push(normaliseJson(rec, norm));
        }
      } finally {
        await started.apache.stop();
      }
      return records;
    } finally {
      if (!opts.keep) sandbox.remove();
    }
  }
}

/** Reads a results file (JSON lines) into records. */
export function readResults(path: string): ResultRecord[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as ResultRecord);
}
