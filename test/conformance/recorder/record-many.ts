/**
 * Recording many cases at once: cases with only "auto" ports run `jobs` at a time (each Apache
 * on its own free ports); cases with a fixed port (80, 8080) run one after another, since two
 * Apaches cannot both listen there.
 */
import type { CaseFile, ResultRecord } from "../../../src/case/types.js";
import { recordCase, type RecordOptions } from "./record-case.js";

/** Options of `recordMany`. */
export interface RecordManyOptions extends RecordOptions {
  /** Parallel Apache instances for auto-port cases; default 4. */
  jobs?: number;
  /** Called as each case finishes (e.g. to write its file or print progress). */
  onCase?: (c: CaseFile, records: ResultRecord[], ms: number) => void;
}

/** Records every case; the map is keyed by case name. */
export async function recordMany(cases: CaseFile[], opts: RecordManyOptions = {}): Promise<Map<string, ResultRecord[]>> {
  const out = new Map<string, ResultRecord[]>();
  const one = async (c: CaseFile) => {
    const t0 = Date.now();
    const records = await recordCase(c, opts);
    out.set(c.name, records);
    opts.onCase?.(c, records, Date.now() - t0);
  };
  const fixed = cases.filter((c) => c.ports.some((p) => p !== "auto"));
  const queue = cases.filter((c) => !fixed.includes(c));
  const workers = Array.from({ length: Math.max(1, opts.jobs ?? 4) }, async () => {
    for (let c = queue.shift(); c; c = queue.shift()) await one(c);
  });
  const serial = (async () => {
    for (const c of fixed) await one(c);
  })();
  await Promise.all([...workers, serial]);
  return out;
}

/** True when every record says Apache refused to start. */
export function isStartFailure(records: ResultRecord[]): boolean {
  return records.length > 0 && records.every((r) => r.status === null && (r.error ?? "").startsWith("apache did not start"));
}
