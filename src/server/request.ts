/**
 * The request record: htrewrite's request_rec. It carries what mod_rewrite reads and writes
 * (`RewriteRequest`) plus what core, mod_alias, mod_dir, mod_env, mod_setenvif and mod_wsgi need.
 * Only the pipeline mutates it.
 */
import type { DirWalkCache } from "./dir-walk.js";
import { ApacheTable } from "../env/table.js";
import type { FileStat, RequestPool, RewriteRequest } from "../rewrite/host.js";
import type { RewriteTracer } from "../rewrite/trace.js";
import type { ServerRec } from "./model.js";
import type { DirLayer } from "./per-dir.js";
import type { ChainMemo } from "./module-set.js";

/** A request as it arrives on the wire. */
export interface RawRequest {
  method: string;
  /** The request-target bytes exactly as sent. */
  target: string;
  /** "1.1" or "1.0". */
  httpVersion: string;
  /** Headers in order (name, value); duplicates allowed. */
  headers: Array<[string, string]>;
  /**
   * The request exactly as sent on the wire (a byte string: one character per byte). When given,
   * it is read as core reads it and method, target, httpVersion and headers are not used.
   */
  bytes?: string;
  conn: ConnectionInfo;
  time?: Date;
}

/** The connection a request arrived on. */
export interface ConnectionInfo {
  localIp: string;
  localPort: number;
  remoteIp: string;
  remotePort: number;
  /** TLS connection (scheme https, default port 443). */
  secure: boolean;
}

/** What mod_wsgi's translate hook notes when a WSGIScriptAlias(Match) maps the request. */
export interface WsgiAliasNote {
  /** The alias directive's options (application-group=, process-group=, callable-object=, pass-authorization=). */
  options: Record<string, string>;
}

export class Request implements RewriteRequest {
  method: string;
  protocol: string;
  theRequest: string;
  unparsedUri: string;
  scheme: string;
  uri: string;
  filename: string | null = null;
  pathInfo: string | null = null;
  args: string | null;
  status = 200;
  handler: string | null = null;
  contentType: string | null = null;
  proxyreq: "none" | "proxy" | "reverse" = "none";
  headersIn: ApacheTable;
  headersOut = new ApacheTable();
  errHeadersOut = new ApacheTable();
  notes = new ApacheTable();
  subprocessEnv = new ApacheTable();
  isSubreq: boolean;
  redirectDepth: number;
  pool: RequestPool;
  /**
   * The request's arrival time, read on first use: a decision that reads the clock (TIME_*
   * variables, cookie expiry) cannot be memoised, and the source reports that read.
   */
  get time(): Date {
    if (this.timeValue === null) this.timeValue = this.timeSource();
    return this.timeValue;
  }
  private timeValue: Date | null = null;
  private readonly timeSource: () => Date;

  /** The server (main or vhost) handling the request. */
  server: ServerRec;
  conn: ConnectionInfo;
  /** Apache's normalised request host (null when the request named none; "" is a host of its own). */
  hostname: string | null;
  /** The port the client named (Host header or absolute URI), or null. */
  explicitPort: number | null;
  /** The per-directory configuration in force (merge order). */
  layers: DirLayer[] = [];
  /** The merged module configurations of `layers`, remembered (server/module-set.ts). */
  chainMemo: ChainMemo | null = null;
  /** What this request's first directory walk produced, for the walks of its sub-requests and internal redirects (dir-walk.ts). */
  dirWalkCache: DirWalkCache | null = null;
  /** stat() of r->filename after the directory walk (null: no such file). */
  finfo: FileStat | null = null;
  /** Set by Alias/UserDir (ap_set_context_info); null = defaults (DocumentRoot, ""). */
  contextPrefix: string | null = null;
  contextDocumentRoot: string | null = null;
  wsgiAlias: WsgiAliasNote | null = null;
  /** AcceptPathInfo as the handler should apply it. */
  usedPathInfo: "default" | "accept" | "reject" = "default";
  /** The request this one was internally redirected from. */
  prev: Request | null = null;
  /** For a sub-request: its parent. */
  main: Request | null = null;
  /** Loopback proxy hops that led to this request (mod_proxy to this same server). */
  proxyHops = 0;
  /** For a request serving an ErrorDocument: the error status it answers (no second customisation). */
  errorDocumentFor: number | null = null;
  /** Whether mod_setenvif already ran its server-level entries for this request. */
  setenvifServerDone = false;
  /** Errors logged while serving (what Apache would write to its error log). */
  log: string[];
  /** Receives mod_rewrite trace events (shared by internal redirects and sub-requests); null = off. */
  tracer: RewriteTracer | null = null;

  constructor(init: {
    method: string;
    protocol: string;
    theRequest: string;
    unparsedUri: string;
    scheme: string;
    uri: string;
    args: string | null;
    headersIn: ApacheTable;
    server: ServerRec;
    conn: ConnectionInfo;
    hostname: string | null;
    explicitPort: number | null;
    isSubreq: boolean;
    redirectDepth: number;
    pool: RequestPool;
    /** The arrival time, or where to read it on first use. */
    time: Date | (() => Date);
    log: string[];
  }) {
    this.method = init.method;
    this.protocol = init.protocol;
    this.theRequest = init.theRequest;
    this.unparsedUri = init.unparsedUri;
    this.scheme = init.scheme;
    this.uri = init.uri;
    this.args = init.args;
    this.headersIn = init.headersIn;
    this.server = init.server;
    this.conn = init.conn;
    this.hostname = init.hostname;
    this.explicitPort = init.explicitPort;
    this.isSubreq = init.isSubreq;
    this.redirectDepth = init.redirectDepth;
    this.pool = init.pool;
    const t = init.time;
    if (t instanceof Date) this.timeValue = t;
    this.timeSource = t instanceof Date ? () => t : t;
    this.log = init.log;
  }
}
