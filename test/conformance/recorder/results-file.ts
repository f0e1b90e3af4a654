/** Results files: one JSON object per line, in the key order of the shared example results. */
import type { ResultRecord } from "../../../src/case/types.js";

const KEY_ORDER = ["case", "index", "request", "status", "location", "content_type", "body_len", "body_sha256", "body_kind", "body", "trace", "log", "server_log", "error"];

function ordered(rec: ResultRecord): Record<string, unknown> {
  const src = rec as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of KEY_ORDER) if (k in src && src[k] !== undefined) out[k] = src[k];
  for (const k of Object.keys(src)) if (!(k in out) && src[k] !== undefined) out[k] = src[k];
  return out;
}

/** The text of a results file for `records`. */
export function formatResults(records: ResultRecord[]): string {
  return records.map((r) => JSON.stringify(ordered(r))).join("\n") + (records.length ? "\n" : "");
}
