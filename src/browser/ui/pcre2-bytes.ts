/**
 * The page fetches PCRE2 once — the module the CLI runs, vendor/pcre2/pcre2.wasm, copied into the
 * page's folder by the build — and checks it against the build's manifest (sha256) as the Node
 * loader does (regex/pcre2/module-file.ts), so a stale or damaged copy is a clear error rather
 * than a different regex engine.
 *
 * The digest is computed in script (not WebCrypto), since a plain-HTTP static host is not a
 * secure context and has no crypto.subtle.
 */
import { sha256 } from "@noble/hashes/sha2.js";

interface Manifest {
  readonly version: string;
  readonly output: { readonly sha256: string };
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function loadPcre2Bytes(base: URL): Promise<ArrayBuffer> {
  const [wasmRes, manRes] = await Promise.all([fetch(new URL("pcre2.wasm", base)), fetch(new URL("manifest.json", base))]);
  if (!wasmRes.ok) throw new Error(`cannot load ${wasmRes.url}: HTTP ${wasmRes.status}`);
  if (!manRes.ok) throw new Error(`cannot load ${manRes.url}: HTTP ${manRes.status}`);
  const bytes = await wasmRes.arrayBuffer();
  const manifest = (await manRes.json()) as Manifest;
  const digest = hex(sha256(new Uint8Array(bytes)));
  if (digest !== manifest.output.sha256) throw new Error(`pcre2.wasm has sha256 ${digest}, its manifest says ${manifest.output.sha256}`);
  return bytes;
}
