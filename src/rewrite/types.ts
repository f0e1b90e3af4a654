/**
 * The compiled form of mod_rewrite directives. Compilation happens once per configuration context
 * (main server, a virtual host, one per-directory section or .htaccess); the request-time engine only
 * reads these objects.
 */
import type { SourcePos } from "../config/types.js";
import type { RewriteMapDefinition } from "./maps/types.js";
import type { RegexRun } from "../regex/types.js";

/** Anything that matches a byte-string subject like Apache's ap_regexec. */
export interface CompiledPattern {
  /** `[0]` whole match, `[n]` group n, `undefined` when a group did not participate; null = no match. */
  exec(subject: string): (string | undefined)[] | null;
  /** The full outcome (a match-limit hit told apart), for the request's work budget. */
  run?(subject: string): RegexRun;
  /** Compiled caseless: by [NC], or by RegexDefaultOptions ICASE where the directive stands. */
  readonly nocase?: boolean;
}

/** Options of `RewriteOptions` (Apache's OPTION_* bits). */
export type RewriteOptionName =
  | "Inherit"
  | "InheritBefore"
  | "InheritDown"
  | "InheritDownBefore"
  | "IgnoreInherit"
  | "AllowNoSlash"
  | "AllowAnyURI"
  | "MergeBase"
  | "IgnoreContextInfo"
  | "LegacyPrefixDocRoot"
  | "UnsafePrefixStat";

/** How a RewriteCond's CondPattern is interpreted (detected at compile time, as cmd_rewritecond does). */
export type ConditionKind =
  | "regex"
  | "file-exists" // -f
  | "file-size" // -s
  | "file-link" // -l -L -h
  | "file-dir" // -d
  | "file-xbit" // -x
  | "lookup-url" // -U
  | "lookup-file" // -F
  | "str-lt"
  | "str-le"
  | "str-eq"
  | "str-gt"
  | "str-ge"
  | "int-lt"
  | "int-le"
  | "int-eq"
  | "int-gt"
  | "int-ge"
  | "expr";

/** One RewriteCond, attached to the rule that follows it. */
export interface CompiledCondition {
  /** TestString as written (expanded at request time). */
  testString: string;
  /** CondPattern exactly as written, `!` and operator included (what traces print). */
  patternText: string;
  kind: ConditionKind;
  /** The operand after `!` and the operator (regex source, comparison string, number text). */
  operand: string;
  negate: boolean;
  /** [NC]; cleared (with a warning) for kinds that do not support it, as Apache does. */
  nocase: boolean;
  ornext: boolean;
  novary: boolean;
  regex: CompiledPattern | null;
  expr: import("../expr/index.js").ExprNode | null;
  pos: SourcePos | null;
}

/** Parsed RewriteRule flags (Apache's RULEFLAG_* plus their values). */
export interface RuleFlags {
  chain: boolean;
  /** B / B=list / BCTLS set this (RULEFLAG_ESCAPEBACKREF). */
  escapeBackrefs: boolean;
  /** B=list: only these bytes are escaped (null = all but alnum/_). */
  escapeList: string | null;
  /** BNE=list: never escaped. */
  noEscapeList: string | null;
  escapeNoPlus: boolean;
  escapeCtls: boolean;
  cookies: string[];
  discardPathInfo: boolean;
  env: string[];
  end: boolean;
  /** F, G or R=non-3xx: no substitution, `forcedStatus` is returned. */
  status: boolean;
  noSubstitution: boolean;
  handler: string | null;
  last: boolean;
  next: boolean;
  /** [N=k] limit; default 32000 (what 2.4.71 does, spec §1.4). */
  maxRounds: number;
  nocase: boolean;
  noEscape: boolean;
  noSubreq: boolean;
  proxy: boolean;
  passThrough: boolean;
  qsAppend: boolean;
  qsDiscard: boolean;
  qsLast: boolean;
  /** Substitution ended in `?` without QSA (or QSD without any `?`): args := NULL, no split. */
  qsNone: boolean;
  redirect: boolean;
  /** R=code / F / G code; 302 by default; 0 for an unrecognised R word (ends up 302). */
  forcedStatus: number;
  skip: number;
  type: string | null;
  unsafePrefixStat: boolean;
  unsafeAllow3F: boolean;
  unc: boolean;
}

/** One RewriteRule with its conditions. */
export interface CompiledRule {
  /** Pattern without the leading `!` (what traces and errors print). */
  pattern: string;
  negate: boolean;
  regex: CompiledPattern;
  /** Substitution after config-time rewriting (a trailing `?` removed when it means "no query"). */
  substitution: string;
  /** Shared by rules with equal flags: never changed after compile. */
  readonly flags: Readonly<RuleFlags>;
  readonly conditions: readonly CompiledCondition[];
  /** The flag field as written, or null. */
  flagText: string | null;
  pos: SourcePos | null;
}

/** mod_rewrite's server config (rewrite_server_conf) of the main server or one virtual host. */
export interface RewriteServerConfig {
  /** RewriteEngine value; meaningful when `engineSet`. */
  engine: boolean;
  engineSet: boolean;
  options: ReadonlySet<RewriteOptionName>;
  optionsSet: boolean;
  rules: CompiledRule[];
  maps: ReadonlyMap<string, RewriteMapDefinition>;
  /**
   * The server this config belongs to. A virtual host without any mod_rewrite directive shares
   * the main server's config object, and hook_uri2file declines for it (`conf->server != r->server`).
   */
  owner: string;
}

/** mod_rewrite's per-directory config (rewrite_perdir_conf). */
export interface RewritePerDirConfig {
  engine: boolean;
  engineSet: boolean;
  options: ReadonlySet<RewriteOptionName>;
  optionsSet: boolean;
  /** RewriteBase, or null. */
  base: string | null;
  baseSet: boolean;
  rules: CompiledRule[];
  /** PERDIR (always ending in "/"), or null for the server's base per-dir config. */
  directory: string | null;
}

/** Non-fatal messages Apache logs while reading the config (AH00664, AH00665 …). */
export interface CompileWarning {
  message: string;
  pos: SourcePos | null;
}
