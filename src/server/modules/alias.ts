/**
 * mod_alias: Redirect*, Alias, AliasMatch, ScriptAlias(Match) in translate_name (after
 * mod_rewrite's server pass). A virtual host's entries are tried before the main server's.
 */
import type { Engine } from "../engine.js";
import type { ServerRec } from "../model.js";
import type { Request } from "../request.js";
import { constructUrl } from "../server-name.js";
import { compileAliases, serverAliasDirectives, translateAlias, type AliasEntry } from "../translate.js";
import { HOOK, type HookResult, type ModuleDefinition } from "./types.js";

function compileServer(s: ServerRec, engine: Engine): readonly AliasEntry[] {
  return compileAliases(serverAliasDirectives(engine.model, s), (p, defaults) => engine.compileRegex(p, false, defaults));
}

function translate(r: Request, engine: Engine): HookResult {
  return translateAlias(r, engine.modules.serverConfig(alias, r.server), (uri) => constructUrl(r, engine, uri));
}

export const alias: ModuleDefinition<readonly AliasEntry[], null> = {
  name: "alias",
  directives: ["alias", "aliasmatch", "scriptalias", "scriptaliasmatch", "redirect", "redirectmatch", "redirecttemp", "redirectpermanent"],
  server: compileServer,
  hooks: [{ phase: "translateName", order: HOOK.middle, run: translate }],
};
