/**
 * Log inputs as byte lines: a file or `-` (stdin), gunzipped when it starts with gzip's magic
 * bytes (1f 8b) whatever its name, read as latin1 so every byte stays one character (Apache's
 * logs are bytes: mod_log_config escapes what is not printable ASCII). Streaming: memory does
 * not grow with the file.
 */
import { createReadStream, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { PassThrough, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";

export interface LineSource {
  name: string;
  /** Compressed size on disk, when known (progress ETA). */
  size: number | null;
  lines: AsyncIterable<string>;
  /** Bytes consumed from the source so far. */
  bytesRead(): number;
}

export function openLog(name: string): LineSource {
  const raw: Readable = name === "-" ? process.stdin : createReadStream(name);
  let read = 0;
  raw.on("data", (b: Buffer) => (read += b.length));
  const size = name === "-" ? null : statSync(name).size;
  const out = new PassThrough();
  let decided = false;
  raw.once("error", (e) => out.destroy(new Error(`${name}: ${e.message}`)));
  raw.on("data", function first(chunk: Buffer) {
    if (decided) return;
    decided = true;
    raw.pause();
    raw.removeListener("data", first);
    let src: Readable = raw;
    if (chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b) {
      const gz = createGunzip();
      gz.once("error", (e) => out.destroy(new Error(`${name}: gzip: ${e.message}`)));
      gz.write(chunk);
      raw.pipe(gz);
      src = gz;
    } else {
      out.write(chunk);
    }
    src.pipe(out);
    raw.resume();
  });
  raw.once("end", () => {
    if (!decided) out.end();
  });
  out.setEncoding("latin1");
  const rl = createInterface({ input: out, crlfDelay: Infinity });
  return { name, size, lines: rl, bytesRead: () => read };
}
