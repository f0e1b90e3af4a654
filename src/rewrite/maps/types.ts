/**
 * RewriteMap back-ends share one shape: a definition compiled from `RewriteMap name type:source`,
 * and a synchronous lookup (rule evaluation is synchronous, as in Apache).
 */
import type { ByteString } from "../../util/bytes.js";
import type { TraceLevel } from "../trace.js";

/** What a map lookup may use besides its key. */
export interface MapLookupEnv {
  /** Read a map file; null when it is missing. */
  readFile(path: string): { data: Buffer; mtimeMs: number } | null;
  /** Trace sink, or null when tracing is off. Map messages never carry the per-dir tag. */
  trace: ((level: TraceLevel, message: string) => void) | null;
  /** Uniform random number in [0, 1) (rnd: maps); injectable for tests. */
  random(): number;
}

/** Map types htrewrite knows. `hash` is an htrewrite extension (consistent hashing, see maps/hash.ts). */
export type RewriteMapType = "txt" | "rnd" | "dbm" | "int" | "prg" | "hash";

/** A declared map. */
export interface RewriteMapDefinition {
  name: string;
  type: RewriteMapType;
  /** The `type:source` argument as written. */
  source: string;
  /**
   * Look `key` up. Returns the value, or null for "not found" (the default then applies).
   * An empty string is a found-but-empty value (Apache inserts nothing and does not use the default).
   */
  lookup(key: ByteString, env: MapLookupEnv): ByteString | null;
  /** Release resources (prg: children). */
  close?(): void;
}
