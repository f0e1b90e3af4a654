/**
 * Apache's merge functions for mod_rewrite's configs (config_server_merge, config_perdir_merge):
 * engine and options come from the child when it set them (options replace, never combine), rules
 * are inherited only through Inherit / InheritBefore (or the parent's InheritDown* unless the child
 * says IgnoreInherit), RewriteBase only with MergeBase.
 */
import type { CompiledRule, RewriteOptionName, RewritePerDirConfig, RewriteServerConfig } from "./types.js";

type InheritMode = "after" | "before" | "none";

function inheritMode(
  merged: ReadonlySet<RewriteOptionName>,
  parent: ReadonlySet<RewriteOptionName>,
): InheritMode {
  const ignore = merged.has("IgnoreInherit");
  if (merged.has("Inherit") || (parent.has("InheritDown") && !ignore)) return "after";
  if (merged.has("InheritBefore") || (parent.has("InheritDownBefore") && !ignore)) return "before";
  return "none";
}

function combine(mode: InheritMode, own: CompiledRule[], parent: CompiledRule[]): CompiledRule[] {
  if (mode === "after") return [...own, ...parent];
  if (mode === "before") return [...parent, ...own];
  return own;
}

/**
 * Merge a virtual host's server config over the main server's. Call it only when the vhost has a
 * config of its own (a vhost without mod_rewrite directives simply uses the main server's object).
 */
export function mergeServerConfig(base: RewriteServerConfig, overrides: RewriteServerConfig): RewriteServerConfig {
  const options = overrides.optionsSet ? overrides.options : base.options;
  const mode = inheritMode(options, base.options);
  let maps = overrides.maps;
  if (mode === "after") maps = new Map([...base.maps, ...overrides.maps]); // child's names win
  else if (mode === "before") maps = new Map([...overrides.maps, ...base.maps]); // parent's names win
  return {
    engine: overrides.engineSet ? overrides.engine : base.engine,
    engineSet: overrides.engineSet || base.engineSet,
    options,
    optionsSet: overrides.optionsSet || base.optionsSet,
    rules: combine(mode, overrides.rules, base.rules),
    maps,
    owner: overrides.owner,
  };
}

/** Merge a per-directory config (section, .htaccess, or a vhost's base) over its parent. */
export function mergePerDirConfig(base: RewritePerDirConfig, overrides: RewritePerDirConfig): RewritePerDirConfig {
  const options = overrides.optionsSet ? overrides.options : base.options;
  const mergeBase = options.has("MergeBase");
  return {
    engine: overrides.engineSet ? overrides.engine : base.engine,
    engineSet: overrides.engineSet || base.engineSet,
    options,
    optionsSet: overrides.optionsSet || base.optionsSet,
    base: mergeBase ? (overrides.baseSet ? overrides.base : base.base) : overrides.base,
    baseSet: mergeBase ? overrides.baseSet || base.baseSet : overrides.baseSet,
    rules: combine(inheritMode(options, base.options), overrides.rules, base.rules),
    directory: overrides.directory,
  };
}
