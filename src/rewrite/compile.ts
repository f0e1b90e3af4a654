/**
 * Directive semantics: from the mod_rewrite directives of one configuration context to the compiled
 * configs (cmd_rewriteengine, cmd_rewriteoptions, cmd_rewritebase, cmd_rewritecond,
 * cmd_rewriterule, cmd_rewritemap). Errors carry Apache's message; the config reader adds
 * "Syntax error on line N of FILE:".
 */
import type { DirectiveNode, SourcePos } from "../config/types.js";
import { HtrError } from "../util/errors.js";
import { parseArgLine } from "./argline.js";
import { detectPattern, supportsNocase } from "./conditions.js";
import { ExprSyntaxError, parseExpr } from "../expr/index.js";
import { FlagError, defaultRuleFlags, parseConditionFlags, parseRuleFlags } from "./flags.js";
import { compileRewriteMap } from "./maps/index.js";
import type { MapCompileEnv, RewriteMapDefinition } from "./maps/index.js";
import { compilePattern } from "./pattern.js";
import type {
  CompileWarning,
  CompiledCondition,
  CompiledRule,
  RewriteOptionName,
  RewritePerDirConfig,
  RewriteServerConfig,
  RuleFlags,
} from "./types.js";

/** A configuration Apache refuses; `pos` points at the directive. */
export class RewriteConfigError extends HtrError {
  constructor(
    message: string,
    readonly pos: SourcePos | null,
  ) {
    super("HTR_CONFIG_SYNTAX", message);
    this.name = "RewriteConfigError";
  }
}

/** What compiling needs from outside. */
export interface RewriteCompileOptions extends MapCompileEnv {
  /** Compiling an .htaccess file (expr restrictions, RewriteMap refusal wording). Default false. */
  htaccess?: boolean;
}

/** Directive keys mod_rewrite owns. */
export const REWRITE_DIRECTIVES: ReadonlySet<string> = new Set([
  "rewriteengine",
  "rewriteoptions",
  "rewritebase",
  "rewritecond",
  "rewriterule",
  "rewritemap",
]);

const OPTION_WORDS: ReadonlyMap<string, RewriteOptionName> = new Map(
  (
    [
      "Inherit",
      "InheritBefore",
      "InheritDown",
      "InheritDownBefore",
      "IgnoreInherit",
      "AllowNoSlash",
      "AllowAnyURI",
      "MergeBase",
      "IgnoreContextInfo",
      "LegacyPrefixDocRoot",
      "UnsafePrefixStat",
    ] as RewriteOptionName[]
  ).map((o) => [o.toLowerCase(), o]),
);

/** RewriteOptions words → option set (unknown → Apache's error; MaxRedirects= → warning AH00664). */
export function parseOptions(words: readonly string[], warnings: CompileWarning[], pos: SourcePos | null): Set<RewriteOptionName> {
  const out = new Set<RewriteOptionName>();
  for (const w of words) {
    const opt = OPTION_WORDS.get(w.toLowerCase());
    if (opt !== undefined) out.add(opt);
    else if (w.toLowerCase().startsWith("maxredirects=")) {
      warnings.push({
        message:
          "AH00664: RewriteOptions: MaxRedirects option has been removed in favor of the global LimitInternalRecursion directive and will be ignored.",
        pos,
      });
    } else throw new RewriteConfigError(`RewriteOptions: unknown option '${w}'`, pos);
  }
  return out;
}

function compileCondition(
  node: DirectiveNode,
  opts: RewriteCompileOptions,
  warnings: CompileWarning[],
): CompiledCondition {
  const line = parseArgLine(node.rawArgs);
  if (line === null) throw new RewriteConfigError(`RewriteCond: bad argument line '${node.rawArgs}'`, node.pos);
  let flags = { nocase: false, ornext: false, novary: false };
  if (line.a3 !== null) {
    try {
      flags = parseConditionFlags(line.a3);
    } catch (e) {
      if (e instanceof FlagError) throw new RewriteConfigError(`RewriteCond: ${e.message}`, node.pos);
      throw e;
    }
  }
  const detected = detectPattern(line.a1, line.a2);
  let nocase = flags.nocase;
  if (nocase && !supportsNocase(detected.kind)) {
    warnings.push({
      message: `AH00665: RewriteCond: NoCase option for non-regex pattern '${detected.operand}' is not supported and will be ignored. (${node.pos.file}:${node.pos.line})`,
      pos: node.pos,
    });
    nocase = false;
  }
  const cond: CompiledCondition = {
    testString: line.a1,
    patternText: line.a2,
    kind: detected.kind,
    operand: detected.operand,
    negate: detected.negate,
    nocase,
    ornext: flags.ornext,
    novary: flags.novary,
    regex: null,
    expr: null,
    pos: node.pos,
  };
  if (detected.kind === "regex") {
    cond.regex = compilePattern(detected.operand, nocase, node.regexDefaults);
    if (cond.regex === null) {
      throw new RewriteConfigError(`RewriteCond: cannot compile regular expression '${detected.operand}'`, node.pos);
    }
  } else if (detected.kind === "expr") {
    try {
      cond.expr = parseExpr(detected.operand, opts.htaccess === true, node.regexDefaults);
    } catch (e) {
      if (!(e instanceof ExprSyntaxError)) throw e;
      const where = opts.htaccess ? " in htaccess context" : "";
      throw new RewriteConfigError(`RewriteCond: cannot compile expression${where} "${detected.operand}" ${e.message}`, node.pos);
    }
  }
  return cond;
}

/** A rule without conditions: one shared empty list (10,000 redirects need no 10,000 arrays). */
const NO_CONDITIONS: readonly CompiledCondition[] = Object.freeze([]);

/**
 * Rules of one context with equal flags share one flags record (flags are never changed after
 * compile): a 10,000-rule redirect set is mostly `[R=301,L]`, and a record is ~30 fields.
 */
type FlagsInterner = Map<string, RuleFlags>;

/** Flags are parseRuleFlags(flag field) plus what the substitution decided (compileRule). */
function internFlags(flags: RuleFlags, flagText: string | null, interned: FlagsInterner): RuleFlags {
  const key = `${flagText ?? ""}\u0000${+flags.noSubstitution}${+flags.qsNone}${+flags.qsLast}`;
  const hit = interned.get(key);
  if (hit !== undefined) return hit;
  interned.set(key, flags);
  return flags;
}

function compileRule(node: DirectiveNode, conditions: CompiledCondition[], interned: FlagsInterner): CompiledRule {
  const line = parseArgLine(node.rawArgs);
  if (line === null) throw new RewriteConfigError(`RewriteRule: bad argument line '${node.rawArgs}'`, node.pos);
  let flags = defaultRuleFlags();
  if (line.a3 !== null) {
    try {
      flags = parseRuleFlags(line.a3);
    } catch (e) {
      if (e instanceof FlagError) throw new RewriteConfigError(`RewriteRule: ${e.message}`, node.pos);
      throw e;
    }
  }
  let pattern = line.a1;
  let negate = false;
  if (pattern[0] === "!") {
    negate = true;
    pattern = pattern.slice(1);
  }
  const regex = compilePattern(pattern, flags.nocase, node.regexDefaults);
  if (regex === null) throw new RewriteConfigError(`RewriteRule: cannot compile regular expression '${pattern}'`, node.pos);
  let substitution = line.a2;
  if (substitution === "-") flags.noSubstitution = true;
  // Config-time query rules (spec §5.1, CVE-2023-25690 follow-ups).
  if (substitution.endsWith("?")) {
    if (flags.qsAppend) flags.qsLast = true;
    else {
      flags.qsNone = true;
      substitution = substitution.slice(0, -1);
    }
  } else if (flags.qsDiscard && !substitution.includes("?")) flags.qsNone = true;
  return {
    pattern,
    negate,
    regex,
    substitution,
    flags: internFlags(flags, line.a3, interned),
    // A copy of exact length: the pending list grew by push and holds 17 slots for one condition.
    conditions: conditions.length === 0 ? NO_CONDITIONS : conditions.slice(),
    flagText: line.a3,
    pos: node.pos,
  };
}

function engineFlag(node: DirectiveNode): boolean {
  const w = (node.args[0] ?? "").toLowerCase();
  if (w === "on") return true;
  if (w === "off") return false;
  throw new RewriteConfigError("RewriteEngine must be On or Off", node.pos);
}

/** The result of compiling the main server's or a virtual host's own (non-section) directives. */
export interface ServerContextConfig {
  /** Null when the context has no mod_rewrite directive (Apache never creates its config). */
  server: RewriteServerConfig | null;
  /** The server's base per-dir config (RewriteEngine/RewriteOptions also land here); null likewise. */
  perDir: RewritePerDirConfig | null;
  warnings: CompileWarning[];
}

/**
 * Compile the directives that stand directly in a server context (main server or one
 * `<VirtualHost>`, outside sections). `owner` names the server (see RewriteServerConfig.owner).
 * Non-mod_rewrite directives are ignored.
 */
export function compileServerContext(
  directives: readonly DirectiveNode[],
  owner: string,
  opts: RewriteCompileOptions,
): ServerContextConfig {
  const warnings: CompileWarning[] = [];
  const mine = directives.filter((d) => REWRITE_DIRECTIVES.has(d.key));
  if (mine.length === 0) return { server: null, perDir: null, warnings };
  let engine = false;
  let engineSet = false;
  let options = new Set<RewriteOptionName>();
  let optionsSet = false;
  const rules: CompiledRule[] = [];
  const maps = new Map<string, RewriteMapDefinition>();
  let pending: CompiledCondition[] = [];
  const interned: FlagsInterner = new Map();
  for (const d of mine) {
    switch (d.key) {
      case "rewriteengine":
        engine = engineFlag(d);
        engineSet = true;
        break;
      case "rewriteoptions":
        options = new Set([...options, ...parseOptions(d.args, warnings, d.pos)]);
        optionsSet = true;
        break;
      case "rewritebase":
        throw new RewriteConfigError("RewriteBase: only valid in per-directory config files", d.pos);
      case "rewritemap": {
        if (d.args.length < 2 || d.args.length > 3) {
          throw new RewriteConfigError("RewriteMap takes two or three arguments, a mapname and a filename and options", d.pos);
        }
        try {
          maps.set(d.args[0], compileRewriteMap(d.args[0], d.args[1], opts));
        } catch (e) {
          if (e instanceof HtrError && !(e instanceof RewriteConfigError)) throw new RewriteConfigError(e.message, d.pos);
          throw e;
        }
        break;
      }
      case "rewritecond":
        pending.push(compileCondition(d, opts, warnings));
        break;
      case "rewriterule":
        rules.push(compileRule(d, pending, interned));
        pending = [];
        break;
    }
  }
  const server: RewriteServerConfig = { engine, engineSet, options, optionsSet, rules, maps, owner };
  const perDir: RewritePerDirConfig = {
    engine,
    engineSet,
    options,
    optionsSet,
    base: null,
    baseSet: false,
    rules: [],
    directory: null,
  };
  return { server, perDir, warnings };
}

/** PERDIR of a section: its path with a trailing `/` ensured (config_perdir_create). */
export function perDirString(path: string): string {
  return path.endsWith("/") ? path : path + "/";
}

/**
 * Compile the mod_rewrite directives of one per-directory context (`<Directory>`, `<Location>`,
 * `<Files>`, `<If>` or an .htaccess file). `path` is the section's path (`*If` for `<If>`); null when
 * there is no mod_rewrite directive.
 */
export function compilePerDirContext(
  directives: readonly DirectiveNode[],
  path: string,
  opts: RewriteCompileOptions,
): { config: RewritePerDirConfig | null; warnings: CompileWarning[] } {
  const warnings: CompileWarning[] = [];
  const mine = directives.filter((d) => REWRITE_DIRECTIVES.has(d.key));
  if (mine.length === 0) return { config: null, warnings };
  const config: RewritePerDirConfig = {
    engine: false,
    engineSet: false,
    options: new Set(),
    optionsSet: false,
    base: null,
    baseSet: false,
    rules: [],
    directory: perDirString(path),
  };
  let pending: CompiledCondition[] = [];
  const interned: FlagsInterner = new Map();
  for (const d of mine) {
    switch (d.key) {
      case "rewriteengine":
        config.engine = engineFlag(d);
        config.engineSet = true;
        break;
      case "rewriteoptions":
        config.options = new Set([...config.options, ...parseOptions(d.args, warnings, d.pos)]);
        config.optionsSet = true;
        break;
      case "rewritebase": {
        const a = d.args[0] ?? "";
        if (a === "") throw new RewriteConfigError("RewriteBase: empty URL not allowed", d.pos);
        if (a[0] !== "/") throw new RewriteConfigError("RewriteBase: argument is not a valid URL", d.pos);
        config.base = a;
        config.baseSet = true;
        break;
      }
      case "rewritemap":
        throw new RewriteConfigError(
          opts.htaccess ? "RewriteMap not allowed here" : "RewriteMap not allowed in <Directory> context",
          d.pos,
        );
      case "rewritecond":
        pending.push(compileCondition(d, { ...opts }, warnings));
        break;
      case "rewriterule":
        config.rules.push(compileRule(d, pending, interned));
        pending = [];
        break;
    }
  }
  return { config, warnings };
}
