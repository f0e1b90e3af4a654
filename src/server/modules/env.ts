/** mod_env: SetEnv, UnsetEnv, PassEnv merged per directory, overlaid in fixups (MIDDLE). */
import { applyEnvFixup, compileEnvLayer, EMPTY_ENV, mergeEnv, type EnvConfig } from "../../env/setenv.js";
import type { Engine } from "../engine.js";
import type { Request } from "../request.js";
import { DECLINED, HOOK, type HookResult, type ModuleDefinition } from "./types.js";

function fixup(r: Request, engine: Engine): HookResult {
  const conf = engine.modules.dirConfig(env, r);
  if (conf !== EMPTY_ENV) applyEnvFixup(r.subprocessEnv, conf);
  return DECLINED;
}

export const env: ModuleDefinition<null, EnvConfig> = {
  name: "env",
  directives: ["setenv", "unsetenv", "passenv"],
  dir: {
    empty: () => EMPTY_ENV,
    compile: (layer, engine) => compileEnvLayer(layer.directives, engine.getenv),
    merge: mergeEnv,
  },
  hooks: [{ phase: "fixups", order: HOOK.middle, run: fixup }],
};
