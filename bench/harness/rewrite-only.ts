/**
 * The mod_rewrite decision alone: server-context rules compiled by src/rewrite and run through
 * its translate-name hook for a fresh request record, without vhost selection, URI parsing,
 * the file-system walk or a handler. This isolates the rule engine (and the rule index) from the
 * rest of the pipeline, which is what Apache's per-rule figures in issue 7 measure.
 */
import { CASE_BASE_MODULES, memoryFs, parseConfig } from "../../dist/config/index.js";
import { ApacheTable } from "../../dist/env/table.js";
import { compileServerContext, rewriteTranslateName } from "../../dist/rewrite/index.js";
import type { FileStat, RewriteRequest, RewriteServer, RewriteServerConfig, RewritePerDirConfig, SubrequestResult } from "../../dist/rewrite/index.js";
import type { RewriteOutcome } from "../../dist/rewrite/outcome.js";
import type { CompiledRule } from "../../dist/rewrite/types.js";

const DOCROOT = "/srv/htdocs";

/** A server for rules that never look at files, sub-requests or maps. */
class BareServer implements RewriteServer {
  constructor(private readonly port: number) {}
  documentRoot(): string {
    return DOCROOT;
  }
  contextDocumentRoot(): string {
    return DOCROOT;
  }
  contextPrefix(): string {
    return "";
  }
  serverNameForUrl(): string {
    return "localhost";
  }
  serverPort(): number {
    return this.port;
  }
  defaultPort(): number {
    return 80;
  }
  isThisServer(_req: RewriteRequest, host: string, port: number): boolean {
    return host === "localhost" && port === this.port;
  }
  coreVariable(): string | undefined {
    return undefined;
  }
  getenv(): string | undefined {
    return undefined;
  }
  stat(): FileStat | null {
    return null;
  }
  lstat(): FileStat | null {
    return null;
  }
  homeDir(): string | null {
    return null;
  }
  subrequestUri(): SubrequestResult {
    return { status: 404, filename: null, lookupVar: () => "" };
  }
  subrequestFile(): SubrequestResult {
    return { status: 404, filename: null, lookupVar: () => "" };
  }
  limitRequestLine(): number {
    return 8190;
  }
  proxyAvailable(): boolean {
    return false;
  }
  mapLookupRecorder(): null {
    return null;
  }
  unrepeatable(): void {
    // The bare pass memoises nothing.
  }
  readFile(): null {
    return null;
  }
  allowsSymlinks(): boolean {
    return true;
  }
}

export interface RewriteOnly {
  /** The compiled server-context rules. */
  rules: readonly CompiledRule[];
  /** Run the server-context rules for a GET of `path`. */
  decide(path: string): RewriteOutcome;
}

/** Compile server-context mod_rewrite lines (RewriteEngine On is added). */
export function compileRewriteOnly(lines: readonly string[], port = 41000): RewriteOnly {
  const text = ["RewriteEngine On", ...lines].join("\n") + "\n";
  const tree = parseConfig(text, { file: "/srv/conf/httpd.conf", fs: memoryFs({ "/srv/htdocs/": null }), serverRoot: "/srv", loadedModules: CASE_BASE_MODULES, env: {} });
  const directives = tree.children.filter((n) => n.type === "directive");
  const compiled = compileServerContext(directives, "main", { serverRoot: "/srv", exists: () => false });
  const sconf = compiled.server as RewriteServerConfig;
  const dconf = compiled.perDir as RewritePerDirConfig;
  const server = new BareServer(port);
  const time = new Date(Date.UTC(2026, 10, 23, 22, 0, 0));
  return {
    rules: sconf.rules,
    decide(path) {
      const req: RewriteRequest = {
        method: "GET",
        protocol: "HTTP/1.1",
        theRequest: `GET ${path} HTTP/1.1`,
        unparsedUri: path,
        scheme: "http",
        uri: path,
        filename: null,
        pathInfo: null,
        args: null,
        status: 200,
        handler: null,
        contentType: null,
        proxyreq: "none",
        headersIn: ApacheTable.from([["Host", `localhost:${port}`]]),
        headersOut: new ApacheTable(),
        errHeadersOut: new ApacheTable(),
        notes: new ApacheTable(),
        subprocessEnv: new ApacheTable(),
        isSubreq: false,
        redirectDepth: 0,
        pool: { endFlag: false, cookiesSet: new Set() },
        time,
      };
      return rewriteTranslateName({ req, server, serverConfig: sconf, serverId: "main", perDirConfig: dconf, tracer: null }).outcome;
    },
  };
}
