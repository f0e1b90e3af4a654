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

/** Split per mod_rewrite; null means "bad argument line". */
export function parseRewriteArgs(line: string): RewriteArgs | null {
  const n = line.length;
  let i = 0;
  const skip = (): void => {
    while (i < n && isCSpace(line.charCodeAt(i))) i++;
  };
  // Scans one argument starting at i; returns [start, end) and leaves i on the terminator.
  const scan = (): [number, number] => {
    const c = line[i];
    const quote = c === '"' || c === "'" ? c : "";
    if (quote) i++;
    const start = i;
    for (; i < n; i++) {
      const ch = line.charCodeAt(i);
      if ((isCSpace(ch) && !quote) || (quote !== "" && line[i] === quote)) break;
      if (ch === 0x5c && i + 1 < n && isCSpace(line.charCodeAt(i + 1))) i++;
    }
    return [start, Math.min(i, n)];
  };

  skip();
  const [s1, e1] = scan();
  if (i >= n) return null;
  i++; // the terminator (whitespace or closing quote) is consumed
  skip();
  const [s2, e2] = scan();
  const a1 = line.slice(s1, e1);
  const a2 = line.slice(s2, e2);
  if (i >= n) return { a1, a2 };
  i++;
  skip();
  if (i >= n) return { a1, a2 };
  const [s3, e3] = scan();
  return { a1, a2, a3: line.slice(s3, e3) };
}
