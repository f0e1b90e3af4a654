/**
 * The pipeline's view of mod_rewrite: its three hooks. The implementation (server/rewrite-bridge.ts)
 * connects them to src/rewrite; the pipeline only needs these shapes.
 */
import type { DirectiveNode } from "../config/types.js";
import type { RegexDefaults } from "../regex/index.js";
import type { RewritePerDirConfig } from "../rewrite/types.js";
import type { HookResult } from "./modules/types.js";
import type { DirLayer } from "./per-dir.js";
import type { Request } from "./request.js";

export interface RewriteStage {
  /**
   * translate_name (FIRST): server-context rules. "ok" means r.filename is final (no other
   * translator runs); "declined" lets Alias/WSGIScriptAlias/UserDir/DocumentRoot run on r.uri
   * (which a [PT] rule may have changed).
   */
  translate(r: Request): HookResult;
  /**
   * fixups (FIRST): per-directory rules. An internal redirect is left as Apache leaves it:
   * r.filename = "redirect:" + URL and r.handler = "redirect-handler".
   */
  fixup(r: Request): HookResult;
  /** One layer's compiled per-directory rules (null: the layer has none), for the module's merge. */
  layerConfig(layer: DirLayer): RewritePerDirConfig | null;
  /** fixups (LAST): apply remembered [T=] / [H=]. */
  lateFixup(r: Request): void;
  /**
   * Compile the mod_rewrite directives of an .htaccess (read per request): Apache's error text
   * when it refuses them (the request then gets 500), null when they are fine.
   */
  checkHtaccess(directives: readonly DirectiveNode[], dir: string): string | null;
  /**
   * Evaluate an ap_expr (the argument of <If>/<ElseIf>, SetEnvIfExpr) for a request. Returns
   * the regex captures of the last match (for $1 in SetEnvIfExpr) or null when false.
   */
  evaluateExpression(r: Request, source: string, defaults?: RegexDefaults): ReadonlyArray<string | undefined> | null;
  /** Release what the rewrite configuration holds (prg: map programs, killed as process groups). */
  close(): void;
}
