/**
 * PCRE pattern → V8 RegExp, only where the translation provably means the same thing.
 */
import type { ResolvedRegexOptions } from "../types.js";
import type { Node } from "./ast.js";
import { maxFastLength } from "./cost.js";
import { emit } from "./emit.js";
import { checkEquivalence } from "./equivalence.js";
import { parsePattern, Unsupported } from "./parse.js";
import { requiredLiteral } from "./required-literal.js";

export type Translation =
  | {
      ok: true;
      /** JavaScript RegExp source (flags ""). */
      source: string;
      regexp: RegExp;
      captureCount: number;
      /** Longest subject V8 may answer (longer ones go to PCRE2, see cost.ts). */
      maxSubjectLength: number;
      /** A byte sequence every match contains ("" if none): subjects without it cannot match. */
      required: string;
      tree: Node;
    }
  | { ok: false; reason: string };

/** Translate, or say why not. `captureCount` is PCRE2's, which the translation must reproduce. */
export function translateToV8(pattern: string, opts: ResolvedRegexOptions, captureCount: number): Translation {
  try {
    const parsed = parsePattern(pattern, { caseless: opts.nocase, dotall: opts.dotall, dollarEndOnly: opts.dollarEndOnly });
    if (parsed.captureCount !== captureCount) {
      return { ok: false, reason: `capture count ${parsed.captureCount} differs from PCRE2's ${captureCount}` };
    }
    checkEquivalence(parsed.root);
    const maxSubjectLength = maxFastLength(parsed.root);
    if (maxSubjectLength < 0) return { ok: false, reason: "backtracking is not polynomially bounded (nested repetition)" };
    const source = emit(parsed.root);
    const regexp = new RegExp(source);
    return { ok: true, source, regexp, captureCount, maxSubjectLength, required: requiredLiteral(parsed.root), tree: parsed.root };
  } catch (e) {
    if (e instanceof Unsupported) return { ok: false, reason: e.message };
    if (e instanceof SyntaxError) return { ok: false, reason: `V8 refused the translation: ${e.message}` };
    throw e;
  }
}
