/**
 * `hash:` maps — an htrewrite extension, not an Apache map type.
 *
 *     RewriteMap backend "hash:app1|app2|app3"
 *     RewriteRule ^/u/([^/]+) - [E=PROCESS_GROUP:${backend:$1}]
 *
 * Each key is assigned to one of the listed targets with Lamping & Veach's jump consistent hash
 * over the key's 64-bit FNV-1a hash: the assignment is stable, and when a target is appended only
 * about 1/N of the keys move (to the new target). It replaces the `prg:` scripts users write for
 * sticky per-user daemon process groups. An empty key is "not found" (the default applies).
 */
import type { ByteString } from "../../util/bytes.js";
import type { MapLookupEnv, RewriteMapDefinition } from "./types.js";

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;

/** FNV-1a, 64 bits, over the key's bytes. */
export function fnv1a64(key: ByteString): bigint {
  let h = FNV_OFFSET;
  for (let i = 0; i < key.length; i++) {
    h ^= BigInt(key.charCodeAt(i));
    h = (h * FNV_PRIME) & MASK64;
  }
  return h;
}

/** Jump consistent hash: a bucket in [0, buckets). */
export function jumpConsistentHash(key: bigint, buckets: number): number {
  let b = -1;
  let j = 0;
  let k = key;
  while (j < buckets) {
    b = j;
    k = (k * 2862933555777941757n + 1n) & MASK64;
    j = Math.floor((b + 1) * (2 ** 31 / (Number(k >> 33n) + 1)));
  }
  return b;
}

export class HashMap implements RewriteMapDefinition {
  readonly type = "hash" as const;
  readonly targets: readonly string[];

  constructor(
    readonly name: string,
    readonly source: string,
    targetList: string,
  ) {
    this.targets = targetList.split("|").filter((t) => t !== "");
  }

  lookup(key: ByteString, env: MapLookupEnv): ByteString | null {
    if (key === "" || this.targets.length === 0) {
      env.trace?.(5, `map lookup FAILED: map=${this.name} key=${key}`);
      return null;
    }
    const value = this.targets[jumpConsistentHash(fnv1a64(key), this.targets.length)];
    env.trace?.(5, `map lookup OK: map=${this.name} key=${key} -> val=${value}`);
    return value;
  }
}
