/**
 * Substitution and TestString expansion (do_expand, spec §3): one left-to-right pass over `\x`,
 * `$N`, `%N`, `%{VAR}` and `${map:key|default}`; nothing produced by an expansion is scanned again.
 * With `trackQmarks` it also classifies each `?` of the result as typed in the substitution or
 * produced by an expansion (CVE-2024-38474, spec §5.4).
 */
import { WORK_COST } from "./budget.js";
import type { ByteString } from "../util/bytes.js";
import { mapEnv, trace } from "./context.js";
import type { Backrefs, RewriteContext } from "./context.js";
import { escapeBackref } from "../util/escape.js";
import type { CompiledRule } from "./types.js";
import type { MapLookupRun } from "./host.js";
import type { MapLookupEnv } from "./maps/types.js";
import { lookupVariable } from "./variables.js";

/** The expanded text, and for substitutions whether the decisive `?` came from an expansion. */
export interface Expansion {
  text: ByteString;
  /** True when the first `?` (the last one with [QSL]) of the result was produced by an expansion. */
  unsafeQmark: boolean;
}

/** Index of the `}` closing a `{` that precedes `from` (nesting counted), or -1. */
function findClosingCurly(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    if (s[i] === "}" && --depth === 0) return i;
    if (s[i] === "{") depth++;
  }
  return -1;
}

/** First `c` at brace depth 1 from `from` (before the closing brace), or -1. */
function findCharInCurlies(s: string, from: number, c: string): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    if (s[i] === c && depth === 1) return i;
    if (s[i] === "}" && --depth === 0) return -1;
    if (s[i] === "{") depth++;
  }
  return -1;
}

/** Look a RewriteMap up by name; an unknown map is "not found". */
export function lookupMap(ctx: RewriteContext, name: string, key: ByteString): ByteString | null {
  const map = ctx.sconf.maps.get(name);
  if (map === undefined) return null;
  ctx.req.pool.budget?.charge(WORK_COST.mapLookup, "map look-ups");
  // A program's answer and a random choice can differ on the same request.
  if (map.type === "prg" || map.type === "rnd") ctx.server.unrepeatable(`RewriteMap ${name} ${map.type}:`);
  const record = ctx.server.mapLookupRecorder();
  if (record === null) return map.lookup(key, mapEnv(ctx));
  // Recorded for the decision memo: a repeat runs the look-up again (so the map's cache moves as
  // it would) and is a repeat only when the value — and, traced, every message — is the same.
  const env = mapEnv(ctx);
  const server = ctx.server;
  const run = (trace: MapLookupEnv["trace"]): MapLookupRun => {
    const messages: string[] = [];
    const value = map.lookup(key, {
      readFile: (path) => server.readFile(path),
      random: env.random,
      trace: (level, message) => {
        messages.push(`${level}:${message}`);
        trace?.(level, message);
      },
    });
    return { value, messages };
  };
  const first = run(env.trace);
  record(first, () => run(null));
  return first.value;
}

function backref(
  refs: Backrefs | null,
  n: number,
  ctx: RewriteContext,
  rule: CompiledRule | null,
): string | null {
  if (refs === null) return null;
  const v = refs[n];
  if (v === undefined || v === "") return null;
  if (rule === null || !rule.flags.escapeBackrefs) return v;
  const escaped = escapeBackref(v, {
    escapeList: rule.flags.escapeList,
    noEscapeList: rule.flags.noEscapeList,
    noPlus: rule.flags.escapeNoPlus,
    ctls: rule.flags.escapeCtls,
  });
  if (ctx.tracer) trace(ctx, 5, ctx.perdir, `escaping backreference '${v}' to '${escaped}'`);
  return escaped;
}

/**
 * Expand `input`. `rule` enables [B]-style escaping of back-references (pass null for
 * TestStrings, E= and CO=); `trackQmarks` enables the `?` provenance check of substitutions.
 */
export function expand(
  input: string,
  ctx: RewriteContext,
  rule: CompiledRule | null,
  trackQmarks = false,
): Expansion {
  const qsLast = rule !== null && rule.flags.qsLast;
  // Verdict of the decisive `?`: null = none seen yet.
  let verdict: boolean | null = null;
  const decided = (): boolean => verdict !== null && !qsLast;
  let out = "";
  let i = 0;
  const n = input.length;
  const literal = (s: string): void => {
    if (trackQmarks && !decided() && s.includes("?")) verdict = false;
    out += s;
  };
  const expanded = (s: string): void => {
    if (trackQmarks && !decided() && s.includes("?")) verdict = true;
    out += s;
  };
  while (i < n) {
    const ch = input[i];
    if (ch !== "\\" && ch !== "$" && ch !== "%") {
      let j = i + 1;
      while (j < n && input[j] !== "\\" && input[j] !== "$" && input[j] !== "%") j++;
      literal(input.slice(i, j));
      i = j;
      continue;
    }
    if (ch === "\\") {
      // `\x` is x, never a "literal ?" for the provenance check; a final `\` stays.
      out += i + 1 < n ? input[i + 1] : "\\";
      i += 2;
      continue;
    }
    const next = input[i + 1];
    if (next === "{") {
      const end = findClosingCurly(input, i + 2);
      if (end < 0) {
        literal(input.slice(i, i + 2));
        i += 2;
        continue;
      }
      if (ch === "%") {
        expanded(lookupVariable(input.slice(i + 2, end), ctx));
        i = end + 1;
        continue;
      }
      const colon = findCharInCurlies(input, i + 2, ":");
      if (colon < 0) {
        literal(input.slice(i, i + 2));
        i += 2;
        continue;
      }
      const mapName = input.slice(i + 2, colon);
      const bar = findCharInCurlies(input, colon + 1, "|");
      const keyText = input.slice(colon + 1, bar >= 0 ? bar : end);
      const dflt = bar >= 0 ? input.slice(bar + 1, end) : null;
      let value = lookupMap(ctx, mapName, expand(keyText, ctx, rule).text);
      if (value === null && dflt !== null && dflt !== "") value = expand(dflt, ctx, rule).text;
      expanded(value ?? "");
      i = end + 1;
      continue;
    }
    if (next !== undefined && next >= "0" && next <= "9") {
      const v = backref(ch === "$" ? ctx.ruleRefs : ctx.condRefs, next.charCodeAt(0) - 48, ctx, rule);
      if (v !== null) expanded(v);
      i += 2;
      continue;
    }
    literal(ch);
    i += 1;
  }
  return { text: out, unsafeQmark: verdict === true };
}

/** Expand without `?` tracking and without back-reference escaping (TestStrings, E=, CO=). */
export function expandPlain(input: string, ctx: RewriteContext): ByteString {
  return expand(input, ctx, null).text;
}
