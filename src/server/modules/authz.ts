/**
 * mod_authz_core: Require in the access phase. With AuthMerging Off (the default) the last
 * section that has Require lines decides; its lines form an implicit <RequireAny>.
 */
import type { DirectiveNode } from "../../config/types.js";
import type { Engine } from "../engine.js";
import type { Request } from "../request.js";
import { DECLINED, HOOK, statusResult, type HookResult, type ModuleDefinition } from "./types.js";

export interface AuthzDirConfig {
  /** Whether the deciding section grants; null when no section has Require. */
  readonly grants: boolean | null;
}

/**
 * One grant is enough. "Require all denied" never grants; providers htrewrite does not simulate
 * (ip, host, env …) are taken as granting.
 */
function sectionGrants(reqs: readonly DirectiveNode[]): boolean {
  return reqs.some((d) => {
    const words = d.args.map((a) => a.toLowerCase());
    if (words[0] === "all") return words[1] === "granted";
    return words[0] !== "not";
  });
}

function checkAccess(r: Request, engine: Engine): HookResult {
  if (engine.modules.dirConfig(authzCore, r).grants !== false) return DECLINED;
  return statusResult(403, undefined, `AH01630: client denied by server configuration: ${r.filename ?? r.uri}`);
}

export const authzCore: ModuleDefinition<null, AuthzDirConfig, AuthzDirConfig> = {
  name: "authz_core",
  directives: ["require"],
  dir: {
    empty: () => ({ grants: null }),
    compile: (layer) => {
      const reqs = layer.directives.filter((d) => d.key === "require");
      return reqs.length ? { grants: sectionGrants(reqs) } : null;
    },
    merge: (_base, add) => add,
  },
  hooks: [{ phase: "accessChecker", order: HOOK.middle, run: checkAccess }],
};

/** Does the request's configuration deny it (a sub-request's file lookup asks directly)? */
export function accessDenied(r: Request, engine: Engine): boolean {
  return engine.modules.dirConfig(authzCore, r).grants === false;
}
