/**
 * The exact engine: a pattern compiled by PCRE2 10.42 (htrewrite's WebAssembly build of the
 * library Apache links) with exactly Apache's compile options.
 */
import { RegexError } from "../errors.js";
import type { CompiledRegex, RegexRun, ResolvedRegexOptions } from "../types.js";
import { PCRE2_CASELESS, PCRE2_DOLLAR_ENDONLY, PCRE2_DOTALL, PCRE2_DUPNAMES, PCRE2_ERROR_NOMATCH } from "./exports.js";
import { pcre2Runtime } from "./module-file.js";
import type { Pcre2Handle, Pcre2Runtime, RawMatch } from "./runtime.js";

/**
 * ap_regcomp's options: PCRE2_DUPNAMES always, RegexDefaultOptions' DOTALL and DOLLAR_ENDONLY
 * (both on by default), and PCRE2_CASELESS for AP_REG_ICASE ([NC], nocase, *NoCase).
 */
export function apacheCompileOptions(opts: ResolvedRegexOptions): number {
  return (
    PCRE2_DUPNAMES |
    (opts.dotall ? PCRE2_DOTALL : 0) |
    (opts.dollarEndOnly ? PCRE2_DOLLAR_ENDONLY : 0) |
    (opts.nocase ? PCRE2_CASELESS : 0)
  );
}

/** The names htrewrite reports for the match-time errors Apache calls "out of space". */
const LIMIT_NAMES: Record<number, string> = {
  [-47]: "PCRE2_ERROR_MATCHLIMIT",
  [-48]: "PCRE2_ERROR_NOMEMORY",
  [-53]: "PCRE2_ERROR_DEPTHLIMIT",
  [-63]: "PCRE2_ERROR_HEAPLIMIT",
};

/** How a pcre2_match error is reported (a UTF-8 error on a (*UTF) pattern names its code). */
export function matchErrorName(raw: Extract<RawMatch, { kind: "error" }>): string {
  return LIMIT_NAMES[raw.code] ?? `PCRE2 error ${raw.code}: ${raw.message}`;
}

/** Compile `pattern` on PCRE2; throws RegexError with PCRE2's message and offset when it refuses. */
export function compilePcre2(pattern: string, opts: ResolvedRegexOptions, rt: Pcre2Runtime = pcre2Runtime()): Pcre2Regex {
  const handle = rt.compile(pattern, apacheCompileOptions(opts));
  if ("message" in handle) throw new RegexError(pattern, handle.message, handle.offset);
  return new Pcre2Regex(pattern, opts.nocase, handle, rt);
}

const NOMATCH_RUN: RegexRun = Object.freeze({ kind: "nomatch", engine: "pcre2" });

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
  /** Named groups: name → group numbers (several with DUPNAMES). */
  readonly names: ReadonlyMap<string, readonly number[]>;
  private handle: Pcre2Handle | undefined;

  constructor(
    readonly source: string,
    readonly nocase: boolean,
    handle: Pcre2Handle,
    private readonly rt: Pcre2Runtime,
  ) {
    this.handle = handle;
    this.captureCount = handle.captureCount;
    this.names = handle.names;
    finalizer.register(this, { handle, rt }, this);
  }

  run(subject: string): RegexRun {
    if (!this.handle) throw new Error(`regex '${this.source}' used after dispose()`);
    const handle = this.handle;
    const rc = this.rt.exec(handle, subject);
    if (rc === PCRE2_ERROR_NOMATCH) return NOMATCH_RUN;
    // ap_regexec returns non-zero for every pcre2_match error (limits, memory, invalid UTF-8 in
    // a (*UTF) subject) and its callers read that as "no match".
    if (rc < 0) return { kind: "limit", error: matchErrorName({ kind: "error", code: rc, message: this.rt.errorMessage(rc) }), engine: "pcre2" };
    // Groups above rc - 1 did not participate (rc = 0 cannot happen: the match data has room
    // for every group).
    const count = this.captureCount + 1;
    const set = rc === 0 ? count : rc;
    const groups: (string | undefined)[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const start = i < set ? this.rt.offset(handle, 2 * i) : -1;
      groups[i] = start < 0 ? undefined : subject.slice(start, this.rt.offset(handle, 2 * i + 1));
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
