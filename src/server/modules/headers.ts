/**
 * mod_headers' RequestHeader: "early" entries at post-read-request (server level only: so the
 * server-context mod_rewrite pass sees them), the others in fixups after mod_rewrite's
 * per-directory pass (conformance case pl_request_header_early).
 */
import type { DirectiveNode } from "../../config/types.js";
import type { Engine } from "../engine.js";
import type { ServerRec } from "../model.js";
import { applyRequestHeaders } from "../request-headers.js";
import type { Request } from "../request.js";
import { DECLINED, HOOK, type HookResult, type ModuleDefinition } from "./types.js";

type HeaderEdits = readonly DirectiveNode[];

function requestHeaders(ds: readonly DirectiveNode[]): DirectiveNode[] {
  return ds.filter((d) => d.key === "requestheader");
}

function compileServer(s: ServerRec, engine: Engine): HeaderEdits {
  const main = requestHeaders(engine.model.main.directives);
  return s.isMain ? main : [...main, ...requestHeaders(s.directives)];
}

function early(r: Request, engine: Engine): HookResult {
  applyRequestHeaders(engine.modules.serverConfig(headers, r.server), "early", r.headersIn, r.subprocessEnv);
  return DECLINED;
}

function fixup(r: Request, engine: Engine): HookResult {
  applyRequestHeaders(engine.modules.dirConfig(headers, r), "fixup", r.headersIn, r.subprocessEnv);
  return DECLINED;
}

export const headers: ModuleDefinition<HeaderEdits, HeaderEdits> = {
  name: "headers",
  directives: ["requestheader"],
  server: compileServer,
  dir: {
    empty: () => [],
    compile: (layer) => {
      const ds = requestHeaders(layer.directives);
      return ds.length ? ds : null;
    },
    merge: (base, add) => (base.length ? [...base, ...add] : add),
  },
  hooks: [
    { phase: "postReadRequest", order: HOOK.first, run: early },
    { phase: "fixups", order: HOOK.last, run: fixup },
  ],
};
