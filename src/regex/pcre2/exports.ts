/**
 * What htrewrite's PCRE2 module (vendor/pcre2/pcre2.wasm, built by scripts/build-pcre2.sh)
 * exports, and the pcre2.h constants the binding passes to it. Pointers and PCRE2_SIZE are
 * 32-bit in wasm32.
 */

/** The module's exports: the 8-bit library's functions, malloc/free, and its memory. */
export interface Pcre2Exports {
  readonly memory: { readonly buffer: ArrayBuffer };
  pcre2_compile_8(pattern: number, length: number, options: number, errorcode: number, erroroffset: number, ccontext: number): number;
  pcre2_code_free_8(code: number): void;
  pcre2_pattern_info_8(code: number, what: number, where: number): number;
  pcre2_get_error_message_8(errorcode: number, buffer: number, length: number): number;
  pcre2_match_8(code: number, subject: number, length: number, start: number, options: number, matchData: number, mcontext: number): number;
  pcre2_match_data_create_from_pattern_8(code: number, gcontext: number): number;
  pcre2_match_data_free_8(matchData: number): void;
  pcre2_get_ovector_pointer_8(matchData: number): number;
  pcre2_get_ovector_count_8(matchData: number): number;
  pcre2_match_context_create_8(gcontext: number): number;
  pcre2_match_context_free_8(mcontext: number): void;
  pcre2_set_match_limit_8(mcontext: number, value: number): number;
  pcre2_set_depth_limit_8(mcontext: number, value: number): number;
  pcre2_set_heap_limit_8(mcontext: number, value: number): number;
  pcre2_config_8(what: number, where: number): number;
  malloc(bytes: number): number;
  free(ptr: number): void;
}

/** The exports the binding needs; a module lacking one is refused when it is instantiated. */
export const REQUIRED_EXPORTS: readonly (keyof Pcre2Exports)[] = [
  "memory", "pcre2_compile_8", "pcre2_code_free_8", "pcre2_pattern_info_8", "pcre2_get_error_message_8",
  "pcre2_match_8", "pcre2_match_data_create_from_pattern_8", "pcre2_match_data_free_8",
  "pcre2_get_ovector_pointer_8", "pcre2_get_ovector_count_8", "pcre2_match_context_create_8",
  "pcre2_match_context_free_8", "pcre2_set_match_limit_8", "pcre2_set_depth_limit_8",
  "pcre2_set_heap_limit_8", "pcre2_config_8", "malloc", "free",
];

// Compile options (pcre2.h).
export const PCRE2_CASELESS = 0x00000008;
export const PCRE2_DOLLAR_ENDONLY = 0x00000010;
export const PCRE2_DOTALL = 0x00000020;
export const PCRE2_DUPNAMES = 0x00000040;

// pcre2_pattern_info() requests.
export const PCRE2_INFO_CAPTURECOUNT = 4;
export const PCRE2_INFO_NAMECOUNT = 17;
export const PCRE2_INFO_NAMEENTRYSIZE = 18;
export const PCRE2_INFO_NAMETABLE = 19;

// pcre2_config() requests.
export const PCRE2_CONFIG_VERSION = 11;

// pcre2_match() results.
export const PCRE2_ERROR_NOMATCH = -1;
export const PCRE2_UNSET = 0xffffffff;
