/**
 * A reader for SDBM databases (the `.dir`/`.pag` pair APR's sdbm driver writes, and what
 * `httxt2dbm` produces by default). Read-only, synchronous, no dependencies.
 *
 * Layout (APR apr_sdbm): the `.pag` file is a sequence of 1024-byte pages; a page starts with a
 * little-endian 16-bit count n followed by n offsets; pair i's key spans [off[2i+1], off[2i] or
 * 1024) and its value [off[2i+2], off[2i+1]). The `.dir` file is a bitmap of split pages: starting
 * at bit 0, while the bit is set descend to 2·bit + 1 or 2·bit + 2 depending on the next hash bit;
 * the page number is the hash masked to the depth reached.
 */
import type { ByteString } from "../../util/bytes.js";

const PBLKSIZ = 1024;

/** sdbm's hash: n = c + 65599·n over the key's bytes as signed chars (x86), low 32 bits. */
export function sdbmHash(key: ByteString): number {
  let n = 0;
  for (let i = 0; i < key.length; i++) {
    let c = key.charCodeAt(i);
    if (c >= 0x80) c -= 0x100;
    n = (Math.imul(n, 65599) + c) >>> 0;
  }
  return n;
}

function dirBit(dir: Buffer, bit: number): boolean {
  const byte = bit >>> 3;
  if (byte >= dir.length) return false;
  return (dir[byte] & (1 << (bit & 7))) !== 0;
}

/** Look `key` up in an SDBM database given the contents of its `.dir` and `.pag` files. */
export function sdbmLookup(dir: Buffer, pag: Buffer, key: ByteString): ByteString | null {
  const hash = sdbmHash(key);
  const maxBit = dir.length * 8;
  let dbit = 0;
  let hbit = 0;
  while (dbit < maxBit && dirBit(dir, dbit)) {
    dbit = 2 * dbit + ((hash & (1 << hbit++)) !== 0 ? 2 : 1);
  }
  const mask = hbit >= 32 ? 0xffffffff : (1 << hbit) - 1;
  const page = (hash & mask) >>> 0;
  const start = page * PBLKSIZ;
  if (start + PBLKSIZ > pag.length) return null;
  const n = pag.readUInt16LE(start);
  const off = (i: number): number => pag.readUInt16LE(start + 2 * i);
  for (let i = 1; i < n; i += 2) {
    const keyEnd = i === 1 ? PBLKSIZ : off(i - 1);
    const keyStart = off(i);
    const valStart = off(i + 1);
    if (keyEnd - keyStart !== key.length) continue;
    const k = pag.toString("latin1", start + keyStart, start + keyEnd);
    if (k === key) return pag.toString("latin1", start + valStart, start + keyStart);
  }
  return null;
}
