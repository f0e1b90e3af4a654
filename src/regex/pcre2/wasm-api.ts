/**
 * The slice of the WebAssembly JS API htrewrite uses, typed locally: the project compiles
 * against lib ES2022 + @types/node, neither of which declares the WebAssembly namespace.
 */

/** A compiled module (opaque). */
export interface WasmModule {
  readonly __wasmModule?: never;
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface WasmTable {
  readonly length: number;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  Table: new (descriptor: { initial: number; maximum?: number; element: "anyfunc" }) => WasmTable;
}

/** The runtime's WebAssembly object. */
export const Wasm: WasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
