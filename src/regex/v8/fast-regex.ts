/**
 * A pattern with a V8 fast path: V8 answers subjects up to the length the work bound allows,
 * PCRE2 answers longer ones, so every answer is PCRE2's and no subject can make V8 backtrack for
 * long. PCRE2 compiles the pattern at load (it judges what Apache accepts and knows the capture
 * count), but the compiled code is kept only once a subject needs it: most patterns never see a
 * subject past their bound, and a 10,000-rule set would otherwise hold 10,000 PCRE2 patterns
 * (their wrappers on the heap, their code in WebAssembly memory) for nothing.
 */
import type { Pcre2Regex } from "../pcre2/pcre2-regex.js";
import type { CompiledRegex, RegexRun } from "../types.js";

export class FastRegex implements CompiledRegex {
  readonly engine = "v8" as const;
  private exactRegex: Pcre2Regex | null = null;

  constructor(
    readonly source: string,
    readonly nocase: boolean,
    private readonly regexp: RegExp,
    /** Subjects longer than this go to PCRE2. */
    readonly maxSubjectLength: number,
    /** PCRE2's capture count for the pattern. */
    readonly captureCount: number,
    /** Compiles the pattern with PCRE2 again (it compiled once already: it cannot fail). */
    private readonly compileExact: () => Pcre2Regex,
    /** The JavaScript source V8 runs (for explain/debugging). */
    readonly v8Source: string,
    /** A byte sequence every match contains ("" if none), see required-literal.ts. */
    readonly required: string = "",
  ) {}

  private get exact(): Pcre2Regex {
    return (this.exactRegex ??= this.compileExact());
  }

  /** Too long for V8's bound and not provably unmatchable: PCRE2 must answer. */
  private needsExact(subject: string): boolean {
    return subject.length > this.maxSubjectLength && (this.required === "" || subject.includes(this.required));
  }

  run(subject: string): RegexRun {
    if (this.needsExact(subject)) return this.exact.run(subject);
    if (subject.length > this.maxSubjectLength) return { kind: "nomatch", engine: "v8" };
    const m = this.regexp.exec(subject);
    if (m === null) return { kind: "nomatch", engine: "v8" };
    return { kind: "match", groups: m.slice(), engine: "v8" };
  }

  exec(subject: string): (string | undefined)[] | null {
    if (this.needsExact(subject)) return this.exact.exec(subject);
    if (subject.length > this.maxSubjectLength) return null;
    // A plain array like the PCRE2 engine's (no index/input/groups properties).
    const m = this.regexp.exec(subject);
    return m === null ? null : m.slice();
  }

  test(subject: string): boolean {
    if (this.needsExact(subject)) return this.exact.test(subject);
    if (subject.length > this.maxSubjectLength) return false;
    return this.regexp.test(subject);
  }

  /** Free the PCRE2 side's WebAssembly memory (if it was compiled again). */
  dispose(): void {
    this.exactRegex?.dispose();
    this.exactRegex = null;
  }
}
