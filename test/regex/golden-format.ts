/**
 * The golden file of the regex corpus (test/regex/golden/corpus.jsonl), as recorded from
 * pcre2test by record-golden.ts and read by golden.test.ts.
 *
 * Line 1: `{"kind":"header","oracle":…,"subjects":[…]}` — the shared subject pool.
 * Then one line per corpus pattern: its compile error, or one result per subject (shared pool
 * first, then the pattern's own subjects): `null` = no match, `"limit"` = a match limit was hit
 * (Apache: no match), or the captures (`null` = unset group).
 * Strings are byte strings: each character U+0000–U+00FF is one byte.
 */
export type GoldenResult = null | "limit" | (string | null)[];

export interface GoldenHeader {
  kind: "header";
  oracle: string;
  subjects: string[];
}

export interface GoldenPattern {
  kind: "pattern";
  pattern: string;
  nocase: boolean;
  source: string;
  error: { message: string; offset: number } | null;
  subjects: string[];
  results: GoldenResult[];
}

export const GOLDEN_CORPUS = new URL("./golden/corpus.jsonl", import.meta.url);
