/**
 * mod_wsgi: WSGIScriptAlias(Match) in translate_name (after mod_alias), the per-directory group
 * directives, and the wsgi-script handler (group selection and dispatch, modules/wsgi-handler.ts).
 */
import type { DirectiveNode } from "../../config/types.js";
import type { Engine } from "../engine.js";
import { serverSetting, type ServerRec } from "../model.js";
import type { Request } from "../request.js";
import { errorResponse, servedResponse } from "../response.js";
import { compileWsgiAliases, serverAliasDirectives, translateWsgiAlias } from "../translate.js";
import { HOOK, DECLINED, type HookResult, type ModuleDefinition } from "./types.js";
import { EMPTY_WSGI_DIR, type WsgiDirConfig, type WsgiServerConfig } from "./wsgi-config.js";
import { runWsgiHandler } from "./wsgi-handler.js";

type WsgiLayer = Partial<{ -readonly [K in keyof WsgiDirConfig]: WsgiDirConfig[K] }>;

function compileServer(s: ServerRec, engine: Engine): WsgiServerConfig {
  const main = engine.model.main;
  return {
    aliases: compileWsgiAliases(serverAliasDirectives(engine.model, s), (p, defaults) => engine.compileRegex(p, false, defaults)),
    restrictEmbedded: serverSetting(main, main, "wsgirestrictembedded")?.args[0]?.toLowerCase() === "on",
    daemons: engine.daemons,
  };
}

function compileLayer(directives: readonly DirectiveNode[]): WsgiLayer | null {
  const out: WsgiLayer = {};
  let any = false;
  for (const d of directives) {
    switch (d.key) {
      case "wsgiapplicationgroup":
        out.applicationGroup = d.args[0] ?? "";
        break;
      case "wsgiprocessgroup":
        out.processGroup = d.args[0] ?? "";
        break;
      case "wsgicallableobject":
        out.callableObject = d.args[0] ?? "";
        break;
      case "wsgidispatchscript":
        out.dispatchScript = d;
        break;
      case "wsgirestrictprocess":
        out.restrictProcess = d.args;
        break;
      default:
        continue;
    }
    any = true;
  }
  return any ? out : null;
}

function translate(r: Request, engine: Engine): HookResult {
  return translateWsgiAlias(r, engine.modules.serverConfig(wsgi, r.server).aliases);
}

function handler(r: Request, engine: Engine): HookResult {
  if (r.handler !== "wsgi-script" && r.handler !== "application/x-httpd-wsgi") return DECLINED;
  const out = runWsgiHandler(engine, r, engine.modules.dirConfig(wsgi, r), engine.modules.serverConfig(wsgi, r.server));
  if (!out.ok) return { kind: "response", response: errorResponse(out.status, r, [...r.log, out.log]) };
  return { kind: "response", response: servedResponse(r, "wsgi", null, out.outcome) };
}

export const wsgi: ModuleDefinition<WsgiServerConfig, WsgiDirConfig, WsgiLayer> = {
  name: "wsgi",
  directives: ["wsgiscriptalias", "wsgiscriptaliasmatch", "wsgiapplicationgroup", "wsgiprocessgroup", "wsgicallableobject", "wsgidispatchscript", "wsgirestrictprocess", "wsgirestrictembedded", "wsgidaemonprocess"],
  server: compileServer,
  dir: {
    empty: () => EMPTY_WSGI_DIR,
    compile: (layer) => compileLayer(layer.directives),
    merge: (base, add) => ({ ...base, ...add }),
  },
  hooks: [
    { phase: "translateName", order: HOOK.middle + 1, run: translate },
    { phase: "handler", order: HOOK.middle, run: handler },
  ],
};
