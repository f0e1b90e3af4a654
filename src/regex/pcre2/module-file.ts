/**
 * Node's way to the PCRE2 module: vendor/pcre2/pcre2.wasm, found relative to this file so the
 * same path works from src/ (tests) and from dist/ (the installed package) — both are two
 * directories below the package root. The bytes are checked against the manifest the build
 * wrote, so a stale or damaged file is a clear error rather than a different regex engine.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { HtrError } from "../../util/errors.js";
import { Pcre2Runtime } from "./runtime.js";

const VENDOR = new URL("../../../vendor/pcre2/", import.meta.url);

interface Manifest {
  readonly version: string;
  readonly output: { readonly sha256: string };
}

/** The manifest scripts/build-pcre2.sh wrote beside the module. */
export function pcre2Manifest(): Manifest {
  const path = fileURLToPath(new URL("manifest.json", VENDOR));
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Manifest;
  } catch (e) {
    throw new HtrError("HTR_INTERNAL", `cannot read ${path}: ${(e as Error).message}`);
  }
}

/** The module's bytes, verified against the manifest's sha256. */
export function readPcre2Wasm(): Uint8Array {
  const path = fileURLToPath(new URL("pcre2.wasm", VENDOR));
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new HtrError("HTR_INTERNAL", `cannot read ${path}: ${(e as Error).message}`);
  }
  const digest = createHash("sha256").update(bytes).digest("hex");
  const expected = pcre2Manifest().output.sha256;
  if (digest !== expected) {
    throw new HtrError("HTR_INTERNAL", `${path} has sha256 ${digest}, its manifest says ${expected} (rebuild with npm run build:pcre2)`);
  }
  return bytes;
}

let shared: Pcre2Runtime | undefined;

/** The process-wide PCRE2 instance (instantiated synchronously on first use). */
export function pcre2Runtime(): Pcre2Runtime {
  return (shared ??= Pcre2Runtime.fromBytes(readPcre2Wasm()));
}
