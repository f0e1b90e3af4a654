/**
 * The golden cases the playground is compared on with `htrewrite eval`: every case of
 * test/conformance/cases the playground can express (no programs to run: prg: maps and
 * WSGIDispatchScript need the disk and python3; no raw request bytes), each `step`-th in name order, and the cases whose
 * answer needs the real disk listed apart (no-disk-differences.json, with the reason).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadCase } from "../../src/case/load.js";
import type { CaseFile } from "../../src/case/types.js";

export const CASES_DIR = join(import.meta.dirname, "../conformance/cases");

export const NO_DISK: Record<string, string> = JSON.parse(readFileSync(join(import.meta.dirname, "no-disk-differences.json"), "utf8"));

export function runsPrograms(c: CaseFile): boolean {
  const all = [...c.config, ...Object.values(c.htaccess).flat()].join("\n");
  return /\bprg:|WSGIDispatchScript/i.test(all);
}

/** Requests given as raw bytes (rh_* cases): a playground request is a method, a URL and fields. */
export function sendsRawBytes(c: CaseFile): boolean {
  return c.requests.some((r) => r.raw !== undefined);
}

export interface SampleCase {
  file: string;
  case: CaseFile;
}

export function corpusSample(step: number, offset = 0): SampleCase[] {
  const files = readdirSync(CASES_DIR).filter((f) => f.endsWith(".json")).sort();
  const usable = files.map((f) => ({ file: join(CASES_DIR, f), case: loadCase(join(CASES_DIR, f)) })).filter((s) => !runsPrograms(s.case) && !sendsRawBytes(s.case) && !(s.case.name in NO_DISK));
  return usable.filter((_, i) => i % step === offset);
}
