/**
 * Content types by extension as Apache's mod_mime assigns them: from TypesConfig, which on
 * Debian is /etc/mime.types ("type ext ext …" lines). Without that file, a small table of the
 * common web types. Extensions match case-insensitively; the last dot-separated part decides
 * (what mod_mime does for a name with one extension; files with several are rare in practice).
 */
import { readFileSync } from "node:fs";

const FALLBACK: Record<string, string> = {
  html: "text/html",
  htm: "text/html",
  css: "text/css",
  js: "text/javascript",
  mjs: "text/javascript",
  json: "application/json",
  txt: "text/plain",
  xml: "application/xml",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  ico: "image/vnd.microsoft.icon",
  pdf: "application/pdf",
  woff: "font/woff",
  woff2: "font/woff2",
  wasm: "application/wasm",
};

/** Parse mime.types text: ext → type (a later line wins, as mod_mime's hash insert). */
export function parseMimeTypes(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split("\n")) {
    const t = line.replace(/#.*/, "").trim();
    if (!t) continue;
    const [type, ...exts] = t.split(/\s+/);
    for (const e of exts) map.set(e.toLowerCase(), type);
  }
  return map;
}

export class MimeTypes {
  constructor(private readonly map: Map<string, string>) {}

  /** /etc/mime.types when readable, else the fallback table. */
  static load(path = "/etc/mime.types"): MimeTypes {
    try {
      return new MimeTypes(parseMimeTypes(readFileSync(path, "latin1")));
    } catch {
      return new MimeTypes(new Map(Object.entries(FALLBACK)));
    }
  }

  /** The type for a file name, or null (Apache then sends no Content-Type). */
  lookup(filename: string): string | null {
    const base = filename.slice(filename.lastIndexOf("/") + 1);
    const dot = base.lastIndexOf(".");
    if (dot <= 0) return null;
    return this.map.get(base.slice(dot + 1).toLowerCase()) ?? null;
  }
}
