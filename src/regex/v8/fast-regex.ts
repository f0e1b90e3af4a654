/**
 * A pattern with a V8 fast path: V8 answers subjects up to the length the work bound allows,
 * PCRE2 (always compiled: it validates the pattern and knows the capture count) answers longer
 * ones, so every answer is PCRE2's and no subject can make V8 backtrack for long.
 */
import type { Pcre2Regex } from "../pcre2/pcre2-regex.js";
import type { CompiledRegex, RegexRun } from "../types.js";

export class FastRegex implements CompiledRegex {
  readonly engine = "v8" as const;

  constructor(
    readonly source: string,
    readonly nocase: boolean,
    private readonly regexp: RegExp,
    /** Subjects longer than this go to PCRE2. */
    readonly maxSubjectLength: number,
    private readonly exact: Pcre2Regex,
    /** The JavaScript source V8 runs (for explain/debugging). */
    readonly v8Source: string,
  ) {}

  get captureCount(): number {
    return this.exact.captureCount;
  }

  run(subject: string): RegexRun {
    if (subject.length > this.maxSubjectLength) return this.exact.run(subject);
    const m = this.regexp.exec(subject);
    if (m === null) return { kind: "nomatch", engine: "v8" };
    return { kind: "match", groups: Array.from(m), engine: "v8" };
  }

  exec(subject: string): (string | undefined)[] | null {
    if (subject.length > this.maxSubjectLength) return this.exact.exec(subject);
    const m = this.regexp.exec(subject);
    return m === null ? null : Array.from(m);
  }

  test(subject: string): boolean {
    if (subject.length > this.maxSubjectLength) return this.exact.test(subject);
    return this.regexp.test(subject);
  }

  /** Free the PCRE2 side's WebAssembly memory. */
  dispose(): void {
    this.exact.dispose();
  }
}
