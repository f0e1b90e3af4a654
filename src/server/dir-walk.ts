/**
 * core's map_to_storage: the directory walk (ap_directory_walk) and the files walk
 * (ap_file_walk). The walk goes down r->filename one component at a time from "/": at each
 * directory it applies the <Directory> sections of that depth and that directory's .htaccess
 * (when AllowOverride permits), and it stops at the first component that is a file or does not
 * exist — the rest becomes PATH_INFO (so REQUEST_FILENAME for /app/some/route, with no "some",
 * is …/app/some and PATH_INFO /route). Regex sections (<DirectoryMatch>) come after the walk,
 * then <Files>/<FilesMatch> against the last component.
 */
import type { OverrideClass } from "../config/types.js";
import type { Engine } from "./engine.js";
import type { FileStat } from "./fs.js";
import type { ServerModel, ServerRec, Section } from "./model.js";
import type { CoreDirConfig } from "./modules/core.js";
import { FILES_KINDS, fnmatchPath, orderedDirectorySections, visibleSections, type DirLayer } from "./per-dir.js";
import type { Request } from "./request.js";

const APR_PATH_MAX = 4096;

export type WalkResult = { ok: true } | { ok: false; status: number; log: string };

/**
 * ap_directory_walk's walk cache, as a sub-request or an internal redirect inherits it from the
 * request that made it. When the new request's file lies in the very directory the earlier walk
 * ended in (and the same <Location> sections applied before it), Apache does not walk again: it
 * reuses the earlier result whole, <DirectoryMatch> sections included, although those were tested
 * against the earlier filename. So a DirectoryIndex sub-request for …/public_html/index.html gets
 * the sections that matched "…/public_html/", which a direct request for that file does not
 * (measured: cases fz_pipeline_s15_directorymatch_index_subrequest, fz_pipeline_s16_userdir_file_dotdot).
 */
export interface DirWalkCache {
  /** cache->cached: the walked directory, or the parent directory of a walked non-directory. */
  readonly cached: string;
  readonly server: ServerRec;
  /** The <Location> sections that applied before the walk (the location walk's result). */
  readonly locations: readonly Section[];
  /** The layers the directory walk added (<Directory>, .htaccess, <DirectoryMatch>). */
  readonly layers: readonly DirLayer[];
  /** <Files>/<FilesMatch> nested in those sections. */
  readonly nestedFiles: readonly Section[];
}

function parentDir(path: string): string {
  return path.slice(0, path.lastIndexOf("/") + 1);
}

function sameSections(a: readonly Section[], b: readonly Section[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/**
 * The "familiar" shortcut of ap_directory_walk: reuse the inherited walk when the request's file
 * (or directory without PATH_INFO) sits in the cached directory. Returns null when it does not apply.
 */
function reuseInheritedWalk(
  r: Request,
  engine: Engine,
  full: string,
  savedPathInfo: string,
  locations: readonly Section[],
  layers: DirLayer[],
  coreAt: CoreConfigAt,
): WalkResult | null {
  const fs = engine.fs;
  const cache = r.prev?.dirWalkCache ?? r.main?.dirWalkCache ?? null;
  if (!cache || cache.server !== r.server || !sameSections(cache.locations, locations)) return null;
  let st = fs.stat(full);
  // A name ending in "/" that is not a directory is taken as not found (as the walk does).
  if (st && st.type !== "dir" && full.endsWith("/")) st = null;
  const isFile = st?.type === "file";
  const isDirWithoutInfo = st?.type === "dir" && savedPathInfo === "";
  if (!isFile && !isDirWithoutInfo) return null;
  const entryDir = isFile ? parentDir(full) : full.endsWith("/") ? full : full + "/";
  if (entryDir !== cache.cached) return null;
  layers.push(...cache.layers);
  // Without FollowSymLinks the reused walk still refuses a final symlink (ap_directory_walk
  // re-checks the file itself with lstat).
  const opts = coreAt(layers).options;
  if (!opts.has("FollowSymLinks")) {
    const l = fs.lstat(full.endsWith("/") && full !== "/" ? full.slice(0, -1) : full);
    if (l?.type === "symlink" && !opts.has("SymLinksIfOwnerMatch")) {
      return { ok: false, status: 403, log: `Symbolic link not allowed or link target not accessible: ${full}` };
    }
  }
  r.filename = full;
  r.pathInfo = savedPathInfo;
  r.finfo = st;
  r.dirWalkCache = cache;
  fileWalk(r, engine.model, layers, [...cache.nestedFiles]);
  return { ok: true };
}

/** Loads and parses one .htaccess (cached by the engine); null when there is none. */
export type HtaccessLoader = (
  dir: string,
  allow: HtaccessAllow,
) => { layer: DirLayer } | { error: string } | null;

/** What AllowOverride / AllowOverrideList let an .htaccess contain. */
export interface HtaccessAllow {
  overrides: Set<OverrideClass> | "All" | "None";
  list: string[];
  /** `AllowOverride Options=a,b`: the Options the file may set (undefined: any). */
  options?: string[];
}

/** Collapse "//", drop "/./", resolve "/../" (not above "/"); a trailing "/" is kept. */
export function canonicalPath(path: string): string {
  // Already canonical (most paths): no empty, "." or ".." segment to remove.
  if (!path.includes("//") && !path.includes("/.")) return path;
  const trailing = path.length > 1 && path.endsWith("/");
  const out: string[] = [];
  for (const seg of path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  const joined = "/" + out.join("/");
  return trailing && joined !== "/" ? joined + "/" : joined;
}

/** core's merged configuration of the layers applied so far (Options, AllowOverride). */
export type CoreConfigAt = (layers: readonly DirLayer[]) => CoreDirConfig;

function sectionLayer(s: Section, dir: string | null): DirLayer {
  return { source: s.kind === "directorymatch" ? "directorymatch" : s.kind === "files" || s.kind === "filesmatch" ? "files" : "directory", section: s, dir, directives: s.directives };
}

/**
 * Walk r.filename, filling r.filename, r.pathInfo, r.finfo and returning the directory and files
 * layers in merge order (appended to `layers`).
 */
export function directoryWalk(
  r: Request,
  engine: Engine,
  layers: DirLayer[],
  /** The <Location> layers that applied before the walk (the walk cache is keyed on them). */
  locationLayersBefore: readonly DirLayer[],
  coreAt: CoreConfigAt,
): WalkResult {
  if (r.filename === null || !r.filename.startsWith("/")) return { ok: true };
  const savedPathInfo = r.pathInfo ?? "";
  const full = canonicalPath(r.filename);
  // apr_filepath_merge refuses paths of APR_PATH_MAX (4096) bytes or more; the walk then leaves
  // the request unmapped (no file information, no <Directory> sections), so its handler answers
  // 404 (measured: case pl_long_paths).
  if (full.length >= APR_PATH_MAX) {
    r.finfo = null;
    return { ok: true };
  }
  const locations = locationLayersBefore.flatMap((l) => (l.section ? [l.section] : []));
  const { model, fs } = engine;
  const reused = reuseInheritedWalk(r, engine, full, savedPathInfo, locations, layers, coreAt);
  if (reused) return reused;
  const walkStart = layers.length;
  const { plain, regex } = orderedDirectorySections(model, r.server);
  const nestedFiles: Section[] = [];

  const segments = full.split("/").filter((s) => s !== "");
  const trailingSlash = full.endsWith("/") && full !== "/";
  let filename = "/";
  let consumed = 0;
  let finfo: FileStat | null = fs.stat("/");
  let level = 1;
  let sectionIdx = 0;

  for (;;) {
    const dirPath = filename.endsWith("/") ? filename : filename + "/";
    // <Directory> sections of this depth that name this directory.
    for (; sectionIdx < plain.length; sectionIdx++) {
      const s = plain[sectionIdx];
      if (s.components > level) break;
      if (s.components < level) continue;
      const hit = s.wildcard ? fnmatchPath(s.arg, dirPath) : s.arg === dirPath;
      if (!hit) continue;
      layers.push(sectionLayer(s, s.arg));
      nestedFiles.push(...s.nested.filter((n) => n.kind === "files" || n.kind === "filesmatch"));
    }
    const allow = coreAt(layers).allowOverride;
    if (allow.overrides !== "None" || allow.list.length) {
      const ht = engine.loadHtaccess(dirPath, allow);
      if (ht && "error" in ht) return { ok: false, status: 500, log: ht.error };
      if (ht) {
        layers.push(ht.layer);
        nestedFiles.push(...(ht.layer.nested ?? []).filter((n) => n.kind === "files" || n.kind === "filesmatch"));
      }
    }
    if (consumed >= segments.length) break;
    const seg = segments[consumed++];
    filename = filename === "/" ? `/${seg}` : `${filename}/${seg}`;
    const l = fs.lstat(filename);
    if (!l) {
      finfo = null;
      break;
    }
    let st: FileStat | null = l;
    if (l.type === "symlink") {
      const opts = coreAt(layers).options;
      if (!opts.has("FollowSymLinks") && !opts.has("SymLinksIfOwnerMatch")) {
        return { ok: false, status: 403, log: `Symbolic link not allowed or link target not accessible: ${filename}` };
      }
      st = fs.stat(filename);
      if (!st) {
        return { ok: false, status: 403, log: `Symbolic link not allowed or link target not accessible: ${filename}` };
      }
    }
    finfo = st;
    if (st.type === "file") break;
    if (st.type !== "dir") return { ok: false, status: 403, log: `Forbidden: ${filename} doesn't point to a file or directory` };
    level++;
  }

  let pathInfo = segments.slice(consumed).map((s) => "/" + s).join("");
  if (trailingSlash) {
    if (consumed >= segments.length && finfo?.type === "dir") filename += "/";
    else pathInfo += "/";
  }
  r.filename = filename;
  r.pathInfo = pathInfo + savedPathInfo;
  r.finfo = finfo;

  for (const s of regex) {
    if (s.regex && s.regex.exec(r.filename) !== null) {
      layers.push(sectionLayer(s, s.arg));
      nestedFiles.push(...s.nested.filter((n) => n.kind === "files" || n.kind === "filesmatch"));
    }
  }
  // Only the first walk of a request is what its sub-requests and redirects inherit.
  r.dirWalkCache ??= {
    cached: finfo?.type === "dir" ? r.filename : parentDir(r.filename),
    server: r.server,
    locations,
    layers: layers.slice(walkStart),
    nestedFiles: [...nestedFiles],
  };
  fileWalk(r, model, layers, nestedFiles);
  return { ok: true };
}

/** <Files>/<FilesMatch>: the server's own, then those nested in the applied directory sections. */
function fileWalk(r: Request, model: ServerModel, layers: DirLayer[], nested: Section[]): void {
  if (r.filename === null) return;
  const name = r.filename.endsWith("/") ? "" : r.filename.slice(r.filename.lastIndexOf("/") + 1);
  const candidates = [...visibleSections(model, r.server, FILES_KINDS), ...nested];
  for (const s of candidates) {
    const hit = s.regex ? s.regex.exec(name) !== null : s.wildcard ? fnmatchPath(s.arg, name) : s.arg === name;
    if (hit) layers.push(sectionLayer(s, null));
  }
}
