/**
 * splitout_queryargs (spec §5.2): cut the query off a rule result and combine it with the request's
 * query according to [QSA], [QSD], [QSL] and the config-time "no query" marker.
 */
import type { ByteString } from "../util/bytes.js";
import type { RuleFlags } from "./types.js";
import { absoluteUriInfo } from "./uri.js";

/** The new filename and args, plus what to trace. */
export interface QuerySplit {
  filename: ByteString;
  args: ByteString | null;
  /** Trace messages (level, text) in order; they never carry the per-dir tag. */
  traces: Array<[2 | 3, string]>;
  /**
   * False when r->args still points at the buffer it had before (Apache then trims a trailing `&`
   * in place, which also changes what the redirect code later compares as "the original query").
   */
  replaced: boolean;
}

/** Split `filename` and combine with `args` as Apache does. Pure. */
export function splitQuery(
  filename: ByteString,
  args: ByteString | null,
  flags: Pick<RuleFlags, "qsNone" | "qsAppend" | "qsDiscard" | "qsLast">,
): QuerySplit {
  const traces: Array<[2 | 3, string]> = [];
  if (flags.qsNone) {
    traces.push([2, "discarding query string, no parse from substitution"]);
    return { filename, args: null, traces, replaced: true };
  }
  const abs = absoluteUriInfo(filename);
  // Schemes without query support keep any `?` in the path and drop the query (spec §4.2).
  if (abs.skip > 0 && !abs.supportsQuery) return { filename, args: null, traces, replaced: true };
  let newArgs = args;
  let replaced = false;
  if (flags.qsDiscard) {
    newArgs = null;
    replaced = true;
    traces.push([2, "discarding query string"]);
  }
  const q = flags.qsLast ? filename.lastIndexOf("?") : filename.indexOf("?", abs.skip);
  if (q < abs.skip || q < 0) return { filename, args: newArgs, traces, replaced };
  const part = filename.slice(q + 1);
  const newFilename = filename.slice(0, q);
  if (flags.qsAppend) {
    // C's apr_pstrcat stops at a NULL args: "q&" then loses its trailing "&" below.
    if (part !== "") {
      newArgs = part + "&" + (newArgs ?? "");
      replaced = true;
    }
  } else {
    newArgs = part;
    replaced = true;
  }
  if (newArgs !== null) {
    if (newArgs === "") {
      newArgs = null;
      replaced = true;
    } else if (newArgs.endsWith("&")) newArgs = newArgs.slice(0, -1);
  }
  traces.push([3, `split uri=${filename} -> uri=${newFilename}, args=${newArgs ?? "<none>"}`]);
  return { filename: newFilename, args: newArgs, traces, replaced };
}
