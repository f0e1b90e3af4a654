/**
 * `node:crypto` for the browser bundle: the synchronous digests the engine takes (ap_expr's
 * md5() and sha1(), rewrite/expr.ts), from @noble/hashes, since WebCrypto's digest is
 * asynchronous and has no MD5.
 */
import { md5, sha1 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";

const ALGORITHMS: Record<string, (data: Uint8Array) => Uint8Array> = { md5, sha1, sha256 };

function hex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

class Hash {
  private readonly chunks: Uint8Array[] = [];
  constructor(private readonly digestOf: (data: Uint8Array) => Uint8Array) {}
  update(data: Uint8Array | string): this {
    this.chunks.push(typeof data === "string" ? new TextEncoder().encode(data) : data);
    return this;
  }
  digest(encoding: "hex"): string {
    const total = this.chunks.reduce((n, c) => n + c.length, 0);
    const all = new Uint8Array(total);
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.length;
    }
    if (encoding !== "hex") throw new Error(`digest encoding '${String(encoding)}' is not available in the browser`);
    return hex(this.digestOf(all));
  }
}

export function createHash(algorithm: string): Hash {
  const f = ALGORITHMS[algorithm.toLowerCase()];
  if (f === undefined) throw new Error(`hash '${algorithm}' is not available in the browser`);
  return new Hash(f);
}
