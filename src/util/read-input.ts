/**
 * Reading a file the user named, with failures as one line naming the path ("x.conf: no such
 * file or directory"), never Node's "ENOENT: …, open 'x'" or a stack trace.
 */
import { readFileSync } from "node:fs";
import { HtrError } from "./errors.js";

/** Node's system error codes for paths, worded as a person would read them. */
const FS_WORDS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "is a directory, expected a file",
  ENOTDIR: "not a directory",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "file name too long",
};

/** The words for a file-system error, or null when `err` is not one. */
export function fsErrorWords(err: unknown): string | null {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return typeof code === "string" && Object.hasOwn(FS_WORDS, code) ? FS_WORDS[code] : null;
}

/** The bytes of `path`; HtrError HTR_USAGE "<path>: <why>" when it cannot be read. */
export function readInput(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const words = fsErrorWords(e);
    if (words === null) throw e;
    throw new HtrError("HTR_USAGE", `${path}: ${words}`);
  }
}
