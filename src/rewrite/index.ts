/**
 * mod_rewrite for htrewrite: compile the Rewrite* directives of each configuration context, merge
 * them as Apache does, and run the two hooks (translate-name and fixup) plus the late [T]/[H]
 * fixup over a request the pipeline owns.
 *
 * Typical use by the pipeline:
 *
 *     const main = compileServerContext(mainDirectives, "main", env);
 *     const vhost = compileServerContext(vhostDirectives, "vhost:1", env);
 *     const sconf = vhost.server ? mergeServerConfig(main.server!, vhost.server) : main.server;
 *     rewriteTranslateName({ req, server, serverConfig: sconf, serverId: "vhost:1", perDirConfig, tracer });
 *     rewriteFixup({ req, server, serverConfig: sconf, serverId: "vhost:1", perDirConfig: merged, tracer });
 *     rewriteApplyForcedTypes(req, tracer);
 */
export type {
  CompiledCondition,
  CompiledRule,
  CompileWarning,
  ConditionKind,
  RewriteOptionName,
  RewritePerDirConfig,
  RewriteServerConfig,
  RuleFlags,
} from "./types.js";
export type { FileStat, RequestPool, RewriteRequest, RewriteServer, SubrequestResult } from "./host.js";
export {
  REWRITE_DIRECTIVES,
  RewriteConfigError,
  compilePerDirContext,
  compileServerContext,
  perDirString,
} from "./compile.js";
export type { RewriteCompileOptions, ServerContextConfig } from "./compile.js";
export { mergePerDirConfig, mergeServerConfig } from "./merge.js";
export { rewriteTranslateName } from "./translate.js";
export type { RewriteHookInput } from "./translate.js";
export { rewriteFixup } from "./fixup.js";
export { rewriteApplyForcedTypes } from "./mimetype.js";
export type { RewriteHookResult, RewriteOutcome } from "./outcome.js";
export { CollectingTracer, renderTraceLine, requestTag } from "./trace.js";
export type { RewriteTraceEvent, RewriteTracer, TraceLevel } from "./trace.js";
export { lookupVariable } from "./variables.js";
export { createContext } from "./context.js";
export type { RewriteContext } from "./context.js";
export type { RewriteMapDefinition, MapLookupEnv, RewriteMapType } from "./maps/index.js";
export { compileRewriteMap } from "./maps/index.js";
export { coreTranslate, mergeUnderRoot, APR_PATH_MAX } from "./localpath.js";
export { DEFAULT_MAX_ROUNDS } from "./flags.js";
export { describeFlags, explainPerDir, explainServer, renderExplanation } from "./explain.js";
export type { RuleExplanation } from "./explain.js";
