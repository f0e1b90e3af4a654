/**
 * The exact engine: a pattern compiled by PCRE2 (WebAssembly) with Apache's options.
 */
import { RegexError } from "../errors.js";
import type { CompiledRegex, RegexRun, ResolvedRegexOptions } from "../types.js";
import { prepareForWasm } from "./compat.js";
import { pcre2Runtime, type Pcre2Handle, type Pcre2Runtime } from "./runtime.js";

/** PCRE2 errors raised in the compile pass, after parsing (measured against pcre2test). */
const COMPILE_PASS_ERRORS = new Set(["reference to non-existent subpattern"]);

/** Compile `pattern` on PCRE2; throws RegexError when PCRE2 (as Apache links it) refuses it. */
export function compilePcre2(pattern: string, opts: ResolvedRegexOptions): Pcre2Regex {
  // The patched image bakes in Apache's defaults. DOTALL off is expressed as a leading (?-s),
  // which PCRE2 treats like the compile-time bit; DOLLAR_ENDONLY has no inline form.
  // (RegexDefaultOptions -DOLLAR_ENDONLY is refused rather than answered differently.)
  if (!opts.dollarEndOnly) {
    throw new RegexError(pattern, "htrewrite supports RegexDefaultOptions only with DOLLAR_ENDONLY", 0);
  }
  // The patched image bakes in DOTALL; RegexDefaultOptions without it becomes a leading (?-s).
  const prepared = prepareForWasm(pattern, opts.dotall ? "" : "(?-s)");
  const eightBit = prepared.violation;
  // Constructs Apache accepts but htrewrite refuses only matter when the pattern is otherwise valid.
  const violation = prepared.unsupported?.overridesErrors ? prepared.unsupported : (eightBit ?? prepared.unsupported);
  const rt = pcre2Runtime();
  const handle = rt.compile(prepared.source, opts.nocase);
  if ("message" in handle) {
    if (prepared.unsupported?.overridesErrors) {
      throw new RegexError(pattern, prepared.unsupported.message, prepared.unsupported.offset);
    }
    const offset = prepared.toOriginalOffset(handle.offset);
    // PCRE2 parses left to right: whichever parse error comes first is the one reported. After
    // parsing, the compile pass meets \K-in-lookaround and references to missing groups in
    // pattern order too (measured: whichever comes first wins).
    if (eightBit?.atParse && eightBit.offset <= offset) throw new RegexError(pattern, eightBit.message, eightBit.offset);
    // A relative reference (\g{-1}) is resolved, and refused, while parsing.
    const relative = /^\\g\{?[-+]/.test(pattern.slice(Math.max(0, offset - 2)));
    if (eightBit && !eightBit.atParse && COMPILE_PASS_ERRORS.has(handle.message) && !relative && eightBit.position < offset) {
      throw new RegexError(pattern, eightBit.message, eightBit.offset);
    }
    throw new RegexError(pattern, handle.message, offset);
  }
  if (violation) {
    rt.free(handle);
    throw new RegexError(pattern, violation.message, violation.offset);
  }
  return new Pcre2Regex(pattern, opts.nocase, handle, rt);
}

/** Frees the WebAssembly memory of patterns nobody references any more. */
const finalizer = new FinalizationRegistry<{ handle: Pcre2Handle; rt: Pcre2Runtime }>(({ handle, rt }) => rt.free(handle));

/**
 * A PCRE2-compiled pattern. Its WebAssembly memory is freed when the object becomes unreachable,
 * or at once by `dispose()` (only for an owner sure nothing else holds it: cached patterns are
 * shared).
 */
export class Pcre2Regex implements CompiledRegex {
  readonly engine = "pcre2" as const;
  readonly captureCount: number;
  private handle: Pcre2Handle | undefined;

  constructor(
    readonly source: string,
    readonly nocase: boolean,
    handle: Pcre2Handle,
    private readonly rt: Pcre2Runtime,
  ) {
    this.handle = handle;
    this.captureCount = handle.captureCount;
    finalizer.register(this, { handle, rt }, this);
  }

  run(subject: string): RegexRun {
    if (!this.handle) throw new Error(`regex '${this.source}' used after dispose()`);
    const raw = this.rt.match(this.handle, subject);
    if (raw.kind === "nomatch") return { kind: "nomatch", engine: "pcre2" };
    if (raw.kind === "limit") return { kind: "limit", error: raw.error, engine: "pcre2" };
    const groups: (string | undefined)[] = new Array(this.captureCount + 1);
    for (let i = 0; i <= this.captureCount; i++) {
      const start = raw.offsets[2 * i];
      groups[i] = start < 0 ? undefined : subject.slice(start, raw.offsets[2 * i + 1]);
    }
    return { kind: "match", groups, engine: "pcre2" };
  }

  exec(subject: string): (string | undefined)[] | null {
    const r = this.run(subject);
    return r.kind === "match" ? r.groups : null;
  }

  test(subject: string): boolean {
    return this.run(subject).kind === "match";
  }

  /** Free the WebAssembly memory; the object must not be used afterwards. */
  dispose(): void {
    if (this.handle) {
      finalizer.unregister(this);
      this.rt.free(this.handle);
    }
    this.handle = undefined;
  }

  get disposed(): boolean {
    return this.handle === undefined;
  }
}
