/**
 * The browser's way to the PCRE2 module, standing in for src/regex/pcre2/module-file.ts (the Node
 * loader, which reads vendor/pcre2/pcre2.wasm from the disk). The page fetches the same file and
 * its manifest, checks the sha256 (pcre2-bytes.ts) and hands the compiled module to the worker,
 * which installs it here before the first evaluation. One worker is one engine, so this module
 * holds that worker's single instance.
 */
import { HtrError } from "../../util/errors.js";
import { Pcre2Runtime } from "../../regex/pcre2/runtime.js";
import type { WasmModule } from "../../regex/pcre2/wasm-api.js";

let installed: Pcre2Runtime | undefined;

/** Instantiate PCRE2 from the compiled module the page fetched (vendor/pcre2/pcre2.wasm). */
export function installPcre2(module: WasmModule): Pcre2Runtime {
  installed = new Pcre2Runtime(module);
  return installed;
}

/** The instance every regex of this worker compiles with (module-file.ts's pcre2Runtime). */
export function pcre2Runtime(): Pcre2Runtime {
  if (installed === undefined) throw new HtrError("HTR_INTERNAL", "the PCRE2 module is not loaded yet (pcre2.wasm)");
  return installed;
}
