/**
 * Compile errors of the regex layer. Apache itself only says "cannot compile regular expression"
 * (mod_rewrite) but PCRE's own message and offset are what a user needs to fix the pattern, so
 * both are kept.
 */
import { HtrError } from "../util/errors.js";

/** PCRE2 refused a pattern (code `HTR_REGEX_COMPILE`). */
export class RegexError extends HtrError {
  /** Offset (in bytes of the pattern) where PCRE2 stopped, as pcre2_compile reports it. */
  readonly offset: number;
  /** PCRE2's own message text, e.g. "missing closing parenthesis". */
  readonly pcreMessage: string;
  /** The pattern that failed (a byte string). */
  readonly pattern: string;

  constructor(pattern: string, pcreMessage: string, offset: number) {
    super("HTR_REGEX_COMPILE", `cannot compile regular expression '${pattern}': ${pcreMessage} at offset ${offset}`);
    this.name = "RegexError";
    this.offset = offset;
    this.pcreMessage = pcreMessage;
    this.pattern = pattern;
  }
}
