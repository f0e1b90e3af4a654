/**
 * mod_rewrite's own argument tokenizer for RewriteRule/RewriteCond (parseargline, spec §10.2):
 * up to three arguments; `"`/`'` quote an argument up to the next same quote (no escapes, the next
 * argument may follow directly); unquoted arguments end at whitespace except that `\` + whitespace
 * stays in the argument as both bytes; anything after the third argument is ignored.
 */

/** The split arguments, or null when Apache says "bad argument line". */
export interface ArgLine {
  a1: string;
  a2: string;
  a3: string | null;
}

function isSpace(c: string | undefined): boolean {
  return c !== undefined && (c === " " || (c >= "\t" && c <= "\r"));
}

/** Split `str`; null = fewer than two arguments or an unterminated quote in the first one. */
export function parseArgLine(str: string): ArgLine | null {
  let i = 0;
  const n = str.length;
  const skipSpace = (): void => {
    while (i < n && isSpace(str[i])) i++;
  };
  /** Scan one argument; returns [value, terminatedByDelimiter]. */
  const scan = (): [string, boolean] => {
    const quote = str[i] === '"' || str[i] === "'" ? str[i++] : null;
    const start = i;
    for (; i < n; i++) {
      const c = str[i];
      if ((quote === null && isSpace(c)) || c === quote) break;
      if (c === "\\" && isSpace(str[i + 1])) {
        i++;
        continue;
      }
    }
    const value = str.slice(start, i);
    if (i >= n) return [value, false];
    i++; // the delimiter (whitespace or closing quote) is consumed
    return [value, true];
  };
  skipSpace();
  const [a1, more1] = scan();
  if (!more1) return null;
  skipSpace();
  const [a2, more2] = scan();
  if (!more2) return { a1, a2, a3: null };
  skipSpace();
  if (i >= n) return { a1, a2, a3: null };
  const [a3] = scan();
  return { a1, a2, a3 };
}
