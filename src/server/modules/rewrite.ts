/**
 * mod_rewrite: server-context rules in translate_name (FIRST), per-directory rules in fixups
 * (FIRST, after core's SetHandler), the remembered [T=]/[H=] applied in fixups (LAST, after
 * mod_dir), and the redirect-handler that performs a per-directory internal redirect. The rule
 * engine itself is src/rewrite; server/rewrite-bridge.ts connects it to the server.
 */
import { mergePerDirConfig } from "../../rewrite/merge.js";
import type { RewritePerDirConfig } from "../../rewrite/types.js";
import type { Engine } from "../engine.js";
import type { Request } from "../request.js";
import { DECLINED, HOOK, type HookResult, type ModuleDefinition } from "./types.js";

/**
 * hook_fixup leaves an internal redirect as Apache does, r->filename = "redirect:" + path and
 * the redirect-handler; handler_redirect takes the path from there and the query from r->args.
 */
const REDIRECT_PREFIX = "redirect:";

function redirectHandler(r: Request): HookResult {
  if (r.handler !== "redirect-handler" || !r.filename?.startsWith(REDIRECT_PREFIX)) return DECLINED;
  return { kind: "internal-redirect", url: r.filename.slice(REDIRECT_PREFIX.length) + (r.args !== null ? `?${r.args}` : "") };
}

export const rewrite: ModuleDefinition<null, RewritePerDirConfig | null, RewritePerDirConfig> = {
  name: "rewrite",
  directives: ["rewriteengine", "rewriteoptions", "rewritebase", "rewritecond", "rewriterule", "rewritemap"],
  dir: {
    empty: () => null,
    compile: (layer, engine) => engine.rewrite.layerConfig(layer),
    merge: (base, add) => (base === null ? add : mergePerDirConfig(base, add)),
  },
  hooks: [
    { phase: "translateName", order: HOOK.first, run: (r, engine) => engine.rewrite.translate(r) },
    { phase: "fixups", order: HOOK.first, run: (r, engine) => engine.rewrite.fixup(r) },
    {
      phase: "fixups",
      order: HOOK.reallyLast,
      run: (r: Request, engine: Engine) => {
        engine.rewrite.lateFixup(r);
        return DECLINED;
      },
    },
    { phase: "handler", order: HOOK.reallyFirst, run: redirectHandler },
  ],
};
