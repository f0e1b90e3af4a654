/**
 * A session in the URL fragment: JSON, deflate-raw compressed (CompressionStream), base64url.
 * The fragment never leaves the browser (it is not sent with the request for the page), so a
 * shared link carries the rules to the other person and to nobody else.
 */
import { validateState, StateError, type PlaygroundState } from "./state.js";

/** The fragment's prefix: names the format, so a later one can be told apart. */
export const FRAGMENT_PREFIX = "s1.";

/** Longest fragment decoded (a link is text someone pasted; bound what it may expand to). */
const MAX_FRAGMENT = 1 << 20;
const MAX_JSON = 8 << 20;

async function pump(data: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  void writer.write(data).catch(() => undefined);
  void writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new StateError(`the link expands beyond ${limit} bytes`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new StateError("the link's data is not base64url");
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    throw new StateError("the link's data is not base64url");
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The fragment (without "#") that reproduces `state`. */
export async function encodeState(state: PlaygroundState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return FRAGMENT_PREFIX + toBase64Url(await pump(json, new CompressionStream("deflate-raw"), Number.MAX_SAFE_INTEGER));
}

/**
 * The session a fragment holds (with or without its "#"); throws StateError saying what is
 * wrong with a damaged or foreign link.
 */
export async function decodeState(fragment: string): Promise<PlaygroundState> {
  const f = fragment.startsWith("#") ? fragment.slice(1) : fragment;
  if (!f.startsWith(FRAGMENT_PREFIX)) throw new StateError(`the link's fragment does not start with '${FRAGMENT_PREFIX}'`);
  if (f.length > MAX_FRAGMENT) throw new StateError(`the link is longer than ${MAX_FRAGMENT} characters`);
  let json: Uint8Array;
  try {
    json = await pump(fromBase64Url(f.slice(FRAGMENT_PREFIX.length)), new DecompressionStream("deflate-raw"), MAX_JSON);
  } catch (e) {
    if (e instanceof StateError) throw e;
    throw new StateError("the link's data is damaged (it does not inflate)");
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(json));
  } catch {
    throw new StateError("the link's data is damaged (not JSON text)");
  }
  return validateState(value);
}
