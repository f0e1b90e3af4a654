/**
 * core: the directives of http_core (DocumentRoot, Options, AllowOverride, AcceptPathInfo,
 * SetHandler, ErrorDocument, UseCanonicalName, the request limits, ServerAdmin), its
 * translate_name (DocumentRoot + URI, REALLY_LAST), its map_to_storage (the directory and files
 * walk), SetHandler in fixups (core_override_type, REALLY_FIRST) and the default handler.
 */
import type { DirectiveNode, OverrideClass } from "../../config/types.js";
import { protocolOptionsOf, type ProtocolOptions } from "../../http/protocol-options.js";
import { ApacheTable } from "../../env/table.js";
import { isRegisteredMethod } from "../../http/methods.js";
import { escapeLogItem } from "../../util/escape.js";
import { coreTranslate } from "../../rewrite/localpath.js";
import { directoryWalk, type HtaccessAllow } from "../dir-walk.js";
import type { Engine } from "../engine.js";
import { serverSetting, type ServerRec } from "../model.js";
import { ifLayers, locationLayers, serverLayers, type DirLayer } from "../per-dir.js";
import type { Request } from "../request.js";
import { errorResponse, servedResponse } from "../response.js";
import { DECLINED, HOOK, OK, statusResult, type HookResult, type ModuleDefinition } from "./types.js";

export type OptionName = "Indexes" | "Includes" | "IncludesNOEXEC" | "FollowSymLinks" | "SymLinksIfOwnerMatch" | "ExecCGI" | "MultiViews";
export type CanonicalName = "off" | "on" | "dns";

export interface CoreServerConfig {
  readonly documentRoot: string;
  readonly mergeSlashes: boolean;
  readonly allowEncodedSlashes: boolean;
  readonly decodeEncodedSlashes: boolean;
  readonly limitInternalRecursion: number;
  readonly limitRequestLine: number;
  readonly serverAdmin: string;
  /** HttpProtocolOptions and the LimitRequest* limits (read from the main server: they apply before a vhost is chosen). */
  readonly protocolOptions: ProtocolOptions;
}

export interface CoreDirConfig {
  readonly options: ReadonlySet<OptionName>;
  readonly allowOverride: HtaccessAllow;
  readonly acceptPathInfo: "default" | "accept" | "reject";
  /** The last SetHandler's handler, lower-cased ("none" included: it overrides nothing). */
  readonly setHandler: string | null;
  /** ErrorDocument per status (the last one written wins). */
  readonly errorDocuments: ReadonlyMap<string, string>;
  readonly useCanonicalName: CanonicalName;
  readonly useCanonicalPhysicalPort: boolean;
}

/** A layer's core directives, in order (the merge applies them one by one, as httpd reads them). */
type CoreLayer = readonly DirectiveNode[];

const DIR_KEYS = new Set(["options", "allowoverride", "allowoverridelist", "acceptpathinfo", "sethandler", "errordocument", "usecanonicalname", "usecanonicalphysicalport"]);

const OPTION_NAMES: Record<string, OptionName[]> = {
  indexes: ["Indexes"],
  includes: ["Includes"],
  includesnoexec: ["IncludesNOEXEC"],
  followsymlinks: ["FollowSymLinks"],
  symlinksifownermatch: ["SymLinksIfOwnerMatch"],
  execcgi: ["ExecCGI"],
  multiviews: ["MultiViews"],
  all: ["Indexes", "Includes", "FollowSymLinks", "SymLinksIfOwnerMatch", "ExecCGI"],
  none: [],
};

const OVERRIDE_CLASSES: Record<string, OverrideClass> = {
  authconfig: "AuthConfig",
  fileinfo: "FileInfo",
  indexes: "Indexes",
  limit: "Limit",
  options: "Options",
};

/**
 * Options: Apache 2.4's default is FollowSymLinks; a line whose words have no +/- replaces the
 * inherited set, +X/-X adjust it.
 */
function applyOptions(current: ReadonlySet<OptionName>, d: DirectiveNode): Set<OptionName> {
  const relative = d.args.some((a) => a.startsWith("+") || a.startsWith("-"));
  const opts = relative ? new Set(current) : new Set<OptionName>();
  for (const a of d.args) {
    const sign = a[0] === "+" || a[0] === "-" ? a[0] : "";
    for (const n of OPTION_NAMES[(sign ? a.slice(1) : a).toLowerCase()] ?? []) {
      if (sign === "-") opts.delete(n);
      else opts.add(n);
    }
  }
  return opts;
}

/** AllowOverride / AllowOverrideList: what an .htaccess below may contain. */
function applyAllowOverride(current: HtaccessAllow, d: DirectiveNode): HtaccessAllow {
  if (d.key === "allowoverridelist") {
    const list = d.args.map((a) => a.toLowerCase()).includes("none") ? [] : [...d.args];
    return current.options === undefined ? { overrides: current.overrides, list } : { overrides: current.overrides, list, options: current.options };
  }
  const words = d.args.map((a) => a.toLowerCase());
  let options: string[] | undefined;
  let overrides: HtaccessAllow["overrides"];
  if (words.includes("all")) overrides = "All";
  else if (words.includes("none")) overrides = "None";
  else {
    const set = new Set<OverrideClass>();
    for (const a of d.args) {
      const eq = a.indexOf("=");
      if (eq > 0 && a.slice(0, eq).toLowerCase() === "options") options = a.slice(eq + 1).split(",").filter(Boolean);
      const cls = OVERRIDE_CLASSES[a.split("=")[0].toLowerCase()];
      if (cls) set.add(cls);
    }
    overrides = set;
  }
  return options === undefined ? { overrides, list: current.list } : { overrides, list: current.list, options };
}

function mergeCore(base: CoreDirConfig, layer: CoreLayer): CoreDirConfig {
  let { options, allowOverride, acceptPathInfo, setHandler, useCanonicalName, useCanonicalPhysicalPort } = base;
  let errorDocuments = base.errorDocuments;
  for (const d of layer) {
    const v = d.args[0]?.toLowerCase();
    switch (d.key) {
      case "options":
        options = applyOptions(options, d);
        break;
      case "allowoverride":
      case "allowoverridelist":
        allowOverride = applyAllowOverride(allowOverride, d);
        break;
      case "acceptpathinfo":
        if (v === "on") acceptPathInfo = "accept";
        else if (v === "off") acceptPathInfo = "reject";
        else if (v === "default") acceptPathInfo = "default";
        break;
      case "sethandler":
        if (v !== undefined) setHandler = v;
        break;
      case "errordocument":
        if (d.args[0] !== undefined && d.args[1] !== undefined) {
          const docs = new Map(errorDocuments);
          docs.set(d.args[0], d.args[1]);
          errorDocuments = docs;
        }
        break;
      case "usecanonicalname":
        useCanonicalName = v === "on" ? "on" : v === "dns" ? "dns" : "off";
        break;
      case "usecanonicalphysicalport":
        useCanonicalPhysicalPort = v === "on";
        break;
    }
  }
  return { options, allowOverride, acceptPathInfo, setHandler, errorDocuments, useCanonicalName, useCanonicalPhysicalPort };
}

const EMPTY_DIR: CoreDirConfig = {
  options: new Set<OptionName>(["FollowSymLinks"]),
  // AllowOverride None is Apache 2.4's default.
  allowOverride: { overrides: "None", list: [] },
  acceptPathInfo: "default",
  setHandler: null,
  errorDocuments: new Map(),
  useCanonicalName: "off",
  useCanonicalPhysicalPort: false,
};

function positiveInt(d: DirectiveNode | undefined, fallback: number): number {
  const n = d ? parseInt(d.args[0] ?? "", 10) : NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

function compileServer(s: ServerRec, engine: Engine): CoreServerConfig {
  const main = engine.model.main;
  const setting = (key: string) => serverSetting(s, main, key);
  const root = setting("documentroot")?.args[0] ?? "/usr/local/apache2/htdocs";
  const aes = setting("allowencodedslashes")?.args[0]?.toLowerCase();
  return {
    documentRoot: root.length > 1 && root.endsWith("/") ? root.slice(0, -1) : root,
    mergeSlashes: setting("mergeslashes")?.args[0]?.toLowerCase() !== "off",
    allowEncodedSlashes: aes === "on" || aes === "nodecode",
    decodeEncodedSlashes: aes === "on",
    limitInternalRecursion: positiveInt(setting("limitinternalrecursion"), 10),
    limitRequestLine: positiveInt(setting("limitrequestline"), 8190),
    // A virtual host without its own ServerAdmin inherits the main server's (ap_fixup_virtual_hosts).
    serverAdmin: setting("serveradmin")?.args[0] ?? "[no address given]",
    protocolOptions: protocolOptionsOf(main.directives),
  };
}

/**
 * core's translate: DocumentRoot + URI (leading slashes skipped, merged as apr_filepath_merge
 * does). Non-"/" URIs are 400; a path the merge refuses (too long for APR_PATH_MAX) is 403.
 */
function translateCore(r: Request, engine: Engine): HookResult {
  // "OPTIONS *" is the core's own business (the phase loop answers it); any other "*" is a 400.
  if (r.uri === "*" && r.method === "OPTIONS") return DECLINED;
  if (!r.uri.startsWith("/")) return statusResult(400);
  const merged = coreTranslate(engine.modules.serverConfig(core, r.server).documentRoot, r.uri);
  if (merged === null) return statusResult(403);
  r.filename = merged;
  return OK;
}

/** map_to_storage: the directory walk with .htaccess, <DirectoryMatch>, then <Files>. */
function mapToStorage(r: Request, engine: Engine): HookResult {
  const layers: DirLayer[] = serverLayers(engine.model, r.server);
  const locations = locationLayers(engine.model, r.server, r.uri);
  const walk = directoryWalk(r, engine, layers, locations, (ls) => engine.modules.dirConfigFor(core, ls));
  if (!walk.ok) {
    // The error is answered with the server-level configuration only: an ErrorDocument of a
    // <Location>, a <Directory> or an .htaccess does not apply to it (measured: fuzz cases
    // fuzz_pipeline_v1_s20261123_b4_r22 and fuzz_pipeline_s7_b0_r45).
    r.layers = serverLayers(engine.model, r.server);
    return statusResult(walk.status, undefined, walk.log);
  }
  layers.push(...locations);
  r.layers = layers;
  // ap_if_walk after the location walk: <If> sections at server level and nested in what applied.
  layers.push(...ifLayers(engine.model, r.server, layers, (e, s) => engine.rewrite.evaluateExpression(r, e, s.node.regexDefaults) !== null));
  return OK;
}

/** core_override_type: SetHandler replaces the handler ("SetHandler None" overrides nothing, measured). */
function overrideType(r: Request, engine: Engine): HookResult {
  const h = engine.modules.dirConfig(core, r).setHandler;
  if (h !== null && h !== "none") r.handler = h;
  return DECLINED;
}

/** What the default handler allows (ap_allow_standard_methods: GET, OPTIONS, POST, with HEAD and TRACE). */
const DEFAULT_ALLOW = "OPTIONS,HEAD,GET,POST,TRACE";

/** AcceptPathInfo as the handler applies it (r->used_path_info, else the directory's setting). */
export function usedPathInfo(r: Request, engine: Engine): "default" | "accept" | "reject" {
  return r.usedPathInfo !== "default" ? r.usedPathInfo : engine.modules.dirConfig(core, r).acceptPathInfo;
}

/** The default handler: static files; anything no other handler took ends here. */
function defaultHandler(r: Request, engine: Engine): HookResult {
  if (r.status !== 200) return { kind: "response", response: errorResponse(r.status, r, r.log) };
  // Only GET (HEAD) and POST look at the file; every other method is answered without it
  // (measured: golden cases rh_methods, pl_autoindex_methods): a method Apache has no number for
  // is 501, OPTIONS is 200 with the methods allowed, any other registered method 405.
  if (r.method !== "GET" && r.method !== "HEAD" && r.method !== "POST") {
    if (!isRegisteredMethod(r.method)) {
      // The request line escaped as error-log items are (measured: rh_fuzz_found_* log "G\xe9T …").
      r.log.push(`AH00135: Invalid method in request ${escapeLogItem(r.theRequest)}`);
      return statusResult(501);
    }
    const headers = new ApacheTable();
    headers.set("Allow", DEFAULT_ALLOW);
    if (r.method === "OPTIONS") {
      return { kind: "response", response: { status: 200, location: null, headers, kind: "file", body: Buffer.alloc(0), wsgi: null, request: r, log: r.log } };
    }
    r.errHeadersOut.set("Allow", DEFAULT_ALLOW);
    return statusResult(405);
  }
  if (r.filename === null || r.finfo === null) {
    r.log.push(`AH00128: File does not exist: ${r.filename ?? r.uri}`);
    return statusResult(404);
  }
  if (r.finfo.type === "dir") {
    r.log.push(`AH00037: Attempt to serve directory: ${r.filename}`);
    return statusResult(404);
  }
  if (usedPathInfo(r, engine) !== "accept" && r.pathInfo) {
    r.log.push(`AH00128: File does not exist: ${r.filename}${r.pathInfo}`);
    return statusResult(404);
  }
  const content = engine.fs.readFile(r.filename);
  if (content === null) return statusResult(403, undefined, `AH00132: file permissions deny server access: ${r.filename}`);
  // A HEAD answer has the headers of the GET answer and no body.
  return { kind: "response", response: servedResponse(r, "file", r.method === "HEAD" ? Buffer.alloc(0) : content, null) };
}

export const core: ModuleDefinition<CoreServerConfig, CoreDirConfig, CoreLayer> = {
  name: "core",
  directives: ["documentroot", "mergeslashes", "allowencodedslashes", "limitinternalrecursion", "limitrequestline", "limitrequestfieldsize", "serveradmin", ...DIR_KEYS],
  server: compileServer,
  dir: {
    empty: () => EMPTY_DIR,
    compile: (layer) => {
      const ds = layer.directives.filter((d) => DIR_KEYS.has(d.key));
      return ds.length ? ds : null;
    },
    merge: mergeCore,
  },
  hooks: [
    { phase: "translateName", order: HOOK.reallyLast, run: translateCore },
    { phase: "mapToStorage", order: HOOK.reallyLast, run: mapToStorage },
    { phase: "fixups", order: HOOK.reallyFirst, run: overrideType },
    { phase: "handler", order: HOOK.reallyLast, run: defaultHandler },
  ],
};

