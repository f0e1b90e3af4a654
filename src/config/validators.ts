/**
 * Argument checks that httpd's modules perform in their directive functions, for the
 * directives htrewrite's other layers read (core, mod_alias, mod_env, mod_setenvif, mod_dir,
 * mod_userdir, mod_wsgi, mod_rewrite's simple directives). Every message was measured with
 * `apache2 -t` (Apache 2.4.71, mod_wsgi 4.9.4) or taken from the module source where the
 * measurement agrees.
 *
 * RewriteRule/RewriteCond flags and patterns are the rewrite layer's: it registers its own
 * validators through registerValidator(); here only mod_rewrite's tokenizer error is raised.
 */
import * as nodePath from "node:path";
import { registerValidator, type ValidationContext } from "./directive-table.js";
import { parseRewriteArgs } from "./rewrite-args.js";
import { regexDefaultOptionWords } from "./regex-defaults.js";
import { APACHE_REGEX_DEFAULTS, applyRegexDefaultOptions } from "../regex/default-options.js";
import { optionBits } from "./options.js";
import { getWordConf } from "./words.js";

let installed = false;

/** Register the built-in validators once (idempotent). */
export function installBuiltinValidators(): void {
  if (installed) return;
  installed = true;
  for (const [name, v] of Object.entries(VALIDATORS)) registerValidator(name, v);
}

const inDirContext = (c: ValidationContext): boolean =>
  c.context === "directory" || c.context === "location" || c.context === "files" || c.context === "if" || c.context === "htaccess";

const lower = (s: string): string => s.toLowerCase();

/** mod_wsgi's Off|On directives: TAKE1 with its own wording. */
function wsgiOnOff(extra: string[] = []): (c: ValidationContext) => string | null {
  return (c) => {
    const v = lower(c.args[0] ?? "");
    if (v === "on" || v === "off" || extra.map(lower).includes(v)) return null;
    return `${c.name} must be one of: Off | On${extra.map((e) => " | " + e).join("")}`;
  };
}


/** ap_server_root_relative. */
function rootRelative(c: ValidationContext, p: string): string {
  return nodePath.posix.isAbsolute(p) ? p : nodePath.posix.join(c.serverRoot, p);
}

/** wsgi_parse_option: `name=value` (value in core quoting); null when malformed. */
function wsgiOptions(text: string): Array<[string, string]> | null {
  const out: Array<[string, string]> = [];
  let rest = text;
  for (;;) {
    rest = rest.replace(/^[ \t\n\v\f\r]+/, "");
    if (rest === "") return out;
    if (rest[0] === "=") return null;
    const m = /^[^=\s]*/.exec(rest)!;
    if (rest[m[0].length] !== "=") return null;
    const w = getWordConf(rest.slice(m[0].length + 1));
    out.push([m[0], w.word]);
    rest = w.rest;
  }
}

/** WSGIScriptAlias / WSGIScriptAliasMatch (wsgi_add_script_alias). */
function wsgiScriptAlias(c: ValidationContext): string | null {
  const need = `${c.name} requires at least two arguments${c.help ? ", " + c.help : ""}`;
  const l = getWordConf(c.rawArgs);
  if (l.word === "" || l.rest === "") return need;
  const a = getWordConf(l.rest);
  if (a.word === "") return need;
  const opts = wsgiOptions(a.rest);
  if (opts === null) return "Invalid option to WSGI script alias definition.";
  let pg: string | undefined;
  let ag: string | undefined;
  for (const [k, v] of opts) {
    if (k === "application-group") {
      if (v === "") return "Invalid name for WSGI application group.";
      ag = v === "%{GLOBAL}" ? "" : v;
    } else if (k === "process-group") {
      if (v === "") return "Invalid name for WSGI process group.";
      pg = v === "%{GLOBAL}" ? "" : v;
    } else if (k === "callable-object") {
      if (v === "") return "Invalid name for WSGI callable object.";
    } else if (k === "pass-authorization") {
      if (lower(v) !== "on" && lower(v) !== "off") return "Invalid value for authorization flag.";
    } else return "Invalid option to WSGI script alias definition.";
  }
  const isMatch = lower(c.name) === "wsgiscriptaliasmatch";
  if (isMatch && !c.regexCompiles(l.word)) return "Regular expression could not be compiled.";
  // Preloading (wsgi.md R8): both groups literal → the daemon group must already exist and be
  // reachable from this server.
  if (pg !== undefined && ag !== undefined && !pg.includes("%{") && !ag.includes("%{") && (!isMatch || !a.word.includes("$"))) {
    if (pg !== "" && pg !== "%{RESOURCE}" && pg !== "%{SERVER}" && pg !== "%{HOST}") {
      const group = daemons(c).get(pg);
      if (!group) return "WSGI process group not yet configured.";
      const here = currentServer(c);
      if (here.hostname && group.server.hostname && here.hostname !== group.server.hostname && group.server.isVirtual) {
        return "WSGI process group not accessible.";
      }
      if (!here.hostname && group.server.hostname && group.server.isVirtual) return "WSGI process group not matchable.";
      if (here.hostname && !group.server.hostname && group.server.isVirtual) return "WSGI process group not matchable.";
    }
  }
  return null;
}

/** The server (main or a virtual host) a directive belongs to, as validators track it. */
interface ServerRecord {
  hostname: string | null;
  isVirtual: boolean;
}
interface DaemonRecord {
  server: ServerRecord;
}

function daemons(c: ValidationContext): Map<string, DaemonRecord> {
  let m = c.state.get("wsgi.daemons") as Map<string, DaemonRecord> | undefined;
  if (!m) c.state.set("wsgi.daemons", (m = new Map()));
  return m;
}

/** Server records keyed by the enclosing <VirtualHost> node identity (set by the walker). */
function currentServer(c: ValidationContext): ServerRecord {
  const key = c.inVirtualHost ? (c.state.get("server.current") as object | undefined) ?? "vhost" : "main";
  let servers = c.state.get("servers") as Map<unknown, ServerRecord> | undefined;
  if (!servers) c.state.set("servers", (servers = new Map()));
  let rec = servers.get(key);
  if (!rec) servers.set(key, (rec = { hostname: null, isVirtual: c.inVirtualHost }));
  return rec;
}

const DAEMON_OPTIONS = new Set([
  "user", "group", "supplementary-groups", "processes", "threads", "umask", "chroot", "home", "lang",
  "locale", "python-home", "python-path", "python-eggs", "stack-size", "maximum-requests",
  "startup-timeout", "shutdown-timeout", "deadlock-timeout", "inactivity-timeout", "request-timeout",
  "graceful-timeout", "eviction-timeout", "restart-interval", "connect-timeout", "socket-timeout",
  "queue-timeout", "listen-backlog", "display-name", "send-buffer-size", "receive-buffer-size",
  "header-buffer-size", "response-buffer-size", "response-socket-timeout", "socket-user",
  "script-user", "script-group", "cpu-time-limit", "cpu-priority", "memory-limit",
  "virtual-memory-limit", "server-metrics", "newrelic-config-file", "newrelic-environment",
]);

/** WSGIDaemonProcess (wsgi_add_daemon_process): names are global and case-sensitive. */
function wsgiDaemonProcess(c: ValidationContext): string | null {
  const n = getWordConf(c.rawArgs);
  if (n.word === "") return "Name of WSGI daemon process not supplied.";
  const opts = wsgiOptions(n.rest);
  if (opts === null) return "Invalid option to WSGI daemon process definition.";
  for (const [k, v] of opts) {
    if (!DAEMON_OPTIONS.has(k)) return "Invalid option to WSGI daemon process definition.";
    if (k === "user" && v === "") return "Invalid user for WSGI daemon process.";
    if (k === "group" && v === "") return "Invalid group for WSGI daemon process.";
    if (k === "processes" && (v === "" || atoi(v) < 1)) return "Invalid process count for WSGI daemon process.";
    if (k === "threads" && (v === "" || atoi(v) < 0)) return "Invalid thread count for WSGI daemon process.";
  }
  const list = daemons(c);
  if (list.has(n.word)) return "Name duplicates previous WSGI daemon definition.";
  list.set(n.word, { server: currentServer(c) });
  return null;
}

/** C atoi: optional blanks and sign, digits, stops at the first non-digit. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? parseInt(m[1], 10) : 0;
}

const OPTION_NAMES = ["indexes", "includes", "includesnoexec", "followsymlinks", "symlinksifownermatch", "execcgi", "multiviews", "runscripts"];

/** core's set_options: the +/- consistency rule and the None/All placement rules. */
function options(c: ValidationContext): string | null {
  let rest = c.rawArgs;
  let first = true;
  let merge = false;
  let allNone = false;
  while (rest !== "") {
    const g = getWordConf(rest);
    rest = g.rest;
    let w = g.word;
    if (w[0] === "+" || w[0] === "-") {
      w = w.slice(1);
      if (!merge && !first && !allNone) return "Either all Options must start with + or -, or no Option may.";
      merge = true;
    } else if (!first && merge) return "Either all Options must start with + or -, or no Option may.";
    const k = lower(w);
    if (k === "none" || k === "all") {
      const label = k === "none" ? "None" : "All";
      if (!first) return k === "none" ? "'Options None' must be the first Option given." : "'Options All' must be the first option given.";
      if (merge) return `You may not use 'Options +${label}' or 'Options -${label}'.`;
      allNone = true;
    } else if (!OPTION_NAMES.includes(k)) return `Illegal option ${w}`;
    const bits = optionBits(k) ?? 0;
    if ((c.overrideOpts & bits) !== bits) return `Option ${w} not allowed here`;
    first = false;
  }
  return null;
}

/** core's set_override. */
function allowOverride(c: ValidationContext): string | null {
  if (c.ancestors.some((a) => /^<(location|locationmatch|files|filesmatch|if|elseif|else)$/i.test(a))) {
    c.warn(`AH00114: Useless use of AllowOverride`);
  }
  let rest = c.rawArgs;
  while (rest !== "") {
    const g = getWordConf(rest);
    rest = g.rest;
    const eq = g.word.indexOf("=");
    const k = eq === -1 ? g.word : g.word.slice(0, eq);
    const v = eq === -1 ? null : g.word.slice(eq + 1);
    switch (lower(k)) {
      case "limit": case "fileinfo": case "authconfig": case "indexes": case "none": case "all":
        break;
      case "options":
        if (v !== null) {
          for (const o of v.split(",").filter((x) => x !== "")) {
            if (!OPTION_NAMES.includes(lower(o)) && lower(o) !== "none" && lower(o) !== "all") return `Illegal option ${o}`;
          }
        }
        break;
      case "nonfatal":
        if (v === null) return `=Override, =Unknown or =All expected after ${k}`;
        break;
      default:
        return `Illegal override option ${k}`;
    }
  }
  return null;
}

/** mod_setenvif's add_setenvif_core: header, regex, then at least one variable. */
function setEnvIf(c: ValidationContext): string | null {
  const isBrowser = lower(c.name).startsWith("browsermatch");
  const isExpr = lower(c.name) === "setenvifexpr";
  let rest = c.rawArgs;
  if (!isBrowser && !isExpr) {
    const h = getWordConf(rest);
    if (h.word === "") return `Missing header-field name for ${c.name}`;
    rest = h.rest;
  }
  const r = getWordConf(rest);
  if (r.word === "") return isExpr ? `Missing expression for ${c.name}` : `Missing regular expression for ${c.name}`;
  if (getWordConf(r.rest).word === "") return `Missing envariable expression for ${c.name}`;
  if (!isExpr && !c.regexCompiles(r.word, lower(c.name).endsWith("nocase"))) return `${c.name} regex could not be compiled.`;
  return null;
}

/** mod_alias: the one-argument form only inside <Location>, the two-argument form only outside sections. */
function alias(c: ValidationContext): string | null {
  if (c.args.length === 2) {
    if (c.inLimit) return `${c.name} cannot occur within <Limit> or <LimitExcept> section`;
    if (inDirContext(c)) return `${c.name} cannot occur within directory context`;
    return null;
  }
  // One-argument form: NOT_IN_DIRECTORY | NOT_IN_FILES, then it needs a <Location>.
  if (c.inLimit) return `${c.name} cannot occur within <Limit> or <LimitExcept> section`;
  for (let i = c.ancestors.length - 1; i >= 0; i--) {
    if (/^<(directory|directorymatch)$/i.test(c.ancestors[i])) return `${c.name} cannot occur within ${c.ancestors[i]}> section`;
  }
  for (let i = c.ancestors.length - 1; i >= 0; i--) {
    if (/^<(files|filesmatch|if|elseif|else)$/i.test(c.ancestors[i])) return `${c.name} cannot occur within ${c.ancestors[i]}> section`;
  }
  if (!inDirContext(c)) return `${c.name} must have two arguments when used globally`;
  return null;
}

function aliasMatch(c: ValidationContext): string | null {
  if (!c.regexCompiles(c.args[0])) return "Regular expression could not be compiled.";
  return null;
}

const REDIRECT_STATUS = /^3\d\d$/;

/** mod_alias's add_redirect_internal, for Redirect/RedirectMatch/RedirectTemp/RedirectPermanent. */
function redirect(c: ValidationContext): string | null {
  const key = lower(c.name);
  const useRegex = key === "redirectmatch";
  let [arg1, arg2, arg3] = c.args as [string, string | undefined, string | undefined];
  let status = 302;
  let grok = 1;
  if (key === "redirecttemp") {
    arg3 = arg2; arg2 = arg1; arg1 = "temp";
  } else if (key === "redirectpermanent") {
    arg3 = arg2; arg2 = arg1; arg1 = "permanent";
  }
  const a1 = lower(arg1);
  if (a1 === "permanent") status = 301;
  else if (a1 === "temp") status = 302;
  else if (a1 === "seeother") status = 303;
  else if (a1 === "gone") { status = 410; grok = -1; }
  else if (/^\d/.test(arg1)) {
    status = atoi(arg1);
    if (!(status >= 300 && status <= 399)) grok = -1;
  } else grok = 0;
  if (arg3 !== undefined && grok === 0) return "Redirect: invalid first argument (of three)";
  if (inDirContext(c)) {
    if ((grok > 0 && arg2 !== undefined && arg3 === undefined) || (grok === 0 && arg2 === undefined)) return null;
    if (grok < 0 && arg2 === undefined) return null;
  }
  let fake = arg2;
  let url = arg3;
  if (arg3 === undefined && grok === 0) {
    fake = arg1;
    url = arg2;
  }
  if (useRegex && fake !== undefined && !c.regexCompiles(fake)) return "Regular expression could not be compiled.";
  if (REDIRECT_STATUS.test(String(status))) {
    if (url === undefined) return "URL to redirect to is missing";
    if (!useRegex && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(url) && url[0] !== "/") return "Redirect to non-URL";
  } else if (url !== undefined) return "Redirect URL not valid for this status";
  return null;
}

const HEADER_ACTIONS = ["set", "setifempty", "add", "append", "merge", "unset", "echo", "edit", "edit*", "note"];

/** mod_headers' header_cmd / header_inout_cmd: argument shapes (formats and expressions not parsed). */
function header(c: ValidationContext): string | null {
  const isHeader = lower(c.name) === "header";
  let w = getWordConf(c.rawArgs);
  let action = w.word;
  if (isHeader && (lower(action) === "always" || lower(action) === "onsuccess")) {
    w = getWordConf(w.rest);
    action = w.word;
  }
  const h = getWordConf(w.rest);
  let rest = h.rest;
  const take = (): string | undefined => {
    if (rest === "") return undefined;
    const g = getWordConf(rest);
    rest = g.rest;
    return g.word;
  };
  let value = take();
  const subs = take();
  let env = take();
  if (rest !== "") return `${c.name} has too many arguments`;
  const a = lower(action);
  if (!HEADER_ACTIONS.includes(a)) {
    return "first argument must be 'add', 'set', 'setifempty', 'append', 'merge', 'unset', 'echo', 'note', 'edit', or 'edit*'.";
  }
  if (a === "edit" || a === "edit*") {
    if (subs === undefined) return "Header edit requires a match and a substitution";
    if (!c.regexCompiles(value ?? "")) return "Header edit regex could not be compiled";
  } else {
    if (env !== undefined) return "Too many arguments to directive";
    env = subs;
  }
  if (a === "unset" || a === "echo") {
    if (value !== undefined) {
      if (env !== undefined) return a === "unset" ? "header unset takes two arguments" : "Header echo takes two arguments";
      env = value;
      value = undefined;
    }
    if (a === "echo") {
      if (!isHeader) return "Header echo only valid on Header directives";
      if (!c.regexCompiles(h.word)) return "Header echo regex could not be compiled";
    }
  } else if (value === undefined) return "Header requires three arguments";
  if (env !== undefined) {
    const e = lower(env);
    if (e === "early") return null;
    if (e.startsWith("env=")) {
      if (env.length === 4 || env.slice(4) === "!") return "error: missing environment variable name. envclause should be in the form env=envar ";
      return null;
    }
    if (e.startsWith("expr=")) return null;
    return `Unknown parameter: ${env}`;
  }
  return null;
}

/**
 * mod_wsgi's script directives with `name=value` options (WSGIImportScript, WSGIDispatchScript,
 * WSGIAccessScript, WSGIAuthUserScript, WSGIAuthGroupScript): the script, then options.
 */
function wsgiScript(what: string, allowed: readonly string[]): (c: ValidationContext) => string | null {
  return (c) => {
    const s = getWordConf(c.rawArgs);
    if (s.word === "") return `Location of ${what} script not supplied.`;
    const opts = wsgiOptions(s.rest);
    if (opts === null) return `Invalid option to WSGI ${what} script definition.`;
    for (const [k, v] of opts) {
      if (!allowed.includes(k)) return `Invalid option to WSGI ${what} script definition.`;
      if (v === "") return k === "process-group" ? "Invalid name for WSGI process group." : "Invalid name for WSGI application group.";
    }
    return null;
  };
}

const REWRITE_OPTIONS = ["inherit", "inheritbefore", "inheritdown", "inheritdownbefore", "ignoreinherit", "allownoslash", "allowanyuri", "mergebase", "ignorecontextinfo", "legacyprefixdocroot", "unsafeprefixstat"];

/** RewriteMap (cmd_rewritemap): map types and the existence of the map file. */
function rewriteMap(c: ValidationContext): string | null {
  const [name, src] = c.args;
  const l = lower(src);
  let file: string | null = null;
  if (l.startsWith("txt:") || l.startsWith("rnd:")) file = src.slice(4);
  else if (l.startsWith("dbm")) {
    let f: string | null = null;
    let type = "default";
    if (src[3] === ":") f = src.slice(4);
    else if (src[3] === "=") {
      const colon = src.indexOf(":", 4);
      if (colon !== -1) {
        type = src.slice(4, colon);
        f = src.slice(colon + 1);
      }
    }
    if (f === null) return `RewriteMap: bad map:${src}`;
    if (!["default", "db", "gdbm", "ndbm", "sdbm", "lmdb"].includes(type)) return `RewriteMap: dbm type ${type} is invalid`;
    return null; // the DBM file names depend on the driver; not checked
  } else if (l.startsWith("dbd:") || l.startsWith("fastdbd:")) {
    if (!c.loaded.includes("dbd_module")) return "RewriteMap types dbd and fastdbd require mod_dbd!";
    return null;
  } else if (l.startsWith("prg:")) file = src.slice(4).trim().split(/[ \t]+/)[0] ?? "";
  else if (l.startsWith("int:")) {
    const fn = src.slice(4);
    if (!["toupper", "tolower", "escape", "unescape"].includes(fn)) return `RewriteMap: internal map not found:${fn}`;
    return null;
  } else file = src;
  const path = rootRelative(c, file);
  if (c.fileKind(path) === null) return `RewriteMap: file for map ${name} not found:${path}`;
  return null;
}

const VALIDATORS: Record<string, (c: ValidationContext) => string | null> = {
  // core: every word must name a flag (rdo_refused_* cases); the value itself is tracked by
  // regex-defaults.ts, since only its position matters.
  RegexDefaultOptions: (c) => {
    const r = applyRegexDefaultOptions(APACHE_REGEX_DEFAULTS, regexDefaultOptionWords(c.rawArgs));
    return "error" in r ? r.error : null;
  },
  // mod_rewrite (rewrite.md §2.1, §10.3)
  RewriteOptions: (c) => {
    for (const w of c.args) {
      const k = lower(w);
      if (k.startsWith("maxredirects=")) {
        c.warn("AH00664: RewriteOptions: MaxRedirects option has been removed in favor of the global LimitInternalRecursion directive and will be ignored.");
      } else if (!REWRITE_OPTIONS.includes(k)) return `RewriteOptions: unknown option '${w}'`;
    }
    return null;
  },
  RewriteBase: (c) => {
    if (!inDirContext(c)) return "RewriteBase: only valid in per-directory config files";
    if (c.args[0] === "") return "RewriteBase: empty URL not allowed";
    if (c.args[0][0] !== "/") return "RewriteBase: argument is not a valid URL";
    return null;
  },
  RewriteMap: rewriteMap,
  RewriteRule: (c) => (parseRewriteArgs(c.rawArgs) ? null : `RewriteRule: bad argument line '${c.rawArgs}'`),
  RewriteCond: (c) => (parseRewriteArgs(c.rawArgs) ? null : `RewriteCond: bad argument line '${c.rawArgs}'`),
  // core
  UseCanonicalName: (c) => (["on", "off", "dns"].includes(lower(c.args[0])) ? null : "parameter must be 'on', 'off', or 'dns'"),
  UseCanonicalPhysicalPort: (c) => (["on", "off"].includes(lower(c.args[0])) ? null : "parameter must be 'on' or 'off'"),
  ServerAlias: (c) => (c.inVirtualHost ? null : "ServerAlias only used in <VirtualHost>"),
  HostnameLookups: (c) => (["on", "off", "double"].includes(lower(c.args[0])) ? null : "parameter must be 'on', 'off', or 'double'"),
  AcceptPathInfo: (c) => (["on", "off", "default"].includes(lower(c.args[0])) ? null : "AcceptPathInfo must be set to on, off or default"),
  AllowEncodedSlashes: (c) => (["on", "off", "nodecode"].includes(lower(c.args[0])) ? null : `${c.name} must be On, Off, or NoDecode`),
  Options: options,
  AllowOverride: allowOverride,
  ServerName: (c) => {
    if (/[*?[]/.test(c.args[0])) return `Invalid ServerName "${c.args[0]}" use ServerAlias to set multiple server names.`;
    currentServer(c).hostname = c.args[0].replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//, "").replace(/:\d*$/, "");
    return null;
  },
  DocumentRoot: (c) => {
    const p = rootRelative(c, c.args[0]);
    if (c.fileKind(p) === "dir") return null;
    // A virtual host's missing DocumentRoot is only a warning (measured: accepted in <VirtualHost>).
    if (c.inVirtualHost) {
      c.warn(`AH00112: Warning: DocumentRoot [${p}] does not exist`);
      return null;
    }
    return `DocumentRoot '${p}' is not a directory, or is not readable`;
  },
  Listen: (c) => {
    if (c.args.length < 1 || c.args.length > 2) return "Listen requires 1 or 2 arguments.";
    const a = c.args[0];
    const port = a.startsWith("[") ? a.slice(a.indexOf("]") + 1).replace(/^:/, "") : a.includes(":") ? a.slice(a.lastIndexOf(":") + 1) : a;
    if (!/^\d+$/.test(port)) return "Port must be specified";
    // listen.c's alloc_listener: the same host (as written; `*` and none are the same) and port
    // number twice is refused (measured: `Listen 127.0.0.1:18601` twice).
    let host: string | null = a.startsWith("[") ? a.slice(1, a.indexOf("]")) : a.includes(":") ? a.slice(0, a.lastIndexOf(":")) : null;
    if (host === "*" || host === "") host = null;
    const seen = (c.state.get("listen.seen") as Set<string> | undefined) ?? new Set<string>();
    c.state.set("listen.seen", seen);
    const key = `${host ?? ""}\0${Number(port)}`;
    if (seen.has(key)) return "Cannot define multiple Listeners on the same IP:port";
    seen.add(key);
    return null;
  },
  // modules loaded as extras, checks measured by the placement golden test
  SSLEngine: (c) => (["on", "off", "optional"].includes(lower(c.args[0] ?? "")) ? null : "Argument must be On or Off"),
  AddOutputFilterByType: (c) => (c.args.length < 2 ? `${c.name} requires at least two arguments` : null),
  // mod_alias
  Alias: alias,
  ScriptAlias: alias,
  AliasMatch: aliasMatch,
  ScriptAliasMatch: aliasMatch,
  Redirect: redirect,
  RedirectMatch: redirect,
  RedirectTemp: redirect,
  RedirectPermanent: redirect,
  // mod_setenvif
  SetEnvIf: setEnvIf,
  SetEnvIfNoCase: setEnvIf,
  BrowserMatch: setEnvIf,
  BrowserMatchNoCase: setEnvIf,
  // mod_userdir
  UserDir: (c) => (c.args.length === 0 ? "UserDir requires an argument." : null),
  // mod_headers
  Header: header,
  RequestHeader: header,
  // mod_wsgi (wsgi.md §2.A)
  WSGIImportScript: wsgiScript("import", ["process-group", "application-group"]),
  WSGIDispatchScript: wsgiScript("dispatch", ["application-group"]),
  WSGIAccessScript: wsgiScript("access", ["application-group"]),
  WSGIAuthUserScript: wsgiScript("auth user", ["application-group"]),
  WSGIAuthGroupScript: wsgiScript("auth group", ["application-group"]),
  WSGIScriptAlias: wsgiScriptAlias,
  WSGIScriptAliasMatch: wsgiScriptAlias,
  WSGIDaemonProcess: wsgiDaemonProcess,
  WSGIVerboseDebugging: wsgiOnOff(),
  WSGILazyInitialization: wsgiOnOff(),
  WSGIDontWriteBytecode: wsgiOnOff(),
  WSGIDestroyInterpreter: wsgiOnOff(),
  WSGIRestrictEmbedded: wsgiOnOff(),
  WSGIRestrictStdin: wsgiOnOff(),
  WSGIRestrictStdout: wsgiOnOff(),
  WSGIRestrictSignal: wsgiOnOff(),
  WSGICaseSensitivity: wsgiOnOff(),
  WSGIPassApacheRequest: wsgiOnOff(),
  WSGIPassAuthorization: wsgiOnOff(),
  WSGIScriptReloading: wsgiOnOff(),
  WSGIErrorOverride: wsgiOnOff(),
  WSGIChunkedRequest: wsgiOnOff(),
  WSGIMapHEADToGET: wsgiOnOff(["Auto"]),
  WSGIIgnoreActivity: wsgiOnOff(),
  WSGIEnableSendfile: wsgiOnOff(),
  WSGIGroupAuthoritative: wsgiOnOff(),
  WSGIServerMetrics: wsgiOnOff(),
};
