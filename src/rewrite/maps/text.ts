/**
 * `txt:` and `rnd:` maps: a plain text file of `key value` lines, read the way lookup_map_txtfile
 * reads it, with a per-map cache of hits and misses that is dropped when the file's mtime changes
 * (Apache keeps the same cache per child process). Spec §9.
 */
import type { ByteString } from "../../util/bytes.js";
import type { MapLookupEnv, RewriteMapDefinition } from "./types.js";

/** apr_file_gets reads at most this many bytes per "line" (REWRITE_MAX_TXT_MAP_LINE). */
const MAX_LINE = 1024;

function isSpace(ch: string | undefined): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "\v" || ch === "\f";
}

/** Split file content into the pieces apr_file_gets would return (long lines come out in pieces). */
function* getsPieces(content: ByteString): Generator<ByteString> {
  let i = 0;
  while (i < content.length) {
    const nl = content.indexOf("\n", i);
    const lineEnd = nl < 0 ? content.length : nl + 1;
    const end = Math.min(lineEnd, i + MAX_LINE);
    yield content.slice(i, end);
    i = end;
  }
}

/**
 * Find `key` in text-map content: lines starting with `#` or whitespace are skipped, the key must be
 * followed by whitespace, the value is the next whitespace-delimited token; a key without a value is
 * skipped and the search goes on. First match wins.
 */
export function lookupTextMapContent(content: ByteString, key: ByteString): ByteString | null {
  for (const line of getsPieces(content)) {
    if (line[0] === "#" || isSpace(line[0])) continue;
    let p = 0;
    let c = 0;
    while (c < key.length && line[p] === key[c] && !isSpace(line[p])) {
      p++;
      c++;
    }
    if (c !== key.length || !isSpace(line[p])) continue;
    while (isSpace(line[p])) p++;
    if (p >= line.length) continue;
    const start = p;
    while (p < line.length && !isSpace(line[p])) p++;
    return line.slice(start, p);
  }
  return null;
}

/** select_random_value_part: one of the `|`-separated parts, uniformly. */
export function pickRandomPart(value: ByteString, random: () => number): ByteString {
  const parts = value.split("|");
  if (parts.length === 1) return value;
  return parts[Math.min(parts.length - 1, Math.floor(random() * parts.length))];
}

/** A `txt:` or `rnd:` map over `file`. */
export class TextMap implements RewriteMapDefinition {
  readonly type: "txt" | "rnd";
  private cache = new Map<string, string>();
  private cacheMtime = -1;

  constructor(
    readonly name: string,
    readonly source: string,
    readonly file: string,
    random: boolean,
  ) {
    this.type = random ? "rnd" : "txt";
  }

  lookup(key: ByteString, env: MapLookupEnv): ByteString | null {
    const file = env.readFile(this.file);
    // AH00661: the file vanished since start-up; the lookup fails (default applies).
    if (file === null) return null;
    if (file.mtimeMs !== this.cacheMtime) {
      this.cache.clear();
      this.cacheMtime = file.mtimeMs;
    }
    let value = this.cache.get(key);
    if (value === undefined) {
      env.trace?.(6, "cache lookup FAILED, forcing new map lookup");
      const found = lookupTextMapContent(file.data.toString("latin1"), key);
      if (found === null) {
        env.trace?.(5, `map lookup FAILED: map=${this.name}[txt] key=${key}`);
        this.cache.set(key, "");
        return null;
      }
      env.trace?.(5, `map lookup OK: map=${this.name}[txt] key=${key} -> val=${found}`);
      this.cache.set(key, found);
      value = found;
    } else {
      env.trace?.(5, `cache lookup OK: map=${this.name}[txt] key=${key} -> val=${value}`);
    }
    if (this.type === "rnd" && value !== "") {
      value = pickRandomPart(value, env.random);
      env.trace?.(5, `randomly chosen the subvalue \`${value}'`);
    }
    return value !== "" ? value : null;
  }
}
