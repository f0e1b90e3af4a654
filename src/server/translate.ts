/**
 * URL → file translation after mod_rewrite declined (translate_name hooks in Apache's order):
 * mod_alias (Redirect*, Alias, AliasMatch, ScriptAlias, ScriptAliasMatch), mod_wsgi
 * (WSGIScriptAlias, WSGIScriptAliasMatch; runs after mod_alias), mod_userdir, then core
 * (DocumentRoot + URI).
 */
import type { DirectiveNode } from "../config/types.js";
import { pregsub } from "../env/pregsub.js";
import type { CompiledRegex, RegexDefaults } from "../regex/index.js";

/** Compiles a directive's pattern under the RegexDefaultOptions in force where it stands. */
export type AliasRegexCompiler = (pattern: string, defaults?: RegexDefaults) => CompiledRegex;
import { coreTranslate } from "../rewrite/localpath.js";
import { escapeUri } from "../util/escape.js";
import { homeDirectory } from "./passwd.js";
import type { ServerModel, ServerRec } from "./model.js";
import type { Request } from "./request.js";
import type { VirtualFs } from "./fs.js";

export type TranslateResult =
  | { kind: "declined" }
  | { kind: "ok" }
  | { kind: "status"; status: number; location?: string };

/** A compiled Alias-family or WSGIScriptAlias-family entry. */
export interface AliasEntry {
  directive: DirectiveNode;
  /** "alias" | "scriptalias" | "redirect" | "wsgi" */
  family: "alias" | "scriptalias" | "redirect" | "wsgi";
  /** URL-path prefix (non-regex forms). */
  fake: string | null;
  regex: CompiledRegex | null;
  real: string;
  /** Redirect status (redirect family). */
  status?: number;
  /** WSGIScriptAlias options. */
  options?: Record<string, string>;
}

/**
 * mod_alias's alias_matches: a prefix match where any run of "/" in the alias matches any run of
 * "/" in the URI, and the match must end at a segment boundary. Returns the length of URI
 * consumed, 0 for no match.
 */
export function aliasMatches(uri: string, fake: string): number {
  let a = 0;
  let u = 0;
  while (a < fake.length) {
    if (fake[a] === "/") {
      if (uri[u] !== "/") return 0;
      do a++;
      while (fake[a] === "/");
      do u++;
      while (uri[u] === "/");
    } else {
      if (uri[u++] !== fake[a++]) return 0;
    }
  }
  if (fake[a - 1] !== "/" && u < uri.length && uri[u] !== "/") return 0;
  return u;
}

const REDIRECT_WORDS: Record<string, number> = { permanent: 301, temp: 302, seeother: 303, gone: 410 };

/** Compile the alias-family directives of one server, in config order. */
export function compileAliases(directives: readonly DirectiveNode[], compile: AliasRegexCompiler): AliasEntry[] {
  const out: AliasEntry[] = [];
  for (const d of directives) {
    const a = d.args;
    switch (d.key) {
      case "alias":
        out.push({ directive: d, family: "alias", fake: a[0], regex: null, real: a[1] ?? "" });
        break;
      case "scriptalias":
        out.push({ directive: d, family: "scriptalias", fake: a[0], regex: null, real: a[1] ?? "" });
        break;
      case "aliasmatch":
        out.push({ directive: d, family: "alias", fake: null, regex: compile(a[0], d.regexDefaults), real: a[1] ?? "" });
        break;
      case "scriptaliasmatch":
        out.push({ directive: d, family: "scriptalias", fake: null, regex: compile(a[0], d.regexDefaults), real: a[1] ?? "" });
        break;
      case "redirect":
      case "redirectmatch":
      case "redirecttemp":
      case "redirectpermanent": {
        let status = d.key === "redirectpermanent" ? 301 : 302;
        let rest = a;
        if (d.key === "redirect" || d.key === "redirectmatch") {
          const w = a[0]?.toLowerCase();
          if (w !== undefined && w in REDIRECT_WORDS) {
            status = REDIRECT_WORDS[w];
            rest = a.slice(1);
          } else if (w !== undefined && /^\d{3}$/.test(w)) {
            status = Number(w);
            rest = a.slice(1);
          }
        }
        const isMatch = d.key === "redirectmatch";
        out.push({
          directive: d,
          family: "redirect",
          fake: isMatch ? null : rest[0],
          regex: isMatch ? compile(rest[0], d.regexDefaults) : null,
          real: rest[1] ?? "",
          status,
        });
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** Parse WSGIScriptAlias(Match) into entries (URL, script path, name=value options). */
export function compileWsgiAliases(directives: readonly DirectiveNode[], compile: AliasRegexCompiler): AliasEntry[] {
  const out: AliasEntry[] = [];
  for (const d of directives) {
    if (d.key !== "wsgiscriptalias" && d.key !== "wsgiscriptaliasmatch") continue;
    const [url, script, ...opts] = d.args;
    const options: Record<string, string> = {};
    for (const o of opts) {
      const eq = o.indexOf("=");
      if (eq < 0) continue;
      let v = o.slice(eq + 1);
      // A value of exactly %{GLOBAL} is stored as "" at parse time (wsgi.md R6).
      if (v === "%{GLOBAL}") v = "";
      options[o.slice(0, eq)] = v;
    }
    out.push({
      directive: d,
      family: "wsgi",
      fake: d.key === "wsgiscriptalias" ? url : null,
      regex: d.key === "wsgiscriptaliasmatch" ? compile(url, d.regexDefaults) : null,
      real: script ?? "",
      options,
    });
  }
  return out;
}

/** RedirectMatch's target escaping: path escaped, query and fragment kept. */
function escapeRedirectTarget(target: string): string {
  const hash = target.indexOf("#");
  const beforeHash = hash >= 0 ? target.slice(0, hash) : target;
  const fragment = hash >= 0 ? target.slice(hash) : "";
  const q = beforeHash.indexOf("?");
  const path = q >= 0 ? beforeHash.slice(0, q) : beforeHash;
  const query = q >= 0 ? beforeHash.slice(q) : "";
  return escapeUri(path) + query + fragment;
}

/** mod_alias translate: Redirect first, then the aliases; vhost entries come before the main server's. */
export function translateAlias(r: Request, entries: readonly AliasEntry[], constructUrl: (uri: string) => string): TranslateResult {
  if (!r.uri.startsWith("/")) return { kind: "declined" };
  for (const pass of ["redirect", "alias"] as const) {
    for (const e of entries) {
      const isRedirect = e.family === "redirect";
      if ((pass === "redirect") !== isRedirect) continue;
      let target: string | null = null;
      if (e.regex) {
        const m = e.regex.exec(r.uri);
        if (!m) continue;
        target = pregsub(e.real, m);
        // A redirect's substituted target is URI-escaped, its query and fragment kept as written.
        if (isRedirect) target = escapeRedirectTarget(target);
      } else if (e.fake !== null) {
        const matched = aliasMatches(r.uri, e.fake);
        if (!matched) continue;
        // The decoded remainder of the URI is escaped again for a redirect (mod_alias).
        target = e.real + (isRedirect ? escapeUri(r.uri.slice(matched)) : r.uri.slice(matched));
      }
      if (target === null) continue;
      if (isRedirect) {
        const status = e.status ?? 302;
        if (status < 300 || status > 399) return { kind: "status", status };
        let loc = target;
        if (loc.startsWith("/")) loc = constructUrl(loc);
        // The request's query is appended only when the target brings none of its own.
        if (r.args !== null && !loc.includes("?")) loc += `?${r.args}`;
        return { kind: "status", status, location: loc };
      }
      r.filename = target;
      if (e.family === "scriptalias") {
        r.handler = "cgi-script";
        r.notes.set("alias-forced-type", "cgi-script");
      }
      if (e.fake !== null) {
        r.contextPrefix = e.fake;
        r.contextDocumentRoot = e.real;
      }
      return { kind: "ok" };
    }
  }
  return { kind: "declined" };
}

/**
 * mod_wsgi's translate hook: first matching WSGIScriptAlias(Match) wins. A mount of exactly "/"
 * hands the whole URI to the script as path info (wsgi.md R19, R22); otherwise the rest of the
 * URI after the match is appended to the script path and the directory walk splits it.
 */
export function translateWsgiAlias(r: Request, entries: readonly AliasEntry[]): TranslateResult {
  for (const e of entries) {
    let location: string;
    let length = 0;
    let application = e.real;
    if (e.regex) {
      const m = e.regex.exec(r.uri);
      if (!m || !m[0]) continue;
      const start = r.uri.indexOf(m[0]);
      if (start !== 0) {
        // A pattern that is not anchored can match later in the URI; mod_wsgi still takes the URI up to the match end.
        length = start + m[0].length;
      } else length = m[0].length;
      application = pregsub(e.real, m);
      location = r.uri.slice(0, length);
    } else {
      length = aliasMatches(r.uri, e.fake ?? "");
      location = e.fake ?? "";
    }
    if (length <= 0) continue;
    if (location === "/") {
      r.filename = application;
      r.pathInfo = r.uri;
    } else {
      r.filename = application + r.uri.slice(length);
    }
    r.handler = "wsgi-script";
    r.notes.set("alias-forced-type", "wsgi-script");
    r.wsgiAlias = { options: e.options ?? {} };
    return { kind: "ok" };
  }
  return { kind: "declined" };
}

/** One UserDir directive's meaning. */
export interface UserDirConfig {
  /** Directory templates in order (UserDir public_html /abs/*\/x http://…). */
  dirs: string[];
  /** Globally disabled ("UserDir disabled"), and per-user lists. */
  disabledAll: boolean;
  disabled: Set<string>;
  enabled: Set<string>;
}

/** Fold the UserDir directives of a server (vhost's own override the main server's). */
export function userDirConfig(serverDirectives: readonly DirectiveNode[], mainDirectives: readonly DirectiveNode[]): UserDirConfig {
  const conf: UserDirConfig = { dirs: [], disabledAll: false, disabled: new Set(), enabled: new Set() };
  const apply = (ds: readonly DirectiveNode[]) => {
    for (const d of ds) {
      if (d.key !== "userdir") continue;
      const first = d.args[0]?.toLowerCase();
      if (first === "disabled" || first === "disable") {
        // The user lists are APR tables: names compare case-insensitively (measured: /~ALICE/
        // is refused by "UserDir disabled alice").
        if (d.args.length === 1) conf.disabledAll = true;
        else for (const u of d.args.slice(1)) conf.disabled.add(u.toLowerCase());
      } else if (first === "enabled" || first === "enable") {
        for (const u of d.args.slice(1)) conf.enabled.add(u.toLowerCase());
      } else {
        conf.dirs = [...d.args];
      }
    }
  };
  const own = serverDirectives.some((d) => d.key === "userdir");
  apply(mainDirectives);
  if (own && serverDirectives !== mainDirectives) {
    apply(serverDirectives);
  }
  return conf;
}

/** mod_userdir's translate hook for "/~user[/rest]". */
export function translateUserDir(r: Request, conf: UserDirConfig, fs: VirtualFs): TranslateResult {
  if (!conf.dirs.length || !r.uri.startsWith("/~")) return { kind: "declined" };
  const after = r.uri.slice(2);
  const slash = after.indexOf("/");
  const user = slash < 0 ? after : after.slice(0, slash);
  const rest = slash < 0 ? "" : after.slice(slash);
  if (user === "" || user === "." || user === "..") return { kind: "declined" };
  const key = user.toLowerCase();
  if (conf.disabledAll ? !conf.enabled.has(key) : conf.disabled.has(key)) return { kind: "declined" };
  for (let i = 0; i < conf.dirs.length; i++) {
    const dir = conf.dirs[i];
    const last = i === conf.dirs.length - 1;
    let filename: string | null = null;
    let redirect: string | null = null;
    const star = dir.indexOf("*");
    if (star >= 0) {
      const prefix = dir.slice(0, star);
      // A URL template redirects to prefix + user + the rest of the request; what follows the
      // "*" is not used (measured: "http://people.example/*/home" sends /~alice/i.txt to
      // http://people.example/alice/i.txt, case pl_userdir_forms).
      if (prefix.includes(":")) redirect = prefix + user;
      else if (dir.startsWith("/")) filename = prefix + user + dir.slice(star + 1);
    } else if (dir.startsWith("/")) {
      filename = `${dir}/${user}`;
    } else if (/^[a-z][a-z0-9+.-]*:/i.test(dir)) {
      redirect = `${dir}/${user}`;
    } else {
      const home = homeDirectory(user, fs);
      if (home) filename = `${home}/${dir}`;
    }
    if (redirect !== null) return { kind: "status", status: 302, location: redirect + rest };
    if (filename === null) continue;
    const st = fs.stat(filename);
    if (last || st) {
      r.filename = filename + rest;
      r.contextPrefix = `/~${user}`;
      r.contextDocumentRoot = filename;
      return { kind: "ok" };
    }
  }
  return { kind: "declined" };
}

/**
 * core's translate: DocumentRoot + URI (leading slashes skipped, merged as apr_filepath_merge
 * does). Non-"/" URIs are 400; a path the merge refuses (too long for APR_PATH_MAX) is 403
 * (AH00127).
 */
export function translateCore(r: Request, documentRoot: string): TranslateResult {
  if (!r.uri.startsWith("/")) return { kind: "status", status: 400 };
  const merged = coreTranslate(documentRoot, r.uri);
  if (merged === null) return { kind: "status", status: 403 };
  r.filename = merged;
  return { kind: "ok" };
}

/** The alias-family directives of a server in lookup order: the vhost's own first, then the main server's. */
export function serverAliasDirectives(model: ServerModel, server: ServerRec): DirectiveNode[] {
  return server.isMain ? model.main.directives : [...server.directives, ...model.main.directives];
}
