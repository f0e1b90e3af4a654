/**
 * `explain`: a readable account of a compiled rule set — each rule with its conditions, flags,
 * the maps it calls and the variables it reads (what a reviewer needs before trusting a config).
 */
import type { CompiledCondition, CompiledRule, RewritePerDirConfig, RewriteServerConfig, RuleFlags } from "./types.js";

/** What one rule reads and does. */
export interface RuleExplanation {
  index: number;
  /** "file:line" when known. */
  where: string | null;
  pattern: string;
  negate: boolean;
  substitution: string;
  flags: string[];
  conditions: Array<{ testString: string; pattern: string; kind: string; flags: string[] }>;
  maps: string[];
  variables: string[];
}

/** `%{NAME}` references and `${map:…}` names used in a string. */
function references(s: string): { vars: string[]; maps: string[] } {
  const vars = [...s.matchAll(/%\{([^}]+)\}/g)].map((m) => m[1]);
  const maps = [...s.matchAll(/\$\{([^:}]+):/g)].map((m) => m[1]);
  return { vars, maps };
}

/** The flags of a rule as short names, in a stable order. */
export function describeFlags(f: RuleFlags): string[] {
  const out: string[] = [];
  if (f.escapeBackrefs && !f.escapeCtls) out.push(f.escapeList !== null ? `B=${f.escapeList}` : "B");
  if (f.escapeCtls) out.push("BCTLS");
  if (f.noEscapeList !== null) out.push(`BNE=${f.noEscapeList}`);
  if (f.escapeNoPlus) out.push("BNP");
  if (f.chain) out.push("C");
  for (const c of f.cookies) out.push(`CO=${c}`);
  if (f.discardPathInfo) out.push("DPI");
  for (const e of f.env) out.push(`E=${e}`);
  if (f.end) out.push("END");
  if (f.status && f.forcedStatus === 403) out.push("F");
  else if (f.status && f.forcedStatus === 410) out.push("G");
  if (f.handler !== null) out.push(`H=${f.handler}`);
  if (f.last) out.push("L");
  if (f.next) out.push(f.maxRounds !== 32000 ? `N=${f.maxRounds}` : "N");
  if (f.nocase) out.push("NC");
  if (f.noEscape) out.push("NE");
  if (f.noSubreq) out.push("NS");
  if (f.proxy) out.push("P");
  if (f.passThrough) out.push("PT");
  if (f.qsAppend) out.push("QSA");
  if (f.qsDiscard) out.push("QSD");
  if (f.qsLast) out.push("QSL");
  if (f.redirect) out.push(`R=${f.forcedStatus || 302}`);
  if (f.skip > 0) out.push(`S=${f.skip}`);
  if (f.type !== null) out.push(`T=${f.type}`);
  if (f.unsafePrefixStat) out.push("UnsafePrefixStat");
  if (f.unsafeAllow3F) out.push("UnsafeAllow3F");
  if (f.unc) out.push("UNC");
  return out;
}

function condFlags(c: CompiledCondition): string[] {
  return [c.nocase ? "NC" : "", c.ornext ? "OR" : "", c.novary ? "NV" : ""].filter((x) => x !== "");
}

function explainRule(rule: CompiledRule, index: number): RuleExplanation {
  const strings = [rule.substitution, ...rule.flags.env, ...rule.flags.cookies, rule.flags.type ?? "", rule.flags.handler ?? ""];
  for (const c of rule.conditions) strings.push(c.testString);
  const vars = new Set<string>();
  const maps = new Set<string>();
  for (const s of strings) {
    const r = references(s);
    r.vars.forEach((v) => vars.add(v));
    r.maps.forEach((m) => maps.add(m));
  }
  return {
    index,
    where: rule.pos !== null ? `${rule.pos.file}:${rule.pos.line}` : null,
    pattern: rule.pattern,
    negate: rule.negate,
    substitution: rule.flags.noSubstitution && rule.substitution === "-" ? "-" : rule.substitution,
    flags: describeFlags(rule.flags),
    conditions: rule.conditions.map((c) => ({ testString: c.testString, pattern: c.patternText, kind: c.kind, flags: condFlags(c) })),
    maps: [...maps],
    variables: [...vars],
  };
}

/** Explain a server (or virtual host) config. */
export function explainServer(conf: RewriteServerConfig): { engine: boolean; options: string[]; maps: Array<{ name: string; type: string; source: string }>; rules: RuleExplanation[] } {
  return {
    engine: conf.engine,
    options: [...conf.options],
    maps: [...conf.maps.values()].map((m) => ({ name: m.name, type: m.type, source: m.source })),
    rules: conf.rules.map(explainRule),
  };
}

/** Explain a per-directory config. */
export function explainPerDir(conf: RewritePerDirConfig): { directory: string | null; engine: boolean; base: string | null; options: string[]; rules: RuleExplanation[] } {
  return {
    directory: conf.directory,
    engine: conf.engine,
    base: conf.base,
    options: [...conf.options],
    rules: conf.rules.map(explainRule),
  };
}

/** Render an explanation as text lines. */
export function renderExplanation(rules: readonly RuleExplanation[]): string[] {
  const lines: string[] = [];
  for (const r of rules) {
    lines.push(`rule ${r.index + 1}${r.where ? ` (${r.where})` : ""}: ${r.negate ? "!" : ""}${r.pattern} -> ${r.substitution}${r.flags.length ? ` [${r.flags.join(",")}]` : ""}`);
    for (const c of r.conditions) lines.push(`  if ${c.testString} ${c.pattern} (${c.kind})${c.flags.length ? ` [${c.flags.join(",")}]` : ""}`);
    if (r.variables.length) lines.push(`  reads: ${r.variables.map((v) => `%{${v}}`).join(" ")}`);
    if (r.maps.length) lines.push(`  maps: ${r.maps.join(" ")}`);
  }
  return lines;
}
