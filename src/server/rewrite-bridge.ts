/**
 * Connects the pipeline to src/rewrite: compiles every context's mod_rewrite directives once,
 * merges them as Apache does for the request's server and per-directory layers, implements the
 * `RewriteServer` services (names, ports, file tests, sub-requests, core variables), and maps
 * the hooks' outcomes back onto the request.
 */
import type { DirectiveNode } from "../config/types.js";
import {
  compilePerDirContext,
  compileServerContext,
  REWRITE_DIRECTIVES,
  RewriteConfigError,
  type RewriteCompileOptions,
} from "../rewrite/compile.js";
import { rewriteFixup } from "../rewrite/fixup.js";
import type { FileStat, MapLookupRun, RewriteRequest, RewriteServer, SubrequestResult } from "../rewrite/host.js";
import { mergePerDirConfig, mergeServerConfig } from "../rewrite/merge.js";
import { rewriteApplyForcedTypes } from "../rewrite/mimetype.js";
import type { RewriteHookResult } from "../rewrite/outcome.js";
import { rewriteTranslateName } from "../rewrite/translate.js";
import type { RewritePerDirConfig, RewriteServerConfig } from "../rewrite/types.js";
import { lookupVariable } from "../rewrite/variables.js";
import { createContext } from "../rewrite/context.js";
import { evaluateExpr, parseExpr, type ExprNode } from "../expr/index.js";
import { rewriteExprHost } from "../rewrite/expr-host.js";
import type { Engine } from "./engine.js";
import { homeDirectory } from "./passwd.js";
import type { DirLayer } from "./per-dir.js";
import type { RegexDefaults } from "../regex/index.js";
import type { Request } from "./request.js";
import type { RewriteStage } from "./rewrite-stage.js";
import { core } from "./modules/core.js";
import { rewrite } from "./modules/rewrite.js";
import type { HookResult } from "./modules/types.js";
import { defaultPort, serverNameForUrl, serverPort } from "./server-name.js";
import { serverAnswersTo } from "./vhost-select.js";

/** Apache's API_VERSION for 2.4.71 (MMN major:minor), measured (rewrite.md §7.1). */
const API_VERSION = "20120211:142";
const SERVER_SOFTWARE = "Apache/2.4.71 (Debian)";

function asRequest(req: RewriteRequest): Request {
  return req as Request;
}

export interface RewriteBridgeOptions {
  serverRoot: string;
  /** Is mod_proxy loaded? */
  proxyLoaded: boolean;
}

export class RewriteBridge implements RewriteStage, RewriteServer {
  private readonly serverConfigs = new Map<number, { server: RewriteServerConfig | null; perDir: RewritePerDirConfig | null }>();
  private readonly layerConfigs = new WeakMap<readonly DirectiveNode[], RewritePerDirConfig | null>();
  /** Each server level's own per-directory part (RewriteOptions, RewriteBase … written at server level). */
  private readonly serverLevelPerDir = new WeakMap<readonly DirectiveNode[], RewritePerDirConfig | null>();

  constructor(
    private readonly engine: Engine,
    private readonly opts: RewriteBridgeOptions,
  ) {
    this.compileAll();
  }

  private compileOptions(htaccess: boolean): RewriteCompileOptions {
    return { serverRoot: this.opts.serverRoot, exists: (p) => this.engine.fs.stat(p) !== null, htaccess };
  }

  /** Compile server contexts up front: their errors are start-up errors. */
  private compileAll(): void {
    const model = this.engine.model;
    const main = compileServerContext(model.main.directives, "0", this.compileOptions(false));
    // Apache always creates the main server's mod_rewrite config (engine off, no rules); a vhost
    // without mod_rewrite directives shares it, which is how hook_uri2file tells them apart.
    main.server ??= { engine: false, engineSet: false, options: new Set(), optionsSet: false, rules: [], maps: new Map(), owner: "0" };
    this.serverConfigs.set(0, { server: main.server, perDir: main.perDir });
    this.serverLevelPerDir.set(model.main.directives, main.perDir);
    for (const v of model.vhosts) {
      const own = compileServerContext(v.directives, String(v.id), this.compileOptions(false));
      this.serverLevelPerDir.set(v.directives, own.perDir);
      let server: RewriteServerConfig | null;
      if (own.server === null) server = main.server;
      else if (main.server === null) server = own.server;
      else server = mergeServerConfig(main.server, own.server);
      let perDir: RewritePerDirConfig | null;
      if (own.perDir === null) perDir = main.perDir;
      else if (main.perDir === null) perDir = own.perDir;
      else perDir = mergePerDirConfig(main.perDir, own.perDir);
      this.serverConfigs.set(v.id, { server, perDir });
    }
    for (const s of model.all) for (const sec of s.sections) this.compileSection(sec.directives, sectionPath(sec.kind, sec.arg), false);
  }

  private compileSection(directives: readonly DirectiveNode[], path: string, htaccess: boolean): RewritePerDirConfig | null {
    if (this.layerConfigs.has(directives)) return this.layerConfigs.get(directives) ?? null;
    const has = directives.some((d) => REWRITE_DIRECTIVES.has(d.key));
    const config = has ? compilePerDirContext(directives, path, this.compileOptions(htaccess)).config : null;
    this.layerConfigs.set(directives, config);
    return config;
  }

  /** The merged per-directory rewrite config of a request's layers (server base first; merged once per layer chain). */
  perDirConfig(r: Request): RewritePerDirConfig | null {
    return this.engine.modules.dirConfig(rewrite, r);
  }

  layerConfig(l: DirLayer): RewritePerDirConfig | null {
    // A server level contributes its own per-directory part; merged over the main server's, it
    // is the virtual host's base, as mod_rewrite's merge of the two levels gives it.
    if (l.source === "main-server" || l.source === "vhost") return this.serverLevelPerDir.get(l.directives) ?? null;
    const path = l.section ? sectionPath(l.section.kind, l.section.arg) : (l.dir ?? "/");
    return this.compileSection(l.directives, path, l.source === "htaccess");
  }

  private input(r: Request) {
    return {
      req: r,
      server: this as RewriteServer,
      serverConfig: this.serverConfigs.get(r.server.id)?.server ?? null,
      serverId: String(r.server.id),
      perDirConfig: this.perDirConfig(r),
      tracer: r.tracer,
    };
  }

  private toHook(r: Request, res: RewriteHookResult): HookResult {
    r.log.push(...res.errors);
    const o = res.outcome;
    switch (o.kind) {
      case "declined":
        return { kind: "declined" };
      case "ok":
        return { kind: "ok" };
      case "status":
        return { kind: "status", status: o.status };
      case "redirect":
        return { kind: "status", status: o.status, location: o.location };
      case "internal-redirect":
        // hook_fixup left r->filename = "redirect:<path>" and the redirect-handler; the handler
        // phase performs the redirect (handler_redirect).
        return { kind: "ok" };
    }
  }

  translate(r: Request): HookResult {
    return this.toHook(r, rewriteTranslateName(this.input(r)));
  }

  fixup(r: Request): HookResult {
    return this.toHook(r, rewriteFixup(this.input(r)));
  }

  checkHtaccess(directives: readonly DirectiveNode[], dir: string): string | null {
    try {
      this.compileSection(directives, dir, true);
      return null;
    } catch (e) {
      if (e instanceof RewriteConfigError) return e.message;
      throw e;
    }
  }

  /** Parsed expressions by RegexDefaultOptions in force (undefined: Apache's), then by source. */
  private readonly exprCache = new Map<RegexDefaults | undefined, Map<string, ExprNode | null>>();

  evaluateExpression(r: Request, source: string, defaults?: RegexDefaults): ReadonlyArray<string | undefined> | null {
    let bySource = this.exprCache.get(defaults);
    if (!bySource) {
      bySource = new Map();
      this.exprCache.set(defaults, bySource);
    }
    let node = bySource.get(source);
    if (node === undefined) {
      try {
        node = parseExpr(source, false, defaults);
      } catch {
        node = null;
      }
      bySource.set(source, node);
    }
    const sconf = this.serverConfigs.get(r.server.id)?.server;
    if (!node || !sconf) return null;
    const ctx = createContext({ req: r, server: this, sconf, dconf: null, perdir: null, tracer: null });
    const out = evaluateExpr(node, rewriteExprHost(ctx));
    if (!out.ok) return null;
    return out.refs ?? [];
  }

  lateFixup(r: Request): void {
    rewriteApplyForcedTypes(r, r.tracer);
  }

  // ---- RewriteServer ----

  documentRoot(req: RewriteRequest): string {
    return this.engine.modules.serverConfig(core, asRequest(req).server).documentRoot;
  }
  contextDocumentRoot(req: RewriteRequest): string {
    return asRequest(req).contextDocumentRoot ?? this.documentRoot(req);
  }
  contextPrefix(req: RewriteRequest): string {
    return asRequest(req).contextPrefix ?? "";
  }
  serverNameForUrl(req: RewriteRequest): string {
    return serverNameForUrl(asRequest(req), this.engine);
  }
  serverPort(req: RewriteRequest): number {
    return serverPort(asRequest(req), this.engine);
  }
  defaultPort(req: RewriteRequest): number {
    return defaultPort(asRequest(req));
  }
  isThisServer(req: RewriteRequest, host: string, port: number): boolean {
    const r = asRequest(req);
    const s = r.server;
    for (const a of s.addresses) {
      if ((a.port === null || a.port === port) && a.host.toLowerCase() === host.toLowerCase()) return true;
    }
    // The server's port: its first vhost address's port, else its ServerName's, else the main server's.
    return port === s.port && serverAnswersTo(s, host);
  }
  coreVariable(req: RewriteRequest, name: string): string | undefined {
    const r = asRequest(req);
    switch (name) {
      case "SERVER_ADDR":
        return r.conn.localIp;
      case "REMOTE_ADDR":
      case "CONN_REMOTE_ADDR":
      case "REMOTE_HOST":
        return r.conn.remoteIp;
      case "REMOTE_PORT":
        return String(r.conn.remotePort);
      case "REMOTE_IDENT":
      case "REMOTE_USER":
      case "AUTH_TYPE":
        return "";
      case "SERVER_ADMIN":
        return this.engine.modules.serverConfig(core, r.server).serverAdmin;
      case "SERVER_SOFTWARE":
        return SERVER_SOFTWARE;
      case "API_VERSION":
        return API_VERSION;
      case "HTTPS":
        return r.conn.secure ? "on" : "off";
      case "IPV6":
        return r.conn.localIp.includes(":") && !r.conn.localIp.startsWith("::ffff:") ? "on" : "off";
      default:
        return undefined;
    }
  }
  getenv(name: string): string | undefined {
    return this.engine.getenv(name);
  }
  stat(path: string): FileStat | null {
    return this.engine.fs.stat(path);
  }
  lstat(path: string): FileStat | null {
    return this.engine.fs.lstat(path);
  }
  homeDir(user: string): string | null {
    return homeDirectory(user, this.engine.fs);
  }
  subrequestUri(req: RewriteRequest, uri: string): SubrequestResult {
    const out = this.engine.runner.subRequestUri(asRequest(req), uri);
    return this.subResult(out.status, out.req);
  }
  subrequestFile(req: RewriteRequest, path: string): SubrequestResult {
    const out = this.engine.runner.subRequestFile(asRequest(req), path);
    return this.subResult(out.status, out.req);
  }
  private subResult(status: number, sub: Request): SubrequestResult {
    return {
      status,
      filename: sub.filename,
      lookupVar: (name: string) => {
        const sconf = this.serverConfigs.get(sub.server.id)?.server;
        if (!sconf) return "";
        const dconf = this.perDirConfig(sub);
        const ctx = createContext({ req: sub, server: this, sconf, dconf, perdir: null, tracer: sub.tracer });
        return lookupVariable(name, ctx);
      },
    };
  }
  close(): void {
    const seen = new Set<object>();
    for (const { server } of this.serverConfigs.values()) {
      for (const map of server?.maps.values() ?? []) {
        if (seen.has(map)) continue; // a vhost inherits the main server's map objects
        seen.add(map);
        map.close?.();
      }
    }
  }
  limitRequestLine(req: RewriteRequest): number {
    return this.engine.modules.serverConfig(core, asRequest(req).server).limitRequestLine;
  }
  proxyAvailable(): boolean {
    return this.opts.proxyLoaded;
  }
  readFile(path: string): { data: Buffer; mtimeMs: number } | null {
    const data = this.engine.fs.readFile(path);
    if (data === null) return null;
    return { data, mtimeMs: this.engine.fs.stat(path)?.mtimeMs ?? 0 };
  }
  unrepeatable(reason: string): void {
    this.engine.observer?.unrepeatable(reason);
  }
  mapLookupRecorder(): ((first: MapLookupRun, again: () => MapLookupRun) => void) | null {
    const observer = this.engine.observer;
    return observer === null ? null : (first, again) => observer.mapLookup(first, again);
  }
  allowsSymlinks(req: RewriteRequest): boolean {
    const o = this.engine.modules.dirConfig(core, asRequest(req)).options;
    return o.has("FollowSymLinks") || o.has("SymLinksIfOwnerMatch");
  }
}

/** PERDIR of a section: <Directory> path, <Location> URL-path, the regex for …Match, "*If" for <If>. */
function sectionPath(kind: string, arg: string): string {
  if (kind === "if") return "*If";
  return arg;
}
