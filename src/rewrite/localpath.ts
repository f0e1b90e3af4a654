/**
 * Turning a server-context local result into r->filename (spec §1.6 step 7, §4.7): `~user`
 * expansion, prefix_stat (CVE-2024-38475) and the core translation DOCROOT + path.
 */
import type { ByteString } from "../util/bytes.js";
import type { RewriteServer } from "./host.js";
import type { CompiledRule } from "./types.js";

/** PATH_MAX on Linux, APR's limit for merged paths. */
export const APR_PATH_MAX = 4096;

/** expand_tildepaths: `/~user/rest` → home + `/rest` when the user is known. */
export function expandTilde(path: ByteString, server: RewriteServer): ByteString {
  if (!path.startsWith("/~")) return path;
  let p = 2;
  while (p < path.length && path[p] !== "/") p++;
  if (p === 2) return path;
  const home = server.homeDir(path.slice(2, p));
  if (home === null) return path;
  if (p >= path.length) return home;
  return (home.endsWith("/") ? home.slice(0, -1) : home) + path.slice(p);
}

/**
 * Merge `add` under `root` like apr_filepath_merge with SECUREROOT: empty and `.` segments vanish,
 * `..` pops one, going above `root` fails (null). A trailing slash of `add` is kept.
 */
export function mergeUnderRoot(root: ByteString, add: ByteString): ByteString | null {
  // apr_filepath_merge refuses (APR_ENAMETOOLONG) when root + addpath + 4 bytes of slashes and NUL
  // exceed APR_PATH_MAX; ap_core_translate then answers 403 (AH00127, found by differential fuzzing:
  // a per-dir loop growing the URL ends in 403, not 500).
  if (root.length + add.length + 4 > APR_PATH_MAX) return null;
  const segs: string[] = [];
  const parts = add.split("/");
  for (const seg of parts) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (segs.length === 0) return null;
      segs.pop();
      continue;
    }
    segs.push(seg);
  }
  const base = root.endsWith("/") ? root : root + "/";
  const trailing = segs.length > 0 && (add.endsWith("/") || add.endsWith("/.") || add.endsWith("/..")) ? "/" : "";
  return base + segs.join("/") + trailing;
}

/** ap_core_translate for a URL-path: DOCROOT + path (leading slashes skipped); null → 403. */
export function coreTranslate(docroot: ByteString, urlPath: ByteString): ByteString | null {
  let i = 0;
  while (i < urlPath.length && urlPath[i] === "/") i++;
  return mergeUnderRoot(docroot, urlPath.slice(i));
}

/** The first-segment path prefix_stat stats, or null when it cannot be formed. */
export function statPathOf(path: ByteString): ByteString | null {
  if (!path.startsWith("/")) return null;
  let i = 0;
  while (i < path.length && path[i] === "/") i++;
  const rest = path.slice(i);
  const slash = rest.indexOf("/");
  const seg = slash >= 0 ? rest.slice(0, slash) : rest;
  const merged = mergeUnderRoot("/", seg);
  // A merge APR refuses (too long, above the root) means prefix_stat answers "URL-path".
  if (merged === null) return null;
  return merged === "/" ? "/" : merged.replace(/\/$/, "");
}

/**
 * prefix_stat: is `path` a file-system path (true) or a URL-path to put under DOCROOT (false)?
 * Only when its first segment exists, and then (unless the rule or RewriteOptions says
 * UnsafePrefixStat) only when the last substituting rule's literal text starts with that segment
 * or the result lies under DOCROOT / the context document root.
 */
export function prefixStat(
  path: ByteString,
  lastSub: CompiledRule | null,
  docroot: ByteString,
  contextDocroot: ByteString,
  stat: (p: ByteString) => boolean,
  trace: ((level: 3 | 5, msg: string) => void) | null,
): boolean {
  const statpath = statPathOf(path);
  if (statpath === null || !stat(statpath)) return false;
  if (lastSub === null) {
    trace?.(3, `prefix_stat no lastsub subst prefix ${statpath}`);
    return true;
  }
  // Apache prints the raw flag bit (RULEFLAG_UNSAFE_PREFIX_STAT = 1<<22).
  const unsafe = lastSub.flags.unsafePrefixStat;
  trace?.(3, `prefix_stat compare statpath ${statpath} and lastsub output ${lastSub.substitution} STATOK ${unsafe ? 1 << 22 : 0} `);
  if (unsafe) return true;
  const startsWith = (hay: string, needle: string): boolean => {
    const rc = hay.startsWith(needle);
    trace?.(5, `prefix_stat startsWith(${hay}, ${needle}) ${rc ? 1 : 0}`);
    return rc;
  };
  return (
    startsWith(lastSub.substitution, statpath) ||
    startsWith(path, docroot) ||
    (docroot !== contextDocroot && startsWith(path, contextDocroot))
  );
}
