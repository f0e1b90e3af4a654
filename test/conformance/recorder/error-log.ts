/**
 * Reading Apache's error log as the base configuration formats it
 * (`ErrorLogFormat "[%-m:%l] [pid %P] %M"`): the rewrite trace, other messages of a request,
 * and start-up messages.
 */
import { closeSync, openSync, readSync, fstatSync } from "node:fs";

/** One parsed error-log line. */
export interface LogLine {
  module: string;
  level: string;
  message: string;
}

const LINE = /^\[([^:\]]*):([a-z0-9]+)\] \[pid \d+\] (.*)$/;

/** Parses one line; lines in another shape (e.g. Python tracebacks continued) keep module "". */
export function parseLogLine(line: string): LogLine {
  const m = LINE.exec(line);
  return m ? { module: m[1], level: m[2], message: m[3] } : { module: "", level: "", message: line };
}

// mod_rewrite prefixes each trace message with "<client> <ident> <user> [<host>/sid#…][rid#…/<kind>] ".
const REWRITE_PREFIX = /^\S+ \S+ \S+ \[[^\]]*\/sid#[0-9a-fx]+\]\[rid#[0-9a-fx]+\/([^\]]+)\] /;

/**
 * A mod_rewrite trace line as results write it: `"traceN [initial] message"`; null for lines
 * that are not rewrite trace lines.
 */
export function traceEntry(l: LogLine): string | null {
  if (l.module !== "rewrite" || !l.level.startsWith("trace")) return null;
  const m = REWRITE_PREFIX.exec(l.message);
  if (!m) return `${l.level} ${l.message}`;
  return `${l.level} [${m[1]}] ${l.message.slice(m[0].length)}`;
}

const SERIOUS = new Set(["emerg", "alert", "crit", "error", "warn"]);

/**
 * Messages at warn level or worse, as `"[module:level] message"` (mod_rewrite's own errors, such
 * as AH10410 or AH02596, included; its trace lines are not).
 */
export function problemEntry(l: LogLine): string | null {
  if (!SERIOUS.has(l.level)) return null;
  // Process ids change from run to run; mod_wsgi puts them in its messages.
  return `[${l.module}:${l.level}] ${l.message.replace(/\bpid=\d+/g, "pid=N")}`;
}

/** Reads a growing log file in pieces: each `readNew()` returns the complete lines added since the last. */
export class LogTail {
  private offset = 0;
  private partial = "";
  constructor(private readonly path: string) {}

  readNew(): string[] {
    let fd: number;
    try {
      fd = openSync(this.path, "r");
    } catch {
      return [];
    }
    try {
      const size = fstatSync(fd).size;
      if (size <= this.offset) return [];
      const buf = Buffer.alloc(size - this.offset);
      readSync(fd, buf, 0, buf.length, this.offset);
      this.offset = size;
      const text = this.partial + buf.toString("latin1");
      const lines = text.split("\n");
      this.partial = lines.pop() ?? "";
      return lines;
    } finally {
      closeSync(fd);
    }
  }
}
