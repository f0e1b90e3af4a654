/**
 * What a mod_rewrite hook tells the request pipeline.
 */
import type { ByteString } from "../util/bytes.js";

/** The hook's answer. */
export type RewriteOutcome =
  /** DECLINED: other modules continue (r->uri may have changed for [PT]). */
  | { kind: "declined" }
  /** OK: r->filename is final (a file path, or `proxy:` with handler proxy-server). */
  | { kind: "ok" }
  /** Return this HTTP status (403, 410, 500, 400 …, or a non-3xx [R=code]). */
  | { kind: "status"; status: number }
  /** External redirect: status 3xx with this Location (already set in headersOut). */
  | { kind: "redirect"; status: number; location: ByteString }
  /**
   * Per-dir result: perform an internal redirect to `url` (path + `?args`). The pipeline renames
   * the environment (REDIRECT_*), re-decodes the path and counts LimitInternalRecursion.
   */
  | {
      kind: "internal-redirect";
      url: ByteString;
      /**
       * The URL-path without the query. r->filename is "redirect:" + path (not url): that is what
       * the late [T]/[H] fixup prints ("force filename redirect:/d/x to have …").
       */
      path: ByteString;
    };

/** An outcome and the error-log lines Apache would write for it. */
export interface RewriteHookResult {
  outcome: RewriteOutcome;
  errors: string[];
}
