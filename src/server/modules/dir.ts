/**
 * mod_dir's fixup (LAST): a directory URL without its trailing slash is redirected
 * (DirectorySlash), one with it is served by the first DirectoryIndex name a sub-request finds
 * (ap_internal_fast_redirect onto the main request).
 */
import type { DirectiveNode } from "../../config/types.js";
import { escapeUri } from "../../util/escape.js";
import type { Engine } from "../engine.js";
import type { Request } from "../request.js";
import { constructUrl } from "../server-name.js";
import { DECLINED, HOOK, statusResult, type HookResult, type ModuleDefinition } from "./types.js";

export interface DirDirConfig {
  /** DirectoryIndex names ("disabled" alone: none). Default index.html. */
  readonly indexNames: readonly string[];
  readonly slash: boolean;
}

interface DirLayerConfig {
  readonly indexNames: readonly string[] | null;
  readonly slash: boolean | null;
}

/**
 * DirectoryIndex: the lines of one section add up (an ITERATE directive); a section that has any
 * replaces what it inherits; "disabled" clears the list.
 */
function indexNamesOf(ds: readonly DirectiveNode[]): string[] {
  let names: string[] = [];
  for (const d of ds) {
    for (const a of d.args) {
      if (a.toLowerCase() === "disabled") names = ["disabled"];
      else names = names[0] === "disabled" ? [a] : [...names, a];
    }
  }
  return names;
}

function fixup(r: Request, engine: Engine): HookResult {
  if (r.finfo?.type !== "dir") return DECLINED;
  const conf = engine.modules.dirConfig(dir, r);
  if (r.uri === "" || !r.uri.endsWith("/")) {
    if (!conf.slash) return DECLINED;
    const ifile = escapeUri(r.uri) + "/" + (r.args !== null ? `?${r.args}` : "");
    return statusResult(301, constructUrl(r, engine, ifile));
  }
  if (r.handler === "redirect-handler") return DECLINED;
  const names = conf.indexNames;
  if (names.length === 1 && names[0].toLowerCase() === "disabled") return DECLINED;
  let errorNotFound = 0;
  for (const name of names) {
    if (name.toLowerCase() === "disabled") continue;
    const rel = name + (r.args !== null ? `?${r.args}` : "");
    const rr = engine.runner.subRequestUri(r, rel.startsWith("/") ? rel : r.uri.slice(0, r.uri.lastIndexOf("/") + 1) + rel);
    if (rr.status === 200 && rr.req.finfo?.type === "file") {
      engine.runner.fastRedirect(rr.req, r);
      return DECLINED;
    }
    if (rr.status >= 300 && rr.status < 400) return statusResult(rr.status, rr.location);
    if (rr.status && rr.status !== 404 && rr.status !== 200) errorNotFound = rr.status;
  }
  if (errorNotFound) return statusResult(errorNotFound);
  return DECLINED;
}

export const dir: ModuleDefinition<null, DirDirConfig, DirLayerConfig> = {
  name: "dir",
  directives: ["directoryindex", "directoryslash"],
  dir: {
    empty: () => ({ indexNames: ["index.html"], slash: true }),
    compile: (layer) => {
      const index = layer.directives.filter((d) => d.key === "directoryindex");
      const slashes = layer.directives.filter((d) => d.key === "directoryslash");
      if (!index.length && !slashes.length) return null;
      const last = slashes[slashes.length - 1];
      return {
        indexNames: index.length ? indexNamesOf(index) : null,
        slash: last ? last.args[0]?.toLowerCase() !== "off" : null,
      };
    },
    merge: (base, add) => ({ indexNames: add.indexNames ?? base.indexNames, slash: add.slash ?? base.slash }),
  },
  hooks: [{ phase: "fixups", order: HOOK.last + 1, run: fixup }],
};

/** The DirectoryIndex names in force (mod_autoindex names them in its refusal). */
export function directoryIndexNames(r: Request, engine: Engine): readonly string[] {
  return engine.modules.dirConfig(dir, r).indexNames;
}
