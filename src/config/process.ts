/**
 * The processing pass (httpd's ap_process_config_tree / ap_walk_config): every directive of the
 * tree is looked up, checked against where it stands (req_override bits, then the module's own
 * "cannot occur within" checks), its arguments counted, then handed to the validators.
 * Directives executed while reading are skipped here, as httpd skips them.
 *
 * Order of checks per directive, as in httpd: unknown → override/context → arity → the
 * directive's own checks (context checks first, then argument validation), sections walking
 * their children before their trailing checks.
 */
import { checkArity } from "./arity.js";
import {
  directiveInfo, validatorsFor, ACCESS_CONF, OR_ALL, NONFATAL_OVERRIDE, NONFATAL_UNKNOWN,
  NOT_IN_DIRECTORY, NOT_IN_FILES, NOT_IN_LIMIT, NOT_IN_LOCATION, NOT_IN_VIRTUALHOST,
  type DirectiveInfo, type ValidationContext,
} from "./directive-table.js";
import type { ConfigFs } from "./fs.js";
import { sectionArgText } from "./read.js";
import type { ConfigContext, ConfigNode, ConfigWarning, SectionNode, SourcePos } from "./types.js";
import { getWordConf } from "./words.js";
import type { ConfigChecks } from "./checks.js";
import { OPT_DEFAULT_ALLOWED } from "./options.js";

/** A processing-pass failure at a node. */
export class ProcessError extends Error {
  constructor(readonly detail: string, readonly pos: SourcePos, readonly kind: ProcessErrorKind) {
    super(detail);
  }
}

export type ProcessErrorKind = "unknown" | "context" | "syntax";

/** Where the walk stands (httpd's cmd_parms fields that the checks read). */
interface WalkState {
  override: number;
  overrideList: Set<string> | null;
  /** cmd->path: null at server / virtual host level. */
  path: string | null;
  isVirtual: boolean;
  limited: boolean;
  context: ConfigContext;
  /** Canonical names of the enclosing sections, outermost first ("<Directory" …). */
  ancestors: string[];
  /** override_opts: which Options may be set here. */
  overrideOpts: number;
}

export interface ProcessOptions {
  loaded: readonly string[];
  fs: ConfigFs;
  serverRoot: string;
  warnings: ConfigWarning[];
  /** Regex and condition checks of this load (config/checks.ts). */
  checks: ConfigChecks;
  /** Initial state: main config or .htaccess. */
  htaccess?: { override: number; overrideList: Set<string> | null; path: string; overrideOpts: number };
  /** Shared across the whole configuration (daemon names …). */
  state?: Map<string, unknown>;
  /** Directives that are accepted but whose effect htrewrite does not simulate, for warnings. */
  onDirective?: (info: DirectiveInfo, pos: SourcePos) => void;
}

/** Walk a tree; throws ProcessError on the first directive httpd refuses. */
export function processTree(nodes: readonly ConfigNode[], opts: ProcessOptions): void {
  const st: WalkState = opts.htaccess
    ? {
        override: opts.htaccess.override,
        overrideList: opts.htaccess.overrideList,
        path: opts.htaccess.path,
        isVirtual: false,
        limited: false,
        context: "htaccess",
        ancestors: [],
        overrideOpts: opts.htaccess.overrideOpts,
      }
    : {
        override: 128 | 2 | 4 | 16,
        overrideList: null,
        path: null,
        isVirtual: false,
        limited: false,
        context: "server",
        ancestors: [],
        overrideOpts: OPT_DEFAULT_ALLOWED,
      };
  const shared = opts.state ?? new Map<string, unknown>();
  walk(nodes, st, opts, shared);
}

function walk(nodes: readonly ConfigNode[], st: WalkState, opts: ProcessOptions, shared: Map<string, unknown>): void {
  const ifChain = { open: false };
  for (const node of nodes) {
    const written = node.type === "section" ? "<" + node.name : node.name;
    const info = directiveInfo(written, opts.loaded);
    if (!info) {
      if (st.override & NONFATAL_UNKNOWN) {
        opts.warnings.push({
          message: `AH02296: Unknown directive ${written.toLowerCase()} perhaps misspelled or defined by a module not included in the server configuration`,
          pos: node.pos,
        });
        continue;
      }
      throw new ProcessError(
        `Invalid command '${written}', perhaps misspelled or defined by a module not included in the server configuration`,
        node.pos,
        "unknown",
      );
    }
    if (info.execOnRead) continue;
    if ((st.override & info.reqOverride) === 0 && !st.overrideList?.has(info.name.toLowerCase())) {
      if (st.override & NONFATAL_OVERRIDE) {
        opts.warnings.push({ message: `AH02295: ${info.name} in .htaccess forbidden by AllowOverride`, pos: node.pos });
        continue;
      }
      const parent = st.ancestors[st.ancestors.length - 1];
      throw new ProcessError(
        parent ? `${info.name} not allowed in ${parent}> context` : `${info.name} not allowed here`,
        node.pos,
        "context",
      );
    }
    const argText = node.type === "section" ? node.openArgs ?? node.rawArgs + ">" : node.rawArgs;
    const arity = checkArity(info, argText);
    if (arity.error) throw new ProcessError(arity.error, node.pos, "syntax");
    // mod_alias checks Alias/ScriptAlias contexts per form (one or two arguments): its validator does.
    const ctxError = CONTEXT_BY_VALIDATOR.has(info.name) ? null : contextCheck(info, info.notIn, st);
    if (ctxError) throw new ProcessError(ctxError, node.pos, "context");
    if (node.type === "section") {
      processSection(node, info, argText, st, opts, shared, ifChain);
      continue;
    }
    const validators = validatorsFor(info.name);
    if (validators.length === 0) {
      opts.onDirective?.(info, node.pos);
      continue;
    }
    const vctx = new DirectiveCheck(info, node.args, node.rawArgs, node.pos, st, opts, shared);
    for (const v of validators) {
      const err = v(vctx);
      if (err !== null) throw new ProcessError(err, node.pos, "syntax");
    }
    opts.onDirective?.(info, node.pos);
  }
}

/** What validators see; a class rather than closures, as it is built for every checked directive. */
class DirectiveCheck implements ValidationContext {
  readonly name: string;
  readonly help: string;
  readonly context: ConfigContext;
  readonly inVirtualHost: boolean;
  readonly inLimit: boolean;
  readonly ancestors: readonly string[];
  readonly serverRoot: string;
  readonly loaded: readonly string[];
  readonly overrideOpts: number;
  constructor(
    info: DirectiveInfo,
    readonly args: string[],
    readonly rawArgs: string,
    private readonly pos: SourcePos,
    st: WalkState,
    private readonly opts: ProcessOptions,
    readonly state: Map<string, unknown>,
  ) {
    this.name = info.name;
    this.help = info.help;
    this.context = st.context;
    this.inVirtualHost = st.isVirtual;
    this.inLimit = st.limited;
    this.ancestors = st.ancestors;
    this.serverRoot = opts.serverRoot;
    this.loaded = opts.loaded;
    this.overrideOpts = st.overrideOpts;
  }
  fileKind(path: string): "file" | "dir" | null {
    return this.opts.fs.stat(path);
  }
  regexCompiles(pattern: string, nocase = false): boolean {
    return this.opts.checks.regexCompiles(pattern, nocase);
  }
  warn(message: string): void {
    this.opts.warnings.push({ message, pos: this.pos });
  }
}

/**
 * ap_check_cmd_context with the module's measured restrictions. `gt` closes a section name in
 * the message ("<Files> cannot occur within <Location> section").
 */
export function contextCheck(info: DirectiveInfo, forbidden: number, st: {
  isVirtual: boolean; limited: boolean; path: string | null; ancestors: readonly string[];
}): string | null {
  if (forbidden === 0) return null;
  const gt = info.name.startsWith("<") && !info.name.endsWith(">") ? ">" : "";
  const name = info.name + gt;
  if (forbidden & NOT_IN_VIRTUALHOST && st.isVirtual) return `${name} cannot occur within <VirtualHost> section`;
  const dirContext = NOT_IN_LIMIT | NOT_IN_DIRECTORY | NOT_IN_LOCATION | NOT_IN_FILES;
  if (forbidden & dirContext && st.limited) return `${name} cannot occur within <Limit> or <LimitExcept> section`;
  const dlf = NOT_IN_DIRECTORY | NOT_IN_LOCATION | NOT_IN_FILES;
  if ((forbidden & dlf) === dlf && st.path !== null) return `${name} cannot occur within directory context`;
  const find = (...names: string[]): string | undefined => {
    for (let i = st.ancestors.length - 1; i >= 0; i--) {
      const a = st.ancestors[i].toLowerCase();
      if (names.includes(a)) return st.ancestors[i];
    }
    return undefined;
  };
  const found =
    (forbidden & NOT_IN_DIRECTORY ? find("<directory", "<directorymatch") : undefined) ??
    (forbidden & NOT_IN_LOCATION ? find("<location", "<locationmatch") : undefined) ??
    (forbidden & NOT_IN_FILES ? find("<files", "<filesmatch", "<if", "<elseif", "<else") : undefined);
  if (found) return `${name} cannot occur within ${found}> section`;
  return null;
}

const CONTEXT_BY_VALIDATOR = new Set(["Alias", "ScriptAlias"]);

/** Section kinds by what they do to the walk state (core.c's section handlers). */
const PATH_SECTIONS = new Set(["<directory", "<directorymatch", "<location", "<locationmatch", "<proxy", "<proxymatch"]);
const FILES_SECTIONS = new Set(["<files", "<filesmatch"]);
const IF_SECTIONS = new Set(["<if", "<elseif", "<else"]);
const AUTHZ_SECTIONS = new Set(["<requireall", "<requireany", "<requirenone"]);
const REGEX_SECTIONS = new Set(["<directorymatch", "<locationmatch", "<filesmatch", "<proxymatch"]);

function processSection(
  node: SectionNode, info: DirectiveInfo, openArgs: string, st: WalkState, opts: ProcessOptions,
  shared: Map<string, unknown>, ifChain: { open: boolean },
): void {
  const key = info.name.toLowerCase();
  const gt = openArgs.lastIndexOf(">");
  if (gt === -1) throw new ProcessError(`${info.name}> directive missing closing '>'`, node.pos, "syntax");
  let arg = sectionArgText(openArgs);
  const next: WalkState = { ...st, ancestors: [...st.ancestors, info.name] };
  const wasIfChain = ifChain.open;
  let trailing: string | null = null;
  if (AUTHZ_SECTIONS.has(key)) {
    // mod_authz_core's add_authz_section: nothing may stand before the `>`.
    if (arg !== "") throw new ProcessError(`${info.name}> directive doesn't take additional arguments`, node.pos, "syntax");
  } else if (key === "<virtualhost") {
    if (getWordConf(arg).word === "") throw missingArg(info, node);
    next.isVirtual = true;
    next.context = "virtualhost";
  } else if (PATH_SECTIONS.has(key) || FILES_SECTIONS.has(key)) {
    const first = getWordConf(arg);
    let path = first.word;
    if (path === "") throw missingArg(info, node);
    // `<Directory ~ re>` / `<Files ~ re>` are the regex forms.
    let regex = REGEX_SECTIONS.has(key);
    let rest = first.rest;
    if (path === "~") {
      regex = true;
      const w = getWordConf(rest);
      path = w.word;
      rest = w.rest;
      if (path === "") throw missingArg(info, node);
    }
    if (regex && !opts.checks.regexCompiles(path, false)) throw new ProcessError("Regex could not be compiled", node.pos, "syntax");
    if (rest !== "") trailing = `Multiple ${info.name}> arguments not (yet) supported.`;
    next.path = path;
    if (PATH_SECTIONS.has(key)) {
      next.override = OR_ALL | ACCESS_CONF;
      next.context = key.startsWith("<location") ? "location" : "directory";
    } else {
      if (st.path === null) next.override = OR_ALL | ACCESS_CONF;
      next.context = "files";
    }
  } else if (IF_SECTIONS.has(key)) {
    if (key === "<else") {
      if (arg !== "") throw new ProcessError("<Else> does not take an argument", node.pos, "syntax");
    } else {
      const w = getWordConf(arg);
      if (arg === "") throw missingArg(info, node);
      const err = opts.checks.exprError(w.word, st.context === "htaccess" || opts.htaccess !== undefined);
      if (err !== null) throw new ProcessError(`Cannot parse condition clause: ${err}`, node.pos, "syntax");
      arg = w.rest;
      if (w.rest !== "") trailing = `Multiple ${info.name}> arguments not supported.`;
    }
    next.path = "*If";
    if (st.path === null) next.override = OR_ALL | ACCESS_CONF;
    next.context = "if";
  } else if (key === "<limit" || key === "<limitexcept") {
    if (getWordConf(arg).word === "") throw missingArg(info, node);
    next.limited = true;
  }
  const savedServer = shared.get("server.current");
  if (key === "<virtualhost") shared.set("server.current", node);
  try {
    walk(node.children, next, opts, shared);
  } finally {
    if (key === "<virtualhost") shared.set("server.current", savedServer);
  }
  // core's ifsection joins the chain (ap_add_if_conf) after its argument and its contents were
  // checked: a bad condition or a bad directive inside is reported first.
  if (IF_SECTIONS.has(key) && key !== "<if" && !wasIfChain) {
    throw new ProcessError(
      "<Else> or <ElseIf> section without previous <If> or <ElseIf> section in same scope", node.pos, "syntax",
    );
  }
  if (trailing) throw new ProcessError(trailing, node.pos, "syntax");
  // Only <If>/<ElseIf>/<Else> take part in the chain of their scope (ap_add_if_conf).
  if (IF_SECTIONS.has(key)) ifChain.open = key !== "<else";
  opts.onDirective?.(info, node.pos);
}

function missingArg(info: DirectiveInfo, node: SectionNode): ProcessError {
  return new ProcessError(`${info.name}> directive requires additional arguments`, node.pos, "syntax");
}
