/**
 * Configuration errors, worded as httpd 2.4.71 words them.
 *
 * httpd reports a refused configuration in two shapes, depending on the phase that found it
 * (measured with `apache2 -t -f FILE`):
 * - while *reading* the file (section nesting, and the directives httpd executes as it reads:
 *   Define, Include, LoadModule, <IfModule> …): `apache2: Syntax error on line N of FILE: MESSAGE`
 * - while *processing* the tree (every other directive):
 *   `AH00526: Syntax error on line N of FILE:` then MESSAGE on the next line, the message passed
 *   through the error log's escaping (a backslash is doubled, control bytes become `\xhh`).
 * In an `.htaccess` file the same message is logged as `PATH: MESSAGE` and the request gets 500.
 */
import { HtrError, type HtrErrorCode } from "../util/errors.js";
import type { SourcePos } from "./types.js";

/** Which of httpd's passes found the problem; it decides the wording of the whole error. */
export type ConfigPhase = "read" | "process" | "htaccess";

/** Program name httpd prints before read-phase errors (Debian's binary is `apache2`). */
export const HTTPD_PROGRAM_NAME = "apache2";

/**
 * A configuration Apache refuses. `detail` is httpd's message for the directive alone (what the
 * module returned); `message` is the complete text httpd prints, naming file and line.
 */
export class ConfigError extends HtrError {
  readonly detail: string;
  readonly pos: SourcePos;
  readonly phase: ConfigPhase;
  /** `whole`: the complete text, for the few errors httpd prints without a line prefix. */
  constructor(code: HtrErrorCode, detail: string, pos: SourcePos, phase: ConfigPhase, whole?: string) {
    super(code, whole ?? formatConfigError(detail, pos, phase));
    this.name = "ConfigError";
    this.detail = detail;
    this.pos = pos;
    this.phase = phase;
  }

  /** The error as one line (the two-line start-up form joined with " | ", as the oracle records it). */
  oneLine(): string {
    return this.message.split("\n").join(" | ");
  }
}

/** The line number httpd names: the last physical line of a continued directive. */
export function apacheLine(pos: SourcePos): number {
  return pos.lastLine ?? pos.line;
}

/**
 * Longest line httpd's error log writes (its message buffer, MAX_STRING_LEN, less the line end):
 * measured with a recursive Include, whose nested message is cut at 8190 bytes.
 */
export const ERROR_LOG_LINE_MAX = 8190;

function logLine(s: string): string {
  return s.length > ERROR_LOG_LINE_MAX ? s.slice(0, ERROR_LOG_LINE_MAX) : s;
}

/**
 * httpd's full text for an error of the given phase. Every message passes through the error
 * log's escaping (so the several "was not closed." lines of one read error stay on one line, as
 * `\n`), and each logged line is cut at {@link ERROR_LOG_LINE_MAX}.
 */
export function formatConfigError(detail: string, pos: SourcePos, phase: ConfigPhase): string {
  const line = apacheLine(pos);
  switch (phase) {
    case "read":
      return logLine(`${HTTPD_PROGRAM_NAME}: ${escapeErrorLogItem(`Syntax error on line ${line} of ${pos.file}: ${detail}`)}`);
    case "process":
      return `AH00526: Syntax error on line ${line} of ${pos.file}:\n${logLine(escapeErrorLogItem(detail))}`;
    case "htaccess":
      return logLine(escapeErrorLogItem(`${pos.file}: ${detail}`));
  }
}

/**
 * The error log's escaping of a message (ap_escape_errorlog_item): backslash doubled, `\b \n \r
 * \t \v` by name, other bytes that are not printable ASCII as `\xhh`; `"` is left alone.
 */
export function escapeErrorLogItem(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) {
      out += c === 0x5c ? "\\\\" : s[i];
      continue;
    }
    switch (c) {
      case 0x08: out += "\\b"; break;
      case 0x0a: out += "\\n"; break;
      case 0x0d: out += "\\r"; break;
      case 0x09: out += "\\t"; break;
      case 0x0b: out += "\\v"; break;
      default: out += "\\x" + (c & 0xff).toString(16).padStart(2, "0");
    }
  }
  return out;
}
