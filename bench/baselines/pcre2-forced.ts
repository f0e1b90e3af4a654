/**
 * htrewrite with every pattern on the PCRE2 (WebAssembly) engine: the regex layer has no switch
 * for it, so after loading we swap each compiled rule's and condition's matcher for one compiled
 * by the layer's PCRE2 module directly. The engine is walked generically (any object that looks
 * like a compiled RewriteRule or regex RewriteCond), so the bench does not depend on where the
 * server layer keeps its rule sets. Rule sets compiled later (.htaccess on first use) are caught
 * by calling `force` again after a warm-up request.
 */
import { resolveOptions } from "../../dist/regex/index.js";
import { compilePcre2 } from "../../dist/regex/pcre2/pcre2-regex.js";
import type { CompiledPattern } from "../../dist/rewrite/types.js";

interface RegexHolder {
  regex: CompiledPattern | null;
}

function isRule(o: object): o is RegexHolder & { pattern: string; flags: { nocase: boolean } } {
  return "pattern" in o && "regex" in o && "flags" in o && "substitution" in o;
}

function isRegexCondition(o: object): o is RegexHolder & { operand: string; nocase: boolean; kind: string } {
  return "operand" in o && "regex" in o && "kind" in o && (o as { kind: unknown }).kind === "regex";
}

const forced = new WeakSet<object>();

/** Swap every reachable rule/condition matcher for a PCRE2 one; returns how many were swapped. */
export function forcePcre2(root: object): number {
  const seen = new Set<object>();
  const stack: object[] = [root];
  let swapped = 0;
  while (stack.length > 0) {
    const o = stack.pop() as object;
    if (seen.has(o)) continue;
    seen.add(o);
    if (!forced.has(o)) {
      if (isRule(o) && o.regex !== null) {
        o.regex = compilePcre2(o.pattern, resolveOptions({ nocase: o.flags.nocase }));
        forced.add(o);
        swapped++;
      } else if (isRegexCondition(o) && o.regex !== null) {
        o.regex = compilePcre2(o.operand, resolveOptions({ nocase: o.nocase }));
        forced.add(o);
        swapped++;
      }
    }
    const children: Iterable<unknown> = o instanceof Map ? [...o.keys(), ...o.values()] : o instanceof Set ? o.values() : Array.isArray(o) ? o : Object.values(o);
    for (const c of children) {
      if (c !== null && typeof c === "object" && !ArrayBuffer.isView(c) && !(c instanceof ArrayBuffer)) stack.push(c);
    }
  }
  return swapped;
}
