/**
 * `htrewrite check FILE…`: would Apache 2.4.71 accept this configuration?
 *
 * FILE is an Apache configuration (checked as `apache2 -t -f FILE` would), an `.htaccess`
 * (`--htaccess`, or by its name; checked as httpd reads it per request), or a conformance case
 * `.json` (the base configuration of case-format.md plus the case's `config`, checked as Apache
 * checks it at start-up; the case's `.htaccess` files are checked too, under the AllowOverride the
 * configuration gives their directory, and reported apart: a bad one makes its requests 500, it
 * does not stop the server).
 *
 * Exit 0 accepted, 1 refused (what and where on stderr, in httpd's words), 2 usage.
 * `--json` prints one JSON report per file on stdout instead. Directives Apache accepts but
 * htrewrite does not act on are listed as notes.
 */
import { assertReadsInRoots, confineReads, realDiskPath, type DiskPathOf, type FileRoots } from "../config/file-roots.js";
import { takeRoots } from "./roots-option.js";
import { readInput } from "../util/read-input.js";
import { basename, dirname, resolve } from "node:path";
import { buildBaseConfig, BASE_CONFIG_LINES } from "../case/base-config.js";
import { loadCase, normalisePlaceholders, substitutePlaceholders, textOf } from "../case/load.js";
import type { CaseFile } from "../case/types.js";
import {
  CASE_BASE_MODULES, ConfigError, diskFs, isSimulated, parseConfig, parseHtaccess, readEnvvars, startFailure,
  type ConfigFs, type ConfigNode, type ConfigTree, type DirectiveInfo, type DirectiveNode, type OverrideClass, type SourcePos,
} from "../config/index.js";
import { compileRegex } from "../regex/index.js";
import { ENGINE_CONFIG_CHECKS } from "../expr/config-checks.js";
import { casePorts, caseFileSystem, loadCaseEngine, SANDBOX_ROOT } from "../eval/case.js";
import { compilePerDirContext, RewriteConfigError } from "../rewrite/compile.js";
import { DiskFs } from "../server/fs.js";
import { configFsOf, loadEngine } from "../server/load.js";
import { bytesToUtf8, utf8ToBytes } from "../util/bytes.js";
import { HtrError } from "../util/errors.js";

/** One finding attached to a place in a file. */
export interface CheckNote {
  file: string;
  line: number;
  message: string;
}

/** What `check` found for one .htaccess file. */
export interface HtaccessReport {
  file: string;
  /** The AllowOverride in effect ("None" → httpd does not read the file). */
  allowOverride: string;
  read: boolean;
  accepted: boolean;
  error?: string;
  /** Where the error is, when the reader or mod_rewrite's compiler knows the line. */
  errorPos?: { file: string; line: number };
  warnings: CheckNote[];
  notSimulated: CheckNote[];
}

/** What `check` found for one FILE argument. */
export interface CheckReport {
  file: string;
  kind: "config" | "htaccess" | "case";
  accepted: boolean;
  /** httpd's full error text (start-up form, or `<file>: …` for an .htaccess). */
  error?: string;
  errorCode?: string;
  errorPos?: { file: string; line: number };
  /**
   * "start" when `apache2 -t` says Syntax OK but the server does not start (no listener, PidFile
   * directory missing): what a real start prints.
   */
  failurePhase?: "check" | "start";
  warnings: CheckNote[];
  notSimulated: CheckNote[];
  /** For a case: what the case says Apache does, and whether htrewrite agrees. */
  expectStartFailure?: boolean;
  htaccess?: HtaccessReport[];
}

interface CheckOptions {
  json: boolean;
  htaccess: boolean;
  allowOverride: string;
  serverRoot: string;
  /** True when --server-root was given (a Debian tree's own directory is not used then). */
  serverRootGiven?: boolean;
  defines: string[];
  modules: string[];
  /** --root DIR…: where the configuration may read from (config/file-roots.ts). */
  roots?: FileRoots;
}

export const HELP = `usage: htrewrite check [--json] [--htaccess] [--allow-override=All|None|CLASS,…]
                      [--server-root=DIR] [-D NAME] [--module=ID]… FILE…

Would Apache 2.4.71 accept FILE? An Apache configuration is checked as \`apache2 -t -f FILE\`
would (module files, one MPM, log directories), then for what only a real start shows (a
listener, the PidFile directory); a Debian tree's apache2.conf with its envvars (read, not run,
as apache2ctl sources it; its directory is then ServerRoot); an .htaccess (--htaccess, or by its name) as httpd reads it per request; a conformance
case .json as Apache checks it at start-up, its .htaccess files reported apart. Exit 1 when
Apache would refuse, with httpd's own message and line on stderr.

options:
  --json                 one JSON report per FILE on stdout
  --htaccess             read FILE as an .htaccess whatever its name
  --allow-override=…     the AllowOverride an .htaccess is read under (default All)
  --server-root=DIR      ServerRoot for relative paths (default /etc/apache2)
  -D NAME                define NAME for <IfDefine>
  --module=ID            take module ID as loaded (repeatable); --base-modules: the case set
  --root DIR             every file the configuration reads must resolve inside DIR, links
                         resolved (repeatable)`;
const USAGE = "(htrewrite check --help)";

export async function run(argv: string[]): Promise<number> {
  const { roots, rest } = takeRoots(argv, "check");
  argv = rest;
  const opts: CheckOptions = { json: false, htaccess: false, allowOverride: "All", serverRoot: "/etc/apache2", defines: [], modules: [], roots };
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") opts.json = true;
    else if (a === "--htaccess") opts.htaccess = true;
    else if (a.startsWith("--allow-override=")) opts.allowOverride = a.slice(17);
    else if (a.startsWith("--server-root=")) {
      opts.serverRoot = a.slice(14);
      opts.serverRootGiven = true;
    }
    else if (a.startsWith("--module=")) opts.modules.push(a.slice(9));
    else if (a === "--base-modules") opts.modules.push(...CASE_BASE_MODULES);
    else if (a === "-D" && i + 1 < argv.length) opts.defines.push(argv[++i]);
    else if (a.startsWith("-D") && a.length > 2) opts.defines.push(a.slice(2));
    else if (a.startsWith("-")) throw new HtrError("HTR_USAGE", `unknown option '${a}' ${USAGE}`);
    else files.push(a);
  }
  if (files.length === 0) throw new HtrError("HTR_USAGE", `check needs at least one FILE ${USAGE}`);
  if (parseAllowOverride(opts.allowOverride) === null) throw new HtrError("HTR_USAGE", `--allow-override: not an AllowOverride value: '${opts.allowOverride}' ${USAGE}`);
  let refused = 0;
  for (const f of files) {
    let report: CheckReport;
    try {
      report = checkFile(f, opts);
    } catch (e) {
      if (!(e instanceof HtrError)) throw e;
      // Read failures already name the file; other refusals get it in front.
      process.stderr.write(`htrewrite check: ${e.message.startsWith(`${f}:`) ? "" : `${f}: `}${e.message}\n`);
      refused++;
      continue;
    }
    if (!report.accepted) refused++;
    if (opts.json) process.stdout.write(JSON.stringify(report) + "\n");
    else printHuman(report);
  }
  return refused ? 1 : 0;
}

/** Check one FILE argument, deciding its kind by option and name. */
export function checkFile(file: string, opts: Partial<CheckOptions> = {}): CheckReport {
  const o: CheckOptions = { json: false, htaccess: false, allowOverride: "All", serverRoot: "/etc/apache2", defines: [], modules: [], ...opts };
  if (file.endsWith(".json")) return checkCase(loadCase(file), file, o.roots);
  const text = readText(file);
  const cfs = o.roots ? confineReads(diskFs, o.roots, realDiskPath) : diskFs;
  if (o.htaccess || basename(file) === ".htaccess") {
    const allow = parseAllowOverride(o.allowOverride) ?? { classes: "All" as const, list: [] };
    const h = checkHtaccessText(text, resolve(file), allow.classes, allow.list, cfs, o.serverRoot, process.env, o.modules.length ? o.modules : undefined, allow.options,
      o.roots ? { roots: o.roots, diskPath: realDiskPath } : undefined);
    return { file, kind: "htaccess", accepted: h.accepted, error: h.error, warnings: h.warnings, notSimulated: h.notSimulated };
  }
  const debian = debianTree(resolve(file), o);
  const env = debian?.env ?? process.env;
  const serverRoot = debian?.serverRoot ?? o.serverRoot;
  const report = checkConfigText(text, resolve(file), {
    fs: cfs,
    serverRoot,
    env,
    defines: o.defines,
    modules: o.modules,
    // With modules preset on the command line the configuration is a fragment: no start-up
    // checks (MPM, module files), and only the configuration layer's checks run, as the
    // engine loader knows modules only from LoadModule lines.
    startup: o.modules.length === 0,
    fullLoad: o.modules.length
      ? undefined
      : () => loadEngine({ text, file: resolve(file), fs: new DiskFs(), env, serverRoot, defines: o.defines, allowExec: true, roots: o.roots }),
  }, file);
  if (debian) report.warnings.unshift(...debian.notes);
  return report;
}

/**
 * A Debian tree (apache2.conf with envvars beside it), started as apache2ctl starts it: the
 * variables envvars exports join the environment, and the tree's directory is ServerRoot
 * (apache2ctl passes `-d` for a directory other than the compiled-in /etc/apache2).
 */
function debianTree(path: string, o: CheckOptions): { env: Record<string, string | undefined>; serverRoot: string; notes: CheckNote[] } | null {
  const dir = dirname(path);
  const envvars = `${dir}/envvars`;
  if (basename(path) !== "apache2.conf" || diskFs.stat(envvars) !== "file") return null;
  const r = readEnvvars(readText(envvars), { APACHE_CONFDIR: dir }, process.env);
  return {
    env: { ...process.env, ...r.exported },
    serverRoot: o.serverRootGiven ? o.serverRoot : dir,
    notes: r.skipped.map((s) => ({ file: envvars, line: s.line, message: `not understood, skipped (htrewrite reads envvars without running it): ${s.text}` })),
  };
}

function readText(file: string): string {
  return readInput(file).toString("latin1");
}

interface ConfigCheckEnv {
  fs: ConfigFs;
  serverRoot: string;
  env: Readonly<Record<string, string | undefined>>;
  defines: string[];
  modules: string[];
  /** The complete start-up of htrewrite's engine (rewrite compile, regexes, mod_wsgi preload). */
  fullLoad?: () => unknown;
  /** Only notes for directives from this line on (a case's own config). */
  firstOwnLine?: number;
  /** Run httpd's start-up checks too (module files, MPM, log and pid directories, listeners). */
  startup?: boolean;
}

/** Check a configuration text: the config layer's checks, then the engine's start-up. */
export function checkConfigText(text: string, path: string, env: ConfigCheckEnv, shownAs = path): CheckReport & { tree?: ConfigTree } {
  const notSimulated: CheckNote[] = [];
  const onDirective = (info: DirectiveInfo, pos: SourcePos): void => {
    if (isSimulated(info.name) || (env.firstOwnLine !== undefined && pos.file === path && pos.line < env.firstOwnLine)) return;
    notSimulated.push({ file: pos.file, line: pos.line, message: `${info.name}: accepted by Apache, not simulated by htrewrite` });
  };
  const report: CheckReport & { tree?: ConfigTree } = { file: shownAs, kind: "config", accepted: true, warnings: [], notSimulated };
  try {
    const tree = parseConfig(text, { checks: ENGINE_CONFIG_CHECKS,
      file: path, fs: env.fs, serverRoot: env.serverRoot, env: env.env, defines: env.defines,
      loadedModules: env.modules, onDirective, startup: env.startup,
    });
    report.tree = tree;
    report.warnings = (tree.warnings ?? []).map((w) => ({ file: w.pos.file, line: w.pos.line, message: w.message }));
    env.fullLoad?.();
    if (env.startup) {
      const f = startFailure(tree.children, tree.serverRoot ?? env.serverRoot, env.fs);
      if (f) {
        report.accepted = false;
        report.error = f.message;
        report.errorCode = "HTR_CONFIG_STARTUP";
        report.failurePhase = "start";
        if (f.pos.file) report.errorPos = { file: f.pos.file, line: f.pos.line };
        return report;
      }
    }
  } catch (e) {
    if (!(e instanceof HtrError)) throw e;
    report.accepted = false;
    report.error = e.message;
    report.errorCode = e.code;
    if (e instanceof ConfigError) report.errorPos = { file: e.pos.file, line: e.pos.lastLine ?? e.pos.line };
  }
  return report;
}

/** Check a conformance case: base configuration + case config, then its .htaccess files. */
export function checkCase(c: CaseFile, shownAs: string, roots?: FileRoots): CheckReport {
  const root = SANDBOX_ROOT;
  const ports = casePorts(c);
  const vfs = caseFileSystem(c, root, ports);
  const cfs = configFsOf(vfs);
  const norm = { root, ports, specs: c.ports };
  const text = buildBaseConfig({
    root,
    ports,
    modules: c.modules,
    extraConfig: c.config.map((l) => utf8ToBytes(substitutePlaceholders(l, { root, ports }))),
  });
  const env: Record<string, string> = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C" };
  for (const [k, v] of Object.entries(c.env)) env[k] = utf8ToBytes(substitutePlaceholders(v, { root, ports }));
  const confPath = `${root}/conf/httpd.conf`;
  const r = checkConfigText(text, confPath, {
    fs: cfs, serverRoot: root, env, defines: [], modules: [], firstOwnLine: BASE_CONFIG_LINES + 1,
    // check loads but never runs a program (no look-up, no request), so no consent is needed.
    fullLoad: () => loadCaseEngine(c, undefined, true, roots),
  }, shownAs);
  const show = (s: string): string => bytesToUtf8(normalisePlaceholders(s, norm));
  const notes = (list: CheckNote[]): CheckNote[] => list.map((n) => ({ file: show(n.file), line: n.line, message: show(n.message) }));
  const report: CheckReport = {
    file: shownAs,
    kind: "case",
    accepted: r.accepted,
    error: r.error === undefined ? undefined : show(r.error),
    errorCode: r.errorCode,
    errorPos: r.errorPos && { file: show(r.errorPos.file), line: r.errorPos.line },
    warnings: notes(r.warnings),
    notSimulated: notes(r.notSimulated),
    expectStartFailure: c.expect_start_failure,
    htaccess: [],
  };
  if (r.tree) {
    for (const [dir, body] of Object.entries(c.htaccess)) {
      const d = substitutePlaceholders(dir, { root, ports });
      const abs = (d.startsWith("/") ? d : `${root}/${d}`).replace(/\/+$/, "");
      const allow = allowOverrideFor(r.tree.children, abs);
      const h = checkHtaccessText(
        utf8ToBytes(substitutePlaceholders(textOf(body), { root, ports })),
        `${abs}/.htaccess`, allow.classes, allow.list, cfs, root, env, r.tree.loadedModules, allow.options,
        roots ? { roots, diskPath: (p) => (vfs.diskPath ? vfs.diskPath(p) : realDiskPath(p)) } : undefined,
      );
      report.htaccess!.push({ ...h, file: show(h.file), error: h.error === undefined ? undefined : show(h.error), warnings: notes(h.warnings), notSimulated: notes(h.notSimulated) });
    }
  }
  return report;
}

/** Check one .htaccess text as httpd reads it for a request in its directory. */
export function checkHtaccessText(
  text: string, file: string, classes: ReadonlySet<OverrideClass> | "All" | "None", list: string[],
  fs: ConfigFs, serverRoot: string, env: Readonly<Record<string, string | undefined>>, modules: Iterable<string> | undefined,
  options?: string[],
  confine?: { roots: FileRoots; diskPath: DiskPathOf },
): HtaccessReport {
  const allowText = classes === "All" || classes === "None" ? classes : [...classes].join(" ") || "None";
  const report: HtaccessReport = {
    file, allowOverride: allowText + (list.length ? ` (AllowOverrideList ${list.join(" ")})` : ""),
    read: !(classes === "None" && list.length === 0), accepted: true, warnings: [], notSimulated: [],
  };
  if (!report.read) return report;
  try {
    const tree = parseHtaccess(text, { checks: ENGINE_CONFIG_CHECKS,
      file, allowOverride: classes, allowOverrideList: list, allowOverrideOptions: options, fs, serverRoot, env, loadedModules: modules,
      onDirective: (info, pos) => {
        if (!isSimulated(info.name)) report.notSimulated.push({ file: pos.file, line: pos.line, message: `${info.name}: accepted by Apache, not simulated by htrewrite` });
      },
    });
    report.warnings = (tree.warnings ?? []).map((w) => ({ file: w.pos.file, line: w.pos.line, message: w.message }));
    // The files it names (AuthUserFile, RewriteMap …) against the roots, as the engine checks an
    // .htaccess it reads for a request (server/load.ts): an .htaccess outside them is a 500 there.
    if (confine) assertReadsInRoots(tree.children, confine.roots, confine.diskPath, serverRoot);
    // mod_rewrite's own start-up checks (flags, patterns, maps) for the file's top level.
    const directives = tree.children.filter((n): n is DirectiveNode => n.type === "directive");
    compilePerDirContext(directives, file.replace(/[^/]*$/, ""), {
      htaccess: true, serverRoot, exists: (p) => fs.stat(p) !== null,
    });
  } catch (e) {
    if (e instanceof RewriteConfigError) {
      report.accepted = false;
      report.error = `${file}: ${e.message}`;
      if (e.pos) report.errorPos = { file: e.pos.file, line: e.pos.lastLine ?? e.pos.line };
    } else if (e instanceof HtrError) {
      report.accepted = false;
      report.error = e.message;
      if (e instanceof ConfigError) report.errorPos = { file: e.pos.file, line: e.pos.lastLine ?? e.pos.line };
    } else throw e;
  }
  return report;
}

const CLASS_NAMES: Record<string, OverrideClass> = {
  authconfig: "AuthConfig", fileinfo: "FileInfo", indexes: "Indexes", limit: "Limit", options: "Options",
};

/** `All`, `None` or a comma/space list of override classes. */
function parseAllowOverride(s: string): AllowOverrideSetting | null {
  // "FileInfo,Options" and "FileInfo Options=Indexes,ExecCGI" both work.
  const words = s.split(/\s+/).flatMap((w) => (w.includes("=") ? [w] : w.split(","))).filter((w) => w !== "");
  return applyAllowOverride(words, { classes: "None", list: [] });
}

/** An AllowOverride / AllowOverrideList setting. */
export interface AllowOverrideSetting {
  classes: Set<OverrideClass> | "All" | "None";
  list: string[];
  /** The `Options=` list, when given. */
  options?: string[];
}

function applyAllowOverride(words: string[], prev: AllowOverrideSetting): AllowOverrideSetting | null {
  let classes: Set<OverrideClass> | "All" | "None" = "None";
  let options: string[] | undefined;
  for (const w of words) {
    const eq = w.indexOf("=");
    const k = (eq === -1 ? w : w.slice(0, eq)).toLowerCase();
    if (k === "options" && eq !== -1) options = w.slice(eq + 1).split(",").filter((o) => o !== "");
    if (k === "none") classes = "None";
    else if (k === "all") classes = "All";
    else if (k === "nonfatal") continue;
    else if (CLASS_NAMES[k]) {
      const set: Set<OverrideClass> = classes === "All" ? new Set(Object.values(CLASS_NAMES)) : classes === "None" ? new Set() : classes;
      set.add(CLASS_NAMES[k]);
      classes = set;
    } else return null;
  }
  return { classes, list: prev.list, options };
}

/**
 * AllowOverride / AllowOverrideList for a directory, from the main server's <Directory> sections
 * (non-regex ones, shortest path first as httpd merges them; wildcards per path segment).
 * Default AllowOverride None, as in httpd 2.4.
 */
export function allowOverrideFor(nodes: readonly ConfigNode[], dir: string): AllowOverrideSetting {
  const sections = nodes
    .filter((n) => n.type === "section" && n.key === "directory" && n.args[0] !== undefined && n.args[0] !== "~")
    .map((n) => n as Extract<ConfigNode, { type: "section" }>)
    .filter((s) => directoryCovers(s.args[0], dir))
    .map((s, i) => ({ s, i, depth: s.args[0].replace(/\/+$/, "").split("/").length }))
    .sort((a, b) => a.depth - b.depth || a.i - b.i);
  let result: AllowOverrideSetting = { classes: "None", list: [] };
  for (const { s } of sections) {
    for (const c of s.children) {
      if (c.type !== "directive") continue;
      if (c.key === "allowoverride") result = applyAllowOverride(c.args, result) ?? result;
      else if (c.key === "allowoverridelist") result = { ...result, list: c.args.filter((a) => a.toLowerCase() !== "none") };
    }
  }
  return result;
}

function directoryCovers(pattern: string, dir: string): boolean {
  const p = pattern.replace(/\/+$/, "").split("/");
  const d = dir.replace(/\/+$/, "").split("/");
  if (pattern === "/") return true;
  if (p.length > d.length) return false;
  for (let i = 0; i < p.length; i++) {
    const re = new RegExp("^" + p[i].replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]") + "$");
    if (!re.test(d[i])) return false;
  }
  return true;
}

function printHuman(r: CheckReport): void {
  const out = (s: string): void => void process.stdout.write(s + "\n");
  const err = (s: string): void => void process.stderr.write(s + "\n");
  if (r.accepted) out(`${r.file}: Syntax OK`);
  else if (r.failurePhase === "start") err(`${r.file}: apache2 -t accepts it, but Apache does not start:\n${r.error}`);
  else err(`${r.file}: refused by Apache:\n${r.error}`);
  if (r.expectStartFailure !== undefined && r.expectStartFailure === r.accepted) {
    err(`${r.file}: note: the case says Apache ${r.expectStartFailure ? "refuses" : "accepts"} this configuration`);
  }
  for (const w of r.warnings) err(`${w.file}:${w.line}: warning: ${w.message}`);
  for (const n of r.notSimulated) err(`${n.file}:${n.line}: note: ${n.message}`);
  for (const h of r.htaccess ?? []) {
    if (!h.read) out(`  ${h.file}: not read by Apache (AllowOverride None)`);
    else if (h.accepted) out(`  ${h.file}: OK under AllowOverride ${h.allowOverride}`);
    else err(`  ${h.file}: requests in this directory get 500 (AllowOverride ${h.allowOverride}):\n  ${h.error}`);
    for (const w of h.warnings) err(`  ${w.file}:${w.line}: warning: ${w.message}`);
    for (const n of h.notSimulated) err(`  ${n.file}:${n.line}: note: ${n.message}`);
  }
}
