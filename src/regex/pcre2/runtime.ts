/**
 * One synchronous instance of PCRE2 (WebAssembly) and the raw calls htrewrite needs:
 * compile a byte-string pattern, run it on a byte-string subject, free it.
 *
 * Byte strings go in as 16-bit code units 0–255; because the image is patched to compile without
 * UTF (see wasm-image.ts), PCRE2 treats each unit exactly as the 8-bit library treats a byte.
 */
import { HtrError } from "../../util/errors.js";
import { Wasm, type WasmMemory } from "./wasm-api.js";
import { GLUE_LAYOUT, MAX_MEMORY_PAGES, pcre2Module } from "./wasm-image.js";

interface Pcre2Exports {
  _compile(pattern: number, length: number, flags: number): number;
  _destroyCode(code: number): void;
  _lastErrorMessage(buffer: number, length: number): number;
  _lastErrorOffset(): number;
  _createMatchData(code: number): number;
  _destroyMatchData(matchData: number): void;
  _match(code: number, subject: number, length: number, offset: number, matchData: number): number;
  _getOvectorCount(matchData: number): number;
  _getOvectorPointer(matchData: number): number;
  _getCaptureCount(code: number): number;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
}

/** PCRE2_ERROR_* codes that can come out of pcre2_match here. */
const MATCH_ERRORS: Record<number, string> = {
  [-47]: "PCRE2_ERROR_MATCHLIMIT",
  [-48]: "PCRE2_ERROR_NOMEMORY",
  [-53]: "PCRE2_ERROR_DEPTHLIMIT",
  [-63]: "PCRE2_ERROR_HEAPLIMIT",
};
const PCRE2_ERROR_NOMATCH = -1;
const PCRE2_UNSET = 0xffffffff;

/** Result of a raw match: offsets pairs (PCRE2_UNSET → -1), or a PCRE2 error. */
export type RawMatch =
  | { kind: "match"; offsets: Int32Array }
  | { kind: "nomatch" }
  | { kind: "limit"; error: string };

/** Handle on a compiled pattern inside the instance. */
export interface Pcre2Handle {
  readonly code: number;
  readonly matchData: number;
  readonly captureCount: number;
}

export class Pcre2Runtime {
  private readonly memory: WasmMemory;
  private readonly x: Pcre2Exports;
  private readonly flagNone: number;
  private readonly flagCaseless: number;
  private scratch = 0;
  private scratchUnits = 0;
  /** Compiled patterns alive in the instance (for tests and the cache's memory accounting). */
  live = 0;

  constructor() {
    const memory = new Wasm.Memory({ initial: GLUE_LAYOUT.initialPages, maximum: MAX_MEMORY_PAGES });
    const table = new Wasm.Table({ initial: GLUE_LAYOUT.tableSize, maximum: GLUE_LAYOUT.tableSize, element: "anyfunc" });
    const trap = (what: string) => () => {
      throw new HtrError("HTR_INTERNAL", `pcre2-wasm: ${what}`);
    };
    const env = {
      abortStackOverflow: trap("stack overflow"),
      nullFunc_iii: trap("null function pointer"),
      nullFunc_vii: trap("null function pointer"),
      // sbrk asks for more memory: grow (up to the maximum) or report failure so that malloc
      // returns NULL and pcre2_match answers PCRE2_ERROR_NOMEMORY instead of aborting.
      _emscripten_resize_heap: (requested: number): number => {
        const have = memory.buffer.byteLength;
        if (requested <= have) return 1;
        try {
          memory.grow(Math.ceil((requested - have) / 65536));
          return 1;
        } catch {
          return 0;
        }
      },
      _emscripten_memcpy_big: (dest: number, src: number, n: number): number => {
        new Uint8Array(memory.buffer).copyWithin(dest, src, src + n);
        return dest;
      },
      _emscripten_get_heap_size: (): number => memory.buffer.byteLength,
      __table_base: 0,
      memory,
      table,
    };
    const instance = new Wasm.Instance(pcre2Module(), { env });
    this.memory = memory;
    this.x = instance.exports as unknown as Pcre2Exports;
    // What the glue does before main(): point sbrk's break at the heap base.
    new Int32Array(memory.buffer)[GLUE_LAYOUT.dynamicTopPtr >> 2] = GLUE_LAYOUT.dynamicBase;
    this.flagNone = this.x._malloc(2);
    this.flagCaseless = this.x._malloc(2);
    const u8 = new Uint8Array(memory.buffer);
    u8[this.flagNone] = 0;
    u8[this.flagCaseless] = 0x69; // "i" → PCRE2_CASELESS
    u8[this.flagCaseless + 1] = 0;
  }

  /** Copy a byte string into the scratch buffer as 16-bit units; returns its address. */
  private put(s: string): number {
    if (s.length + 1 > this.scratchUnits) {
      if (this.scratch) this.x._free(this.scratch);
      this.scratchUnits = Math.max(256, 2 ** Math.ceil(Math.log2(s.length + 1)));
      this.scratch = this.x._malloc(this.scratchUnits * 2);
      if (!this.scratch) throw new HtrError("HTR_INTERNAL", "pcre2-wasm: out of memory");
    }
    const u16 = new Uint16Array(this.memory.buffer, this.scratch, s.length + 1);
    for (let i = 0; i < s.length; i++) u16[i] = s.charCodeAt(i);
    u16[s.length] = 0;
    return this.scratch;
  }

  /**
   * pcre2_compile with Apache's options (+ CASELESS). Returns a handle, or PCRE2's message and
   * offset when the pattern is refused.
   */
  compile(pattern: string, caseless: boolean): Pcre2Handle | { message: string; offset: number } {
    const ptr = this.put(pattern);
    const code = this.x._compile(ptr, pattern.length, caseless ? this.flagCaseless : this.flagNone);
    if (!code) {
      const units = 256;
      const buf = this.x._malloc(units * 2);
      const len = this.x._lastErrorMessage(buf, units);
      const message = Buffer.from(this.memory.buffer, buf, Math.max(0, len) * 2).toString("utf16le");
      this.x._free(buf);
      return { message, offset: this.x._lastErrorOffset() };
    }
    const matchData = this.x._createMatchData(code);
    this.live++;
    return { code, matchData, captureCount: this.x._getCaptureCount(code) };
  }

  /** pcre2_match from offset 0 with no match context (the library's default limits, as Apache). */
  match(handle: Pcre2Handle, subject: string): RawMatch {
    const ptr = this.put(subject);
    const rc = this.x._match(handle.code, ptr, subject.length, 0, handle.matchData) | 0;
    if (rc === PCRE2_ERROR_NOMATCH) return { kind: "nomatch" };
    if (rc < 0) return { kind: "limit", error: MATCH_ERRORS[rc] ?? `PCRE2 error ${rc}` };
    const pairs = this.x._getOvectorCount(handle.matchData);
    const ov = new Uint32Array(this.memory.buffer, this.x._getOvectorPointer(handle.matchData), pairs * 2);
    const offsets = new Int32Array(pairs * 2);
    // rc is the highest set pair + 1 (0 = ovector too small, impossible with data from the pattern).
    const setPairs = rc === 0 ? pairs : rc;
    for (let i = 0; i < pairs * 2; i++) offsets[i] = i < setPairs * 2 && ov[i] !== PCRE2_UNSET ? ov[i] : -1;
    return { kind: "match", offsets };
  }

  /** Release a compiled pattern's WebAssembly memory. */
  free(handle: Pcre2Handle): void {
    this.x._destroyMatchData(handle.matchData);
    this.x._destroyCode(handle.code);
    this.live--;
  }

  /** Current linear memory size in bytes. */
  memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }
}

let shared: Pcre2Runtime | undefined;

/** The process-wide PCRE2 instance (instantiated synchronously on first use). */
export function pcre2Runtime(): Pcre2Runtime {
  return (shared ??= new Pcre2Runtime());
}
