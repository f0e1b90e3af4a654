/**
 * `dbm:` maps backed by SDBM files (`file.dir` + `file.pag`), with the same mtime-keyed cache as
 * text maps (the newer of the two mtimes counts, as lookup_map does).
 */
import type { ByteString } from "../../util/bytes.js";
import { sdbmLookup } from "./sdbm.js";
import type { MapLookupEnv, RewriteMapDefinition } from "./types.js";

export class DbmMap implements RewriteMapDefinition {
  readonly type = "dbm" as const;
  private cache = new Map<string, string>();
  private cacheMtime = -1;

  constructor(
    readonly name: string,
    readonly source: string,
    readonly file: string,
  ) {}

  lookup(key: ByteString, env: MapLookupEnv): ByteString | null {
    const dir = env.readFile(this.file + ".dir");
    const pag = env.readFile(this.file + ".pag");
    // AH00662/AH00663: a file of the pair is not accessible; the lookup fails.
    if (dir === null || pag === null) return null;
    const mtime = Math.max(dir.mtimeMs, pag.mtimeMs);
    if (mtime !== this.cacheMtime) {
      this.cache.clear();
      this.cacheMtime = mtime;
    }
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      env.trace?.(5, `cache lookup OK: map=${this.name}[dbm] key=${key} -> val=${cached}`);
      return cached !== "" ? cached : null;
    }
    env.trace?.(6, "cache lookup FAILED, forcing new map lookup");
    const value = sdbmLookup(dir.data, pag.data, key);
    if (value === null) {
      env.trace?.(5, `map lookup FAILED: map=${this.name}[dbm] key=${key}`);
      this.cache.set(key, "");
      return null;
    }
    env.trace?.(5, `map lookup OK: map=${this.name}[dbm] key=${key} -> val=${value}`);
    this.cache.set(key, value);
    return value;
  }
}
