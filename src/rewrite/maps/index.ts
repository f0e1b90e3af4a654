/**
 * `RewriteMap name type:source [user:group]` — directive semantics and map construction
 * (cmd_rewritemap): source syntax, config-time existence checks and Apache's error texts (§9, §10.3).
 */
import { HtrError } from "../../util/errors.js";
import { DbmMap } from "./dbm.js";
import { HashMap } from "./hash.js";
import { INTERNAL_MAP_FUNCTIONS, InternalMap } from "./internal.js";
import { ProgramMap } from "./program.js";
import { TextMap } from "./text.js";
import type { RewriteMapDefinition } from "./types.js";

export type { RewriteMapDefinition, MapLookupEnv, RewriteMapType } from "./types.js";

/** What building a map needs from its environment. */
export interface MapCompileEnv {
  /** ServerRoot, for relative map paths (ap_server_root_relative). */
  serverRoot: string;
  /** Does this path exist (config-time apr_stat)? */
  exists(path: string): boolean;
  /** Whether mod_dbd is loaded (dbd:/fastdbd: maps need it). Default false. */
  dbdAvailable?: boolean;
}

/** DBM drivers APR knows; htrewrite reads Berkeley DB hash ("db", Debian's default) and SDBM. */
const KNOWN_DBM_TYPES = new Set(["default", "sdbm", "gdbm", "ndbm", "db", "lmdb"]);

function serverRootRelative(root: string, p: string): string {
  if (p.startsWith("/")) return p;
  return root.endsWith("/") ? root + p : root + "/" + p;
}

function syntax(message: string): HtrError {
  return new HtrError("HTR_CONFIG_SYNTAX", message);
}

/** apr_tokenize_to_argv: whitespace-separated words, `"`/`'` quoting, backslash escapes. */
export function tokenizeArgv(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    let word = "";
    let quote: string | null = null;
    if (s[i] === '"' || s[i] === "'") quote = s[i++];
    while (i < s.length) {
      const ch = s[i];
      if (quote !== null ? ch === quote : /\s/.test(ch)) {
        i++;
        break;
      }
      if (ch === "\\" && i + 1 < s.length) {
        word += s[i + 1];
        i += 2;
        continue;
      }
      word += ch;
      i++;
    }
    out.push(word);
  }
  return out;
}

/**
 * Build the map of one RewriteMap directive. Throws HtrError("HTR_CONFIG_SYNTAX", Apache's message)
 * for what Apache refuses at start-up.
 */
export function compileRewriteMap(
  name: string,
  source: string,
  env: MapCompileEnv,
): RewriteMapDefinition {
  const lower = source.toLowerCase();
  let map: RewriteMapDefinition;
  let checkFile: string | null;
  if (lower.startsWith("txt:") || lower.startsWith("rnd:")) {
    const file = serverRootRelative(env.serverRoot, source.slice(4));
    map = new TextMap(name, source, file, lower.startsWith("rnd:"));
    checkFile = file;
  } else if (lower.startsWith("dbm")) {
    let dbmType: string | null = null;
    let fname: string | null = null;
    if (source[3] === ":") {
      dbmType = "default";
      fname = source.slice(4);
    } else if (source[3] === "=") {
      const colon = source.indexOf(":", 4);
      if (colon >= 0) {
        dbmType = source.slice(4, colon);
        fname = source.slice(colon + 1);
      }
    }
    if (fname === null || dbmType === null) throw syntax(`RewriteMap: bad map:${source}`);
    if (!KNOWN_DBM_TYPES.has(dbmType)) throw syntax(`RewriteMap: dbm type ${dbmType} is invalid`);
    if (dbmType !== "default" && dbmType !== "sdbm" && dbmType !== "db") {
      throw syntax(
        `RewriteMap: dbm type ${dbmType} is not supported by htrewrite (Berkeley DB hash files — httxt2dbm's default — and SDBM files can be read)`,
      );
    }
    const file = serverRootRelative(env.serverRoot, fname);
    const format = dbmType === "sdbm" ? "sdbm" : dbmType === "db" ? "db" : "auto";
    map = new DbmMap(name, source, file, format);
    // apr_dbm_get_usednames: the db driver uses the file itself, sdbm its .dir file.
    checkFile = format === "sdbm" || (format === "auto" && !env.exists(file)) ? file + ".dir" : file;
  } else if (lower.startsWith("dbd:") || lower.startsWith("fastdbd:")) {
    if (!env.dbdAvailable) throw syntax("RewriteMap types dbd and fastdbd require mod_dbd!");
    throw syntax(`RewriteMap: ${source.slice(0, source.indexOf(":"))} maps are not supported by htrewrite`);
  } else if (lower.startsWith("prg:")) {
    const argv = tokenizeArgv(source.slice(4));
    if (argv.length === 0) throw syntax(`RewriteMap: bad path to prg map: ${source.slice(4)}`);
    argv[0] = serverRootRelative(env.serverRoot, argv[0]);
    map = new ProgramMap(name, source, argv);
    checkFile = argv[0];
  } else if (lower.startsWith("int:")) {
    const fn = INTERNAL_MAP_FUNCTIONS.get(source.slice(4));
    if (fn === undefined) throw syntax(`RewriteMap: internal map not found:${source.slice(4)}`);
    map = new InternalMap(name, source, fn);
    checkFile = null;
  } else if (lower.startsWith("hash:")) {
    map = new HashMap(name, source, source.slice(5));
    checkFile = null;
  } else {
    // No known prefix: a txt map of that path.
    const file = serverRootRelative(env.serverRoot, source);
    map = new TextMap(name, source, file, false);
    checkFile = file;
  }
  if (checkFile !== null && !env.exists(checkFile)) {
    throw syntax(`RewriteMap: file for map ${name} not found:${checkFile}`);
  }
  return map;
}
