/**
 * The comparison that counts (spec/case-format.md, and the shared conformance-score tool):
 * `status` and `location` always; for 2xx answers also `body_kind`, and then for a probe the
 * fields PROBE_FIELDS, for a file its `body`. A refused configuration compares `status` (null)
 * only: the error text is for people. Shared by the offline golden test, the live re-recording
 * test and the fuzzer.
 */
import type { ResultRecord } from "../../src/case/types.js";

/** The probe fields compared for a WSGI answer. */
export const PROBE_FIELDS = [
  "application_group",
  "process_group",
  "probe_file",
  "SCRIPT_NAME",
  "PATH_INFO",
  "QUERY_STRING",
  "SCRIPT_FILENAME",
  "env",
] as const;

/** The first line of the recorder's probe; a body starting with it is the probe served as a file. */
export const PROBE_MARKER = "# oracle probe WSGI application";

/** The comparable part of a record, as plain JSON values keyed by field name. */
export type ComparableView = Record<string, unknown>;

function isSuccess(status: number | null | undefined): boolean {
  return typeof status === "number" && status >= 200 && status < 300;
}

/** The comparable view of the expected (Apache) record. */
export function expectedView(rec: ResultRecord): ComparableView {
  const v: ComparableView = { status: rec.status ?? null, location: rec.location ?? null };
  if (!isSuccess(rec.status)) return v;
  v.body_kind = rec.body_kind ?? null;
  if (rec.body_kind === "probe" && typeof rec.body === "object" && rec.body !== null) {
    const body = rec.body as Record<string, unknown>;
    for (const f of PROBE_FIELDS) v[f] = body[f] ?? null;
  } else if (rec.body_kind === "text") {
    const body = typeof rec.body === "string" && rec.body.startsWith(PROBE_MARKER) ? "@PROBE@" : rec.body;
    v.body = body ?? null;
  }
  return v;
}

/** The view of the actual record, taking exactly the fields the expected view has. */
export function actualView(rec: ResultRecord | undefined, expected: ComparableView): ComparableView {
  const v: ComparableView = { status: rec?.status ?? null, location: rec?.location ?? null };
  if (!("body_kind" in expected)) return v;
  v.body_kind = rec?.body_kind ?? null;
  if (expected.body_kind === "probe") {
    const body = typeof rec?.body === "object" && rec.body !== null ? (rec.body as Record<string, unknown>) : {};
    for (const f of PROBE_FIELDS) v[f] = body[f] ?? null;
  } else if ("body" in expected) {
    const b = rec?.body;
    v.body = typeof b === "string" && b.startsWith(PROBE_MARKER) ? "@PROBE@" : (b ?? null);
  }
  return v;
}

/** Deep equality of JSON values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao);
  return keys.length === Object.keys(bo).length && keys.every((k) => k in bo && jsonEqual(ao[k], bo[k]));
}

/** One field on which two records disagree. */
export interface FieldDifference {
  field: string;
  expected: unknown;
  actual: unknown;
}

/** One request whose records disagree. */
export interface RecordDifference {
  case: string;
  index: number;
  path: string;
  fields: FieldDifference[];
}

/** The fields on which `actual` differs from `expected` (empty: they agree). */
export function compareRecord(expected: ResultRecord, actual: ResultRecord | undefined): FieldDifference[] {
  const ev = expectedView(expected);
  const av = actualView(actual, ev);
  return Object.keys(ev)
    .filter((k) => !jsonEqual(ev[k], av[k]))
    .map((field) => ({ field, expected: ev[field], actual: av[field] }));
}

/** Compares every expected record with the actual record of the same index. */
export function compareResults(expected: ResultRecord[], actual: ResultRecord[]): RecordDifference[] {
  const byIndex = new Map(actual.map((r) => [r.index, r]));
  const out: RecordDifference[] = [];
  for (const e of expected) {
    const fields = compareRecord(e, byIndex.get(e.index));
    if (fields.length) out.push({ case: e.case, index: e.index, path: e.request.path, fields });
  }
  return out;
}

/** A one-line description, "case#i path: field expected=… actual=…; …". */
export function describeDifference(d: RecordDifference, expectedLabel = "apache", actualLabel = "ours"): string {
  const show = (v: unknown) => JSON.stringify(v)?.slice(0, 160);
  const parts = d.fields.map((f) => `${f.field} ${expectedLabel}=${show(f.expected)} ${actualLabel}=${show(f.actual)}`);
  return `${d.case}#${d.index} ${d.path}: ${parts.join("; ")}`;
}

/**
 * The rewrite trace, line for line (the offline golden run records htrewrite's trace beside
 * Apache's): one "trace" field difference per request, naming the first line that differs.
 */
export function compareTraces(expected: ResultRecord[], actual: ResultRecord[]): RecordDifference[] {
  const byIndex = new Map(actual.map((r) => [r.index, r]));
  const out: RecordDifference[] = [];
  for (const e of expected) {
    const a = byIndex.get(e.index);
    const want = e.trace ?? [];
    const got = a?.trace ?? [];
    if (jsonEqual(want, got)) continue;
    let i = 0;
    while (i < want.length && want[i] === got[i]) i++;
    const line = (t: readonly string[]) => (i < t.length ? `line ${i + 1} of ${t.length}: ${t[i]}` : `${t.length} lines`);
    out.push({ case: e.case, index: e.index, path: e.request.path, fields: [{ field: "trace", expected: line(want), actual: line(got) }] });
  }
  return out;
}

/** Differences of the same request merged into one (the fields of both). */
export function mergeDifferences(a: RecordDifference[], b: RecordDifference[]): RecordDifference[] {
  const byIndex = new Map<string, RecordDifference>();
  for (const d of [...a, ...b]) {
    const key = `${d.case}#${d.index}`;
    const prev = byIndex.get(key);
    if (prev) prev.fields.push(...d.fields);
    else byIndex.set(key, { ...d, fields: [...d.fields] });
  }
  return [...byIndex.values()];
}
