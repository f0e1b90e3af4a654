/**
 * hook_fixup: per-directory rewriting (spec §1.3 entry gate, §1.7 final outcome). A changed local
 * result becomes an internal redirect that the pipeline performs.
 */
import type { ByteString } from "../util/bytes.js";
import { createContext, trace } from "./context.js";
import type { RewriteContext } from "./context.js";
import type { RewriteHookResult, RewriteOutcome } from "./outcome.js";
import { applyRuleList } from "./ruleset.js";
import { finishRedirect, guardOutcome } from "./translate.js";
import type { RewriteHookInput } from "./translate.js";
import type { RewriteServerConfig } from "./types.js";
import { absoluteUriSkip } from "./uri.js";

/** The server config of a server without any mod_rewrite directive (no maps, no options). */
const EMPTY_SERVER_CONFIG: RewriteServerConfig = {
  engine: false,
  engineSet: false,
  options: new Set(),
  optionsSet: false,
  rules: [],
  maps: new Map(),
  owner: "",
};

/**
 * subst_prefix_path: when `input` starts with `match` (its trailing slash ignored) followed by `/`,
 * replace that part by `subst` (a `/` ensured after it).
 */
export function substPrefixPath(ctx: RewriteContext, input: ByteString, match: ByteString, subst: ByteString): ByteString {
  const len = match.endsWith("/") ? match.length - 1 : match.length;
  if (!input.startsWith(match.slice(0, len)) || input[len] !== "/") return input;
  const rest = input.slice(len + 1);
  trace(ctx, 5, null, `strip matching prefix: ${input} -> ${rest}`);
  const prefix = subst === "" || subst.endsWith("/") ? subst : subst + "/";
  const output = prefix + rest;
  trace(ctx, 4, null, `add subst prefix: ${rest} -> ${output}`);
  return output;
}

/** Run the per-directory ruleset of the request's merged config (hook_fixup). */
export function rewriteFixup(input: RewriteHookInput): RewriteHookResult {
  const { req, server, perDirConfig: dconf } = input;
  const none: RewriteHookResult = { outcome: { kind: "declined" }, errors: [] };
  if (dconf === null || !dconf.engine || dconf.directory === null) return none;
  const dir = dconf.directory;
  const ctx = createContext({
    req,
    server,
    // Per-dir rules run whether or not the server has mod_rewrite directives; only maps come from it.
    sconf: input.serverConfig ?? EMPTY_SERVER_CONFIG,
    dconf,
    perdir: dir,
    tracer: input.tracer ?? null,
    random: input.random,
  });
  const result = (outcome: RewriteOutcome): RewriteHookResult => ({ outcome, errors: ctx.errors });
  const isProxyReq = req.proxyreq !== "none" && req.filename !== null && req.filename.startsWith("proxy:");
  // A request for the directory itself without its slash: leave it to mod_dir's 301.
  if (!isProxyReq && !dconf.options.has("AllowNoSlash") && req.filename === dir.slice(0, -1)) return none;
  if (req.pool.endFlag) {
    trace(ctx, 8, dir, "Declining, no further rewriting due to END flag");
    return result({ kind: "declined" });
  }
  if (!server.allowsSymlinks(req)) {
    ctx.errors.push(
      `AH00670: Options FollowSymLinks and SymLinksIfOwnerMatch are both off, so the RewriteRule directive is also forbidden due to its similar ability to circumvent directory restrictions : ${req.filename ?? "(null)"}`,
    );
    return result({ kind: "status", status: 403 });
  }
  const originalFilename = req.filename;
  if (req.filename === null) {
    req.filename = req.uri;
    trace(ctx, 2, dir, `init rewrite engine with requested uri ${req.filename}`);
  }
  const pass = applyRuleList(dconf.rules, ctx);
  const changed = pass.result;
  if (changed === "unchanged") {
    trace(ctx, 1, dir, `pass through ${req.filename ?? "(null)"}`);
    req.filename = originalFilename;
    return result({ kind: "declined" });
  }
  let filename = req.filename ?? "";
  const skip = absoluteUriSkip(filename);
  const guarded = guardOutcome(ctx, req, changed, "AH10411");
  if (guarded) return result(guarded);

  if (filename.length > 6 && filename.startsWith("proxy:")) {
    if (!server.proxyAvailable()) {
      ctx.errors.push(`AH10160: attempt to make remote request from mod_rewrite without proxy enabled: ${filename}`);
      return result({ kind: "status", status: 403 });
    }
    if (changed === "noescape") req.notes.set("proxy-nocanon", "1");
    if (req.args !== null && req.notes.has("proxy-nocanon")) req.filename = filename + "?" + req.args;
    if (req.proxyreq === "none") req.proxyreq = "reverse";
    req.handler = "proxy-server";
    trace(ctx, 1, dir, `go-ahead with proxy request ${req.filename} [OK]`);
    return result({ kind: "ok" });
  }
  if (skip > 0) {
    if (dconf.base !== null) {
      // Replace a leading PERDIR (without its first "/") in the URL path by RewriteBase.
      const slash = filename.indexOf("/", skip);
      if (slash >= 0 && slash + 1 < filename.length) {
        trace(ctx, 2, dir, `trying to replace prefix ${dir} with ${dconf.base}`);
        const cp = filename.slice(slash + 1);
        const replaced = substPrefixPath(ctx, cp, dir.startsWith("/") ? dir.slice(1) : dir, dconf.base.slice(1));
        if (replaced !== cp) filename = filename.slice(0, slash + 1) + replaced;
      }
    }
    return result(finishRedirect(ctx, filename, skip, changed, ctx.originalArgs));
  }
  // [PT] means nothing per directory.
  if (filename.length > 12 && filename.startsWith("passthrough:")) filename = filename.slice(12);
  req.filename = filename;
  if (!filename.startsWith("/")) return result({ kind: "status", status: 400 });
  if (originalFilename !== null && filename === originalFilename) {
    // Same file: no internal redirect (a changed query is kept).
    trace(ctx, 1, dir, `initial URL equal rewritten URL: ${filename} [IGNORING REWRITE]`);
    return result({ kind: "ok" });
  }
  const before = filename;
  if (dconf.base !== null) {
    trace(ctx, 2, dir, `trying to replace prefix ${dir} with ${dconf.base}`);
    filename = substPrefixPath(ctx, filename, dir, dconf.base);
  } else {
    const docroot = server.documentRoot(req);
    const l = docroot.endsWith("/") ? docroot.length - 1 : docroot.length;
    if (filename.startsWith(docroot.slice(0, l)) && filename[l] === "/") {
      trace(ctx, 2, dir, `strip document_root prefix: ${filename} -> ${filename.slice(l)}`);
      filename = filename.slice(l);
    }
  }
  if (filename === before && !dconf.options.has("IgnoreContextInfo")) {
    const cdr = server.contextDocumentRoot(req);
    const prefix = server.contextPrefix(req);
    trace(ctx, 2, dir, `trying to replace context docroot ${cdr} with context prefix ${prefix}`);
    filename = substPrefixPath(ctx, filename, cdr, prefix);
  }
  req.notes.set("redirect-keeps-vary", "");
  trace(ctx, 1, dir, `internal redirect with ${filename} [INTERNAL REDIRECT]`);
  req.filename = "redirect:" + filename;
  req.handler = "redirect-handler";
  const url = req.args !== null ? `${filename}?${req.args}` : filename;
  return result({ kind: "internal-redirect", url, path: filename });
}
