/**
 * `node:path` for the browser bundle: the POSIX rules the engine relies on (Apache's paths are
 * POSIX paths), with "/" as the working directory since a page has none.
 */

function normalizeSegments(path: string, absolute: boolean): string {
  const out: string[] = [];
  for (const seg of path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
    } else out.push(seg);
  }
  return out.join("/");
}

export function isAbsolute(p: string): boolean {
  return p.startsWith("/");
}

export function normalize(p: string): string {
  if (p === "") return ".";
  const abs = isAbsolute(p);
  const body = normalizeSegments(p, abs);
  const trailing = p.endsWith("/") && body !== "" ? "/" : "";
  return (abs ? "/" : "") + (body || (abs ? "" : ".")) + trailing;
}

export function join(...parts: string[]): string {
  const joined = parts.filter((p) => p !== "").join("/");
  return joined === "" ? "." : normalize(joined);
}

export function resolve(...parts: string[]): string {
  let path = "";
  for (let i = parts.length - 1; i >= 0 && !isAbsolute(path); i--) {
    if (parts[i] !== "") path = path === "" ? parts[i] : `${parts[i]}/${path}`;
  }
  if (!isAbsolute(path)) path = `/${path}`;
  return "/" + normalizeSegments(path, true);
}

export function dirname(p: string): string {
  if (p === "") return ".";
  const trimmed = p.length > 1 ? p.replace(/\/+$/, "") : p;
  const i = trimmed.lastIndexOf("/");
  if (i < 0) return ".";
  if (i === 0) return "/";
  return trimmed.slice(0, i);
}

export function basename(p: string, ext?: string): string {
  const trimmed = p.length > 1 ? p.replace(/\/+$/, "") : p;
  let base = trimmed.slice(trimmed.lastIndexOf("/") + 1);
  if (ext !== undefined && base.endsWith(ext) && base !== ext) base = base.slice(0, -ext.length);
  return base;
}

export function extname(p: string): string {
  const base = basename(p);
  const i = base.lastIndexOf(".");
  return i <= 0 ? "" : base.slice(i);
}

export function relative(from: string, to: string): string {
  const a = resolve(from).split("/").filter(Boolean);
  const b = resolve(to).split("/").filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/");
}

export const sep = "/";
export const delimiter = ":";

const posixApi = { isAbsolute, normalize, join, resolve, dirname, basename, extname, relative, sep, delimiter };
export const posix = posixApi;
export default { ...posixApi, posix: posixApi };
