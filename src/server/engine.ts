/**
 * A loaded deployment: the server model plus everything compiled once from it (aliases, SetEnvIf
 * entries, daemon groups, .htaccess files, the rewrite stage), the file system and the process
 * environment. Requests are served by `serveRequest(engine, raw)` (pipeline.ts).
 */
import { DEFAULT_WORK_BUDGET } from "../rewrite/budget.js";
import type { DirectiveNode } from "../config/types.js";
import { compileSetEnvIf, type SetEnvIfEntry } from "../env/setenvif.js";
import type { CompiledRegex, RegexDefaults } from "../regex/index.js";
import { GroupRegistry, type GroupRegistryOptions } from "../wsgi/registry.js";
import type { DaemonGroup } from "../wsgi/dispatch.js";
import type { VirtualFs } from "./fs.js";
import type { Section, ServerModel, ServerRec } from "./model.js";
import { serverSetting } from "./model.js";
import type { DirLayer } from "./per-dir.js";
import type { HtaccessAllow } from "./dir-walk.js";
import type { RewriteStage } from "./rewrite-stage.js";
import { compileAliases, compileWsgiAliases, serverAliasDirectives, userDirConfig, type AliasEntry, type UserDirConfig } from "./translate.js";

/** Parses one .htaccess into directives, or returns Apache's error text (the request gets 500). */
export type HtaccessParser = (
  text: string,
  file: string,
  allow: HtaccessAllow,
) => { directives: DirectiveNode[]; sections?: Section[] } | { error: string };

export interface EngineParts {
  model: ServerModel;
  /** Module symbols the configuration loaded (LoadModule), e.g. "autoindex_module". */
  loadedModules?: ReadonlySet<string>;
  fs: VirtualFs;
  getenv: (name: string) => string | undefined;
  /** Compiles a directive's pattern under the RegexDefaultOptions in force where it stands. */
  compileRegex: (pattern: string, nocase: boolean, defaults?: RegexDefaults) => CompiledRegex;
  parseHtaccess: HtaccessParser;
  /** Builds the rewrite stage once the engine exists (it needs the engine for sub-requests). */
  rewrite: (engine: Engine) => RewriteStage;
  now?: () => Date;
  registry?: GroupRegistryOptions;
  /** Work budget of one request, in regex steps (default DEFAULT_WORK_BUDGET). */
  workBudget?: number;
  /** May the configuration run programs (prg: maps, WSGIDispatchScript)? Default false. */
  allowExec?: boolean;
}

const HTACCESS_NAME = ".htaccess";

export class Engine {
  readonly model: ServerModel;
  readonly loadedModules: ReadonlySet<string>;
  readonly fs: VirtualFs;
  readonly getenv: (name: string) => string | undefined;
  readonly compileRegex: (pattern: string, nocase: boolean, defaults?: RegexDefaults) => CompiledRegex;
  readonly registry: GroupRegistry;
  readonly daemons: Map<string, DaemonGroup>;
  readonly rewrite: RewriteStage;
  readonly now: () => Date;
  /** Work budget of one request, in regex steps (rewrite/budget.ts). */
  readonly workBudget: number;
  /** May the configuration (and .htaccess files) run programs? (server/exec-consent.ts) */
  readonly allowExec: boolean;
  private readonly parseHtaccessText: HtaccessParser;
  private readonly perServer = new Map<number, { aliases: AliasEntry[]; wsgi: AliasEntry[]; userdir: UserDirConfig; setenvif: SetEnvIfEntry[] }>();
  private readonly perLayerSetEnvIf = new WeakMap<readonly DirectiveNode[], SetEnvIfEntry[]>();
  private readonly htaccessCache = new Map<string, { text: string; allowKey: string; result: { layer: DirLayer } | { error: string } }>();

  constructor(parts: EngineParts) {
    this.model = parts.model;
    this.loadedModules = parts.loadedModules ?? new Set();
    this.fs = parts.fs;
    this.getenv = parts.getenv;
    this.compileRegex = parts.compileRegex;
    this.parseHtaccessText = parts.parseHtaccess;
    this.now = parts.now ?? (() => new Date());
    this.workBudget = parts.workBudget ?? DEFAULT_WORK_BUDGET;
    this.allowExec = parts.allowExec === true;
    this.registry = new GroupRegistry(parts.registry);
    this.daemons = collectDaemons(parts.model);
    this.rewrite = parts.rewrite(this);
  }

  /**
   * Release the engine's external resources: every `prg:` map program is killed with its whole
   * process group. Safe to call twice; a map used afterwards starts its program again.
   */
  close(): void {
    this.rewrite.close();
  }

  private serverParts(s: ServerRec) {
    let p = this.perServer.get(s.id);
    if (!p) {
      const compile = (pattern: string, defaults?: RegexDefaults) => this.compileRegex(pattern, false, defaults);
      const directives = serverAliasDirectives(this.model, s);
      const setenvifDirectives = s.isMain ? this.model.main.directives : [...this.model.main.directives, ...s.directives];
      p = {
        aliases: compileAliases(directives, compile),
        wsgi: compileWsgiAliases(directives, compile),
        userdir: userDirConfig(s.directives, this.model.main.directives),
        setenvif: compileSetEnvIf(setenvifDirectives, this.compileRegex),
      };
      this.perServer.set(s.id, p);
    }
    return p;
  }

  aliases(s: ServerRec): AliasEntry[] {
    return this.serverParts(s).aliases;
  }

  wsgiAliases(s: ServerRec): AliasEntry[] {
    return this.serverParts(s).wsgi;
  }

  userDir(s: ServerRec): UserDirConfig {
    return this.serverParts(s).userdir;
  }

  /** SetEnvIf entries written at server level (main server's, then the vhost's). */
  serverSetEnvIf(s: ServerRec): SetEnvIfEntry[] {
    return this.serverParts(s).setenvif;
  }

  /** SetEnvIf entries of per-directory sections and .htaccess files among the layers, in order. */
  perDirSetEnvIf(layers: readonly DirLayer[]): SetEnvIfEntry[] {
    const out: SetEnvIfEntry[] = [];
    for (const l of layers) {
      if (l.source === "main-server" || l.source === "vhost") continue;
      let entries = this.perLayerSetEnvIf.get(l.directives);
      if (!entries) {
        entries = compileSetEnvIf(l.directives, this.compileRegex);
        this.perLayerSetEnvIf.set(l.directives, entries);
      }
      out.push(...entries);
    }
    return out;
  }

  documentRoot(s: ServerRec): string {
    const d = serverSetting(s, this.model.main, "documentroot");
    const v = d?.args[0] ?? "/usr/local/apache2/htdocs";
    return v.length > 1 && v.endsWith("/") ? v.slice(0, -1) : v;
  }

  /** MergeSlashes and AllowEncodedSlashes as they apply to the request path. */
  pathDecoding(s: ServerRec): { mergeSlashes: boolean; allowEncodedSlashes: boolean; decodeEncodedSlashes: boolean } {
    const merge = serverSetting(s, this.model.main, "mergeslashes")?.args[0]?.toLowerCase() !== "off";
    const aes = serverSetting(s, this.model.main, "allowencodedslashes")?.args[0]?.toLowerCase();
    return { mergeSlashes: merge, allowEncodedSlashes: aes === "on" || aes === "nodecode", decodeEncodedSlashes: aes === "on" };
  }

  limitInternalRecursion(s: ServerRec): number {
    const d = serverSetting(s, this.model.main, "limitinternalrecursion");
    const n = d ? parseInt(d.args[0] ?? "", 10) : NaN;
    return Number.isFinite(n) && n > 0 ? n : 10;
  }

  limitRequestLine(s: ServerRec): number {
    const d = serverSetting(s, this.model.main, "limitrequestline");
    const n = d ? parseInt(d.args[0] ?? "", 10) : NaN;
    return Number.isFinite(n) && n > 0 ? n : 8190;
  }

  limitRequestFieldSize(): number {
    const d = serverSetting(this.model.main, this.model.main, "limitrequestfieldsize");
    const n = d ? parseInt(d.args[0] ?? "", 10) : NaN;
    return Number.isFinite(n) && n > 0 ? n : 8190;
  }

  /** WSGIRestrictEmbedded On (main server only). */
  restrictEmbedded(): boolean {
    const d = serverSetting(this.model.main, this.model.main, "wsgirestrictembedded");
    return d?.args[0]?.toLowerCase() === "on";
  }

  /**
   * What loading the WSGI script would find. htrewrite runs no Python: the conformance probe
   * ("@PROBE@") defines `application` and `alt` (the recorder's probe, used for
   * WSGICallableObject cases); another file defines `callable` when a top-level `def`, `class`,
   * assignment or import names it; a file that reads as no Python at all (a line that is not
   * blank, a comment or a statement, such as an HTML page) fails to compile, which mod_wsgi
   * answers with 500.
   */
  scriptDefines(file: string, callable: string): "defined" | "missing" | "invalid" {
    const data = this.fs.readFile(file);
    if (data === null) return "invalid";
    const text = data.toString("latin1");
    if (text.trim() === "@PROBE@" || text.startsWith("# oracle probe WSGI application")) {
      return callable === "application" || callable === "alt" ? "defined" : "missing";
    }
    const name = callable.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
    const defines = new RegExp(
      `^(?:def|class)\\s+${name}\\b|^${name}\\s*=|^from\\s.*\\simport\\s.*\\b${name}\\b|^import\\s+${name}\\b`,
      "m",
    ).test(text);
    if (defines) return "defined";
    return looksLikePython(text) ? "missing" : "invalid";
  }

  /** Read and parse `dir`/.htaccess (cached by content and AllowOverride); null when there is none. */
  loadHtaccess(dir: string, allow: HtaccessAllow): { layer: DirLayer } | { error: string } | null {
    const file = dir + HTACCESS_NAME;
    const data = this.fs.readFile(file);
    if (data === null) return null;
    const text = data.toString("latin1");
    const allowKey = `${allow.overrides === "All" || allow.overrides === "None" ? allow.overrides : [...allow.overrides].sort().join(",")}|${allow.list.join(",")}|${allow.options?.join(",") ?? "*"}`;
    const cached = this.htaccessCache.get(file);
    if (cached && cached.text === text && cached.allowKey === allowKey) return cached.result;
    const parsed = this.parseHtaccessText(text, file, allow);
    let result: { layer: DirLayer } | { error: string };
    if ("error" in parsed) result = { error: parsed.error };
    else {
      const rewriteError = this.rewrite.checkHtaccess(parsed.directives, dir);
      result = rewriteError !== null ? { error: `${file}: ${rewriteError}` } : { layer: { source: "htaccess", section: null, dir, directives: parsed.directives, file, nested: parsed.sections ?? [] } };
    }
    this.htaccessCache.set(file, { text, allowKey, result });
    return result;
  }
}

/** A rough Python check: every top-level line is blank, a comment, or starts like a statement. */
function looksLikePython(text: string): boolean {
  const statement = /^(?:[A-Za-z_][A-Za-z0-9_.]*\s*(?:[=(:[,]|\+=|-=|$)|(?:def|class|import|from|if|elif|else|for|while|try|except|finally|with|return|pass|raise|@|async|global|assert|del|print)\b|["'#)\]}])/;
  let inString = false;
  for (const line of text.split("\n")) {
    const triple = (line.match(/"""|'''/g) ?? []).length;
    if (inString) {
      if (triple % 2 === 1) inString = false;
      continue;
    }
    if (triple % 2 === 1) inString = true;
    if (line.trim() === "" || /^\s/.test(line)) continue;
    if (!statement.test(line)) return false;
  }
  return true;
}

/** WSGIDaemonProcess definitions of the whole configuration (names are global). */
function collectDaemons(model: ServerModel): Map<string, DaemonGroup> {
  const out = new Map<string, DaemonGroup>();
  for (const s of model.all) {
    for (const d of s.directives) {
      if (d.key !== "wsgidaemonprocess") continue;
      const [name, ...opts] = d.args;
      if (name === undefined || out.has(name)) continue;
      const options: Record<string, string> = {};
      for (const o of opts) {
        const eq = o.indexOf("=");
        if (eq > 0) options[o.slice(0, eq)] = o.slice(eq + 1);
      }
      out.set(name, {
        name,
        processes: Math.max(1, parseInt(options.processes ?? "1", 10) || 1),
        threads: Math.max(1, parseInt(options.threads ?? "15", 10) || 15),
        definedInServer: s.isMain ? null : s.id,
        definedInHostname: s.serverHostname,
        options,
      });
    }
  }
  return out;
}
