/**
 * Per-directory configuration as Apache merges it for one request: a list of layers, in merge
 * order, each holding the directives one place contributed. The order is core's walk order:
 * the main server's own level, the virtual host's level, then <Directory> sections (shortest path
 * first, config order within a depth) interleaved with the .htaccess of each directory reached,
 * then <DirectoryMatch>, then <Files>/<FilesMatch>, then <Location>/<LocationMatch>.
 * Each module folds the layers with its own merge rule (last writer wins, Options' +/-, mod_env's
 * overlay, mod_setenvif's append …): server/modules/, merged once per chain by server/module-set.ts.
 */
import type { DirectiveNode } from "../config/types.js";
import type { Section, ServerModel, ServerRec } from "./model.js";

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

/**
 * Sections of some kinds visible in a server: the main server's, then the vhost's own. Computed
 * once per server and kind list (the lists never change after load).
 */
export function visibleSections(model: ServerModel, server: ServerRec, kinds: SectionKinds): readonly Section[] {
  const key = kinds;
  let byKind = visibleCache.get(server);
  if (!byKind) {
    byKind = new Map();
    visibleCache.set(server, byKind);
  }
  let out = byKind.get(key);
  if (!out) {
    const own = server.isMain ? [] : server.sections;
    out = [...model.main.sections, ...own].filter((s) => kinds.includes(s.kind));
    byKind.set(key, out);
  }
  return out;
}

/** Keyed by the server record: it lives and dies with its model. */
const visibleCache = new WeakMap<ServerRec, Map<SectionKinds, readonly Section[]>>();

/** The kind lists sections are looked up by (one object each, so lookups are by identity). */
export type SectionKinds = ReadonlyArray<Section["kind"]>;
export const DIRECTORY_KINDS: SectionKinds = ["directory", "directorymatch"];
export const LOCATION_KINDS: SectionKinds = ["location", "locationmatch"];
export const FILES_KINDS: SectionKinds = ["files", "filesmatch"];
export const IF_KINDS: SectionKinds = ["if"];

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
export function orderedDirectorySections(model: ServerModel, server: ServerRec): { plain: readonly Section[]; regex: readonly Section[] } {
  let out = orderedCache.get(server);
  if (!out) {
    const all = visibleSections(model, server, DIRECTORY_KINDS);
    const plain = all.filter((s) => s.kind === "directory").map((s, i) => ({ s, i }));
    plain.sort((a, b) => a.s.components - b.s.components || a.i - b.i);
    out = { plain: plain.map((x) => x.s), regex: all.filter((s) => s.kind === "directorymatch") };
    orderedCache.set(server, out);
  }
  return out;
}

const orderedCache = new WeakMap<ServerRec, { plain: readonly Section[]; regex: readonly Section[] }>();

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
  for (const s of visibleSections(model, server, LOCATION_KINDS)) {
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
  evaluate: (expr: string, section: Section) => boolean,
): DirLayer[] {
  const candidates: Section[] = [...visibleSections(model, server, IF_KINDS)];
  for (const l of applied) {
    if (l.section) candidates.push(...l.section.nested.filter((n) => n.kind === "if"));
    if (l.nested) candidates.push(...l.nested.filter((n) => n.kind === "if"));
  }
  const out: DirLayer[] = [];
  let chainTaken = false;
  for (const s of candidates) {
    if (s.ifKind === "if") chainTaken = false;
    if (s.ifKind !== "if" && chainTaken) continue;
    const hit = s.ifKind === "else" ? true : evaluate(s.arg, s);
    if (hit) {
      chainTaken = true;
      out.push({ source: "if", section: s, dir: null, directives: s.directives });
    }
  }
  return out;
}
