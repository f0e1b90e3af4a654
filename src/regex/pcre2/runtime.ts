/**
 * One synchronous instance of htrewrite's PCRE2 10.42 module (8-bit library, Unicode support)
 * and the raw calls the regex layer needs: compile, match into match data, read the ovector,
 * free. Patterns and subjects are byte strings (one code unit 0–255 per byte, i.e. latin1) and
 * are written into the module's memory as bytes — exactly what Apache hands the library.
 *
 * Nothing here touches node: the module comes in as bytes or a compiled WebAssembly.Module, so
 * a browser build can use it as it is (module-file.ts is the Node loader).
 */
import { HtrError } from "../../util/errors.js";
import {
  PCRE2_CONFIG_VERSION,
  PCRE2_ERROR_NOMATCH,
  PCRE2_INFO_CAPTURECOUNT,
  PCRE2_INFO_NAMECOUNT,
  PCRE2_INFO_NAMEENTRYSIZE,
  PCRE2_INFO_NAMETABLE,
  PCRE2_UNSET,
  REQUIRED_EXPORTS,
  type Pcre2Exports,
} from "./exports.js";
import { Wasm, type WasmBytes, type WasmModule } from "./wasm-api.js";

/** Result of a raw match: offset pairs (unset → -1), no match, or a PCRE2 match-time error. */
export type RawMatch =
  | { kind: "match"; offsets: Int32Array }
  | { kind: "nomatch" }
  | { kind: "error"; code: number; message: string };

/** pcre2_compile refused the pattern: PCRE2's error code, message and offset (in bytes). */
export interface CompileFailure {
  readonly code: number;
  readonly message: string;
  readonly offset: number;
}

/** A compiled pattern inside the instance, with match data sized for it. */
export interface Pcre2Handle {
  readonly code: number;
  readonly matchData: number;
  readonly captureCount: number;
  /** The match data's ovector (fixed for its lifetime) and its number of pairs. */
  readonly ovector: number;
  readonly pairs: number;
  /** Named groups: name → group numbers (several with DUPNAMES), in PCRE2's table order. */
  readonly names: ReadonlyMap<string, readonly number[]>;
}

/** pcre2_match resource limits (a match context); unset ones keep the library's defaults. */
export interface MatchLimits {
  readonly match?: number;
  readonly depth?: number;
  /** In KiB, as pcre2_set_heap_limit takes it. */
  readonly heap?: number;
}

/** A match context inside the instance. */
export interface MatchContext {
  readonly ptr: number;
}

function latin1(bytes: Uint8Array, start: number, length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += String.fromCharCode(bytes[start + i]);
  return s;
}

const NOMATCH: RawMatch = Object.freeze({ kind: "nomatch" });

export class Pcre2Runtime {
  private readonly x: Pcre2Exports;
  /**
   * Views of linear memory, kept across calls: creating a typed array per match cost more than
   * the match itself on short subjects (bench/results/pcre2-10.42.md). A grown memory detaches
   * the old buffer, which leaves these views with length 0: that is the cue to renew them.
   */
  private bytes: Uint8Array;
  private words: Uint32Array;
  /** Four 4-byte out-parameters: error code, error offset, pattern_info result. */
  private readonly slots: number;
  private scratch = 0;
  private scratchBytes = 0;
  /**
   * The subject the scratch buffer holds, so that matching one subject against a list of
   * patterns (a request's URI against every RewriteRule, SetEnvIf …) writes its bytes once.
   * Anything else written there (a pattern) clears it.
   */
  private held: string | null = null;
  /** Compiled patterns alive in the instance (for tests and the cache's accounting). */
  live = 0;

  /** Instantiate from the module's bytes (vendor/pcre2/pcre2.wasm). */
  static fromBytes(bytes: WasmBytes): Pcre2Runtime {
    return new Pcre2Runtime(new Wasm.Module(bytes));
  }

  constructor(module: WasmModule) {
    // The module is built self-contained (scripts/build-pcre2.sh): no imports to provide.
    const exports = new Wasm.Instance(module, {}).exports;
    for (const name of REQUIRED_EXPORTS) {
      if (!(name in exports)) throw new HtrError("HTR_INTERNAL", `pcre2.wasm: export '${name}' is missing`);
    }
    this.x = exports as unknown as Pcre2Exports;
    this.bytes = new Uint8Array(this.x.memory.buffer);
    this.words = new Uint32Array(this.x.memory.buffer);
    this.slots = this.alloc(16);
  }

  private alloc(n: number): number {
    const p = this.x.malloc(n);
    if (!p) throw new HtrError("HTR_INTERNAL", `pcre2.wasm: out of memory allocating ${n} bytes`);
    return p;
  }

  /** The current view of linear memory (a new one after the memory grew). */
  private mem(): Uint8Array {
    if (this.bytes.length === 0 || this.bytes.buffer !== this.x.memory.buffer) {
      this.bytes = new Uint8Array(this.x.memory.buffer);
      this.words = new Uint32Array(this.x.memory.buffer);
    }
    return this.bytes;
  }

  private u32(ptr: number): number {
    const m = this.mem();
    return (m[ptr] | (m[ptr + 1] << 8) | (m[ptr + 2] << 16) | (m[ptr + 3] << 24)) >>> 0;
  }

  /** Copy a byte string into the scratch buffer; returns its address. */
  private put(s: string): number {
    this.held = null;
    if (s.length + 1 > this.scratchBytes) {
      if (this.scratch) this.x.free(this.scratch);
      this.scratch = 0;
      const size = Math.max(256, 2 ** Math.ceil(Math.log2(s.length + 1)));
      this.scratch = this.alloc(size);
      this.scratchBytes = size;
    }
    let m = this.bytes;
    if (m.length === 0) m = this.mem();
    const p = this.scratch;
    const n = s.length;
    for (let i = 0; i < n; i++) m[p + i] = s.charCodeAt(i);
    m[p + n] = 0;
    return p;
  }

  /** PCRE2's text for an error code (pcre2_get_error_message). */
  errorMessage(code: number): string {
    const buf = this.alloc(256);
    try {
      const n = this.x.pcre2_get_error_message_8(code, buf, 256);
      return n < 0 ? `PCRE2 error ${code}` : latin1(this.mem(), buf, n);
    } finally {
      this.x.free(buf);
    }
  }

  /** The library's version string (pcre2_config PCRE2_CONFIG_VERSION), e.g. "10.42 2022-12-11". */
  version(): string {
    const n = this.x.pcre2_config_8(PCRE2_CONFIG_VERSION, 0);
    const buf = this.alloc(n);
    try {
      this.x.pcre2_config_8(PCRE2_CONFIG_VERSION, buf);
      return latin1(this.mem(), buf, n - 1);
    } finally {
      this.x.free(buf);
    }
  }

  private info(code: number, what: number): number {
    const rc = this.x.pcre2_pattern_info_8(code, what, this.slots + 8);
    if (rc !== 0) throw new HtrError("HTR_INTERNAL", `pcre2_pattern_info(${what}) failed with ${rc}`);
    return this.u32(this.slots + 8);
  }

  /** pcre2_compile `pattern` (a byte string) with these option bits (pcre2.h). */
  compile(pattern: string, options: number): Pcre2Handle | CompileFailure {
    const ptr = this.put(pattern);
    const code = this.x.pcre2_compile_8(ptr, pattern.length, options >>> 0, this.slots, this.slots + 4, 0);
    if (!code) {
      const errorcode = this.u32(this.slots) | 0;
      return { code: errorcode, message: this.errorMessage(errorcode), offset: this.u32(this.slots + 4) };
    }
    const matchData = this.x.pcre2_match_data_create_from_pattern_8(code, 0);
    if (!matchData) {
      this.x.pcre2_code_free_8(code);
      throw new HtrError("HTR_INTERNAL", "pcre2.wasm: out of memory creating match data");
    }
    this.live++;
    return {
      code,
      matchData,
      captureCount: this.info(code, PCRE2_INFO_CAPTURECOUNT),
      ovector: this.x.pcre2_get_ovector_pointer_8(matchData),
      pairs: this.x.pcre2_get_ovector_count_8(matchData),
      names: this.names(code),
    };
  }

  /** The name table: entries of a 2-byte big-endian group number and a zero-terminated name. */
  private names(code: number): Map<string, number[]> {
    const names = new Map<string, number[]>();
    const count = this.info(code, PCRE2_INFO_NAMECOUNT);
    if (count === 0) return names;
    const size = this.info(code, PCRE2_INFO_NAMEENTRYSIZE);
    const table = this.info(code, PCRE2_INFO_NAMETABLE);
    const m = this.mem();
    for (let i = 0; i < count; i++) {
      const e = table + i * size;
      let end = e + 2;
      while (m[end] !== 0) end++;
      const name = latin1(m, e + 2, end - e - 2);
      const list = names.get(name) ?? [];
      list.push((m[e] << 8) | m[e + 1]);
      names.set(name, list);
    }
    return names;
  }

  /** A match context with these limits (free it with freeMatchContext). */
  createMatchContext(limits: MatchLimits): MatchContext {
    const ptr = this.x.pcre2_match_context_create_8(0);
    if (!ptr) throw new HtrError("HTR_INTERNAL", "pcre2.wasm: out of memory creating a match context");
    if (limits.match !== undefined) this.x.pcre2_set_match_limit_8(ptr, limits.match >>> 0);
    if (limits.depth !== undefined) this.x.pcre2_set_depth_limit_8(ptr, limits.depth >>> 0);
    if (limits.heap !== undefined) this.x.pcre2_set_heap_limit_8(ptr, limits.heap >>> 0);
    return { ptr };
  }

  freeMatchContext(context: MatchContext): void {
    this.x.pcre2_match_context_free_8(context.ptr);
  }

  /**
   * pcre2_match from offset 0, no options. Without a context the library's default limits
   * apply, as in Apache (ap_regexec passes no match context).
   */
  match(handle: Pcre2Handle, subject: string, context?: MatchContext): RawMatch {
    const rc = this.exec(handle, subject, context);
    if (rc === PCRE2_ERROR_NOMATCH) return NOMATCH;
    if (rc < 0) return { kind: "error", code: rc, message: this.errorMessage(rc) };
    const pairs = handle.pairs;
    const offsets = new Int32Array(pairs * 2);
    // rc is the highest set pair + 1 (0 = ovector too small, impossible with data from the pattern).
    const set = (rc === 0 ? pairs : rc) * 2;
    for (let i = 0; i < set; i++) offsets[i] = this.offset(handle, i);
    offsets.fill(-1, set);
    return { kind: "match", offsets };
  }

  /**
   * pcre2_match as `match` does, returning its result code only (≥ 0: a match, the highest set
   * pair + 1; PCRE2_ERROR_NOMATCH; another negative code: a match-time error). The offsets stay
   * in the pattern's match data until its next match: read them with `offset`. This is the
   * allocation-free path the regex layer runs.
   */
  exec(handle: Pcre2Handle, subject: string, context?: MatchContext): number {
    let ptr = this.scratch;
    if (subject !== this.held || this.bytes.length === 0) {
      ptr = this.put(subject);
      this.held = subject;
    }
    return this.x.pcre2_match_8(handle.code, ptr, subject.length, 0, 0, handle.matchData, context === undefined ? 0 : context.ptr) | 0;
  }

  /** Entry `i` of the last match's ovector (2k: start of group k, 2k+1: its end), -1 when unset. */
  offset(handle: Pcre2Handle, i: number): number {
    let w = this.words;
    if (w.length === 0) {
      this.mem();
      w = this.words;
    }
    const v = w[(handle.ovector >>> 2) + i];
    return v === PCRE2_UNSET ? -1 : v;
  }

  /** Release a compiled pattern and its match data. */
  free(handle: Pcre2Handle): void {
    this.x.pcre2_match_data_free_8(handle.matchData);
    this.x.pcre2_code_free_8(handle.code);
    this.live--;
  }

  /** Current linear memory size in bytes. */
  memoryBytes(): number {
    return this.x.memory.buffer.byteLength;
  }
}
