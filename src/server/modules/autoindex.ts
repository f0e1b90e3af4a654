/**
 * mod_autoindex's handler: a directory that mod_dir found no index for. Without Options Indexes
 * it refuses (403, AH01276), as Debian's default module set does for every site whose folders
 * lack an index (measured: real-world corpus, e.g. rw_codeigniter4_public). The listing itself
 * (Options Indexes) is not generated: it stays a known difference.
 */
import type { Engine } from "../engine.js";
import type { Request } from "../request.js";
import { core } from "./core.js";
import { directoryIndexNames } from "./dir.js";
import { DECLINED, HOOK, type HookResult, type ModuleDefinition } from "./types.js";

function handler(r: Request, engine: Engine): HookResult {
  if (r.status !== 200 || r.filename === null || r.finfo?.type !== "dir" || r.handler !== null) return DECLINED;
  if (r.method !== "GET" && r.method !== "HEAD") return DECLINED;
  if (engine.modules.dirConfig(core, r).options.has("Indexes")) return DECLINED;
  const names = directoryIndexNames(r, engine).join(", ");
  r.log.push(`AH01276: Cannot serve directory ${r.filename}: No matching DirectoryIndex (${names}) found, and server-generated directory index forbidden by Options directive`);
  return { kind: "status", status: 403 };
}

export const autoindex: ModuleDefinition<null, null> = {
  name: "autoindex",
  directives: [],
  hooks: [{ phase: "handler", order: HOOK.middle, run: handler }],
  loadedBy: "autoindex_module",
};
