/**
 * mod_headers' RequestHeader: edits of the request headers. Entries marked `early` run at
 * post-read-request (so server-context mod_rewrite sees them); the others run in the fixups
 * phase, after mod_rewrite's server-context pass (conformance case pl_request_header_early).
 */
import type { DirectiveNode } from "../config/types.js";
import type { ApacheTable } from "../env/table.js";

/** The value's format: `%{NAME}e` is an environment variable, `%%` a percent sign. */
function formatValue(value: string, env: ApacheTable): string {
  return value.replace(/%%|%\{([^}]*)\}e/g, (whole, name: string | undefined) => (name === undefined ? "%" : (env.get(name) ?? "")));
}

function condition(words: readonly string[], env: ApacheTable): { early: boolean; ok: boolean } {
  let early = false;
  let ok = true;
  for (const w of words) {
    if (w.toLowerCase() === "early") early = true;
    else if (w.toLowerCase().startsWith("env=")) {
      const v = w.slice(4);
      ok = v.startsWith("!") ? env.get(v.slice(1)) === undefined : env.get(v) !== undefined;
    }
  }
  return { early, ok };
}

/** Apply the RequestHeader directives among `directives` of the given phase, in order. */
export function applyRequestHeaders(directives: readonly DirectiveNode[], phase: "early" | "fixup", headers: ApacheTable, env: ApacheTable): void {
  for (const d of directives) {
    if (d.key !== "requestheader") continue;
    const [action = "", name = "", ...rest] = d.args;
    const act = action.toLowerCase();
    const takesValue = act !== "unset";
    const value = takesValue ? (rest[0] ?? "") : "";
    const cond = condition(takesValue ? rest.slice(1) : rest, env);
    if ((phase === "early") !== cond.early || !cond.ok) continue;
    const v = formatValue(value, env);
    const current = headers.get(name);
    switch (act) {
      case "set":
        headers.set(name, v);
        break;
      case "setifempty":
        if (current === undefined || current === "") headers.set(name, v);
        break;
      case "append":
        headers.set(name, current === undefined ? v : `${current}, ${v}`);
        break;
      case "merge":
        if (current === undefined) headers.set(name, v);
        else if (!current.split(/,\s*/).includes(v)) headers.set(name, `${current}, ${v}`);
        break;
      case "add":
        headers.add(name, v);
        break;
      case "unset":
        headers.unset(name);
        break;
      default:
        break;
    }
  }
}
