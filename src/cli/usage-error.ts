/**
 * How the command line turns failures into one line on stderr and an exit code.
 *
 * Exit codes (documented in `htrewrite --help` and the README):
 *   0  ok
 *   1  refused or mismatch (Apache would not start, a case could not be answered, a test failed)
 *   2  usage (bad flag or argument, a file or directory that cannot be read, malformed JSON/YAML)
 *   70 an internal error of htrewrite (a bug: the only case that prints a stack trace)
 */
import { HtrError } from "../util/errors.js";
import { fsErrorWords } from "../util/read-input.js";

export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;

export const EXIT_CODES_HELP = "exit codes: 0 ok, 1 refused or mismatch, 2 usage or unreadable input, 70 internal error";

interface SystemError {
  path?: unknown;
}

/** The one-line message and exit code for an error the user caused, or null for a bug. */
export function describeUserError(err: unknown): { message: string; exit: number } | null {
  if (err instanceof HtrError) {
    if (err.code === "HTR_USAGE" || err.code === "HTR_CASE_BAD") return { message: err.message, exit: EXIT_USAGE };
    if (err.code === "HTR_INTERNAL") return null;
    return { message: err.message, exit: EXIT_REFUSED };
  }
  if (err instanceof Error) {
    const { path } = err as SystemError;
    const words = fsErrorWords(err);
    if (words !== null && typeof path === "string") return { message: `${path}: ${words}`, exit: EXIT_USAGE };
  }
  return null;
}
