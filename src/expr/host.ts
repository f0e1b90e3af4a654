/** What an expression may read of the request and the server it is evaluated for. */
import type { ExprRegex } from "./ast.js";

/** Captures of the last successful match (`$N` inside the expression, `%N` after it). */
export type Backrefs = ReadonlyArray<string | undefined>;

/** A file-system entry as the file tests see it. */
export interface ExprFileStat {
  type: "file" | "dir" | "symlink" | "other";
  size: number;
  mode: number;
}

export interface ExprHost {
  /** `%{NAME}`, `%{HTTP:name}`, `req()` / `http()` (through "HTTP:name"). */
  variable(name: string): string;
  /** `req_novary()`: a request header, not recorded in Vary. */
  header(name: string): string | undefined;
  /** `note()`: r->notes. */
  note(name: string): string | undefined;
  /** `reqenv()` after notes: r->subprocess_env. */
  env(name: string): string | undefined;
  /** `osenv()`: the server process's environment. */
  osenv(name: string): string | undefined;
  /** `file()`: a file's content, null when it cannot be read. */
  readFile(path: string): Buffer | null;
  stat(path: string): ExprFileStat | null;
  lstat(path: string): ExprFileStat | null;
  /** `-U`: a sub-request for the URL answers below 400 (false where sub-requests are not allowed). */
  uriAccessible(url: string): boolean;
  /** `-F`: a file sub-request answers below 300 and the file exists. */
  fileAccessible(path: string): boolean;
  /** `=~`: match with the request's work budget charged. */
  match(regex: ExprRegex, subject: string, source: string): (string | undefined)[] | null;
}
