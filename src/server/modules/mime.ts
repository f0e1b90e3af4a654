/**
 * mod_mime's type_checker: the handler by extension (AddHandler, RemoveHandler), unless an alias
 * forced the handler (mod_wsgi's WSGIScriptAlias). Every extension of the file name counts,
 * the last one with a handler wins.
 */
import type { Engine } from "../engine.js";
import type { Request } from "../request.js";
import { DECLINED, HOOK, type HookResult, type ModuleDefinition } from "./types.js";

/** Extension (lower-case, no dot) → handler; null = removed. */
type HandlerMap = ReadonlyMap<string, string | null>;

function typeChecker(r: Request, engine: Engine): HookResult {
  if (r.handler === "wsgi-script" && r.notes.get("alias-forced-type")) return DECLINED;
  if (r.filename === null || r.finfo?.type === "dir") return DECLINED;
  const handlers = engine.modules.dirConfig(mime, r);
  if (handlers.size === 0) return DECLINED;
  const base = r.filename.slice(r.filename.lastIndexOf("/") + 1);
  for (const e of base.split(".").slice(1)) {
    const h = handlers.get(e.toLowerCase());
    if (h) r.handler = h;
  }
  return DECLINED;
}

export const mime: ModuleDefinition<null, HandlerMap, HandlerMap> = {
  name: "mime",
  directives: ["addhandler", "removehandler"],
  dir: {
    empty: () => new Map(),
    compile: (layer) => {
      const out = new Map<string, string | null>();
      let any = false;
      for (const d of layer.directives) {
        if (d.key === "addhandler") {
          any = true;
          const [handler, ...exts] = d.args;
          for (const e of exts) out.set(e.replace(/^\./, "").toLowerCase(), handler.toLowerCase());
        } else if (d.key === "removehandler") {
          any = true;
          for (const e of d.args) out.set(e.replace(/^\./, "").toLowerCase(), null);
        }
      }
      return any ? out : null;
    },
    merge: (base, add) => {
      const out = new Map(base);
      // Re-inserting keeps the layer's own order for a name it sets again.
      for (const [k, v] of add) {
        out.delete(k);
        out.set(k, v);
      }
      return out;
    },
  },
  hooks: [{ phase: "typeChecker", order: HOOK.middle, run: typeChecker }],
};
