/**
 * mod_rewrite's own argument tokenizer for RewriteRule and RewriteCond (parseargline,
 * rewrite.md §10.2). It differs from core's quoting on purpose and must be reproduced exactly:
 *
 * - at most three arguments; anything after the third is ignored silently;
 * - a quoted argument (`"` or `'`) ends at the next same quote, with no escapes for the quote
 *   (`\"` does not protect it); the next argument may follow the closing quote directly;
 * - inside any argument, `\` followed by whitespace keeps both bytes and does not end the
 *   argument (no unescaping here: `^/a\ b$` reaches PCRE as written);
 * - a first argument that runs to the end of the line (no second argument, or an unterminated
 *   quote) is an error: `RewriteRule: bad argument line '<args>'`.
 * Quirk kept: a quoted first argument followed by nothing yields an empty second argument.
 * (Written without inner closures: this runs once per rule of 10,000-rule configurations.)
 */
import { isCSpace } from "./lines.js";

export interface RewriteArgs {
  /** Pattern (RewriteRule) or TestString (RewriteCond). */
  a1: string;
  /** Substitution (RewriteRule) or CondPattern (RewriteCond). */
  a2: string;
  /** Flag field, undefined when absent. */
  a3?: string;
}

function skipSpace(line: string, i: number): number {
  while (i < line.length && isCSpace(line.charCodeAt(i))) i++;
  return i;
}

/** Scan one argument starting at `i`: [start, end, index of the terminator]. */
function scanArg(line: string, i: number): [number, number, number] {
  const n = line.length;
  const c = line.charCodeAt(i);
  const quote = c === 0x22 || c === 0x27 ? c : 0;
  if (quote) i++;
  const start = i;
  for (; i < n; i++) {
    const ch = line.charCodeAt(i);
    if ((quote === 0 && isCSpace(ch)) || (quote !== 0 && ch === quote)) break;
    if (ch === 0x5c && i + 1 < n && isCSpace(line.charCodeAt(i + 1))) i++;
  }
  if (i > n) i = n;
  return [start, i, i];
}

/** Split per mod_rewrite; null means "bad argument line". */
export function parseRewriteArgs(line: string): RewriteArgs | null {
  const n = line.length;
  const [s1, e1, t1] = scanArg(line, skipSpace(line, 0));
  if (t1 >= n) return null;
  const [s2, e2, t2] = scanArg(line, skipSpace(line, t1 + 1));
  const a1 = line.slice(s1, e1);
  const a2 = line.slice(s2, e2);
  if (t2 >= n) return { a1, a2 };
  const i3 = skipSpace(line, t2 + 1);
  if (i3 >= n) return { a1, a2 };
  const [s3, e3] = scanArg(line, i3);
  return { a1, a2, a3: line.slice(s3, e3) };
}
