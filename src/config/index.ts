/**
 * htrewrite's configuration layer: Apache httpd 2.4.71's configuration language, read exactly
 * as httpd reads it, with the directive table of the modules a deployment loads and httpd's own
 * error texts.
 *
 * - {@link parseConfig}: a server configuration (httpd.conf with Include, Define, <IfModule> …).
 * - {@link parseHtaccess}: one `.htaccess` file under a given AllowOverride.
 * - {@link directiveInfo}, {@link registerValidator}: the directive table and its validator hook.
 * - {@link printConfig}: a tree back to text.
 */
import { ConfigError, HTTPD_PROGRAM_NAME } from "./errors.js";
import { checkConfigHooks, loadModuleError, mpmError } from "./startup.js";
import {
  BUILTIN_MODULES, OR_ALL, OVERRIDE_CLASS_BITS,
} from "./directive-table.js";
import { diskFs, type ConfigFs } from "./fs.js";
import { MAIN_OVERRIDE, ReadError, assertRuleCounts, readConfigText, type ReadState } from "./read.js";
import { ProcessError, processTree, type ProcessErrorKind } from "./process.js";
import type { ConfigTree, ConfigWarning, OverrideClass, SourcePos } from "./types.js";
import { installBuiltinValidators } from "./validators.js";
import { STRUCTURAL_CHECKS, type ConfigChecks } from "./checks.js";
import { markRegexDefaults } from "./regex-defaults.js";
import { sameRegexDefaults, APACHE_REGEX_DEFAULTS, type RegexDefaults } from "../regex/default-options.js";
import { OPT_DEFAULT_ALLOWED, allowedOptionsBits } from "./options.js";
import type { HtrErrorCode } from "../util/errors.js";
import type { DirectiveInfo } from "./directive-table.js";

export type {
  ConfigContext, ConfigNode, ConfigTree, ConfigWarning, DirectiveNode, OverrideClass, SectionNode, SourcePos,
} from "./types.js";
export { ConfigError, escapeErrorLogItem, formatConfigError, apacheLine, type ConfigPhase } from "./errors.js";
export {
  directiveInfo, registerValidator, validatorsFor, knownModules, moduleIdFor, overrideClassesOf, allowedContexts,
  BUILTIN_MODULES, CASE_BASE_MODULES,
  type ArgsHow, type DirectiveInfo, type DirectiveValidator, type ValidationContext,
} from "./directive-table.js";
export { diskFs, memoryFs, type ConfigFs, type FileKind } from "./fs.js";
export { printConfig } from "./print.js";
export { parseRewriteArgs, type RewriteArgs } from "./rewrite-args.js";
export { getWordConf, splitWordsConf } from "./words.js";

installBuiltinValidators();

/** Options of {@link parseConfig}. */
export interface ParseConfigOptions {
  /** Path httpd would name in errors (e.g. "/etc/apache2/apache2.conf"). */
  file: string;
  /** File system for Include, <IfFile>, DocumentRoot/RewriteMap checks. Default: the real disk. */
  fs?: ConfigFs;
  /** ServerRoot for relative paths. Default "/etc/apache2" (Debian's compiled-in value). */
  serverRoot?: string;
  /** Names defined on the command line (-D NAME), or NAME → value pairs. Default none. */
  defines?: Iterable<string> | Readonly<Record<string, string | null>>;
  /** The process environment for `${VAR}`. Default: this process's environment. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Modules loaded before the file is read, in addition to the compiled-in ones (core, so,
   * watchdog, http, log_config, logio, version, unixd). LoadModule lines add to the set.
   * Default: none.
   */
  loadedModules?: Iterable<string>;
  /**
   * The regex and condition checks of the processing pass. Default: structural checks only
   * (config/checks.ts); loads that run the engine pass the engine's (expr/config-checks.ts).
   */
  checks?: ConfigChecks;
  /** Run the processing pass (directive checks). Default true; false only reads the tree. */
  validate?: boolean;
  /** Called for every accepted directive (e.g. to report "accepted, not simulated"). */
  onDirective?: (info: DirectiveInfo, pos: SourcePos) => void;
  /**
   * Also run httpd's start-up checks around the directives (startup.ts): LoadModule files
   * looked at on `fs`, exactly one MPM loaded (AH00534), log directories present (AH02291,
   * AH02297). Default false: a configuration fragment, or one whose files are not on `fs`.
   */
  startup?: boolean;
}

/**
 * Read and check a server configuration as `httpd -t` does.
 * @returns the tree, with true `<IfModule>`/`<IfDefine>`/`<IfVersion>`… branches and included
 *   files spliced in place and false branches removed; `warnings` holds what httpd would log.
 * @throws ConfigError worded as httpd (phase "read" or "process") when httpd refuses to start.
 */
export function parseConfig(text: string, options: ParseConfigOptions): ConfigTree {
  const st = newState(options, MAIN_OVERRIDE, null, false);
  if (options.startup) st.loadModuleCheck = (id, file, root) => loadModuleError(id, file, root, st.fs);
  const children = readOrThrow(text, options.file, st, "read");
  const filePos: SourcePos = { file: options.file, line: 0, column: 0 };
  if (options.startup) {
    const mpm = mpmError(st.loaded);
    if (mpm) throw new ConfigError("HTR_CONFIG_STARTUP", mpm, filePos, "read", `AH00534: ${HTTPD_PROGRAM_NAME}: Configuration error: ${mpm}`);
  }
  if (options.validate !== false) {
    try {
      processTree(children, {
        loaded: st.loaded, fs: st.fs, serverRoot: st.serverRoot, warnings: st.warnings, checks: options.checks ?? STRUCTURAL_CHECKS,
        onDirective: options.onDirective,
      });
    } catch (e) {
      throw toConfigError(e, "process");
    }
  }
  if (options.startup) {
    const f = checkConfigHooks(children, st.serverRoot, st.fs);
    if (f) throw new ConfigError("HTR_CONFIG_STARTUP", f.message, f.pos.file ? f.pos : filePos, "read", f.message);
  }
  const regexDefaults = markRegexDefaults(children);
  return {
    file: options.file, children, warnings: st.warnings, loadedModules: st.loaded, serverRoot: st.serverRoot,
    ...(sameRegexDefaults(regexDefaults, APACHE_REGEX_DEFAULTS) ? {} : { regexDefaults }),
  };
}

/** Options of {@link parseHtaccess}. */
export interface ParseHtaccessOptions {
  /** The .htaccess path httpd names in its log (`<dir>/.htaccess`). */
  file: string;
  /** AllowOverride in effect for the directory. "None" means httpd does not read the file. */
  allowOverride: ReadonlySet<OverrideClass> | "All" | "None";
  /** AllowOverrideList directive names (allowed whatever AllowOverride says). */
  allowOverrideList?: readonly string[];
  /**
   * The list of `AllowOverride Options=…` (which Options the file may set); absent with plain
   * `AllowOverride Options` (then MultiViews and SymLinksIfOwnerMatch are not allowed). Ignored
   * under "All" (everything allowed).
   */
  allowOverrideOptions?: readonly string[];
  /** `AllowOverride Nonfatal=…`: "Override" and/or "Unknown" turn those refusals into warnings. */
  nonfatal?: ReadonlySet<"Override" | "Unknown">;
  fs?: ConfigFs;
  serverRoot?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** Modules of the server (default: the case base modules). */
  loadedModules?: Iterable<string>;
  defines?: Iterable<string> | Readonly<Record<string, string | null>>;
  onDirective?: (info: DirectiveInfo, pos: SourcePos) => void;
  /** As for {@link parseConfig}. */
  checks?: ConfigChecks;
  /**
   * RegexDefaultOptions as the server configuration left it (its tree's `regexDefaults`):
   * .htaccess patterns are compiled per request, under that final value. Default: Apache's.
   */
  regexDefaults?: RegexDefaults;
}

/**
 * Read and check one `.htaccess` as httpd does per request.
 * @returns the tree (empty when AllowOverride None and no AllowOverrideList: httpd skips the file).
 * @throws ConfigError with phase "htaccess": message `<file>: <httpd's message>`, which httpd logs
 *   at level alert while answering the request with 500.
 */
export function parseHtaccess(text: string, options: ParseHtaccessOptions): ConfigTree {
  const list = options.allowOverrideList ?? [];
  if (options.allowOverride === "None" && list.length === 0) {
    return { file: options.file, children: [], warnings: [] };
  }
  let override = 0;
  if (options.allowOverride === "All") override = OR_ALL;
  else if (options.allowOverride !== "None") for (const c of options.allowOverride) override |= OVERRIDE_CLASS_BITS[c];
  if (options.nonfatal?.has("Override")) override |= 512;
  if (options.nonfatal?.has("Unknown")) override |= 1024;
  const overrideList = new Set(list.map((n) => n.toLowerCase()));
  const loaded = options.loadedModules ?? (undefined as Iterable<string> | undefined);
  const st = newState({ ...options, loadedModules: loaded ?? defaultHtaccessModules() }, override, overrideList, true);
  const children = readOrThrow(text, options.file, st, "htaccess");
  const dir = options.file.replace(/[^/]*$/, "");
  try {
    processTree(children, {
      loaded: st.loaded, fs: st.fs, serverRoot: st.serverRoot, warnings: st.warnings, checks: options.checks ?? STRUCTURAL_CHECKS,
      htaccess: {
        override, overrideList, path: dir,
        overrideOpts: options.allowOverride === "All" ? OPT_DEFAULT_ALLOWED : allowedOptionsBits(options.allowOverrideOptions),
      },
      onDirective: options.onDirective,
    });
  } catch (e) {
    throw toConfigError(e, "htaccess");
  }
  markRegexDefaults(children, options.regexDefaults);
  return { file: options.file, children, warnings: st.warnings, loadedModules: st.loaded, serverRoot: st.serverRoot };
}

function defaultHtaccessModules(): string[] {
  return [
    "mpm_prefork_module", "authz_core_module", "authz_host_module", "mime_module", "dir_module",
    "alias_module", "env_module", "setenvif_module", "rewrite_module", "headers_module",
    "userdir_module", "wsgi_module",
  ];
}

function newState(
  options: Pick<ParseConfigOptions, "fs" | "serverRoot" | "defines" | "env" | "loadedModules">,
  override: number, overrideList: Set<string> | null, isHtaccess: boolean,
): ReadState {
  const defineNames = new Set<string>();
  const defineValues = new Map<string, string>();
  const d = options.defines;
  if (d) {
    if (typeof (d as Iterable<string>)[Symbol.iterator] === "function") {
      for (const n of d as Iterable<string>) defineNames.add(n);
    } else {
      for (const [n, v] of Object.entries(d as Record<string, string | null>)) {
        defineNames.add(n);
        if (v !== null) defineValues.set(n, v);
      }
    }
  }
  const loaded = [...BUILTIN_MODULES];
  for (const m of options.loadedModules ?? []) if (!loaded.includes(m)) loaded.push(m);
  return {
    fs: options.fs ?? diskFs,
    serverRoot: options.serverRoot ?? "/etc/apache2",
    defineNames,
    defineValues,
    env: options.env ?? process.env,
    loaded,
    warnings: [] as ConfigWarning[],
    override,
    overrideList,
    isHtaccess,
    includeDepth: 0,
    includedFiles: 0,
    sectionDepth: 0,
  };
}

function readOrThrow(text: string, file: string, st: ReadState, phase: "read" | "htaccess") {
  try {
    const nodes = readConfigText(text, file, st);
    assertRuleCounts(nodes);
    return nodes;
  } catch (e) {
    throw toConfigError(e, phase, file);
  }
}

/** ProcessError's kinds as stable codes. */
const KIND_CODES: Readonly<Record<ProcessErrorKind, HtrErrorCode>> = {
  unknown: "HTR_CONFIG_UNKNOWN_DIRECTIVE",
  context: "HTR_CONFIG_CONTEXT",
  syntax: "HTR_CONFIG_SYNTAX",
};

function toConfigError(e: unknown, phase: "read" | "process" | "htaccess", file = ""): unknown {
  if (e instanceof ReadError) {
    const pos = e.pos ?? { file, line: 0, column: 0 };
    const whole = e.pos === undefined && e.bare ? `${HTTPD_PROGRAM_NAME}: ${e.detail}` : undefined;
    return new ConfigError(e.code ?? "HTR_CONFIG_SYNTAX", e.detail, pos, phase, whole);
  }
  if (e instanceof ProcessError) return new ConfigError(KIND_CODES[e.kind], e.detail, e.pos, phase);
  return e;
}
export { isSimulated } from "./simulated.js";
export { STRUCTURAL_CHECKS, type ConfigChecks } from "./checks.js";
export { MPM_MODULES, mpmError, loadModuleError, checkConfigHooks, startFailure, serverRootRelative, type StartupFailure } from "./startup.js";
export { readEnvvars, type EnvvarsResult } from "./envvars.js";
