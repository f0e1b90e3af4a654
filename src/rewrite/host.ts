/**
 * The boundary between mod_rewrite (this layer) and the request pipeline (`src/server`).
 *
 * mod_rewrite reads and writes Apache's request_rec; htrewrite models the parts it touches as
 * `RewriteRequest` (mutable, owned by the pipeline, mutated here only through the hook functions)
 * and asks everything it cannot know itself (server names, the file system, sub-requests, the
 * process environment) through `RewriteServer`. The rewrite layer never imports `src/server`.
 */
import type { ApacheTable } from "../env/table.js";
import type { WorkBudget } from "./budget.js";
import type { ByteString } from "../util/bytes.js";

/** What stat()/lstat() tell mod_rewrite about a path. */
export interface FileStat {
  type: "file" | "dir" | "symlink" | "other";
  size: number;
  /** POSIX permission bits (for -x). */
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
}

/** Result of an internal sub-request (for -U, -F, %{LA-U:…}, %{LA-F:…}). */
export interface SubrequestResult {
  /** Status the sub-request ended with after its access/translate phases (200 when fine). */
  status: number;
  /** r->filename of the sub-request. */
  filename: ByteString | null;
  /** Look a mod_rewrite variable up inside the sub-request (for LA-U/LA-F). */
  lookupVar(name: string): ByteString;
}

/** State shared by a request and all its internal redirects and sub-requests (Apache's pool). */
export interface RequestPool {
  /** The [END] marker: once set, no further mod_rewrite pass runs for this request. */
  endFlag: boolean;
  /** Cookie names already set by [CO=] (each name only once per request). */
  cookiesSet: Set<string>;
  /** The request's work account, shared with its sub-requests and internal redirects. */
  budget?: WorkBudget;
}

/** The slice of request_rec mod_rewrite reads and writes. */
export interface RewriteRequest {
  /** Request line method (GET, POST …). */
  method: string;
  /** "HTTP/1.1" or "HTTP/1.0". */
  protocol: string;
  /** Raw request line (THE_REQUEST). */
  theRequest: ByteString;
  /** Raw request-target as sent (unparsed_uri). */
  unparsedUri: ByteString;
  /** "http" or "https". */
  scheme: string;
  /** Decoded, normalised URL-path (r->uri). */
  uri: ByteString;
  /** r->filename; null when unset. */
  filename: ByteString | null;
  /** r->path_info; null when unset. */
  pathInfo: ByteString | null;
  /** r->args (raw query string); null when none. */
  args: ByteString | null;
  /** r->status (200 unless a rule sets it). */
  status: number;
  /** r->handler. */
  handler: string | null;
  /** r->content_type. */
  contentType: string | null;
  /** r->proxyreq: a forward/reverse proxy request. */
  proxyreq: "none" | "proxy" | "reverse";
  /** Request headers (case-insensitive; duplicates already joined with ", "). */
  headersIn: ApacheTable;
  /** Response headers of normal responses (Vary goes here). */
  headersOut: ApacheTable;
  /** Response headers kept on errors and redirects (Set-Cookie goes here). */
  errHeadersOut: ApacheTable;
  notes: ApacheTable;
  subprocessEnv: ApacheTable;
  /** True in sub-requests (IS_SUBREQ, [NS]). */
  isSubreq: boolean;
  /** Number of internal-redirect hops so far (redir#N in traces). */
  redirectDepth: number;
  /** Shared with internal redirects and sub-requests. */
  pool: RequestPool;
  /** When the request arrived (TIME*, cookie expiry). */
  time: Date;
  /**
   * For a sub-request, the request that made it (r->main): SCRIPT_URL is copied from it and
   * look-aheads are refused when it has the same URI. Null/absent otherwise.
   */
  main?: RewriteRequest | null;
}

/** What mod_rewrite asks of the server it runs in. Implemented by `src/server`. */
/** One RewriteMap look-up as the decision memo keeps it. */
export interface MapLookupRun {
  value: ByteString | null;
  /** What the map back-end traced ("level:message"), cache hits and misses included. */
  messages: string[];
}

export interface RewriteServer {
  /** The request's DocumentRoot (no trailing slash). */
  documentRoot(req: RewriteRequest): ByteString;
  /** CONTEXT_DOCUMENT_ROOT / CONTEXT_PREFIX as set by Alias/UserDir (defaults: docroot / ""). */
  contextDocumentRoot(req: RewriteRequest): ByteString;
  contextPrefix(req: RewriteRequest): ByteString;
  /** SERVER for self-referential URLs (ap_get_server_name_for_url: UseCanonicalName, IPv6 brackets). */
  serverNameForUrl(req: RewriteRequest): string;
  /** ap_get_server_port. */
  serverPort(req: RewriteRequest): number;
  /** Default port of the request's scheme (80/443). */
  defaultPort(req: RewriteRequest): number;
  /**
   * reduce_uri's question: does host:port name this virtual host? (vhost address match, or
   * port == server port and host == ServerName/ServerAlias).
   */
  isThisServer(req: RewriteRequest, host: string, port: number): boolean;
  /**
   * Variables mod_rewrite takes from core that the pipeline owns: SERVER_ADDR, REMOTE_ADDR,
   * CONN_REMOTE_ADDR, REMOTE_PORT, REMOTE_HOST, REMOTE_IDENT, REMOTE_USER, AUTH_TYPE,
   * SERVER_ADMIN, SERVER_SOFTWARE, API_VERSION, HTTPS, … Returns undefined for names it does not own.
   */
  coreVariable(req: RewriteRequest, name: string): ByteString | undefined;
  /** The server process environment (getenv: case-sensitive). */
  getenv(name: string): string | undefined;
  stat(path: ByteString): FileStat | null;
  lstat(path: ByteString): FileStat | null;
  /** Home directory of a user for `/~user` expansion; null when unknown. */
  homeDir(user: string): ByteString | null;
  /** Internal URL sub-request (ap_sub_req_lookup_uri). */
  subrequestUri(req: RewriteRequest, uri: ByteString): SubrequestResult;
  /** Internal file sub-request (ap_sub_req_lookup_file). */
  subrequestFile(req: RewriteRequest, path: ByteString): SubrequestResult;
  /** LimitRequestLine (default 8190): results longer than twice this fail with 500. */
  limitRequestLine(req: RewriteRequest): number;
  /** Is mod_proxy loaded? ([P] needs it.) */
  proxyAvailable(): boolean;
  /** Read a map file (txt:/rnd:/dbm:) as bytes, with its mtime; null when missing. */
  readFile(path: string): { data: Buffer; mtimeMs: number } | null;
  /**
   * The decision is about to read something that can differ on an identical request (a `prg:`
   * program, an `rnd:` choice): it must not be memoised.
   */
  unrepeatable(reason: string): void;
  /**
   * While a decision is being recorded for the decision memo: where to report a map look-up (its
   * value and the messages it traced, and how to run it again). Map caches are state a repeat
   * must advance as the first run did. Null otherwise.
   */
  mapLookupRecorder(): ((first: MapLookupRun, again: () => MapLookupRun) => void) | null;
  /**
   * ap_allow_options(r) has FollowSymLinks or SymLinksIfOwnerMatch: per-dir rules are refused
   * with 403 (AH00670) otherwise.
   */
  allowsSymlinks(req: RewriteRequest): boolean;
}
