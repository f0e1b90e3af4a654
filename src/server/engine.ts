/**
 * A loaded deployment: the server model plus everything compiled once from it (aliases, SetEnvIf
 * entries, daemon groups, .htaccess files, the rewrite stage), the file system and the process
 * environment. Requests are served by `serveRequest(engine, raw)` (pipeline.ts).
 */
import { DEFAULT_WORK_BUDGET } from "../rewrite/budget.js";
import type { DirectiveNode } from "../config/types.js";
import type { CompiledRegex, RegexDefaults } from "../regex/index.js";
import { GroupRegistry, type GroupRegistryOptions } from "../wsgi/registry.js";
import type { DaemonGroup } from "../wsgi/dispatch.js";
import { DispatchScriptRunner } from "../wsgi/dispatch-script.js";
import { pythonScriptLoader, type ScriptLoader, type ScriptVerdict } from "../wsgi/script-loader.js";
import type { VirtualFs } from "./fs.js";
import type { DecisionObserver } from "./decision-observer.js";
import { ObservedFs } from "./observed-fs.js";
import { DecisionMemo, DEFAULT_MEMO_ENTRIES } from "./decision-memo.js";
import { core } from "./modules/core.js";
import type { Section, ServerModel } from "./model.js";
import type { DirLayer } from "./per-dir.js";
import type { HtaccessAllow } from "./dir-walk.js";
import type { RewriteStage } from "./rewrite-stage.js";
import { ModuleSet } from "./module-set.js";
import { SIMULATED_MODULES } from "./modules/index.js";
import type { AnyModule, RequestRunner } from "./modules/types.js";

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
  /** The modules to run (default: every module htrewrite simulates, server/modules/index.ts). */
  modules?: readonly AnyModule[];
  /** What a WSGI script defines (default: wsgi/script-loader.ts pythonScriptLoader). */
  scriptLoader?: ScriptLoader;
  /** The phase loop (server/pipeline.ts pipelineRunner). */
  runner: (engine: Engine) => RequestRunner;
  /** Most distinct requests the decision memo keeps (default DEFAULT_MEMO_ENTRIES); 0 = no memo. */
  memoEntries?: number;
  /** Most estimated bytes of answers the decision memo keeps (default DEFAULT_MEMO_BYTES). */
  memoBytes?: number;
}

const HTACCESS_NAME = ".htaccess";

export class Engine {
  readonly model: ServerModel;
  readonly loadedModules: ReadonlySet<string>;
  /** The file system, its answers reported to `observer` while a decision is being recorded. */
  readonly fs: ObservedFs;
  /**
   * Set by the decision memo (api/decision-memo.ts) while it records one decision: what the
   * decision reads from outside the configuration is reported here. Null otherwise.
   */
  observer: DecisionObserver | null = null;
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
  /** The simulated modules: hooks per phase, compiled per-server and per-directory configurations. */
  readonly modules: ModuleSet;
  /** The one python3 child that runs WSGIDispatchScript files for this engine. */
  readonly dispatchScripts = new DispatchScriptRunner();
  /** The phase loop's services (sub-requests, fast redirects, loopback requests). */
  readonly runner: RequestRunner;
  /** Answers of repeated requests, keyed on what each decision read (server/decision-memo.ts); null = off. */
  readonly decisions: DecisionMemo | null;
  private readonly parseHtaccessText: HtaccessParser;
  private readonly scriptLoader: ScriptLoader;
  private readonly htaccessCache = new Map<string, { text: string; allowKey: string; result: { layer: DirLayer } | { error: string } }>();

  constructor(parts: EngineParts) {
    this.model = parts.model;
    this.loadedModules = parts.loadedModules ?? new Set();
    this.fs = new ObservedFs(parts.fs, () => this.observer);
    this.getenv = parts.getenv;
    this.compileRegex = parts.compileRegex;
    this.parseHtaccessText = parts.parseHtaccess;
    this.scriptLoader = parts.scriptLoader ?? pythonScriptLoader;
    this.now = parts.now ?? (() => new Date());
    this.workBudget = parts.workBudget ?? DEFAULT_WORK_BUDGET;
    this.allowExec = parts.allowExec === true;
    this.registry = new GroupRegistry(parts.registry);
    this.daemons = collectDaemons(parts.model);
    this.rewrite = parts.rewrite(this);
    const modules = (parts.modules ?? SIMULATED_MODULES).filter((m) => m.loadedBy === undefined || this.loadedModules.has(m.loadedBy));
    this.modules = new ModuleSet(modules, this);
    this.runner = parts.runner(this);
    // Every server's module configuration is compiled now: its errors are start-up errors.
    this.modules.compileServers(parts.model.all);
    const memoEntries = parts.memoEntries ?? DEFAULT_MEMO_ENTRIES;
    this.decisions = memoEntries > 0 ? new DecisionMemo(this, { entries: memoEntries, ...(parts.memoBytes !== undefined ? { bytes: parts.memoBytes } : {}) }, this.modules.serverConfig(core, parts.model.main).protocolOptions.fieldSize) : null;
  }

  /**
   * Release the engine's external resources: every `prg:` map program and the dispatch-script
   * child are killed with their whole process groups. Safe to call twice; a map used afterwards starts its program again.
   */
  close(): void {
    this.rewrite.close();
    this.dispatchScripts.close();
  }

  /** What loading the WSGI script would find (htrewrite runs no Python: wsgi/script-loader.ts). */
  scriptDefines(file: string, callable: string): ScriptVerdict {
    const data = this.fs.readFile(file);
    if (data === null) return "invalid";
    return this.scriptLoader(data.toString("latin1"), callable);
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
