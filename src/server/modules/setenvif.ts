/**
 * mod_setenvif: the server-level entries run at post-read-request on the URI as sent, the
 * per-directory ones at header-parser time (a request that skipped post-read — a sub-request
 * set up without it — takes the server list there instead).
 */
import { applySetEnvIf, compileSetEnvIf, type SetEnvIfEntry, type SetEnvIfSubject } from "../../env/setenvif.js";
import type { Engine } from "../engine.js";
import type { ServerRec } from "../model.js";
import type { Request } from "../request.js";
import { DECLINED, HOOK, type HookResult, type ModuleDefinition } from "./types.js";

const KEYS = ["setenvif", "setenvifnocase", "browsermatch", "browsermatchnocase", "setenvifexpr"];

function subject(r: Request): SetEnvIfSubject {
  return {
    remoteHost: r.conn.remoteIp,
    remoteAddr: r.conn.remoteIp,
    serverAddr: r.conn.localIp,
    method: r.method,
    protocol: r.protocol,
    uri: r.uri,
    headers: r.headersIn,
    env: r.subprocessEnv,
  };
}

function run(entries: readonly SetEnvIfEntry[], r: Request, engine: Engine): void {
  if (entries.length) applySetEnvIf(entries, subject(r), (e, d) => engine.rewrite.evaluateExpression(r, e, d.regexDefaults));
}

function compileServer(s: ServerRec, engine: Engine): readonly SetEnvIfEntry[] {
  const main = engine.model.main.directives;
  return compileSetEnvIf(s.isMain ? main : [...main, ...s.directives], engine.compileRegex);
}

function postReadRequest(r: Request, engine: Engine): HookResult {
  run(engine.modules.serverConfig(setenvif, r.server), r, engine);
  r.setenvifServerDone = true;
  return DECLINED;
}

function headerParser(r: Request, engine: Engine): HookResult {
  const entries = r.setenvifServerDone ? engine.modules.dirConfig(setenvif, r) : engine.modules.serverConfig(setenvif, r.server);
  r.setenvifServerDone = true;
  run(entries, r, engine);
  return DECLINED;
}

export const setenvif: ModuleDefinition<readonly SetEnvIfEntry[], readonly SetEnvIfEntry[]> = {
  name: "setenvif",
  directives: KEYS,
  server: compileServer,
  dir: {
    empty: () => [],
    compile: (layer, engine) => {
      // Server-level entries are the server list's (post-read), not the per-directory one's.
      if (layer.source === "main-server" || layer.source === "vhost") return null;
      if (!layer.directives.some((d) => KEYS.includes(d.key))) return null;
      const entries = compileSetEnvIf(layer.directives, engine.compileRegex);
      return entries.length ? entries : null;
    },
    merge: (base, add) => (base.length ? [...base, ...add] : add),
  },
  hooks: [
    { phase: "postReadRequest", order: HOOK.middle, run: postReadRequest },
    { phase: "headerParser", order: HOOK.middle, run: headerParser },
  ],
};
