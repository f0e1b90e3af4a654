/**
 * The conformance case format (spec/case-format.md) as TypeScript types: what a case file holds
 * (a small Apache deployment plus requests) and what one answered request looks like, whether
 * real Apache recorded it or htrewrite computed it.
 */

/** A listener: a fixed port number, or "auto" (any free port, chosen when the case runs). */
export type PortSpec = number | "auto";

/** Text given either as one string or as a list of lines (joined with "\n"). */
export type TextOrLines = string | string[];

/** A symbolic link in a case's file tree. `target` may use `@ROOT@`. */
export interface SymlinkSpec {
  symlink: string;
}

/**
 * One entry of a case's `files` map: file content (string or lines; `"@PROBE@"` is the WSGI
 * probe), `null` for a directory, or a symbolic link.
 */
export type FileSpec = TextOrLines | null | SymlinkSpec;

/** The literal that stands for the recorder's WSGI probe application in `files`. */
export const PROBE_TOKEN = "@PROBE@";

/** One request of a case, as written in the case file. */
export interface CaseRequest {
  /** HTTP method; default "GET". */
  method?: string;
  /** The raw request-target exactly as sent on the wire (`/a%20b?x=1`, `//x`, `/%7Euser`). */
  path: string;
  /**
   * The Host header. Absent: `localhost` on port 80, `localhost:PORT` otherwise.
   * `null`: no Host header at all.
   */
  host?: string | null;
  /** Which listener: an index into `ports`, a token `"@PORTn@"`, or a fixed port listed in `ports`. Default 0. */
  port?: number | string;
  /** Extra request headers, sent in this order. */
  headers?: Record<string, string>;
  /** Request body (sent with a Content-Length header). */
  body?: string;
  /** "1.1" (default) or "1.0". */
  http_version?: "1.0" | "1.1";
  /**
   * The whole request exactly as sent on the wire, for requests the other fields cannot
   * describe (bad request lines, obs-fold, duplicate or odd Host fields, HTTP/0.9 …). A string
   * of bytes: each character is one byte, U+0000–U+00FF, so JSON escapes carry any byte
   * (`"GET / HTTP/1.1\r\nHost: x\r\n\r\n"`); `@PORTn@` and `@ROOT@` are substituted. Sent
   * verbatim, after which the client closes its sending side. With `raw`, only `port` and
   * `path` may be given (`path` is then only a label; default: the first line's request-target).
   */
  raw?: string;
}

/** A case file (spec/case-format.md "Case file"), after validation. */
export interface CaseFile {
  name: string;
  description?: string;
  /** Listeners; default `["auto"]`. */
  ports: PortSpec[];
  /** Lines appended to the base configuration (already split into lines). */
  config: string[];
  /** Path (relative to the sandbox root, or starting with `@ROOT@`) → content. */
  files: Record<string, FileSpec>;
  /** Directory (relative or `@ROOT@/…`) → `.htaccess` text. */
  htaccess: Record<string, TextOrLines>;
  /** Variables of the server process's own environment (what getenv() sees). */
  env: Record<string, string>;
  /** Extra Apache modules to load, by short name (`"cgi"` → mod_cgi.so). */
  modules: string[];
  /** True when Apache is expected to refuse the configuration. */
  expect_start_failure: boolean;
  requests: CaseRequest[];
}

/** The request as echoed in a result record: the case's request with the defaults filled in. */
export interface RecordedRequest {
  path: string;
  host?: string | null;
  method: string;
  port?: number | string;
  headers?: Record<string, string>;
  body?: string;
  http_version?: "1.0" | "1.1";
  raw?: string;
}

/** The fields the WSGI probe reports (all environ values are byte strings). */
export interface ProbeBody {
  application_group: string;
  /** `""` means embedded mode. */
  process_group: string;
  /** The script file that ran (`__file__` of the probe). */
  probe_file: string;
  SCRIPT_NAME: string;
  PATH_INFO: string;
  QUERY_STRING: string;
  REQUEST_URI: string;
  SCRIPT_FILENAME: string;
  SERVER_NAME: string;
  SERVER_PORT: string;
  HTTP_HOST?: string;
  DOCUMENT_ROOT: string;
  CONTEXT_PREFIX: string;
  CONTEXT_DOCUMENT_ROOT: string;
  /** What SetEnv, SetEnvIf, RewriteRule [E=] set, plus every REDIRECT_* (case-format.md filter). */
  env: Record<string, string>;
  /** Further environ fields (REQUEST_METHOD, PATH_TRANSLATED, SCRIPT_URI, mod_wsgi info …). */
  [extra: string]: unknown;
}

/** "probe" when a WSGI script answered, else "text". */
export type BodyKind = "probe" | "text";

/**
 * One answered request: what `htrewrite eval` prints and what the recorder writes, one JSON line
 * each. Paths under the sandbox read `@ROOT@/…`, auto ports `@PORTn@`.
 */
export interface ResultRecord {
  case: string;
  index: number;
  request: RecordedRequest | CaseRequest;
  /** The HTTP status; `null` when Apache did not start (then `error` says why). */
  status: number | null;
  location?: string | null;
  content_type?: string | null;
  /** Length and SHA-256 of the whole body, after placeholder normalisation (stable across runs). */
  body_len?: number;
  body_sha256?: string;
  body_kind?: BodyKind;
  /** The probe's fields, or the served text (first 1000 characters). */
  body?: ProbeBody | string;
  /** mod_rewrite trace lines, `"traceN [initial|subreq|initial/redir#1] message"`. */
  trace?: string[];
  /** Other error-log lines of this request at warn level or worse, `"[module:level] message"`. */
  log?: string[];
  /** Start-up log lines (first record only). */
  server_log?: string[];
  /** Why there is no answer (a refused configuration: `"apache did not start: …"`). */
  error?: string;
}
