/**
 * `htrewrite eval`: answer a conformance case (spec/case-format.md) the way real Apache answers
 * it, offline. The case's deployment becomes an in-memory sandbox (laid over the real disk for
 * system paths), the base configuration plus the case's lines are loaded exactly as the recorder
 * hands them to Apache, and each request goes through the pipeline.
 */
import { caseScriptLoader } from "../case/probe-script.js";
import type { FileRoots } from "../config/file-roots.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { makeSandbox, removeSandbox } from "./sandbox.js";
import { buildBaseConfig } from "../case/base-config.js";
import { normaliseJson, normalisePlaceholders, rawMethod, resolvePortIndex, substitutePlaceholders, textOf } from "../case/load.js";
import { PROBE_TOKEN, type CaseFile, type CaseRequest, type ProbeBody, type ResultRecord } from "../case/types.js";
import { CollectingTracer } from "../rewrite/trace.js";
import { MemoryFs } from "../server/fs.js";
import { loadEngine } from "../server/load.js";
import { serveRequest, type RawRequest, type Response } from "../server/pipeline.js";
import type { Engine } from "../server/engine.js";
import type { DecisionMemo } from "../server/decision-memo.js";
import { HtrError } from "../util/errors.js";
import { utf8ToBytes, bytesToUtf8 } from "../util/bytes.js";

/** Where the sandbox lives in htrewrite's file-system view (Apache's recorder also uses /tmp). */
export const SANDBOX_ROOT = "/tmp/htrewrite-sandbox";
const FIRST_AUTO_PORT = 41000;

/** The probe's env filter (case-format.md): upper-case, not HTTP_*, not standard; plus REDIRECT_*. */
const STANDARD_VARS = new Set(
  `GATEWAY_INTERFACE SERVER_PROTOCOL SERVER_SOFTWARE SERVER_NAME SERVER_ADDR SERVER_PORT SERVER_ADMIN SERVER_SIGNATURE
REMOTE_ADDR REMOTE_PORT REMOTE_HOST REMOTE_USER REMOTE_IDENT AUTH_TYPE CONTENT_TYPE CONTENT_LENGTH DOCUMENT_ROOT
SCRIPT_FILENAME SCRIPT_NAME PATH_INFO PATH_TRANSLATED QUERY_STRING REQUEST_METHOD REQUEST_URI REQUEST_SCHEME
CONTEXT_PREFIX CONTEXT_DOCUMENT_ROOT PATH LD_LIBRARY_PATH SCRIPT_URL SCRIPT_URI`.split(/\s+/),
);

const SHOWN = [
  "CONTEXT_DOCUMENT_ROOT",
  "CONTEXT_PREFIX",
  "DOCUMENT_ROOT",
  "HTTP_HOST",
  "PATH_INFO",
  "PATH_TRANSLATED",
  "QUERY_STRING",
  "REQUEST_METHOD",
  "REQUEST_URI",
  "SCRIPT_FILENAME",
  "SCRIPT_NAME",
  "SCRIPT_URI",
  "SCRIPT_URL",
  "SERVER_NAME",
  "SERVER_PORT",
];

function inProbeEnv(name: string): boolean {
  if (name.startsWith("REDIRECT_")) return true;
  return name === name.toUpperCase() && !name.startsWith("HTTP_") && !STANDARD_VARS.has(name);
}

/** The concrete ports of a case: fixed ones as given, "auto" ones picked so they never collide. */
export function casePorts(c: CaseFile): number[] {
  let next = FIRST_AUTO_PORT;
  const fixed = new Set(c.ports.filter((p): p is number => p !== "auto"));
  return c.ports.map((p) => {
    if (p !== "auto") return p;
    while (fixed.has(next)) next++;
    return next++;
  });
}

/** Build the sandbox file tree of a case in memory. */
export function caseFileSystem(c: CaseFile, root: string, ports: number[]): MemoryFs {
  const fs = new MemoryFs(root);
  const sub = (t: string) => substitutePlaceholders(t, { root, ports });
  const abs = (p: string) => {
    const s = sub(utf8ToBytes(p));
    return s.startsWith("/") ? s : `${root}/${s}`;
  };
  for (const d of ["htdocs", "run", "logs", "conf"]) fs.addDir(`${root}/${d}`);
  fs.addFile(`${root}/probe.wsgi`, PROBE_TOKEN);
  for (const [path, spec] of Object.entries(c.files)) {
    const p = abs(path);
    if (spec === null || path.endsWith("/")) fs.addDir(p.replace(/\/+$/, ""));
    else if (typeof spec === "object" && !Array.isArray(spec)) fs.addSymlink(p, sub(utf8ToBytes(spec.symlink)));
    else {
      const text = textOf(spec);
      fs.addFile(p, text === PROBE_TOKEN ? PROBE_TOKEN : utf8ToBytes(sub(text)));
    }
  }
  for (const [dir, text] of Object.entries(c.htaccess)) {
    fs.addFile(`${abs(dir).replace(/\/+$/, "")}/.htaccess`, utf8ToBytes(sub(textOf(text))));
  }
  return fs;
}

/** The Host header a case request sends (case-format.md defaults). */
function hostHeader(req: CaseRequest, port: number, ports: number[], root: string): string | null {
  if (req.host === null) return null;
  if (req.host !== undefined) return substitutePlaceholders(req.host, { root, ports });
  return port === 80 ? "localhost" : `localhost:${port}`;
}

export interface EvalOptions {
  casePath?: string;
  /** Collect mod_rewrite trace lines into each record (default true). */
  trace?: boolean;
  /** The moment requests are taken to arrive (TIME variables, cookies). */
  now?: () => Date;
  /** Let the case's configuration run programs (prg: maps, WSGIDispatchScript). Default false. */
  allowExec?: boolean;
  /** Directories the case's configuration may read from disk (config/file-roots.ts). Default: anywhere. */
  roots?: FileRoots;
  /**
   * Answer every request through the engine's decision memo, then answer them all once more (the
   * repeats come from the memo where it kept the answer) and throw when a repeat's record differs
   * from the first: the golden corpus checks the memo against Apache and against itself.
   */
  repeatThroughMemo?: boolean;
}

/**
 * Where a case's sandbox lives. In memory at SANDBOX_ROOT, except when the configuration runs
 * programs (`prg:` RewriteMaps): a program reads its own files from the real disk, so those cases
 * get a private folder under /tmp with the sandbox written out (outputs name it @ROOT@ either way).
 */
function caseRoot(c: CaseFile): { root: string; onDisk: boolean } {
  if (!c.config.some((l) => /\bprg:/i.test(l))) return { root: SANDBOX_ROOT, onDisk: false };
  return { root: makeSandbox(), onDisk: true };
}

/** Write the in-memory sandbox out to the real disk (for programs the configuration starts). */
function writeToDisk(fs: MemoryFs, dir: string): void {
  for (const name of fs.readdir(dir) ?? []) {
    const p = `${dir}/${name}`;
    const st = fs.lstat(p);
    if (!st) continue;
    const native = Buffer.from(p, "latin1");
    if (st.type === "dir") {
      mkdirSync(native, { recursive: true });
      writeToDisk(fs, p);
    } else if (st.type === "file") {
      writeFileSync(native, fs.readFile(p) ?? Buffer.alloc(0), { mode: st.mode });
    }
  }
}

/** Load a case's deployment; a ConfigError means Apache would refuse to start. */
export function loadCaseEngine(c: CaseFile, now?: () => Date, allowExec = false, roots?: FileRoots, memoEntries?: number): { engine: Engine; ports: number[]; root: string } {
  const { root, onDisk } = caseRoot(c);
  const ports = casePorts(c);
  const fs = caseFileSystem(c, root, ports);
  if (onDisk) writeToDisk(fs, root);
  const config = buildBaseConfig({
    root,
    ports,
    modules: c.modules,
    extraConfig: c.config.map((l) => utf8ToBytes(substitutePlaceholders(l, { root, ports }))),
  });
  fs.addFile(`${root}/conf/httpd.conf`, config);
  const env: Record<string, string> = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C" };
  for (const [k, v] of Object.entries(c.env)) env[k] = utf8ToBytes(substitutePlaceholders(v, { root, ports }));
  const engine = loadEngine({ text: config, file: `${root}/conf/httpd.conf`, fs, env, serverRoot: root, now, allowExec, scriptLoader: caseScriptLoader, roots, ...(memoEntries !== undefined ? { memoEntries } : {}) });
  return { engine, ports, root };
}

/** Answer every request of a case. */
export async function evalCase(c: CaseFile, opts: EvalOptions = {}): Promise<ResultRecord[]> {
  const ports = casePorts(c);
  let root = SANDBOX_ROOT;
  let norm = { root, ports, specs: c.ports };
  const echo = (req: CaseRequest, i: number): CaseRequest => {
    if (req.raw !== undefined) return { ...req, method: rawMethod(req.raw) };
    const port = ports[resolvePortIndex(c, req.port, `requests[${i}].port`)];
    const out: CaseRequest = { ...req, method: req.method ?? "GET" };
    const host = hostHeader(req, port, ports, root);
    if (req.host === undefined && host !== null) out.host = normalisePlaceholders(host, norm);
    return out;
  };
  let loaded: { engine: Engine; root: string };
  try {
    loaded = loadCaseEngine(c, opts.now, opts.allowExec === true, opts.roots);
    root = loaded.root;
    norm = { root, ports, specs: c.ports };
  } catch (e) {
    if (!(e instanceof HtrError)) throw e;
    const msg = normalisePlaceholders(e.message.split("\n").join(" | "), norm);
    return c.requests.map((req, index) => ({ case: c.name, index, request: echo(req, index), status: null, error: `apache did not start: ${bytesToUtf8(msg)}` }));
  }
  const answerWith = (engine: Engine, root: string, memo: DecisionMemo | null) => (req: CaseRequest, index: number): ResultRecord => {
    const norm = { root, ports, specs: c.ports };
    const port = ports[resolvePortIndex(c, req.port, `requests[${index}].port`)];
    const headers: Array<[string, string]> = [];
    const host = hostHeader(req, port, ports, root);
    if (host !== null) headers.push(["Host", utf8ToBytes(host)]);
    for (const [k, v] of Object.entries(req.headers ?? {})) headers.push([k, utf8ToBytes(substitutePlaceholders(v, { root, ports }))]);
    if (req.body !== undefined) headers.push(["Content-Length", String(Buffer.byteLength(req.body))]);
    const tracer = opts.trace === false ? null : new CollectingTracer();
    const raw: RawRequest = {
      method: req.method ?? "GET",
      target: utf8ToBytes(substitutePlaceholders(req.path, { root, ports })),
      httpVersion: req.http_version ?? "1.1",
      headers,
      // A raw request is read byte for byte by the protocol layer (its other fields are unset).
      bytes: req.raw === undefined ? undefined : substitutePlaceholders(req.raw, { root, ports }),
      conn: { localIp: "127.0.0.1", localPort: port, remoteIp: "127.0.0.1", remotePort: 50000 + index, secure: false },
    };
    const res = memo === null ? serveRequest(engine, raw, tracer) : memo.decide("case", raw, tracer, (t) => serveRequest(engine, raw, t), withEchoes);
    return toRecord(c, index, echo(req, index), res, tracer?.lines() ?? [], norm);
  };
  const memo = opts.repeatThroughMemo === true ? loaded.engine.decisions : null;
  const records = c.requests.map(answerWith(loaded.engine, loaded.root, memo));
  if (memo !== null) {
    // The same requests twice more through the memo, and all three passes on an engine without
    // memo: every answer must be the one the engine without memo gives at the same point.
    const plain = loadCaseEngine(c, opts.now, opts.allowExec === true, opts.roots, 0);
    try {
      const viaMemo = answerWith(loaded.engine, loaded.root, memo);
      const direct = answerWith(plain.engine, plain.root, null);
      const passes = [records, c.requests.map(viaMemo), c.requests.map(viaMemo)];
      passes.forEach((pass, n) => {
        c.requests.forEach((req, index) => {
          const want = JSON.stringify(direct(req, index));
          const got = JSON.stringify(pass[index]);
          if (got !== want) throw new Error(`${c.name}#${index} (pass ${n + 1}): the decision memo answered differently from the engine without it:\n${got}\nwithout:\n${want}`);
        });
      });
    } finally {
      plain.engine.close();
      removeSandbox(plain.root);
    }
  }
  // The case is answered: its map programs (whole process groups) stop now, not at exit.
  loaded.engine.close();
  removeSandbox(loaded.root);
  return records;
}

/** A remembered response with this request's own copies of itself in the WSGI environ. */
function withEchoes(res: Response, echoes: ReadonlyArray<readonly [string, string]>): Response {
  if (res.wsgi === null) return res;
  const environ = { ...res.wsgi.environ };
  for (const [k, v] of echoes) environ[k] = v;
  return { ...res, wsgi: { ...res.wsgi, environ } };
}

function toRecord(
  c: CaseFile,
  index: number,
  request: CaseRequest,
  res: Response,
  trace: string[],
  norm: { root: string; ports: number[]; specs: CaseFile["ports"] },
): ResultRecord {
  // What the recorder sees when no status line comes back: the connection closed unanswered,
  // or a simple (HTTP/0.9) request answered with the body alone.
  const unanswered = res.status === 0 ? "the server closed the connection without answering" : res.request?.protocol === "HTTP/0.9" ? "HTTP/0.9 answer (no status line)" : null;
  if (unanswered !== null) return { case: c.name, index, request, status: null, error: `no answer: ${unanswered}`, trace, log: res.log };
  const rec: ResultRecord = {
    case: c.name,
    index,
    request,
    status: res.status,
    location: res.location === null ? null : res.location,
    body_kind: res.kind === "wsgi" ? "probe" : "text",
    trace,
    log: res.log,
  };
  if (res.kind === "wsgi" && res.wsgi) {
    const env = res.wsgi.environ;
    const body: Record<string, unknown> = {};
    for (const k of SHOWN) if (Object.hasOwn(env, k)) body[k] = env[k];
    body.application_group = res.wsgi.applicationGroup;
    body.process_group = res.wsgi.processGroup;
    body.probe_file = res.wsgi.scriptFilename;
    const filtered: Record<string, string> = {};
    for (const [k, v] of Object.entries(env)) if (inProbeEnv(k)) filtered[k] = v;
    body.env = filtered;
    body.mod_wsgi = {
      callable_object: res.wsgi.callableObject,
      process_group_mode: res.wsgi.mode,
    };
    rec.body = body as ProbeBody;
  } else if (res.kind === "file" && res.body) {
    // The recorder reads a served file as UTF-8 text.
    rec.body = res.body.toString("utf8").slice(0, 1000);
  } else {
    rec.body = "";
  }
  // Byte strings stay one character per byte: the WSGI environ (PEP 3333) and the recorder's
  // header reading are latin-1, so "é" sent as UTF-8 reads "Ã©" on both sides.
  const out = normaliseJson(rec, norm);
  out.request = request;
  return out;
}
