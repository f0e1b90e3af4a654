/**
 * `dbm:` maps. `dbm=db:` and plain `dbm:` read Berkeley DB hash files (Debian's APR default, what
 * `httxt2dbm` writes without `-f`); `dbm=sdbm:` reads the `.dir`/`.pag` pair. Plain `dbm:` falls
 * back to SDBM when only `file.dir` exists (APR builds whose default driver is sdbm). Results are
 * cached like text maps, keyed by the newest mtime of the files involved.
 */
import type { ByteString } from "../../util/bytes.js";
import { readBerkeleyHash } from "./bdb.js";
import { sdbmLookup } from "./sdbm.js";
import type { MapLookupEnv, RewriteMapDefinition } from "./types.js";

/** Which on-disk format a dbm map reads. */
export type DbmFormat = "db" | "sdbm" | "auto";

export class DbmMap implements RewriteMapDefinition {
  readonly type = "dbm" as const;
  private cache = new Map<string, string>();
  private cacheMtime = -1;
  private table: Map<string, string> | null = null;

  constructor(
    readonly name: string,
    readonly source: string,
    readonly file: string,
    readonly format: DbmFormat,
  ) {}

  /** Look the key up in the files as they are now, with their combined mtime; null = unreadable. */
  private fetch(key: ByteString, env: MapLookupEnv): { mtime: number; value: ByteString | null } | null {
    if (this.format !== "sdbm") {
      const db = env.readFile(this.file);
      if (db !== null) {
        if (this.table === null || db.mtimeMs !== this.cacheMtime) this.table = readBerkeleyHash(db.data);
        return { mtime: db.mtimeMs, value: this.table.get(key) ?? null };
      }
      if (this.format === "db") return null;
    }
    const dir = env.readFile(this.file + ".dir");
    const pag = env.readFile(this.file + ".pag");
    if (dir === null || pag === null) return null;
    return { mtime: Math.max(dir.mtimeMs, pag.mtimeMs), value: sdbmLookup(dir.data, pag.data, key) };
  }

  lookup(key: ByteString, env: MapLookupEnv): ByteString | null {
    const found = this.fetch(key, env);
    // AH00662/AH00663: the files are not accessible; the lookup fails.
    if (found === null) return null;
    if (found.mtime !== this.cacheMtime) {
      this.cache.clear();
      this.cacheMtime = found.mtime;
    }
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      env.trace?.(5, `cache lookup OK: map=${this.name}[dbm] key=${key} -> val=${cached}`);
      return cached !== "" ? cached : null;
    }
    env.trace?.(6, "cache lookup FAILED, forcing new map lookup");
    if (found.value === null) {
      env.trace?.(5, `map lookup FAILED: map=${this.name}[dbm] key=${key}`);
      this.cache.set(key, "");
      return null;
    }
    env.trace?.(5, `map lookup OK: map=${this.name}[dbm] key=${key} -> val=${found.value}`);
    this.cache.set(key, found.value);
    return found.value;
  }
}
