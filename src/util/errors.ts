/**
 * Errors with stable codes. Every error htrewrite raises on bad input (configuration, regex,
 * request, case file) is an HtrError: `code` is stable across versions and safe to branch on,
 * `message` says what is wrong and where, in Apache's own words where Apache has some.
 */
export type HtrErrorCode =
  | "HTR_CONFIG_SYNTAX" // a configuration Apache refuses (AH00526 at start-up, 500 in .htaccess)
  | "HTR_CONFIG_INCLUDE" // Include/IncludeOptional problems
  | "HTR_CONFIG_UNKNOWN_DIRECTIVE" // Invalid command '…'
  | "HTR_CONFIG_CONTEXT" // directive not allowed here / in this context
  | "HTR_CONFIG_STARTUP" // httpd refuses to start for a reason outside one directive (no MPM, log directory missing, no listener)
  | "HTR_CONFIG_LIMIT" // a configuration beyond one of htrewrite's own bounds (where Apache would crash or exhaust memory)
  | "HTR_REGEX_COMPILE" // PCRE2 refused the pattern
  | "HTR_REGEX_LIMIT" // match limit hit
  | "HTR_REQUEST_BAD" // a request Apache answers with 400
  | "HTR_CASE_BAD" // a malformed conformance case file
  | "HTR_USAGE" // CLI usage
  | "HTR_MAP" // RewriteMap runtime failures
  | "HTR_BUDGET" // a request's work budget ran out (the request ends with 500)
  | "HTR_EXEC_REFUSED" // a config asks to run a program and the caller did not allow it
  | "HTR_INTERNAL";

export class HtrError extends Error {
  readonly code: HtrErrorCode;
  constructor(code: HtrErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = "HtrError";
  }
}
