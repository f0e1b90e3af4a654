/**
 * The reading pass (httpd's ap_build_config): logical lines → tree of directives and sections,
 * executing on the way the directives httpd executes while reading (EXEC_ON_READ): Define,
 * UnDefine, Include, IncludeOptional, LoadModule, LoadFile, ServerRoot, DefaultRuntimeDir and the
 * conditional sections <IfModule>, <IfDefine>, <IfFile>, <IfDirective>, <IfSection>, <IfVersion>.
 *
 * Like httpd, a true conditional section or an Include leaves no node of its own: its contents
 * are spliced into the enclosing list, each node keeping its own file and line. A false
 * conditional section is skipped as httpd skips it (only section nesting is looked at, no `${}`
 * substitution, unknown directives are not noticed).
 */
import * as nodePath from "node:path";
import { apacheLine } from "./errors.js";
import type { ConfigFs } from "./fs.js";
import { FileRootError } from "./file-roots.js";
import { fnmatch, hasWildcard } from "./glob.js";
import { LineReader, LineTooLongError } from "./lines.js";
import {
  MAX_EXPANDED_LINE_BYTES, MAX_INCLUDE_DEPTH, MAX_INCLUDED_FILES, MAX_LINE_BYTES, MAX_RULES_PER_CONTEXT, MAX_SECTION_DEPTH,
} from "./limits.js";
import type { HtrErrorCode } from "../util/errors.js";
import { checkArity } from "./arity.js";
import {
  directiveInfo, moduleIdFor, BUILTIN_MODULES, NONFATAL_OVERRIDE, type DirectiveInfo,
} from "./directive-table.js";
import { resolveEnv } from "./resolve-env.js";
import { parseRewriteArgs } from "./rewrite-args.js";
import type { ConfigNode, ConfigWarning, DirectiveNode, SectionNode, SourcePos } from "./types.js";
import { getWordConf, splitWordsConf } from "./words.js";
import { compareVersion } from "./version.js";
import { builtinLoadError } from "./startup.js";


/** A reading-pass failure; `pos` is httpd's err_directive (absent when httpd has none). */
export class ReadError extends Error {
  constructor(
    readonly detail: string,
    readonly pos: SourcePos | undefined,
    /** The code, named where the error is raised (default HTR_CONFIG_SYNTAX). */
    readonly code?: HtrErrorCode,
    /** httpd prints this one without "Syntax error on line N of FILE:" when no directive precedes it. */
    readonly bare = false,
  ) {
    super(detail);
  }
}

/** An htrewrite bound that httpd does not have (it would crash or exhaust memory there). */
function limitError(what: string, pos: SourcePos): ReadError {
  return new ReadError(`htrewrite: ${what} (HTR_CONFIG_LIMIT)`, pos, "HTR_CONFIG_LIMIT");
}

/** Mutable state shared by the reading pass of one configuration. */
export interface ReadState {
  fs: ConfigFs;
  serverRoot: string;
  /** Names defined for <IfDefine> (Define with or without value, or given up front). */
  defineNames: Set<string>;
  /** `Define NAME VALUE` values, for `${NAME}`. */
  defineValues: Map<string, string>;
  env: Readonly<Record<string, string | undefined>>;
  /** Loaded module identifiers, in load order (built-ins first). */
  loaded: string[];
  warnings: ConfigWarning[];
  /** The override mask of the pass (main config: RSRC_CONF|OR_OPTIONS|OR_FILEINFO|OR_INDEXES). */
  override: number;
  /** AllowOverrideList names (lower-case) for .htaccess; null elsewhere. */
  overrideList: Set<string> | null;
  isHtaccess: boolean;
  includeDepth: number;
  /** Files read by Include/IncludeOptional so far, in all (bounded by MAX_INCLUDED_FILES). */
  includedFiles: number;
  /** Sections open around the line being read, across spliced conditionals and Includes. */
  sectionDepth: number;
  /**
   * For a full start-up check: mod_so's look at the module file (startup.ts), given ServerRoot
   * as it stands at the LoadModule line. Absent when the files are not there to look at.
   */
  loadModuleCheck?: (id: string, file: string, serverRoot: string) => string | null;
  /** One copy of each name and argument text read (made on first use; dropped with the state). */
  strings?: Map<string, string>;
}

/**
 * The pass's one copy of `s`. A tree keeps every directive's name, key and arguments for the
 * engine's life; 10,000 `RewriteRule` lines would hold 20,000 copies of "RewriteRule" and
 * "rewriterule", and a repeated `RewriteCond %{HTTPS} off` as many copies of its words.
 */
function shared(st: ReadState, s: string): string {
  const pool = (st.strings ??= new Map());
  const hit = pool.get(s);
  if (hit !== undefined) return hit;
  pool.set(s, s);
  return s;
}

/** httpd's limit on nested directories read by one Include (AP_MAX_FNMATCH_DIR_DEPTH). */
const MAX_INCLUDE_DIR_DEPTH = 128;

/** Main-config override mask: (RSRC_CONF | OR_ALL) & ~(OR_AUTHCFG | OR_LIMIT). */
export const MAIN_OVERRIDE = 128 | 2 | 4 | 16;

/** Read one file's text into nodes (ap_process_resource_config + ap_build_config). */
export function readConfigText(text: string, file: string, st: ReadState): ConfigNode[] {
  const reader = new LineReader(text, MAX_LINE_BYTES);
  try {
    return buildNodes(reader, file, st, undefined);
  } catch (e) {
    if (e instanceof LineTooLongError) {
      throw new ReadError(`Error reading ${file} at line ${e.line}: Line too long`, undefined, undefined, true);
    }
    throw e;
  }
}

/** The canonical name httpd records for a directive: the table's spelling when known. */
function canonicalName(written: string, st: ReadState): string {
  return directiveInfo(written, st.loaded)?.name ?? written;
}

/** Canonical name of a section node, with its `<`. */
export function sectionDirectiveName(node: SectionNode, loaded: Iterable<string>): string {
  return directiveInfo("<" + node.name, loaded)?.name ?? "<" + node.name;
}

/** Split a directive's arguments per its family (mod_rewrite's tokenizer or core words). */
export function splitArgs(key: string, argText: string): string[] {
  if (key === "rewriterule" || key === "rewritecond") {
    const r = parseRewriteArgs(argText);
    if (!r) return [];
    return r.a3 === undefined ? [r.a1, r.a2] : [r.a1, r.a2, r.a3];
  }
  return splitWordsConf(argText);
}

/** The argument text of a section's opening tag up to its last `>` (httpd cuts there). */
export function sectionArgText(openArgs: string): string {
  const gt = openArgs.lastIndexOf(">");
  return gt === -1 ? openArgs : openArgs.slice(0, gt);
}

/**
 * ap_build_config / ap_build_cont_config. With `stopAt` (lower-case "ifmodule>" …) the reading
 * ends at a line that is exactly that closing tag at nesting level 0, and sections left open at
 * the end are not an error (httpd does not check there, measured: an unclosed <Directory> inside
 * a true <IfModule> is accepted).
 */
function buildNodes(reader: LineReader, file: string, st: ReadState, stopAt: string | undefined): ConfigNode[] {
  const root: ConfigNode[] = [];
  const stack: SectionNode[] = [];
  const container = (): ConfigNode[] => (stack.length ? stack[stack.length - 1].children : root);
  const lookup = (name: string): string | undefined => st.defineValues.get(name) ?? st.env[name];
  for (let l = reader.next(); l !== null; l = reader.next()) {
    const text = l.text;
    if (stopAt !== undefined && stack.length === 0 && text.startsWith("</") && text.slice(2).toLowerCase() === stopAt) {
      return root;
    }
    if (text === "" || text[0] === "#") continue;
    const pos: SourcePos = { file, line: l.line, column: l.column };
    if (l.lastLine !== l.line) pos.lastLine = l.lastLine;
    const resolved = resolveEnv(text, lookup, MAX_EXPANDED_LINE_BYTES);
    if (resolved.overflow) {
      throw limitError(`\${} substitution makes this line ${MAX_EXPANDED_LINE_BYTES} bytes or longer`, pos);
    }
    for (const name of resolved.undefinedNames) {
      st.warnings.push({ message: `AH00111: Config variable \${${name}} is not defined`, pos });
    }
    const first = getWordConf(resolved.text);
    let cmdName = first.word;
    let args = first.rest;
    if (cmdName === "") continue;
    if (cmdName[1] !== "/") {
      if (cmdName.endsWith(">")) cmdName = cmdName.slice(0, -1);
      if (cmdName[0] === "<" && args === "") args = ">";
    }
    const info = directiveInfo(cmdName, st.loaded);
    if (info?.execOnRead) {
      // What it reads (a true conditional's body, an Included file) sits inside this file's open sections.
      st.sectionDepth += stack.length;
      let spliced: ConfigNode[];
      try {
        spliced = executeNow(info, args, pos, reader, file, st);
      } finally {
        st.sectionDepth -= stack.length;
      }
      for (const n of spliced) container().push(n);
      continue;
    }
    if (cmdName[0] === "<") {
      if (cmdName[1] !== "/") {
        const rawArgs = sectionArgText(args);
        const node: SectionNode = {
          type: "section",
          name: cmdName.slice(1),
          key: cmdName.slice(1).toLowerCase(),
          args: splitWordsConf(rawArgs),
          rawArgs,
          openArgs: args,
          children: [],
          pos,
          endPos: pos,
          raw: text,
        };
        if (st.sectionDepth + stack.length + 1 > MAX_SECTION_DEPTH) {
          throw limitError(`sections nested deeper than ${MAX_SECTION_DEPTH} levels`, pos);
        }
        container().push(node);
        stack.push(node);
      } else if (stack.length === 0) {
        throw new ReadError(`${cmdName} without matching <${cmdName.slice(2)} section`, pos);
      } else {
        if (!cmdName.endsWith(">")) throw new ReadError(`${cmdName}> directive missing closing '>'`, pos);
        const top = stack[stack.length - 1];
        const parentName = canonicalName("<" + top.name, st).slice(1);
        if (cmdName.slice(2, -1).toLowerCase() !== parentName.toLowerCase()) {
          throw new ReadError(`Expected </${parentName}> but saw ${cmdName}`, pos);
        }
        top.endPos = pos;
        stack.pop();
      }
      continue;
    }
    const key = shared(st, cmdName.toLowerCase());
    const node: DirectiveNode = {
      type: "directive",
      name: shared(st, cmdName),
      key,
      args: splitArgs(key, args).map((a) => shared(st, a)),
      rawArgs: args,
      pos,
      raw: text,
    };
    container().push(node);
  }
  if (stopAt === undefined && stack.length > 0) {
    const lines: string[] = [];
    for (let i = stack.length - 1; i >= 0; i--) {
      const s = stack[i];
      lines.push(`${s.pos.file}:${apacheLine(s.pos)}: ${canonicalName("<" + s.name, st)}> was not closed.`);
    }
    throw new ReadError(lines.join("\n"), stack[0].pos);
  }
  return root;
}

/** invoke_cmd for a directive httpd runs while reading; returns the nodes to splice in. */
function executeNow(
  info: DirectiveInfo, args: string, pos: SourcePos, reader: LineReader, file: string, st: ReadState,
): ConfigNode[] {
  if ((st.override & info.reqOverride) === 0 && !st.overrideList?.has(info.name.toLowerCase())) {
    if (st.override & NONFATAL_OVERRIDE) {
      st.warnings.push({ message: `AH02295: ${info.name} in .htaccess forbidden by AllowOverride`, pos });
      return [];
    }
    throw new ReadError(`${info.name} not allowed here`, pos, "HTR_CONFIG_CONTEXT");
  }
  const arity = checkArity(info, args);
  if (arity.error) throw new ReadError(arity.error, pos);
  const a = arity.args;
  switch (info.name.toLowerCase()) {
    case "define":
    case "undefine": {
      if (st.isHtaccess) throw new ReadError(`${info.name} cannot occur within htaccess files`, pos, "HTR_CONFIG_CONTEXT");
      if (a[0].includes(":")) throw new ReadError("Variable name must not contain ':'", pos);
      if (info.name === "Define") {
        st.defineNames.add(a[0]);
        if (a.length > 1) st.defineValues.set(a[0], a[1]);
      } else {
        st.defineNames.delete(a[0]);
        st.defineValues.delete(a[0]);
      }
      return [];
    }
    case "include":
    case "includeoptional":
      return include(a[0], info.name === "IncludeOptional", pos, st);
    case "loadmodule": {
      const id = a[0];
      // mod_so's order: a module loaded before is skipped; a built-in one (mod_FOO.c) is refused.
      if (st.loaded.includes(id) && !BUILTIN_MODULES.includes(id)) {
        st.warnings.push({ message: `AH01574: module ${id} is already loaded, skipping`, pos });
        return [];
      }
      const err = builtinLoadError(id) ?? st.loadModuleCheck?.(id, a[1], st.serverRoot) ?? null;
      if (err) throw new ReadError(err, pos);
      if (!st.loaded.includes(id)) st.loaded.push(id);
      return [];
    }
    case "serverroot": {
      const root = nodePath.posix.resolve(st.serverRoot, a[0]);
      if (st.fs.stat(root) !== "dir") throw new ReadError("ServerRoot must be a valid directory", pos);
      st.serverRoot = root;
      return [];
    }
    case "loadfile":
    case "defaultruntimedir":
      return [];
    default:
      if (info.isSection) return conditionalSection(info, args, pos, reader, file, st);
      return [];
  }
}

/** httpd's start_cond_section (and mod_version's <IfVersion>). */
function conditionalSection(
  info: DirectiveInfo, args: string, pos: SourcePos, reader: LineReader, file: string, st: ReadState,
): ConfigNode[] {
  const gt = args.lastIndexOf(">");
  if (gt === -1) throw new ReadError(`${info.name}> directive missing closing '>'`, pos);
  let arg = args.slice(0, gt);
  let result: boolean;
  if (info.name === "<IfVersion") {
    const r = compareVersion(arg);
    if (typeof r === "string") throw new ReadError(r, pos);
    result = r;
  } else {
    const not = arg[0] === "!";
    if (not) arg = arg.slice(1);
    const arg1 = getWordConf(arg).word;
    if (arg1 === "") throw new ReadError(`${info.name}> directive requires additional arguments`, pos);
    result = testCondition(info.name, arg1, st);
    if (not) result = !result;
  }
  const closer = (info.name.slice(1) + ">").toLowerCase();
  if (result) {
    if (st.sectionDepth + 1 > MAX_SECTION_DEPTH) {
      throw limitError(`sections nested deeper than ${MAX_SECTION_DEPTH} levels`, pos);
    }
    st.sectionDepth++;
    try {
      return buildNodes(reader, file, st, closer);
    } finally {
      st.sectionDepth--;
    }
  }
  const err = soak(reader, info.name);
  if (err) throw new ReadError(err, pos);
  return [];
}

function testCondition(section: string, arg: string, st: ReadState): boolean {
  switch (section) {
    case "<IfModule": {
      const id = moduleIdFor(arg) ?? (arg.endsWith("_module") ? arg : undefined);
      return id !== undefined && (BUILTIN_MODULES.includes(id) || st.loaded.includes(id));
    }
    case "<IfDefine":
      return st.defineNames.has(arg);
    case "<IfFile":
      return st.fs.stat(nodePath.posix.resolve(st.serverRoot, arg)) !== null;
    case "<IfDirective":
      return directiveInfo(arg, st.loaded) !== undefined;
    case "<IfSection":
      return directiveInfo("<" + arg, st.loaded) !== undefined;
    default:
      return false;
  }
}

/**
 * ap_soak_end_container: skip a false conditional section, following only the nesting of
 * `<…>` / `</…>` lines (comments are not special here). Returns httpd's message or null.
 */
function soak(reader: LineReader, directive: string): string | null {
  // Iterative (a stack of open names), so a deep false section cannot exhaust the call stack;
  // httpd soaks 10,000 nested levels without complaint (measured).
  const open = [directive];
  for (let l = reader.next(); l !== null; l = reader.next()) {
    const w = getWordConf(l.text);
    let name = w.word;
    if (name[0] !== "<") continue;
    if (name[1] === "/") {
      name = name.slice(0, -1);
      const top = open[open.length - 1];
      if (name.slice(2).toLowerCase() !== top.slice(1).toLowerCase()) {
        return `Expected </${top.slice(1)}> but saw ${name}>`;
      }
      open.pop();
      if (open.length === 0) return null;
      continue;
    }
    if (w.rest === "" && name.endsWith(">")) name = name.slice(0, -1);
    open.push(name);
  }
  return `Expected </${open[open.length - 1].slice(1)}> before end of configuration`;
}

/** Include / IncludeOptional: ServerRoot-relative path, wildcards, directories read whole. */
function include(name: string, optional: boolean, pos: SourcePos, st: ReadState): ConfigNode[] {
  if (++st.includeDepth > MAX_INCLUDE_DEPTH) {
    throw new ReadError(
      `Exceeded maximum include depth of ${MAX_INCLUDE_DEPTH}, There appears to be a recursion.`, pos, "HTR_CONFIG_INCLUDE",
    );
  }
  try {
    const path = nodePath.posix.isAbsolute(name) ? name : nodePath.posix.join(st.serverRoot, name);
    const out: ConfigNode[] = [];
    const prefix = "Include/IncludeOptional: ";
    const processFile = (fname: string): void => {
      if (++st.includedFiles > MAX_INCLUDED_FILES) {
        throw limitError(`more than ${MAX_INCLUDED_FILES} included files (${fname} is one too many)`, pos);
      }
      const text = st.fs.readFile(fname);
      if (text === null) throw new ReadError(`Could not open configuration file ${fname}: No such file or directory`, pos, "HTR_CONFIG_INCLUDE");
      const saved = { override: st.override, overrideList: st.overrideList };
      try {
        for (const n of readConfigText(text, fname, st)) out.push(n);
      } catch (e) {
        if (e instanceof ReadError && e.pos) {
          throw new ReadError(`Syntax error on line ${apacheLine(e.pos)} of ${e.pos.file}: ${e.detail}`, pos, e.code);
        }
        if (e instanceof ReadError) throw new ReadError(e.detail, pos, e.code);
        throw e;
      } finally {
        st.override = saved.override;
        st.overrideList = saved.overrideList;
      }
    };
    // ap_dir_nofnmatch: a directory is read whole, entries in byte order, recursively.
    const noMatch = (fname: string, depth: number): void => {
      if (st.fs.stat(fname) === "dir") {
        if (depth + 1 > MAX_INCLUDE_DIR_DEPTH) {
          throw new ReadError(
            `${prefix}Directory '${fname}' exceeds the maximum include directory nesting level of ${MAX_INCLUDE_DIR_DEPTH}. You have probably a recursion somewhere.`,
            pos,
            "HTR_CONFIG_INCLUDE",
          );
        }
        const entries = st.fs.readdir(fname);
        if (entries === null) throw new ReadError(`${prefix}Could not open directory ${fname}: Permission denied`, pos, "HTR_CONFIG_INCLUDE");
        for (const e of [...entries].sort(byteCompare)) noMatch(joinPath(fname, e), depth + 1);
        return;
      }
      if (optional && st.fs.stat(fname) === null) return;
      processFile(fname);
    };
    // ap_dir_fnmatch: walk the path one segment at a time, expanding wildcard segments.
    const walk = (dir: string, rest: string): void => {
      const slash = rest.indexOf("/");
      const seg = slash === -1 ? rest : rest.slice(0, slash);
      const more = slash === -1 ? null : rest.slice(slash + 1);
      if (!hasWildcard(seg)) {
        const next = joinPath(dir, seg);
        if (more === null) noMatch(next, 0);
        else walk(next, more);
        return;
      }
      const entries = st.fs.stat(dir) === "dir" ? st.fs.readdir(dir) : null;
      if (entries === null) {
        if (optional) return;
        throw new ReadError(`${prefix}Could not open directory ${dir}: No such file or directory`, pos, "HTR_CONFIG_INCLUDE");
      }
      const hits = entries
        .filter((e) => e !== "." && e !== ".." && fnmatch(seg, e))
        .map((e) => joinPath(dir, e))
        .filter((p) => more === null || st.fs.stat(p) === "dir")
        .sort(byteCompare);
      if (hits.length === 0) {
        if (!optional) throw new ReadError(`${prefix}No matches for the wildcard '${seg}' in '${dir}', failing`, pos, "HTR_CONFIG_INCLUDE");
        return;
      }
      for (const h of hits) {
        if (more === null) noMatch(h, 0);
        else walk(h, more);
      }
    };
    try {
      if (!hasWildcard(path)) noMatch(path, 0);
      else walk("/", path.replace(/^\/+/, ""));
    } catch (e) {
      // Only the innermost Include names the refused file; the outer ones add httpd's prefixes.
      if (e instanceof FileRootError) {
        throw new ReadError(`htrewrite: ${optional ? "IncludeOptional" : "Include"} ${name} reads ${e.message} (HTR_FILE_ROOT)`, pos, "HTR_FILE_ROOT");
      }
      throw e;
    }
    return out;
  } finally {
    st.includeDepth--;
  }
}

/**
 * MAX_RULES_PER_CONTEXT over the whole tree: each list of directives (the server config, a
 * virtual host, a section, an .htaccess; Included files spliced in) holds at most that many
 * RewriteRules. Iterative, so any nesting the reader accepted is walked without recursion.
 */
export function assertRuleCounts(nodes: readonly ConfigNode[]): void {
  const lists: Array<readonly ConfigNode[]> = [nodes];
  while (lists.length) {
    const list = lists.pop()!;
    let rules = 0;
    for (const n of list) {
      if (n.type === "section") lists.push(n.children);
      else if (n.key === "rewriterule" && ++rules > MAX_RULES_PER_CONTEXT) {
        throw limitError(`more than ${MAX_RULES_PER_CONTEXT} RewriteRules in one context`, n.pos);
      }
    }
  }
}

/** ap_make_full_path: join without doubling the slash. */
function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : dir + "/" + name;
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
