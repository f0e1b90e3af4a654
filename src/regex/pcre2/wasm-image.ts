/**
 * The PCRE2 WebAssembly image, prepared for Apache's compile options.
 *
 * `@stephen-riley/pcre2-wasm` ships PCRE2 10.34 built for 16-bit code units whose `compile()`
 * export always ORs in PCRE2_UTF and only understands the flags i/m/s/x. Apache compiles in
 * 8-bit mode without UTF, with DOTALL | DOLLAR_ENDONLY | DUPNAMES (+ CASELESS for [NC]). In
 * 16-bit mode *without* UTF, code units 0–255 behave exactly like bytes in 8-bit mode (same
 * C-locale character tables, ASCII-only case folding, no UTF validation), so we rewrite the two
 * `i32.const PCRE2_UTF` instructions of `compile()` into `i32.const DOTALL|DOLLAR_ENDONLY|DUPNAMES`
 * before instantiating. The constants are rewritten in place with padded LEB128 so no offsets
 * move. We also raise the memory import's maximum so that pcre2_match's backtracking heap can
 * grow like the native library's (the glue normally pins it to 16 MiB).
 *
 * The image is identified by its SHA-256: a different build is refused with a clear error rather
 * than patched blindly.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { HtrError } from "../../util/errors.js";
import { Wasm, type WasmModule } from "./wasm-api.js";

/** SHA-256 of dist/libpcre2.wasm in @stephen-riley/pcre2-wasm 1.2.4 (PCRE2 10.34, UTF-16). */
export const KNOWN_IMAGE_SHA256 = "5ea911abcd37c06419eb506a97a4d1b9b6f340478b17e8398cd878b64d0dc99e";

// pcre2.h option bits.
const PCRE2_UTF = 0x00080000;
const PCRE2_DOLLAR_ENDONLY = 0x00000010;
const PCRE2_DOTALL = 0x00000020;
const PCRE2_DUPNAMES = 0x00000040;

/** The compile options every Apache regex gets (CASELESS is added by the `i` flag). */
export const APACHE_BASE_OPTIONS = PCRE2_DOTALL | PCRE2_DOLLAR_ENDONLY | PCRE2_DUPNAMES;

/** Largest linear memory we allow pcre2_match to grow to (64 KiB pages): 256 MiB. */
export const MAX_MEMORY_PAGES = 4096;

/** Addresses the Emscripten glue of this build hard-codes (libpcre2.js). */
export const GLUE_LAYOUT = {
  initialPages: 256,
  tableSize: 4,
  dynamicTopPtr: 117184,
  dynamicBase: 5360256,
} as const;

/** Locate the package's .wasm file next to its Emscripten glue. */
export function wasmImagePath(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve("@stephen-riley/pcre2-wasm/package.json");
  return join(dirname(pkg), "dist", "libpcre2.wasm");
}

class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public pos: number,
  ) {}
  u8(): number {
    return this.bytes[this.pos++];
  }
  uleb(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.bytes[this.pos++];
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) return result;
    }
  }
  name(): string {
    const len = this.uleb();
    const s = Buffer.from(this.bytes.subarray(this.pos, this.pos + len)).toString("utf8");
    this.pos += len;
    return s;
  }
}

interface Section {
  id: number;
  start: number;
  size: number;
}

function sections(bytes: Uint8Array): Section[] {
  const r = new Reader(bytes, 8);
  const out: Section[] = [];
  while (r.pos < bytes.length) {
    const id = r.u8();
    const size = r.uleb();
    out.push({ id, start: r.pos, size });
    r.pos += size;
  }
  return out;
}

function fail(what: string): never {
  throw new HtrError("HTR_INTERNAL", `pcre2-wasm image: ${what}`);
}

/** Signed LEB128 of `value` padded to exactly `width` bytes (valid non-minimal encoding). */
function paddedSleb(value: number, width: number): number[] {
  const out: number[] = [];
  let v = value;
  for (let i = 0; i < width; i++) {
    const byte = v & 0x7f;
    v >>= 7;
    out.push(i === width - 1 ? byte : byte | 0x80);
  }
  if (v !== 0 && v !== -1) fail(`constant ${value} does not fit in ${width} bytes`);
  return out;
}

/**
 * Patch a copy of the image: `compile()` gets Apache's base options instead of PCRE2_UTF, and
 * the memory import may grow to MAX_MEMORY_PAGES.
 */
export function patchImage(original: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(original);
  const secs = sections(bytes);
  const importSec = secs.find((s) => s.id === 2) ?? fail("no import section");
  const exportSec = secs.find((s) => s.id === 7) ?? fail("no export section");
  const codeSec = secs.find((s) => s.id === 10) ?? fail("no code section");

  // Imports: count imported functions (they precede defined ones in the index space) and find
  // the memory limits.
  let r = new Reader(bytes, importSec.start);
  let importedFunctions = 0;
  let memoryMaxAt = -1;
  for (let n = r.uleb(), i = 0; i < n; i++) {
    r.name();
    r.name();
    const kind = r.u8();
    if (kind === 0) {
      r.uleb();
      importedFunctions++;
    } else if (kind === 1) {
      r.u8();
      const flags = r.uleb();
      r.uleb();
      if (flags & 1) r.uleb();
    } else if (kind === 2) {
      const flags = r.uleb();
      r.uleb();
      if (flags & 1) {
        memoryMaxAt = r.pos;
        r.uleb();
      }
    } else if (kind === 3) {
      r.u8();
      r.u8();
    } else fail(`unknown import kind ${kind}`);
  }
  if (memoryMaxAt < 0) fail("memory import has no maximum");
  // The maximum is encoded in two bytes (256 = 0x80 0x02); MAX_MEMORY_PAGES fits in two as well.
  const maxWidth = new Reader(bytes, memoryMaxAt);
  maxWidth.uleb();
  if (maxWidth.pos - memoryMaxAt !== 2) fail("unexpected memory maximum encoding");
  bytes[memoryMaxAt] = (MAX_MEMORY_PAGES & 0x7f) | 0x80;
  bytes[memoryMaxAt + 1] = MAX_MEMORY_PAGES >> 7;

  // Exports: the function index of `_compile`.
  r = new Reader(bytes, exportSec.start);
  let compileIndex = -1;
  for (let n = r.uleb(), i = 0; i < n; i++) {
    const name = r.name();
    const kind = r.u8();
    const index = r.uleb();
    if (kind === 0 && name === "_compile") compileIndex = index;
  }
  if (compileIndex < 0) fail("no _compile export");

  // Code: the body of `_compile`; replace each `i32.const PCRE2_UTF` (0x41 + 3-byte LEB).
  r = new Reader(bytes, codeSec.start);
  const count = r.uleb();
  const wanted = compileIndex - importedFunctions;
  if (wanted < 0 || wanted >= count) fail("_compile index out of range");
  for (let i = 0; i < wanted; i++) {
    const size = r.uleb();
    r.pos += size;
  }
  const bodySize = r.uleb();
  const bodyStart = r.pos;
  const utf = [0x41, ...paddedSleb(PCRE2_UTF, 3)];
  const replacement = [0x41, ...paddedSleb(APACHE_BASE_OPTIONS, 3)];
  let patched = 0;
  for (let p = bodyStart; p + utf.length <= bodyStart + bodySize; p++) {
    if (utf.every((b, k) => bytes[p + k] === b)) {
      replacement.forEach((b, k) => (bytes[p + k] = b));
      patched++;
    }
  }
  if (patched !== 2) fail(`expected 2 PCRE2_UTF constants in compile(), found ${patched}`);
  return bytes;
}

let cached: WasmModule | undefined;

/** The patched, compiled WebAssembly module (loaded synchronously, once). */
export function pcre2Module(): WasmModule {
  if (cached) return cached;
  const path = wasmImagePath();
  const original = readFileSync(path);
  const digest = createHash("sha256").update(original).digest("hex");
  if (digest !== KNOWN_IMAGE_SHA256) {
    fail(`${path} has SHA-256 ${digest}; htrewrite knows how to prepare only ${KNOWN_IMAGE_SHA256}`);
  }
  // PCRE2's interpreter is one huge function; V8's optimising wasm tier compiles it into code
  // about four times slower than its baseline tier (measured: 10M match-limit steps take 12 s
  // optimised vs 0.5 s baseline), and tiering up mid-run cannot be prevented per module. Keep
  // WebAssembly on the baseline compiler (this only affects wasm, not JavaScript).
  setFlagsFromString("--liftoff-only");
  cached = new Wasm.Module(patchImage(original));
  return cached;
}
