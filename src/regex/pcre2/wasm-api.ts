/**
 * The slice of the WebAssembly JS API htrewrite uses, typed locally: the project compiles
 * against lib ES2022 + @types/node, neither of which declares the WebAssembly namespace.
 */

/** A compiled module (opaque). */
export interface WasmModule {
  readonly __wasmModule?: never;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

/** Bytes of a module: what `new WebAssembly.Module()` accepts. */
export type WasmBytes = ArrayBuffer | ArrayBufferView;

interface WasmApi {
  Module: { new (bytes: WasmBytes): WasmModule; imports(module: WasmModule): unknown[] };
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
}

/** The runtime's WebAssembly object. */
export const Wasm: WasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
