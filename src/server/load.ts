/**
 * Loading a deployment: configuration text → checked tree → server model → Engine, with every
 * start-up check Apache makes (the reader's, mod_rewrite's compile errors, section regexes,
 * mod_wsgi's preload checks). A refusal is a ConfigError worded as httpd's start-up error.
 */
import { ENGINE_CONFIG_CHECKS } from "../expr/config-checks.js";
import { assertNoExec } from "./exec-consent.js";
import { assertReadsInRoots, confineReads, realDiskPath, type FileRoots } from "../config/file-roots.js";
import { ConfigError, parseConfig, parseHtaccess, type ConfigFs } from "../config/index.js";
import type { DirectiveNode, SourcePos } from "../config/types.js";
import { compileRegex, regexOptionsUnder, RegexError, type RegexDefaults } from "../regex/index.js";
import { RewriteConfigError } from "../rewrite/compile.js";
import { HtrError } from "../util/errors.js";
import type { GroupRegistryOptions } from "../wsgi/registry.js";
import type { ScriptLoader } from "../wsgi/script-loader.js";
import { Engine } from "./engine.js";
import type { VirtualFs } from "./fs.js";
import { buildServerModel, htaccessSections, type ServerModel } from "./model.js";
import { RewriteBridge } from "./rewrite-bridge.js";
import { pipelineRunner } from "./pipeline.js";

export interface LoadOptions {
  /** The configuration text (httpd.conf). */
  text: string;
  /** Its path, as errors name it. */
  file: string;
  fs: VirtualFs;
  /** The server process environment (getenv; `${VAR}` in the config). */
  env: Readonly<Record<string, string | undefined>>;
  serverRoot?: string;
  defines?: Iterable<string>;
  now?: () => Date;
  registry?: GroupRegistryOptions;
  /** Work budget of one request, in regex steps (default 50,000,000; rewrite/budget.ts). */
  workBudget?: number;
  /** Let the configuration run programs (prg: maps, WSGIDispatchScript). Default false: refused. */
  allowExec?: boolean;
  /** What a WSGI script defines (default: read as Python source, wsgi/script-loader.ts). */
  scriptLoader?: ScriptLoader;
  /** Directories every file the configuration reads must resolve into (config/file-roots.ts). Default: anywhere. */
  roots?: FileRoots;
  /** Most distinct requests the decision memo keeps (default 10,000); 0 = no memo. */
  memoEntries?: number;
  /** Most estimated bytes of answers the decision memo keeps (default 8 MiB). */
  memoBytes?: number;
}

/** The config reader's view of a VirtualFs. */
export function configFsOf(fs: VirtualFs): ConfigFs {
  return {
    stat(path) {
      const st = fs.stat(path);
      return st === null ? null : st.type === "dir" ? "dir" : "file";
    },
    readFile(path) {
      const b = fs.readFile(path);
      return b === null ? null : b.toString("latin1");
    },
    readdir(path) {
      return fs.readdir(path);
    },
  };
}

function startupError(detail: string, pos: SourcePos | null, fallbackFile: string): ConfigError {
  return new ConfigError("HTR_CONFIG_SYNTAX", detail, pos ?? { file: fallbackFile, line: 0, column: 1 }, "process");
}

/**
 * Regex compile for sections and module directives, failing as Apache does at start-up, under
 * the RegexDefaultOptions in force where the directive stands (config/regex-defaults.ts).
 */
function sectionRegex(pattern: string, nocase: boolean, defaults?: RegexDefaults) {
  return compileRegex(pattern, regexOptionsUnder(defaults, nocase));
}

/** Load a deployment; throws ConfigError when Apache would refuse to start. */
export function loadEngine(options: LoadOptions): Engine {
  const roots = options.roots;
  const diskPath = (p: string) => (options.fs.diskPath ? options.fs.diskPath(p) : realDiskPath(p));
  const o: LoadOptions = roots ? { ...options, fs: confineReads(options.fs, roots, diskPath) } : options;
  const cfs = configFsOf(o.fs);
  const tree = parseConfig(o.text, { checks: ENGINE_CONFIG_CHECKS,
    file: o.file,
    fs: cfs,
    serverRoot: o.serverRoot,
    env: o.env,
    defines: o.defines,
  });
  if (o.allowExec !== true) assertNoExec(tree.children);
  const serverRoot = tree.serverRoot ?? o.serverRoot ?? "/etc/apache2";
  if (roots) assertReadsInRoots(tree.children, roots, diskPath, serverRoot);
  let model: ServerModel;
  try {
    model = buildServerModel(tree.children, sectionRegex);
  } catch (e) {
    if (e instanceof RegexError) throw startupError(`Regex could not be compiled: ${e.message}`, null, o.file);
    throw e;
  }
  checkWsgiPreload(model, o.file);
  const loaded = new Set(tree.loadedModules ?? []);
  const getenv = (name: string) => (Object.hasOwn(o.env, name) ? o.env[name] : undefined);
  try {
    return new Engine({
      model,
      loadedModules: loaded,
      fs: o.fs,
      getenv,
      compileRegex: sectionRegex,
      parseHtaccess: (text, file, allow) => {
        try {
          const t = parseHtaccess(text, { checks: ENGINE_CONFIG_CHECKS,
            file,
            allowOverride: allow.overrides,
            allowOverrideList: allow.list,
            ...(allow.options ? { allowOverrideOptions: allow.options } : {}),
            fs: cfs,
            serverRoot,
            env: o.env,
            loadedModules: tree.loadedModules,
            // .htaccess patterns compile per request, under the value the configuration left.
            ...(tree.regexDefaults ? { regexDefaults: tree.regexDefaults } : {}),
          });
          if (roots) assertReadsInRoots(t.children, roots, diskPath, serverRoot);
          const directives: DirectiveNode[] = [];
          for (const n of t.children) if (n.type === "directive") directives.push(n);
          return { directives, sections: htaccessSections(t.children, sectionRegex) };
        } catch (e) {
          if (e instanceof HtrError) return { error: e.message };
          throw e;
        }
      },
      rewrite: (engine) => new RewriteBridge(engine, { serverRoot, proxyLoaded: loaded.has("proxy_module") }),
      runner: pipelineRunner,
      ...(o.scriptLoader ? { scriptLoader: o.scriptLoader } : {}),
      now: o.now,
      registry: o.registry,
      workBudget: o.workBudget,
      allowExec: o.allowExec === true,
      ...(o.memoEntries !== undefined ? { memoEntries: o.memoEntries } : {}),
      ...(o.memoBytes !== undefined ? { memoBytes: o.memoBytes } : {}),
    });
  } catch (e) {
    if (e instanceof RewriteConfigError) throw startupError(e.message, e.pos, o.file);
    if (e instanceof RegexError) throw startupError(e.message, null, o.file);
    throw e;
  }
}

/**
 * mod_wsgi's preload checks (wsgi.md R8): a WSGIScriptAlias with both process-group= and
 * application-group=, neither containing "%{" (and, for the Match form, no "$" in the script),
 * names a daemon group that must be defined above it and be accessible from its server.
 */
function checkWsgiPreload(model: ServerModel, file: string): void {
  const defined: Array<{ name: string; serverId: number | null; hostname: string; line: number; file: string }> = [];
  const order: Array<{ d: DirectiveNode; serverId: number; hostname: string }> = [];
  for (const s of model.all) for (const d of s.directives) order.push({ d, serverId: s.id, hostname: s.serverHostname });
  order.sort((a, b) => (a.d.pos.file === b.d.pos.file ? a.d.pos.line - b.d.pos.line : 0));
  for (const { d, serverId, hostname } of order) {
    if (d.key === "wsgidaemonprocess" && d.args[0] !== undefined) {
      defined.push({ name: d.args[0], serverId: serverId === 0 ? null : serverId, hostname, line: d.pos.line, file: d.pos.file });
      continue;
    }
    if (d.key !== "wsgiscriptalias" && d.key !== "wsgiscriptaliasmatch") continue;
    const opts: Record<string, string> = {};
    for (const a of d.args.slice(2)) {
      const eq = a.indexOf("=");
      if (eq > 0) opts[a.slice(0, eq)] = a.slice(eq + 1);
    }
    const pg = opts["process-group"];
    const ag = opts["application-group"];
    if (pg === undefined || ag === undefined || pg.includes("%{") || ag.includes("%{")) continue;
    if (d.key === "wsgiscriptaliasmatch" && (d.args[1] ?? "").includes("$")) continue;
    if (pg === "") continue;
    const g = defined.find((x) => x.name === pg);
    if (!g) throw startupError("WSGI process group not yet configured.", d.pos, file);
    const accessible = g.serverId === null || g.serverId === serverId || g.hostname === hostname;
    if (!accessible) throw startupError("WSGI process group not accessible.", d.pos, file);
  }
}
