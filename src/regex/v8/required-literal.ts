/**
 * The longest byte sequence every match must contain. A subject without it cannot match — the
 * answer PCRE2 gives too, whether or not it would have hit its match limit (a limit is also "no
 * match") — so long subjects can be answered without running either engine. PCRE2 does the same
 * internally ("last code unit"), which is why its step counts on such subjects are tiny.
 */
import type { Node } from "./ast.js";

/** One flat string of `codes`, in slices small enough to pass as arguments (a literal may be long). */
function fromCodes(codes: number[]): string {
  let s = "";
  for (let i = 0; i < codes.length; i += 4096) s += String.fromCharCode(...codes.slice(i, i + 4096));
  return s;
}

/**
 * Literal runs that every match contains, in order of appearance (case-sensitive bytes only).
 * A run is gathered as codes and made one flat string: built a character at a time it would be
 * a chain of concatenations that the compiled regex keeps for its life (17 per rule, 560 bytes,
 * in a 10,000-rule set).
 */
function runs(node: Node, out: string[], current: { codes: number[] }): void {
  const flush = (): void => {
    if (current.codes.length > 0) out.push(fromCodes(current.codes));
    current.codes = [];
  };
  switch (node.type) {
    case "char":
      if (node.caseless) flush();
      else current.codes.push(node.code);
      return;
    case "seq":
      for (const item of node.items) runs(item, out, current);
      return;
    case "group":
      runs(node.body, out, current);
      return;
    case "repeat":
      // At least one iteration: its literals are required, but what follows is not adjacent.
      flush();
      if (node.min >= 1) {
        runs(node.body, out, current);
        flush();
      }
      return;
    case "assert":
      return; // zero-width: literals on both sides stay adjacent
    default:
      flush();
  }
}

/** The longest required literal, or "" when there is none worth checking. */
export function requiredLiteral(root: Node): string {
  const out: string[] = [];
  const current = { codes: [] as number[] };
  runs(root, out, current);
  if (current.codes.length > 0) out.push(fromCodes(current.codes));
  return out.reduce((best, r) => (r.length > best.length ? r : best), "");
}
