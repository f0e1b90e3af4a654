/** One corpus pattern: where it comes from and the [NC]-ness it has there. */
export interface CorpusPattern {
  /** PCRE pattern, a byte string (one character per byte). */
  pattern: string;
  /** Compiled with [NC] / SetEnvIfNoCase. */
  nocase?: boolean;
  /** Where the pattern is used (project and directive) or which trap it exercises. */
  source: string;
  /** Subjects tried on this pattern in addition to the shared pool. */
  subjects?: string[];
}
