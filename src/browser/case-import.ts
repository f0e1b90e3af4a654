/**
 * A conformance case (spec/case-format.md) as a playground session: the examples menu (rules/)
 * and the browser tests (golden cases) open cases this way. The session is the case's deployment
 * spelled out — the base configuration with the case's lines appended, its files, .htaccess
 * files and environment at their sandbox paths, its requests with their listener ports — so the
 * page answers each request as `htrewrite eval CASE.json` does.
 */
import { buildBaseConfig } from "../case/base-config.js";
import { parseCase, resolvePortIndex, substitutePlaceholders, textOf } from "../case/load.js";
import type { CaseFile } from "../case/types.js";
import { casePorts, SANDBOX_ROOT } from "../eval/case.js";
import { HtrError } from "../util/errors.js";
import type { PlaygroundRequest, PlaygroundState, VirtualFile } from "./state.js";

/** The session of a case file's JSON (validated as `htrewrite eval` validates it). */
export function caseJsonToState(json: unknown, name: string): PlaygroundState {
  return caseToState(parseCase(json, name));
}

export function caseToState(c: CaseFile): PlaygroundState {
  const root = SANDBOX_ROOT;
  const ports = casePorts(c);
  const sub = (t: string): string => substitutePlaceholders(t, { root, ports });
  const abs = (p: string): string => {
    const s = sub(p);
    return s.startsWith("/") ? s : `${root}/${s}`;
  };
  const source = buildBaseConfig({ root, ports, modules: c.modules, extraConfig: c.config.map(sub) });
  // The sandbox eval/case.ts caseFileSystem lays out, entry for entry.
  const files: VirtualFile[] = ["htdocs", "run", "logs", "conf"].map((d) => ({ path: `${root}/${d}`, kind: "dir", text: "" }));
  files.push({ path: `${root}/probe.wsgi`, kind: "file", text: "@PROBE@" });
  for (const [path, spec] of Object.entries(c.files)) {
    const p = abs(path);
    if (spec === null || path.endsWith("/")) files.push({ path: p.replace(/\/+$/, ""), kind: "dir", text: "" });
    else if (typeof spec === "object" && !Array.isArray(spec)) files.push({ path: p, kind: "link", text: sub(spec.symlink) });
    else {
      const text = textOf(spec);
      files.push({ path: p, kind: "file", text: text === "@PROBE@" ? text : sub(text) });
    }
  }
  for (const [dir, text] of Object.entries(c.htaccess)) {
    files.push({ path: `${abs(dir).replace(/\/+$/, "")}/.htaccess`, kind: "file", text: sub(textOf(text)) });
  }
  const requests = c.requests.map((r, i): PlaygroundRequest => {
    const where = `case ${c.name}: requests[${i}]`;
    if (r.raw !== undefined) throw new HtrError("HTR_CASE_BAD", `${where} is raw request bytes, which a playground request (method, URL, header fields) cannot be`);
    const version = r.http_version ?? "1.1";
    // An HTTP/1.1 playground request always has a Host (state.ts): no Host means HTTP/1.0.
    if (r.host === null && version === "1.1") throw new HtrError("HTR_CASE_BAD", `${where} is HTTP/1.1 without a Host header, which a playground request cannot be`);
    const port = ports[resolvePortIndex(c, r.port, `requests[${i}].port`)];
    const headers: string[] = [];
    if (typeof r.host === "string") headers.push(`Host: ${sub(r.host)}`);
    for (const [k, v] of Object.entries(r.headers ?? {})) headers.push(`${k}: ${sub(v)}`);
    if (r.body !== undefined) headers.push(`Content-Length: ${new TextEncoder().encode(r.body).length}`);
    // Without a Host field, eval sends the default one, for HTTP/1.0 as well.
    if (r.host === undefined && version === "1.0") headers.unshift(`Host: ${port === 80 ? "localhost" : `localhost:${port}`}`);
    return { method: r.method ?? "GET", url: sub(r.path), headers: headers.join("\n"), port, version };
  });
  const env = Object.entries(c.env).map(([k, v]) => `${k}=${sub(v)}`).join("\n");
  return { v: 1, mode: "config", source, files, users: "", env, requests };
}
