/**
 * The directive table: for every directive of the modules htrewrite knows, what its module
 * declares to httpd (argument style, where it may appear, the help text httpd appends to arity
 * errors) plus the module's own context checks, measured with apache2 -t.
 *
 * The raw data (directive-data.ts) is generated from the installed Apache 2.4.71 binaries; this
 * file gives it types, looks directives up by the set of loaded modules, and lets later layers
 * register argument validators per directive (see {@link registerValidator}).
 */
import { MODULE_DATA } from "./directive-data.js";
import type { ConfigContext, OverrideClass } from "./types.js";

/** httpd's cmd_how: how the arguments of a directive are split and counted. */
export type ArgsHow =
  | "RAW_ARGS" | "TAKE1" | "TAKE2" | "ITERATE" | "ITERATE2" | "FLAG" | "NO_ARGS"
  | "TAKE12" | "TAKE3" | "TAKE23" | "TAKE123" | "TAKE13" | "TAKE_ARGV";

/** httpd's req_override bits (http_config.h). */
export const OR_LIMIT = 1;
export const OR_OPTIONS = 2;
export const OR_FILEINFO = 4;
export const OR_AUTHCFG = 8;
export const OR_INDEXES = 16;
export const OR_ALL = OR_LIMIT | OR_OPTIONS | OR_FILEINFO | OR_AUTHCFG | OR_INDEXES;
export const ACCESS_CONF = 64;
export const RSRC_CONF = 128;
export const EXEC_ON_READ = 256;
export const NONFATAL_OVERRIDE = 512;
export const NONFATAL_UNKNOWN = 1024;

/** Bits of the module's own context checks (ap_check_cmd_context), as measured. */
export const NOT_IN_VIRTUALHOST = 1;
export const NOT_IN_LIMIT = 2;
export const NOT_IN_DIRECTORY = 4;
export const NOT_IN_LOCATION = 8;
/** Also covers <If>/<ElseIf>/<Else>, as httpd's check does. */
export const NOT_IN_FILES = 16;

/** One module's data row: [name, argsHow, reqOverride, help, notIn]. */
export type DirectiveRow = readonly [string, ArgsHow, number, string, number];

export interface ModuleData {
  /** Identifier as in LoadModule and <IfModule>: "rewrite_module". */
  id: string;
  /** Source file name, also accepted by <IfModule>: "mod_rewrite.c". */
  source: string;
  /** The shared object Debian installs it as ("mod_rewrite.so"); absent for built-in modules. */
  file?: string;
  directives: readonly DirectiveRow[];
}

/** Everything htrewrite knows about one directive. */
export interface DirectiveInfo {
  /** Canonical spelling (httpd echoes this one in its errors): "RewriteRule", "<Directory". */
  name: string;
  /** The declaring module's identifier. */
  module: string;
  argsHow: ArgsHow;
  /** req_override bits: where the directive may appear (RSRC_CONF, ACCESS_CONF, OR_*). */
  reqOverride: number;
  /** Help text httpd appends to arity errors ("X takes one argument, <help>"). */
  help: string;
  /** The module's own "cannot occur within" checks (NOT_IN_* bits). */
  notIn: number;
  /** True for directives httpd executes while reading (Define, Include, <IfModule> …). */
  execOnRead: boolean;
  /** True for section openers (`<Directory` …). */
  isSection: boolean;
}

/** Modules compiled into Debian's apache2 binary; always present. */
export const BUILTIN_MODULES: readonly string[] = [
  "core_module", "so_module", "watchdog_module", "http_module", "log_config_module",
  "logio_module", "version_module", "unixd_module",
];

/**
 * Modules every conformance case loads (case-format.md "The base configuration"), in addition to
 * the built-in ones.
 */
export const CASE_BASE_MODULES: readonly string[] = [
  "mpm_prefork_module", "authz_core_module", "authz_host_module", "mime_module", "dir_module",
  "alias_module", "env_module", "setenvif_module", "rewrite_module", "headers_module",
  "userdir_module", "wsgi_module",
];

const byModule = new Map<string, ModuleData>();
const bySource = new Map<string, string>();
const infoByModule = new Map<string, Map<string, DirectiveInfo>>();
for (const m of MODULE_DATA) {
  byModule.set(m.id, m);
  bySource.set(m.source, m.id);
  const infos = new Map<string, DirectiveInfo>();
  for (const [name, argsHow, reqOverride, help, notIn] of m.directives) {
    infos.set(name.toLowerCase(), {
      name, module: m.id, argsHow, reqOverride, help, notIn,
      execOnRead: (reqOverride & EXEC_ON_READ) !== 0,
      isSection: name.startsWith("<"),
    });
  }
  infoByModule.set(m.id, infos);
}

/** All module identifiers htrewrite has a directive table for. */
export function knownModules(): string[] {
  return [...byModule.keys()];
}

/**
 * Resolve a module reference as <IfModule> does: the identifier ("rewrite_module") or the
 * source file name ("mod_rewrite.c"). Returns the identifier, or undefined when unknown.
 */
export function moduleIdFor(ref: string): string | undefined {
  if (byModule.has(ref)) return ref;
  return bySource.get(ref);
}

/**
 * The module identifiers a shared object (by file name, "mod_proxy.so") defines, or undefined
 * when the file is not one of the installed modules.
 */
export function modulesInFile(fileName: string): string[] | undefined {
  const ids = MODULE_DATA.filter((m) => m.file === fileName).map((m) => m.id);
  return ids.length ? ids : undefined;
}

/** The source file name of a module identifier, if known. */
export function moduleSource(id: string): string | undefined {
  return byModule.get(id)?.source;
}

/**
 * Look a directive up (case-insensitively) among the given loaded modules; built-in modules are
 * always searched. The first loaded module that declares the name wins, as in httpd.
 */
export function directiveInfo(name: string, loadedModules?: Iterable<string>): DirectiveInfo | undefined {
  return lookupTable(loadedModules ?? CASE_BASE_MODULES).get(name.toLowerCase());
}

/**
 * One merged name → info map per module list (looked up twice per directive, so it is cached:
 * by identity and length for arrays, which the reader only ever appends to).
 */
const tableCache = new WeakMap<object, { size: number; map: Map<string, DirectiveInfo> }>();

function lookupTable(mods: Iterable<string>): Map<string, DirectiveInfo> {
  const size = Array.isArray(mods) ? mods.length : -1;
  const cached = tableCache.get(mods as object);
  if (cached && cached.size === size && size >= 0) return cached.map;
  const map = new Map<string, DirectiveInfo>();
  for (const id of [...BUILTIN_MODULES, ...mods]) {
    const infos = infoByModule.get(id);
    if (!infos) continue;
    for (const [k, v] of infos) if (!map.has(k)) map.set(k, v);
  }
  if (size >= 0) tableCache.set(mods as object, { size, map });
  return map;
}

/** The AllowOverride class names and their bits. */
export const OVERRIDE_CLASS_BITS: Readonly<Record<OverrideClass, number>> = {
  AuthConfig: OR_AUTHCFG,
  FileInfo: OR_FILEINFO,
  Indexes: OR_INDEXES,
  Limit: OR_LIMIT,
  Options: OR_OPTIONS,
};

/** Override classes a directive belongs to (for .htaccess), from its req_override bits. */
export function overrideClassesOf(info: DirectiveInfo): OverrideClass[] {
  return (Object.keys(OVERRIDE_CLASS_BITS) as OverrideClass[]).filter(
    (c) => (info.reqOverride & OVERRIDE_CLASS_BITS[c]) !== 0,
  );
}

/** Where a directive is accepted as far as req_override says (not counting module checks). */
export function allowedContexts(info: DirectiveInfo): ConfigContext[] {
  const out: ConfigContext[] = [];
  const r = info.reqOverride;
  if (r & RSRC_CONF) out.push("server", "virtualhost");
  if (r & (ACCESS_CONF | OR_ALL)) out.push("directory", "location", "files", "if");
  if (r & OR_ALL) out.push("htaccess");
  return out;
}

// ---------------------------------------------------------------------------------------------
// Validators: directive-specific argument checks that run after the generic arity check.

/** What a validator sees of the directive being checked. */
export interface ValidationContext {
  /** Canonical directive name. */
  name: string;
  /** The directive's help text (what httpd appends to its arity errors). */
  help: string;
  /** Arguments after ${} substitution, split per the directive's style. */
  args: string[];
  /** The argument text as httpd hands a RAW_ARGS directive (leading blanks skipped). */
  rawArgs: string;
  /** Where the directive stands. */
  context: ConfigContext;
  /** True when inside a <VirtualHost>. */
  inVirtualHost: boolean;
  /** True when inside <Limit>/<LimitExcept>. */
  inLimit: boolean;
  /** Canonical names of the enclosing sections, outermost first ("<VirtualHost", "<Directory"). */
  ancestors: readonly string[];
  /** Per-configuration state validators may keep (e.g. WSGIDaemonProcess names seen so far). */
  state: Map<string, unknown>;
  /** What is at a path on the configuration's file system. */
  fileKind(path: string): "file" | "dir" | null;
  /** Whether a pattern compiles as httpd's PCRE compiles it (the load's checks, config/checks.ts). */
  regexCompiles(pattern: string, nocase?: boolean): boolean;
  /** ServerRoot, for relative paths. */
  serverRoot: string;
  /** Loaded module identifiers. */
  loaded: readonly string[];
  /** Options the context may set (httpd's override_opts, OPT_* bits of options.ts). */
  overrideOpts: number;
  /** Record a warning (httpd would start, but says something). */
  warn(message: string): void;
}

/** Returns httpd's error message, or null when the arguments are accepted. */
export type DirectiveValidator = (ctx: ValidationContext) => string | null;

const validators = new Map<string, DirectiveValidator[]>();

/**
 * Register a validator for a directive (case-insensitive name). Validators run in registration
 * order after the context and arity checks; the first message returned refuses the directive.
 * The rewrite layer registers RewriteRule/RewriteCond flag parsing and pattern compilation here;
 * the config layer registers the checks of core, mod_alias, mod_env, mod_setenvif, mod_dir,
 * mod_userdir, mod_wsgi and mod_rewrite's simple directives (validators.ts).
 */
export function registerValidator(name: string, validator: DirectiveValidator): void {
  const key = name.toLowerCase();
  const list = validators.get(key);
  if (list) list.push(validator);
  else validators.set(key, [validator]);
}

/** The registered validators of a directive, in order. */
export function validatorsFor(name: string): readonly DirectiveValidator[] {
  return validators.get(name.toLowerCase()) ?? [];
}
