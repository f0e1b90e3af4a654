/**
 * Errors with stable codes. Every error htrewrite raises on bad input (configuration, regex,
 * request, case file) is an HtrError: `code` is stable across versions and safe to branch on,
 * `message` says what is wrong and where, in Apache's own words where Apache has some.
 */
/**
 * Every code, each raised where its error is detected (test/api/error-codes.test.ts has a case
 * per code, so none is unused).
 */
export const HTR_ERROR_CODES = [
  "HTR_CONFIG_SYNTAX", // a configuration Apache refuses (AH00526 at start-up, 500 in .htaccess)
  "HTR_CONFIG_INCLUDE", // Include/IncludeOptional problems
  "HTR_CONFIG_UNKNOWN_DIRECTIVE", // Invalid command '…'
  "HTR_CONFIG_CONTEXT", // directive not allowed here / in this context
  "HTR_CONFIG_STARTUP", // httpd refuses to start for a reason outside one directive (no MPM, log directory missing, no listener)
  "HTR_CONFIG_LIMIT", // a configuration beyond one of htrewrite's own bounds (where Apache would crash or exhaust memory)
  "HTR_REGEX_COMPILE", // PCRE2 refused the pattern
  "HTR_CASE_BAD", // a malformed conformance case file
  "HTR_REQUEST_BAD", // a request description htrewrite cannot send (a playground header line without a colon, an empty URL); requests themselves never throw: Apache answers them
  "HTR_USAGE", // CLI usage
  "HTR_BUDGET", // a request's work budget ran out (the request ends with 500)
  "HTR_EXEC_REFUSED", // a config asks to run a program and the caller did not allow it
  "HTR_FILE_ROOT", // a config reads a file outside the roots the caller named (--root)
  "HTR_INTERNAL", // htrewrite's own installation is broken (the PCRE2 module), never bad input
] as const;

export type HtrErrorCode = (typeof HTR_ERROR_CODES)[number];

export class HtrError extends Error {
  readonly code: HtrErrorCode;
  constructor(code: HtrErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = "HtrError";
  }
}
