/**
 * Known deliberate differences between htrewrite and Apache (test/conformance/expectations.json):
 * data with a reason each, never skipped tests. A difference is excused only when an entry names
 * its case (and, when given, its request index and field).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { RecordDifference } from "./compare.js";

/** One excused difference. */
export interface Expectation {
  case: string;
  index?: number;
  field?: string;
  reason: string;
}

/** Reads the committed expectations file. */
export function loadExpectations(path = fileURLToPath(new URL("./expectations.json", import.meta.url))): Expectation[] {
  const json = JSON.parse(readFileSync(path, "utf8")) as { differences?: Expectation[] };
  const list = json.differences ?? [];
  for (const e of list)
    if (typeof e.case !== "string" || typeof e.reason !== "string" || e.reason.trim() === "")
      throw new Error(`expectations.json: every entry needs a case and a reason (${JSON.stringify(e)})`);
  return list;
}

function covers(e: Expectation, caseName: string, index: number, field: string): boolean {
  return e.case === caseName && (e.index === undefined || e.index === index) && (e.field === undefined || e.field === field);
}

/**
 * Splits differences into the excused and the real ones. A difference is excused when every
 * field that differs is covered by some entry. `unused` lists entries that excused nothing.
 */
export function applyExpectations(
  diffs: RecordDifference[],
  expectations: Expectation[],
): { real: RecordDifference[]; excused: RecordDifference[]; used: Set<Expectation> } {
  const used = new Set<Expectation>();
  const real: RecordDifference[] = [];
  const excused: RecordDifference[] = [];
  for (const d of diffs) {
    const covering = d.fields.map((f) => expectations.find((e) => covers(e, d.case, d.index, f.field)));
    if (covering.every((e) => e !== undefined)) {
      covering.forEach((e) => used.add(e as Expectation));
      excused.push(d);
    } else real.push(d);
  }
  return { real, excused, used };
}
