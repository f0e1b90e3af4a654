/**
 * A pattern PCRE2 has accepted whose engine is chosen on its first match. Choosing means
 * translating the pattern for V8 and proving the translation equivalent (regex/v8/), about two
 * thirds of what compiling a rule costs; a site's rule index (rewrite/rule-index.ts) means most
 * rules of a large set are never matched at all, so a 10,000-redirect configuration would pay
 * at load for thousands of translations nobody uses. PCRE2 still compiles every pattern at load:
 * it judges what Apache accepts, so a bad pattern is refused at start-up exactly as before.
 */
import type { CompiledRegex, RegexEngine, RegexRun, ResolvedRegexOptions } from "./types.js";

/** Builds the engine's regex for a valid pattern (the V8 fast path, or PCRE2 itself). */
export type EngineBuilder = (pattern: string, opts: ResolvedRegexOptions) => CompiledRegex;

export class DeferredRegex implements CompiledRegex {
  private compiled: CompiledRegex | null = null;

  // The builder is one shared function, not a closure per pattern: a closure and its context
  // cost 140 bytes, which 13,000 patterns of a large rule set would keep for nothing.
  constructor(
    readonly source: string,
    private readonly opts: ResolvedRegexOptions,
    /** PCRE2's capture count, known from the compile at load. */
    readonly captureCount: number,
    private readonly build: EngineBuilder,
  ) {}

  get nocase(): boolean {
    return this.opts.nocase;
  }

  private get inner(): CompiledRegex {
    return (this.compiled ??= this.build(this.source, this.opts));
  }

  get engine(): RegexEngine {
    return this.inner.engine;
  }

  exec(subject: string): (string | undefined)[] | null {
    return this.inner.exec(subject);
  }

  test(subject: string): boolean {
    return this.inner.test(subject);
  }

  run(subject: string): RegexRun {
    return this.inner.run(subject);
  }

  /** Free the built regex's WebAssembly memory, if it was built. */
  dispose(): void {
    (this.compiled as { dispose?: () => void } | null)?.dispose?.();
    this.compiled = null;
  }
}
