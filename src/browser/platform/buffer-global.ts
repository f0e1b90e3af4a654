/**
 * Buffer for the browser bundle (esbuild injects it wherever the engine names the global): the
 * engine holds file contents and byte strings in Buffers, and the `buffer` package is Node's
 * Buffer API for browsers.
 */
export { Buffer } from "buffer";
