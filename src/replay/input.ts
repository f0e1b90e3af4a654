/**
 * Log inputs: a file or `-` (stdin), gunzipped when it starts with gzip's magic bytes (1f 8b)
 * whatever its name, read as latin1 so every byte stays one character (Apache's logs are bytes:
 * mod_log_config escapes what is not printable ASCII). Streaming: memory does not grow with the
 * file.
 *
 * Lines come in batches (one per chunk read, 64 KiB) rather than one promise per line:
 * readline's per-line events and async iteration cost more than parsing the line does. Lines end
 * at `\n`, a `\r` before it is dropped (CRLF files); Apache itself writes neither inside a logged
 * item (ap_escape_logitem turns them into `\n`, `\r`). A line longer than MAX_LINE characters is
 * cut there, so a file without line ends cannot fill memory; its pieces then fail to parse and are
 * counted as unparsable like any other garbage.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from "node:fs";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";

/** Longest line kept whole (characters = bytes). */
export const MAX_LINE = 1 << 20;
/**
 * Read size. Measured on a 200,000-line log (bench/replay.ts "read"): 64 KiB reads cut lines
 * 4× faster than 256 KiB or 1 MiB ones, whose fresh allocations each cost page faults and cache
 * misses, and 2× faster than 16 KiB ones (more chunks, more tails carried over).
 */
const CHUNK = 1 << 16;

export interface LineSource {
  name: string;
  /** Size on disk (compressed when gzip), when known (progress ETA). */
  size: number | null;
  /** The lines, a batch per chunk read. */
  batches: AsyncIterable<string[]>;
  /** The same lines one at a time. */
  lines: AsyncIterable<string>;
  /**
   * The decompressed bytes cut at line ends: every buffer but possibly the last ends with `\n`
   * (a line over MAX_LINE is cut at a buffer end). For `--jobs`, where workers split the lines.
   * Iterate only one of batches, lines and wholeLines.
   */
  wholeLines: AsyncIterable<Buffer>;
  /** Bytes consumed from the source so far (compressed when gzip). */
  bytesRead(): number;
}

/** Raw chunks of the source, gunzipped when its first bytes are gzip's magic. */
async function* decoded(name: string, raw: Readable, count: (n: number) => void): AsyncGenerator<Buffer> {
  const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let first: IteratorResult<Buffer>;
  try {
    first = await it.next();
  } catch (e) {
    throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (first.done) return;
  count(first.value.length);
  const c0 = first.value;
  const rest = async function* (): AsyncGenerator<Buffer> {
    for (;;) {
      let n: IteratorResult<Buffer>;
      try {
        n = await it.next();
      } catch (e) {
        throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (n.done) return;
      count(n.value.length);
      yield n.value;
    }
  };
  if (c0.length >= 2 && c0[0] === 0x1f && c0[1] === 0x8b) {
    const src = Readable.from((async function* () {
      yield c0;
      yield* rest();
    })(), { objectMode: false });
    const gz = createGunzip({ chunkSize: CHUNK });
    src.once("error", (e) => gz.destroy(e));
    src.pipe(gz);
    try {
      for await (const c of gz as AsyncIterable<Buffer>) yield c;
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new Error(msg.startsWith(`${name}: `) ? msg : `${name}: gzip: ${msg}`);
    }
    return;
  }
  yield c0;
  yield* rest();
}

/** A byte shard's chunks (the bytes counted as read). */
async function* rangeChunks(raw: Readable, range: { start: number; end: number }, count: (n: number) => void): AsyncGenerator<Buffer> {
  const counted = async function* (): AsyncGenerator<Buffer> {
    for await (const c of raw as AsyncIterable<Buffer>) {
      count(c.length);
      yield c;
    }
  };
  try {
    yield* linesStartingIn(counted(), range.start, range.end);
  } finally {
    raw.destroy();
  }
}

/** Cuts text chunks into lines, keeping the unfinished tail for the next chunk. */
export class LineSplitter {
  private rest = "";

  push(chunk: Buffer): string[] {
    const text = this.rest === "" ? chunk.toString("latin1") : this.rest + chunk.toString("latin1");
    const lines = text.split("\n");
    this.rest = lines.pop()!;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
    }
    if (this.rest.length > MAX_LINE) {
      lines.push(this.rest);
      this.rest = "";
    }
    return lines;
  }

  end(): string[] {
    const r = this.rest;
    this.rest = "";
    if (r === "") return [];
    return [r.charCodeAt(r.length - 1) === 13 ? r.slice(0, -1) : r];
  }
}

/** The lines of one buffer of whole lines (what `wholeLines` yields), for a worker. */
export function splitWholeLines(buf: Uint8Array): string[] {
  const s = new LineSplitter();
  const lines = s.push(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength));
  for (const l of s.end()) lines.push(l);
  return lines;
}

/** Buffers ending at line ends (the tail carried over), each a fresh copy that may be transferred. */
async function* cutAtLineEnds(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingLen = 0;
  for await (const c of chunks) {
    const nl = c.lastIndexOf(0x0a);
    if (nl < 0) {
      pending.push(c);
      pendingLen += c.length;
      if (pendingLen > MAX_LINE) {
        yield Buffer.concat(pending, pendingLen);
        pending = [];
        pendingLen = 0;
      }
      continue;
    }
    const head = c.subarray(0, nl + 1);
    pending.push(head);
    yield Buffer.concat(pending, pendingLen + head.length);
    const tail = c.subarray(nl + 1);
    pending = tail.length > 0 ? [tail] : [];
    pendingLen = tail.length;
  }
  if (pendingLen > 0) yield Buffer.concat(pending, pendingLen);
}

function isGzip(file: string): boolean {
  const fd = openSync(file, "r");
  try {
    const b = Buffer.alloc(2);
    return readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** Shard I of N (0-based) of a file cut by bytes. */
export interface ByteShard {
  index: number;
  count: number;
}

/**
 * Shard `index` of `count` of a file of `size` bytes: the lines that start in its byte range
 * [size·index/count, size·(index+1)/count). Every line starts in exactly one range, so the shards
 * of a file hold each of its lines once, whatever the cut points; a shard whose range starts
 * inside a line skips to the next line, and one whose range ends inside a line reads it to its end.
 */
export function shardRange(size: number, sh: ByteShard): { start: number; end: number } {
  return { start: Math.floor((size * sh.index) / sh.count), end: Math.floor((size * (sh.index + 1)) / sh.count) };
}

/**
 * The bytes of the lines starting in [start, end), from a stream that begins at byte
 * max(0, start − 1): the byte before the range tells whether the range begins at a line start.
 */
async function* linesStartingIn(chunks: AsyncIterable<Buffer>, start: number, end: number): AsyncGenerator<Buffer> {
  let pos = Math.max(0, start - 1); // file offset of the next chunk's first byte
  let skipping = start > 0; // in the line that began before the range (the previous shard's)
  let finishing = false; // past end − 1, in the range's last line, until its \n
  for await (const chunk of chunks) {
    let c = chunk;
    let cStart = pos;
    pos += chunk.length;
    if (skipping) {
      const nl = c.indexOf(0x0a);
      if (nl < 0) continue;
      skipping = false;
      c = c.subarray(nl + 1);
      cStart += nl + 1;
    }
    if (finishing) {
      const nl = c.indexOf(0x0a);
      if (nl >= 0) {
        yield c.subarray(0, nl + 1);
        return;
      }
      yield c;
      continue;
    }
    if (cStart >= end) return; // the first line after the skip starts in the next shard
    if (pos >= end) {
      // The line holding byte end − 1 is the range's last: it ends at the first \n from there.
      const nl = c.indexOf(0x0a, end - 1 - cStart);
      if (nl >= 0) {
        yield c.subarray(0, nl + 1);
        return;
      }
      finishing = true;
    }
    if (c.length > 0) yield c;
  }
}

export function openLog(name: string, shard: ByteShard | null = null): LineSource {
  let read = 0;
  // stat first: a missing file is an error here, before any stream exists to emit it unheard.
  const size = name === "-" ? null : statSync(name).size;
  if (shard !== null && size === null) throw new Error("stdin cannot be cut into byte shards: give a file");
  const range = shard !== null && size !== null ? shardRange(size, shard) : null;
  if (range !== null && isGzip(name)) throw new Error("a gzip log cannot be cut into byte shards: shard gzip logs by file");
  // The stream is opened when reading starts, so one never read leaks no descriptor.
  const open = (): Readable => {
    if (name === "-") return process.stdin;
    if (range === null) return createReadStream(name, { highWaterMark: CHUNK });
    return createReadStream(name, { highWaterMark: CHUNK, start: Math.max(0, range.start - 1) });
  };
  const chunks = range === null ? () => decoded(name, open(), (n) => (read += n)) : () => rangeChunks(open(), range, (n) => (read += n));
  async function* batches(): AsyncGenerator<string[]> {
    const s = new LineSplitter();
    for await (const c of chunks()) {
      const b = s.push(c);
      if (b.length > 0) yield b;
    }
    const last = s.end();
    if (last.length > 0) yield last;
  }
  async function* lines(): AsyncGenerator<string> {
    for await (const b of batches()) yield* b;
  }
  return {
    name,
    size,
    batches: { [Symbol.asyncIterator]: batches },
    lines: { [Symbol.asyncIterator]: lines },
    wholeLines: { [Symbol.asyncIterator]: () => cutAtLineEnds(chunks()) },
    bytesRead: () => read,
  };
}
