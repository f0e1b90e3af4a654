/**
 * mod_setenvif: SetEnvIf, SetEnvIfNoCase, BrowserMatch, BrowserMatchNoCase.
 *
 * Entries written at server level run at post-read-request, entries in per-directory sections at
 * header-parser time (the module takes the server list on its first call for a request and the
 * per-directory list after). The attribute is a special name (Remote_Addr, Request_URI …), a
 * request header, or else a variable set by an earlier entry; an absent one is matched as the
 * empty string, so `^(.*)$` sets a variable even without the header (wsgi.md R31).
 */
import type { DirectiveNode } from "../config/types.js";
import type { RegexDefaults } from "../regex/default-options.js";
import { pregsub } from "./pregsub.js";
import type { ApacheTable } from "./table.js";

/** A compiled matcher (the regex layer's CompiledRegex satisfies it). */
export interface EnvMatcher {
  exec(subject: string): (string | undefined)[] | null;
}

export interface SetEnvIfEntry {
  attribute: string;
  /**
   * When the attribute is not a plain header name (characters outside [-A-Za-z0-9_]), mod_setenvif
   * treats it as a regex over request header names: the first header whose name matches and whose
   * value matches the pattern counts.
   */
  nameMatcher: EnvMatcher | null;
  /** null for SetEnvIfExpr (then `expr` holds the ap_expr). */
  matcher: EnvMatcher | null;
  expr: string | null;
  /** [name, value] pairs; value null = "!name" (unset). */
  assignments: Array<[string, string | null]>;
  directive: DirectiveNode;
}

/** What a request offers to SetEnvIf's special attributes. */
export interface SetEnvIfSubject {
  remoteHost: string;
  remoteAddr: string;
  serverAddr: string;
  method: string;
  protocol: string;
  uri: string;
  headers: ApacheTable;
  env: ApacheTable;
}

/**
 * `VAR=value`, bare `VAR` and `VAR=` (both value "1": mod_setenvif treats an empty value as
 * absent, conformance case pl_setenvif_empty_value), `!VAR` (unset).
 */
function parseAssignments(vars: readonly string[]): Array<[string, string | null]> {
  return vars.map((v) => {
    if (v.startsWith("!")) return [v.slice(1), null];
    const eq = v.indexOf("=");
    if (eq < 0 || eq === v.length - 1) return [eq < 0 ? v : v.slice(0, eq), "1"];
    return [v.slice(0, eq), v.slice(eq + 1)];
  });
}

/** Compile the SetEnvIf-family directives among `directives` (others ignored). */
export function compileSetEnvIf(
  directives: readonly DirectiveNode[],
  /** Compiles under the RegexDefaultOptions in force where the directive stands (`defaults`). */
  compile: (pattern: string, nocase: boolean, defaults?: RegexDefaults) => EnvMatcher,
): SetEnvIfEntry[] {
  const out: SetEnvIfEntry[] = [];
  for (const d of directives) {
    let attribute: string;
    let rest: string[];
    let nocase = false;
    if (d.key === "setenvifexpr") {
      const [expr, ...vars] = d.args;
      if (expr === undefined) continue;
      out.push({ attribute: "", nameMatcher: null, matcher: null, expr, assignments: parseAssignments(vars), directive: d });
      continue;
    }
    switch (d.key) {
      case "setenvif":
      case "setenvifnocase":
        attribute = d.args[0] ?? "";
        rest = d.args.slice(1);
        nocase = d.key === "setenvifnocase";
        break;
      case "browsermatch":
      case "browsermatchnocase":
        attribute = "User-Agent";
        rest = d.args;
        nocase = d.key === "browsermatchnocase";
        break;
      default:
        continue;
    }
    const [pattern, ...vars] = rest;
    if (pattern === undefined) continue;
    const special = SPECIAL_ATTRIBUTES.has(attribute.toLowerCase());
    const nameMatcher = !special && !/^[-A-Za-z0-9_]*$/.test(attribute) ? compile(attribute, nocase, d.regexDefaults) : null;
    out.push({ attribute, nameMatcher, matcher: compile(pattern, nocase, d.regexDefaults), expr: null, assignments: parseAssignments(vars), directive: d });
  }
  return out;
}

const SPECIAL_ATTRIBUTES = new Set(["remote_host", "remote_addr", "server_addr", "request_method", "request_protocol", "request_uri"]);

/** The captures of the first header whose name matches `names` and whose value matches `value`. */
function matchHeaderByRegex(names: EnvMatcher, value: EnvMatcher, headers: ApacheTable): (string | undefined)[] | null {
  for (const [k, v] of headers.pairs()) {
    if (names.exec(k) === null) continue;
    const m = value.exec(v);
    if (m) return m;
  }
  return null;
}

function attributeValue(attr: string, s: SetEnvIfSubject): string {
  switch (attr.toLowerCase()) {
    case "remote_host":
      return s.remoteHost;
    case "remote_addr":
      return s.remoteAddr;
    case "server_addr":
      return s.serverAddr;
    case "request_method":
      return s.method;
    case "request_protocol":
      return s.protocol;
    case "request_uri":
      return s.uri;
    default:
      return s.headers.get(attr) ?? s.env.get(attr) ?? "";
  }
}

/** Run entries in order against a request, writing subprocess_env ("set": replaces). */
export function applySetEnvIf(
  entries: readonly SetEnvIfEntry[],
  s: SetEnvIfSubject,
  evaluate: (expr: string, directive: DirectiveNode) => ReadonlyArray<string | undefined> | null = () => null,
): void {
  for (const e of entries) {
    const m = !e.matcher
      ? evaluate(e.expr ?? "", e.directive)
      : e.nameMatcher
        ? matchHeaderByRegex(e.nameMatcher, e.matcher, s.headers)
        : e.matcher.exec(attributeValue(e.attribute, s));
    if (!m) continue;
    for (const [name, value] of e.assignments) {
      if (value === null) s.env.unset(name);
      else s.env.set(name, value.includes("$") ? pregsub(value, m) : value);
    }
  }
}
