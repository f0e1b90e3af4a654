/**
 * A reader for Berkeley DB hash files — what `httxt2dbm` writes by default on Debian (APR's
 * default DBM driver there is "db"; measured: `file` reports "Berkeley DB (Hash, version 9,
 * native byte-order)"). Read-only and synchronous: every hash page is scanned once and the
 * key/value pairs are kept in a Map (map files are small; the result is cached per mtime).
 *
 * Layout used: page 0 is the hash meta page (magic 0x061561 at byte 12, page size at byte 20);
 * every page has a 26-byte header (pgno @8, next @16, entries @20, hf_offset @22, type @25) and an
 * array of 16-bit item offsets; items are packed from the page end, so item i spans
 * [off[i], off[i-1] or page end). Pairs alternate key, value. Item type 1 = inline bytes,
 * 3 = off-page (total length @8, first overflow page @4), overflow pages chain through `next`
 * and hold `hf_offset` bytes after the header. Little-endian (native x86) files only.
 */
import type { ByteString } from "../../util/bytes.js";

const HASH_MAGIC = 0x061561;
const PAGE_HEADER = 26;
const P_HASH_UNSORTED = 2;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;

/** True when `data` starts like a Berkeley DB hash file. */
export function isBerkeleyHash(data: Buffer): boolean {
  return data.length >= 512 && data.readUInt32LE(12) === HASH_MAGIC;
}

function overflow(data: Buffer, pageSize: number, first: number, total: number): Buffer {
  const parts: Buffer[] = [];
  let pgno = first;
  let got = 0;
  // Bounded by the page count: a corrupt chain cannot loop forever.
  for (let hops = 0; pgno !== 0 && got < total && hops < data.length / pageSize; hops++) {
    const base = pgno * pageSize;
    if (base + PAGE_HEADER > data.length) break;
    const len = data.readUInt16LE(base + 22);
    parts.push(data.subarray(base + PAGE_HEADER, base + PAGE_HEADER + len));
    got += len;
    pgno = data.readUInt32LE(base + 16);
  }
  return Buffer.concat(parts).subarray(0, total);
}

/** All key/value pairs of a Berkeley DB hash file (latin1 byte strings). */
export function readBerkeleyHash(data: Buffer): Map<ByteString, ByteString> {
  const out = new Map<ByteString, ByteString>();
  if (!isBerkeleyHash(data)) return out;
  const pageSize = data.readUInt32LE(20);
  if (pageSize < 512 || pageSize > 65536) return out;
  for (let base = pageSize; base + pageSize <= data.length; base += pageSize) {
    const type = data[base + 25];
    if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
    const entries = data.readUInt16LE(base + 20);
    const offsets: number[] = [];
    for (let i = 0; i < entries; i++) offsets.push(data.readUInt16LE(base + PAGE_HEADER + 2 * i));
    const item = (i: number): Buffer | null => {
      const start = offsets[i];
      const end = i === 0 ? pageSize : offsets[i - 1];
      const kind = data[base + start];
      if (kind === H_KEYDATA) return data.subarray(base + start + 1, base + end);
      if (kind === H_OFFPAGE) {
        const pgno = data.readUInt32LE(base + start + 4);
        const total = data.readUInt32LE(base + start + 8);
        return overflow(data, pageSize, pgno, total);
      }
      return null; // duplicates are not produced by httxt2dbm
    };
    for (let i = 0; i + 1 < entries; i += 2) {
      const k = item(i);
      const v = item(i + 1);
      if (k !== null && v !== null && !out.has(k.toString("latin1"))) out.set(k.toString("latin1"), v.toString("latin1"));
    }
  }
  return out;
}
