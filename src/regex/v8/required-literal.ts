/**
 * The longest byte sequence every match must contain. A subject without it cannot match — the
 * answer PCRE2 gives too, whether or not it would have hit its match limit (a limit is also "no
 * match") — so long subjects can be answered without running either engine. PCRE2 does the same
 * internally ("last code unit"), which is why its step counts on such subjects are tiny.
 */
import type { Node } from "./ast.js";

/** Literal runs that every match contains, in order of appearance (case-sensitive bytes only). */
function runs(node: Node, out: string[], current: { text: string }): void {
  const flush = (): void => {
    if (current.text) out.push(current.text);
    current.text = "";
  };
  switch (node.type) {
    case "char":
      if (node.caseless) flush();
      else current.text += String.fromCharCode(node.code);
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
  const current = { text: "" };
  runs(root, out, current);
  if (current.text) out.push(current.text);
  return out.reduce((best, r) => (r.length > best.length ? r : best), "");
}
