/** mod_userdir: "/~user/…" in translate_name, after mod_alias and mod_wsgi. */
import type { Engine } from "../engine.js";
import type { ServerRec } from "../model.js";
import type { Request } from "../request.js";
import { translateUserDir, userDirConfig, type UserDirConfig } from "../translate.js";
import { HOOK, type HookResult, type ModuleDefinition } from "./types.js";

function compileServer(s: ServerRec, engine: Engine): UserDirConfig {
  return userDirConfig(s.directives, engine.model.main.directives);
}

function translate(r: Request, engine: Engine): HookResult {
  return translateUserDir(r, engine.modules.serverConfig(userdir, r.server), engine.fs);
}

export const userdir: ModuleDefinition<UserDirConfig, null> = {
  name: "userdir",
  directives: ["userdir"],
  server: compileServer,
  hooks: [{ phase: "translateName", order: HOOK.middle + 2, run: translate }],
};
