/**
 * The playground page: the session's editors on the left, the requests and what Apache does with
 * each on the right. Every edit re-evaluates (in the worker) and rewrites the URL fragment, so
 * the address bar always holds a link to this exact session; nothing is stored or sent.
 */
import type { EvaluateResult } from "../../api/evaluate.js";
import type { Diagnostic, RequestOutcome, SessionResult, ShownPass } from "../session.js";
import type { EditorRef } from "../deployment.js";
import { decodeState, encodeState } from "../fragment.js";
import { DEFAULT_STATE, type PlaygroundRequest, type PlaygroundState, type VirtualFile } from "../state.js";
import { createEditor, type Editor } from "./editor.js";
import { h, shown, uid } from "./dom.js";
import { loadPcre2Bytes } from "./pcre2-bytes.js";
import { EvaluationWorker, type RunOutcome } from "./worker-client.js";

interface Example {
  name: string;
  description: string;
  state: PlaygroundState;
}

/** Time budget of one evaluation (the page's `?budget=MS` overrides it, for tests). */
const DEFAULT_BUDGET_MS = 10_000;

const MARK: Record<string, string> = { met: "✓", "not-met": "✗", "not-reached": "·", other: " " };
const STATE_WORDS: Record<string, string> = { met: "met", "not-met": "not met", "not-reached": "not reached", other: "" };

let state: PlaygroundState = structuredClone(DEFAULT_STATE);
let worker: EvaluationWorker;
let running = false;
let dirty = false;
let debounce = 0;
/** An edit whose evaluation has not started yet. */
let editPending = false;

const $ = <T extends HTMLElement>(sel: string): T => {
  const el = document.querySelector<T>(sel);
  if (!el) throw new Error(`the page lacks ${sel}`);
  return el;
};

let sourceEditor: Editor;
const fileEditors = new Map<number, Editor>();

function changed(): void {
  // Busy from the edit on: an answer on screen is for the text before it until the run is done.
  editPending = true;
  setStatus("Edited — evaluating shortly…", "busy");
  clearTimeout(debounce);
  debounce = window.setTimeout(() => void evaluateNow(), 300);
}

function setStatus(text: string, kind: "ok" | "busy" | "error" = "ok"): void {
  const s = $("#status");
  s.textContent = text;
  s.dataset.kind = kind;
}

// ---------- editors ----------

function renderSource(): void {
  const label = state.mode === "htaccess" ? ".htaccess (in the document root /var/www/html, AllowOverride All)" : "Apache configuration (apache2.conf, the whole file)";
  sourceEditor = createEditor(label, state.source, (t) => {
    state.source = t;
    changed();
  }, { rows: 14, name: "source" });
  $("#source").replaceChildren(sourceEditor.root);
}

function renderFiles(): void {
  fileEditors.clear();
  const list = $("#files-list");
  list.replaceChildren(
    ...state.files.map((f, i) => {
      const pathId = uid("path");
      const kindId = uid("kind");
      const row = h("li", { className: "file-row", "data-index": i, "aria-label": `Virtual file ${i + 1}` });
      const kind = h(
        "select",
        { id: kindId, onchange: (e: Event) => ((f.kind = (e.target as HTMLSelectElement).value as VirtualFile["kind"]), renderFiles(), changed()) },
        ...(["file", "dir", "link"] as const).map((k) => h("option", { value: k, selected: f.kind === k }, k === "dir" ? "directory" : k === "link" ? "symbolic link" : "file")),
      );
      const path = h("input", {
        id: pathId, type: "text", value: f.path, spellcheck: "false",
        placeholder: state.mode === "htaccess" ? "path below the document root, or /absolute" : "/absolute/path",
        oninput: (e: Event) => ((f.path = (e.target as HTMLInputElement).value), changed()),
      });
      const remove = h("button", { type: "button", onclick: () => (state.files.splice(i, 1), renderFiles(), changed()), "aria-label": `Remove ${f.path || "this entry"}` }, "Remove");
      row.append(h("div", { className: "file-head" }, h("label", { for: kindId, className: "sr-only" }, "Kind"), kind, h("label", { for: pathId, className: "sr-only" }, "Path"), path, remove));
      if (f.kind !== "dir") {
        const ed = createEditor(f.kind === "link" ? "Link target" : `Content of ${f.path || "the file"}`, f.text, (t) => ((f.text = t), changed()), { rows: f.kind === "link" ? 1 : Math.min(8, Math.max(2, f.text.split("\n").length)), name: `file-${i}` });
        fileEditors.set(i, ed);
        row.append(ed.root);
      }
      return row;
    }),
  );
}

function renderSmallEditors(): void {
  const users = createEditor("Users for UserDir (one a line: name, or name /home/dir)", state.users, (t) => ((state.users = t), changed()), { rows: 3, name: "users" });
  const env = createEditor("Server environment (NAME=value lines)", state.env, (t) => ((state.env = t), changed()), { rows: 3, name: "env" });
  $("#users").replaceChildren(users.root);
  $("#env").replaceChildren(env.root);
}

function renderRequests(): void {
  $("#requests-list").replaceChildren(
    ...state.requests.map((r, i) => {
      const ids = { m: uid("m"), u: uid("u"), p: uid("p"), v: uid("v"), hd: uid("hd") };
      const set = <K extends keyof PlaygroundRequest>(k: K, v: PlaygroundRequest[K]): void => {
        r[k] = v;
        changed();
      };
      return h(
        "li",
        { className: "request-row", "data-index": i, "aria-label": `Request ${i + 1}` },
        h("div", { className: "req-head" },
          h("label", { for: ids.m }, "Method"),
          h("input", { id: ids.m, type: "text", value: r.method, size: 7, spellcheck: "false", oninput: (e: Event) => set("method", (e.target as HTMLInputElement).value) }),
          h("label", { for: ids.u }, "URL"),
          h("input", { id: ids.u, type: "text", value: r.url, className: "url", spellcheck: "false", "data-field": "url", oninput: (e: Event) => set("url", (e.target as HTMLInputElement).value) }),
          h("label", { for: ids.p }, "Port"),
          h("input", { id: ids.p, type: "number", min: 1, max: 65535, value: r.port ?? "", size: 5, placeholder: "auto", oninput: (e: Event) => {
            const v = (e.target as HTMLInputElement).value;
            set("port", v === "" ? null : Number(v));
          } }),
          h("label", { for: ids.v }, "HTTP"),
          h("select", { id: ids.v, onchange: (e: Event) => set("version", (e.target as HTMLSelectElement).value as "1.1" | "1.0") },
            h("option", { value: "1.1", selected: r.version === "1.1" }, "1.1"),
            h("option", { value: "1.0", selected: r.version === "1.0" }, "1.0")),
          h("button", { type: "button", onclick: () => (state.requests.splice(i, 1), renderRequests(), changed()), "aria-label": `Remove request ${i + 1}` }, "Remove"),
        ),
        h("label", { for: ids.hd }, "Headers (Name: value lines)"),
        h("textarea", { id: ids.hd, rows: Math.max(1, r.headers.split("\n").length), spellcheck: "false", oninput: (e: Event) => set("headers", (e.target as HTMLTextAreaElement).value) }, r.headers),
        h("div", { className: "outcome", id: `outcome-${i}`, "aria-live": "polite" }),
      );
    }),
  );
}

function renderAll(): void {
  ($(`#mode-${state.mode}`) as HTMLInputElement).checked = true;
  renderSource();
  renderFiles();
  renderSmallEditors();
  renderRequests();
}

// ---------- results ----------

function editorFor(ref: EditorRef | null): Editor | null {
  if (ref === null) return null;
  return ref.kind === "source" ? sourceEditor : (fileEditors.get(ref.index) ?? null);
}

function showDiagnostics(list: Diagnostic[]): void {
  const byEditor = new Map<Editor, Diagnostic[]>();
  const loose: Diagnostic[] = [];
  for (const d of list) {
    const ed = editorFor(d.editor);
    if (ed) byEditor.set(ed, [...(byEditor.get(ed) ?? []), d]);
    else loose.push(d);
  }
  for (const ed of [sourceEditor, ...fileEditors.values()]) ed.setDiagnostics(byEditor.get(ed) ?? []);
  $("#diagnostics").replaceChildren(...loose.map((d) => h("li", { className: `diag diag-${d.severity}` }, `${d.file}${d.line !== null ? `:${d.line}` : ""} ${d.severity}: ${d.message}`)));
}

function kv(rows: Array<[string, string | null]>): HTMLElement {
  return h("dl", { className: "kv" }, ...rows.filter(([, v]) => v !== null && v !== "").flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, shown(v ?? ""))]));
}

function table(caption: string, pairs: Array<[string, string]>): HTMLElement {
  if (pairs.length === 0) return h("p", { className: "dim" }, `${caption}: none`);
  return h("table", {}, h("caption", {}, caption), h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Value"))),
    h("tbody", {}, ...pairs.map(([k, v]) => h("tr", {}, h("th", { scope: "row" }, shown(k)), h("td", {}, shown(v))))));
}

function passView(p: ShownPass, n: number): HTMLElement {
  const ed = editorFor(p.editor);
  return h("div", { className: "pass" },
    h("h4", {}, `Pass ${n + 1} [${p.tag}] ${p.file}`),
    h("ol", { className: "lines" }, ...p.lines.map((l) =>
      h("li", { className: `line ${l.state}`, "data-line": l.line, "data-state": l.state },
        h("span", { className: "mark", "aria-hidden": "true" }, MARK[l.state]),
        ed ? h("button", { type: "button", className: "linkish loc", onclick: () => ed.selectLine(l.line), "aria-label": `${p.file} line ${l.line}` }, `${p.file}:${l.line}`) : h("span", { className: "loc" }, `${p.file}:${l.line}`),
        h("code", {}, l.text),
        STATE_WORDS[l.state] ? h("span", { className: "sr-only" }, ` (${STATE_WORDS[l.state]})`) : null,
        l.notes.length ? h("ul", { className: "notes" }, ...l.notes.map((t) => h("li", {}, t))) : null,
      ))),
  );
}

/** The fields the browser test compares with `htrewrite eval` (engine byte strings). */
function answerData(r: EvaluateResult): string {
  return JSON.stringify({ status: r.status, location: r.location, kind: r.kind, filename: r.filename, applicationGroup: r.applicationGroup, processGroup: r.processGroup, environ: r.wsgiEnviron });
}

function showOutcome(o: RequestOutcome): void {
  const box = document.getElementById(`outcome-${o.index}`);
  if (!box) return;
  const r = o.result;
  if (o.error !== null || r === null) {
    box.dataset.answer = "";
    box.replaceChildren(h("p", { className: "error", role: "alert" }, o.error ?? "no answer"));
    return;
  }
  box.dataset.answer = answerData(r);
  const env = r.env.filter(([k]) => k !== "SCRIPT_URI" && k !== "SCRIPT_URL");
  const parts: Array<HTMLElement | null> = [
    h("p", { className: `decision status-${Math.floor(r.status / 100)}xx` }, h("strong", {}, shown(o.decision))),
    kv([
      ["Status", String(r.status)],
      ["Location", r.location],
      ["File", r.filename],
      ["Path info", r.pathInfo],
      ["URI", r.uri],
      ["Query", r.queryString],
      ["Handler", r.handler],
      ["Application group", r.kind === "wsgi" ? JSON.stringify(r.applicationGroup ?? "") : null],
      ["Process group", r.kind === "wsgi" ? JSON.stringify(r.processGroup ?? "") + (r.processGroup ? "" : " (embedded)") : null],
      ["Callable", r.callableObject],
      ["Proxy to", r.proxyUrl],
    ]),
    o.passes.length ? h("div", { className: "passes" }, ...o.passes.map(passView)) : h("p", { className: "dim" }, "No rewrite rule was tried for this request."),
    ...(o.omitted && (o.omitted.passes > 0 || o.omitted.traceLines > 0)
      ? [h("p", { className: "dim" }, `${o.omitted.passes} more passes and ${o.omitted.traceLines} more trace lines are not shown (the decision above is complete).`)]
      : []),
    table("Environment (subprocess_env)", env),
    r.wsgiEnviron ? h("details", {}, h("summary", {}, "WSGI environ"), table("WSGI environ", Object.entries(r.wsgiEnviron))) : null,
    r.log.length ? h("div", {}, h("h4", {}, "Error log"), h("pre", { className: "log" }, r.log.map(shown).join("\n"))) : null,
    h("details", { className: "trace" }, h("summary", {}, "Raw trace"), h("pre", {}, r.trace.map(shown).join("\n") || "(no trace lines)")),
  ];
  box.replaceChildren(...parts.filter((x): x is HTMLElement => x !== null));
}

function showResult(res: SessionResult, ms: number): void {
  showDiagnostics(res.diagnostics);
  for (const o of res.requests) showOutcome(o);
  const errors = res.diagnostics.filter((d) => d.severity === "error").length;
  setStatus(`${res.started ? "Evaluated" : "Apache would not start"} — ${res.requests.length} request(s), ${errors} error(s), ${Math.round(ms)} ms`, res.started && errors === 0 ? "ok" : "error");
}

function showStopped(o: Extract<RunOutcome, { kind: "timeout" }>): void {
  const p = o.progress;
  const where = p && p.line !== null ? ` ${p.testing ? "while matching the pattern at" : "after the test at"} ${p.file}:${p.line}` : "";
  const message = `evaluation stopped: request ${p ? p.request + 1 : "?"} ran past the ${o.budgetMs / 1000} s time budget${where} (a runaway pattern?)`;
  // The stop is shown at the last line the engine reported, in the editor that holds it.
  const diag: Diagnostic = { editor: null, file: p?.file ?? "", line: p?.line ?? null, severity: "error", message };
  const fileRef = p?.file ? locateEditor(p.file) : null;
  showDiagnostics([{ ...diag, editor: fileRef }]);
  for (let i = 0; i < state.requests.length; i++) {
    const box = document.getElementById(`outcome-${i}`);
    if (box) {
      box.dataset.answer = "";
      box.replaceChildren(h("p", { className: "error", role: "alert" }, message));
    }
  }
  setStatus(message, "error");
}

/** The editor of a file the engine named (the progress report names files as the engine does). */
function locateEditor(file: string): EditorRef | null {
  if (file.endsWith("/.htaccess") && state.mode === "htaccess" && file === "/var/www/html/.htaccess") return { kind: "source" };
  if (state.mode === "config" && file === "/etc/apache2/apache2.conf") return { kind: "source" };
  const i = state.files.findIndex((f) => f.path === file || `/var/www/html/${f.path}` === file);
  return i >= 0 ? { kind: "file", index: i } : null;
}

async function evaluateNow(): Promise<void> {
  if (running) {
    dirty = true;
    return;
  }
  running = true;
  dirty = false;
  editPending = false;
  clearTimeout(debounce);
  setStatus("Evaluating…", "busy");
  void writeFragment();
  const o = await worker.run(structuredClone(state));
  running = false;
  if (o.kind === "result") showResult(o.result, o.ms);
  else if (o.kind === "timeout") showStopped(o);
  else setStatus(`Evaluation failed: ${o.message}`, "error");
  if (editPending) setStatus("Edited — evaluating shortly…", "busy");
  document.body.dataset.runs = String(Number(document.body.dataset.runs ?? "0") + 1);
  if (dirty) void evaluateNow();
}

// ---------- the fragment ----------

let lastFragment = "";

async function writeFragment(): Promise<void> {
  const f = await encodeState(state);
  lastFragment = f;
  history.replaceState(null, "", `#${f}`);
  ($("#share-url") as HTMLInputElement).value = location.href;
}

async function readFragment(): Promise<void> {
  const f = location.hash.slice(1);
  if (f === "" || f === lastFragment) return;
  try {
    state = await decodeState(f);
    lastFragment = f;
  } catch (e) {
    setStatus(`This link does not hold a session: ${(e as Error).message}. Showing the default session.`, "error");
    state = structuredClone(DEFAULT_STATE);
  }
}

// ---------- start ----------

async function loadExamples(): Promise<void> {
  const sel = $("#examples") as HTMLSelectElement;
  let list: Example[] = [];
  try {
    const r = await fetch(new URL("examples.json", document.baseURI));
    list = (await r.json()) as Example[];
  } catch {
    sel.disabled = true;
    return;
  }
  sel.append(...list.map((x, i) => h("option", { value: String(i), title: x.description }, x.name)));
  sel.addEventListener("change", () => {
    const x = list[Number(sel.value)];
    if (!x) return;
    state = structuredClone(x.state);
    renderAll();
    void evaluateNow();
  });
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const budget = Number(params.get("budget")) || DEFAULT_BUDGET_MS;
  setStatus("Loading PCRE2…", "busy");
  let wasm: ArrayBuffer;
  try {
    wasm = await loadPcre2Bytes(new URL("pcre2/", document.baseURI));
  } catch (e) {
    setStatus((e as Error).message, "error");
    return;
  }
  worker = new EvaluationWorker(new URL("worker.js", document.baseURI), wasm, budget);
  await readFragment();
  renderAll();
  for (const m of ["htaccess", "config"] as const) {
    $(`#mode-${m}`).addEventListener("change", () => {
      state.mode = m;
      renderSource();
      changed();
    });
  }
  $("#add-file").addEventListener("click", () => {
    state.files.push({ path: "", kind: "file", text: "" });
    renderFiles();
    (document.querySelector("#files-list li:last-child input[type=text]") as HTMLInputElement | null)?.focus();
  });
  $("#add-request").addEventListener("click", () => {
    state.requests.push({ method: "GET", url: "/", headers: "", port: null, version: "1.1" });
    renderRequests();
    (document.querySelector("#requests-list li:last-child input.url") as HTMLInputElement | null)?.focus();
    changed();
  });
  $("#run").addEventListener("click", () => void evaluateNow());
  $("#share").addEventListener("click", async () => {
    await writeFragment();
    try {
      await navigator.clipboard.writeText(location.href);
      setStatus("Link copied: it holds the whole session (in the part after #, which browsers do not send).");
    } catch {
      ($("#share-url") as HTMLInputElement).select();
      setStatus("Copy the link from the field (the clipboard is not available here).");
    }
  });
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      e.preventDefault();
      void evaluateNow();
    }
  });
  window.addEventListener("hashchange", () => {
    void readFragment().then(() => {
      renderAll();
      void evaluateNow();
    });
  });
  await loadExamples();
  await evaluateNow();
}

void main();
