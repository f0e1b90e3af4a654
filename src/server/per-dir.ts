/**
 * Per-directory configuration as Apache merges it for one request: a list of layers, in merge
 * order, each holding the directives one place contributed. The order is core's walk order:
 * the main server's own level, the virtual host's level, then <Directory> sections (shortest path
 * first, config order within a depth) interleaved with the .htaccess of each directory reached,
 * then <DirectoryMatch>, then <Files>/<FilesMatch>, then <Location>/<LocationMatch>.
 * Consumers fold the layers with their module's own merge rule (last writer wins, Options' +/-,
 * mod_env's overlay, mod_setenvif's append …); see the functions below.
 */
import type { DirectiveNode } from "../config/types.js";
import { directivesByKey } from "./directive-index.js";
import type { Section, ServerModel, ServerRec } from "./model.js";

export { directivesByKey };

export type LayerSource = "main-server" | "vhost" | "directory" | "htaccess" | "directorymatch" | "files" | "location" | "if";

export interface DirLayer {
  source: LayerSource;
  /** The section it came from (null for server levels and .htaccess). */
  section: Section | null;
  /**
   * The directory this layer configures, with a trailing "/": a <Directory> path, the folder of
   * an .htaccess, a <Location> URL-path (mod_rewrite's PERDIR for the layer); null for server levels.
   */
  dir: string | null;
  directives: DirectiveNode[];
  /** For .htaccess layers: the file's path. */
  file?: string;
  /** For .htaccess layers: the <Files>/<FilesMatch>/<If> sections the file holds. */
  nested?: readonly Section[];
}

/** The layers every request starts from: main server level, then the vhost's own level. */
export function serverLayers(model: ServerModel, server: ServerRec): DirLayer[] {
  const layers: DirLayer[] = [{ source: "main-server", section: null, dir: null, directives: model.main.directives }];
  if (!server.isMain) layers.push({ source: "vhost", section: null, dir: null, directives: server.directives });
  return layers;
}

/** Sections of a kind visible in a server: the main server's, then the vhost's own. */
export function visibleSections(model: ServerModel, server: ServerRec, kinds: ReadonlyArray<Section["kind"]>): Section[] {
  const own = server.isMain ? [] : server.sections;
  return [...model.main.sections, ...own].filter((s) => kinds.includes(s.kind));
}

const fnmatchCache = new Map<string, RegExp | null>();

/** apr_fnmatch with FNM_PATHNAME: "*" and "?" do not cross "/"; [...] classes. */
export function fnmatchPath(pattern: string, text: string): boolean {
  let compiled = fnmatchCache.get(pattern);
  if (compiled === undefined) {
    compiled = fnmatchRegExp(pattern);
    if (fnmatchCache.size > 10_000) fnmatchCache.clear();
    fnmatchCache.set(pattern, compiled);
  }
  return compiled !== null && compiled.test(text);
}

function fnmatchRegExp(pattern: string): RegExp | null {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else if (ch === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        let cls = pattern.slice(i + 1, end);
        if (cls.startsWith("!")) cls = "^" + cls.slice(1);
        re += `[${cls.replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else if (ch === "\\" && i + 1 < pattern.length) {
      re += pattern[++i].replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
    } else re += ch.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
  }
  try {
    return new RegExp(re + "$", "s");
  } catch {
    return null;
  }
}

/**
 * Non-regex <Directory> sections sorted as ap_core_reorder_directories does: by number of path
 * components, config order kept within a depth. Regex ones (DirectoryMatch, `~`) come after.
 */
export function orderedDirectorySections(model: ServerModel, server: ServerRec): { plain: Section[]; regex: Section[] } {
  const all = visibleSections(model, server, ["directory", "directorymatch"]);
  const plain = all.filter((s) => s.kind === "directory").map((s, i) => ({ s, i }));
  plain.sort((a, b) => a.s.components - b.s.components || a.i - b.i);
  return { plain: plain.map((x) => x.s), regex: all.filter((s) => s.kind === "directorymatch") };
}

/** Does a <Location> (non-regex) cover `uri`? Prefix match ending on a segment boundary. */
export function locationMatches(section: Section, uri: string): boolean {
  if (section.regex) return section.regex.exec(uri) !== null;
  const arg = section.arg;
  if (section.wildcard) return fnmatchPath(arg, uri);
  if (!uri.startsWith(arg)) return false;
  if (arg.length === 0 || arg.endsWith("/")) return true;
  const next = uri[arg.length];
  return next === undefined || next === "/";
}

/** The <Location>/<LocationMatch> layers for a URI, in config order (main server's first). */
export function locationLayers(model: ServerModel, server: ServerRec, uri: string): DirLayer[] {
  const out: DirLayer[] = [];
  for (const s of visibleSections(model, server, ["location", "locationmatch"])) {
    if (locationMatches(s, uri)) {
      out.push({ source: "location", section: s, dir: s.regex ? s.arg : s.arg.endsWith("/") ? s.arg : s.arg + "/", directives: s.directives });
    }
  }
  return out;
}

/**
 * ap_if_walk: the <If>/<ElseIf>/<Else> sections that apply, in order — the server's top-level
 * ones, then those nested in the sections already applied. An <ElseIf>/<Else> applies only when
 * every earlier member of its chain was false.
 */
export function ifLayers(
  model: ServerModel,
  server: ServerRec,
  applied: readonly DirLayer[],
  evaluate: (expr: string) => boolean,
): DirLayer[] {
  const candidates: Section[] = [...visibleSections(model, server, ["if"])];
  for (const l of applied) {
    if (l.section) candidates.push(...l.section.nested.filter((n) => n.kind === "if"));
    if (l.nested) candidates.push(...l.nested.filter((n) => n.kind === "if"));
  }
  const out: DirLayer[] = [];
  let chainTaken = false;
  for (const s of candidates) {
    if (s.ifKind === "if") chainTaken = false;
    if (s.ifKind !== "if" && chainTaken) continue;
    const hit = s.ifKind === "else" ? true : evaluate(s.arg);
    if (hit) {
      chainTaken = true;
      out.push({ source: "if", section: s, dir: null, directives: s.directives });
    }
  }
  return out;
}

/** Every directive of a key across the layers, in merge order. */
export function allDirectives(layers: readonly DirLayer[], key: string): DirectiveNode[] {
  const out: DirectiveNode[] = [];
  for (const l of layers) out.push(...directivesByKey(l.directives, key));
  return out;
}

/** Last writer wins. */
export function lastDirective(layers: readonly DirLayer[], key: string): DirectiveNode | undefined {
  for (let i = layers.length - 1; i >= 0; i--) {
    const ds = directivesByKey(layers[i].directives, key);
    if (ds.length) return ds[ds.length - 1];
  }
  return undefined;
}

export type OptionName = "Indexes" | "Includes" | "IncludesNOEXEC" | "FollowSymLinks" | "SymLinksIfOwnerMatch" | "ExecCGI" | "MultiViews";

const OPTION_NAMES: Record<string, OptionName[]> = {
  indexes: ["Indexes"],
  includes: ["Includes"],
  includesnoexec: ["IncludesNOEXEC"],
  followsymlinks: ["FollowSymLinks"],
  symlinksifownermatch: ["SymLinksIfOwnerMatch"],
  execcgi: ["ExecCGI"],
  multiviews: ["MultiViews"],
  all: ["Indexes", "Includes", "FollowSymLinks", "SymLinksIfOwnerMatch", "ExecCGI"],
  none: [],
};

/**
 * Options after the merge: Apache 2.4's default is FollowSymLinks; an Options line whose words
 * have no +/- replaces the inherited set, +X/-X adjust it.
 */
export function effectiveOptions(layers: readonly DirLayer[]): Set<OptionName> {
  let opts = new Set<OptionName>(["FollowSymLinks"]);
  for (const d of allDirectives(layers, "options")) {
    const relative = d.args.some((a) => a.startsWith("+") || a.startsWith("-"));
    if (!relative) opts = new Set();
    for (const a of d.args) {
      const sign = a[0] === "+" || a[0] === "-" ? a[0] : "";
      const names = OPTION_NAMES[(sign ? a.slice(1) : a).toLowerCase()] ?? [];
      for (const n of names) {
        if (sign === "-") opts.delete(n);
        else opts.add(n);
      }
    }
  }
  return opts;
}
