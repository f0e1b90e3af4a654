/**
 * What a replay learned about a log: counts that stay bounded whatever the log size. Exact where
 * the key set is bounded by the configuration or HTTP (statuses, answer kinds, rule and condition
 * lines, predicted×logged status pairs), a heavy-hitters sketch (sketch.ts) for top-k of
 * unbounded keys (paths, groups, disagreements), distinct counters (distinct.ts) for how many
 * application/process groups the URLs create, and a bottom-k hash sample of unparsable lines (the
 * k lines of smallest hash: a uniform sample whose merge is a plain union-and-trim).
 */
import type { EvaluateResult } from "../api/evaluate.js";
import { DistinctCounter, type DistinctJson } from "./distinct.js";
import { HeavyHitters, type SketchJson } from "./sketch.js";
import type { HitCounts } from "./rule-hits.js";

export const SUMMARY_VERSION = 1;
const SAMPLE_SIZE = 20;

export interface SummaryOptions {
  /** k of the heavy-hitters sketches (default 100). */
  topK?: number;
  /** The group registry's cap (createEngine's registryMax, default 10,000 pairs). */
  registryMax?: number;
}

export interface SummaryJson {
  htrewriteReplaySummary: number;
  topK: number;
  registryMax: number;
  lines: number;
  bytes: number;
  requests: number;
  unparsable: number;
  unparsableSample: Array<{ hash: number; line: string; reason: string }>;
  status: Record<string, number>;
  kind: Record<string, number>;
  rules: Record<string, { tried: number; fired: number }>;
  conditions: Record<string, { tested: number; matched: number }>;
  /** "predicted logged" → count, over lines with a logged status. */
  statusPairs: Record<string, number>;
  agree: number;
  disagree: number;
  topPaths: SketchJson;
  topDisagreements: SketchJson;
  applicationGroups: { requests: SketchJson; distinct: DistinctJson };
  processGroups: { requests: SketchJson; distinct: DistinctJson };
  groupPairs: DistinctJson;
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function bump(r: Record<string, number>, k: string, n = 1): void {
  r[k] = (r[k] ?? 0) + n;
}

/**
 * The record keys of a status and of a (predicted, logged) pair, made once per distinct value:
 * a key built per line is a fresh string to hash and intern on every lookup. Bounded: statuses
 * are three digits.
 */
class StatusKeys {
  private readonly one = new Map<number, string>();
  private readonly pair = new Map<number, string>();
  status(n: number): string {
    let k = this.one.get(n);
    if (k === undefined) this.one.set(n, (k = String(n)));
    return k;
  }
  pairOf(predicted: number, logged: number): string {
    const id = predicted * 1000 + logged;
    let k = this.pair.get(id);
    if (k === undefined) this.pair.set(id, (k = `${predicted} ${logged}`));
    return k;
  }
}

function sortedRecord<T>(r: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(r).sort()) out[k] = r[k];
  return out;
}

export class ReplaySummary {
  readonly topK: number;
  readonly registryMax: number;
  lines = 0;
  bytes = 0;
  requests = 0;
  unparsable = 0;
  sample: Array<{ hash: number; line: string; reason: string }> = [];
  status: Record<string, number> = {};
  kind: Record<string, number> = {};
  readonly hits: HitCounts = { rules: new Map(), conds: new Map() };
  statusPairs: Record<string, number> = {};
  agree = 0;
  disagree = 0;
  topPaths: HeavyHitters;
  topDisagreements: HeavyHitters;
  appRequests: HeavyHitters;
  procRequests: HeavyHitters;
  appDistinct = new DistinctCounter();
  procDistinct = new DistinctCounter();
  pairDistinct = new DistinctCounter();
  private readonly keys = new StatusKeys();
  // The last group pair counted: requests of one application mostly come in runs, and a pair
  // already counted needs no new key string.
  private lastApp: string | null = null;
  private lastProc: string | null = null;

  constructor(opts: SummaryOptions = {}) {
    this.topK = opts.topK ?? 100;
    this.registryMax = opts.registryMax ?? 10000;
    this.topPaths = new HeavyHitters(this.topK);
    this.topDisagreements = new HeavyHitters(this.topK);
    this.appRequests = new HeavyHitters(this.topK);
    this.procRequests = new HeavyHitters(this.topK);
  }

  /** A line that was not replayed: counted, and kept if its hash is among the smallest. */
  addUnparsable(line: string, reason: string): void {
    this.unparsable++;
    const hash = fnv(line);
    const s = this.sample;
    if (s.length >= SAMPLE_SIZE && hash >= s[s.length - 1].hash) return;
    s.push({ hash, line: line.length > 500 ? line.slice(0, 500) : line, reason });
    s.sort(sampleOrder);
    if (s.length > SAMPLE_SIZE) s.length = SAMPLE_SIZE;
  }

  /** One replayed request: its path as logged, htrewrite's answer, and the status Apache logged. */
  addResult(path: string, r: EvaluateResult, logged: number | null): void {
    this.requests++;
    bump(this.status, this.keys.status(r.status));
    bump(this.kind, r.kind);
    const q = path.indexOf("?");
    const bare = q < 0 ? path : path.slice(0, q);
    this.topPaths.add(bare);
    if (logged !== null) {
      bump(this.statusPairs, this.keys.pairOf(r.status, logged));
      if (logged === r.status) this.agree++;
      else {
        this.disagree++;
        this.topDisagreements.add(`predicted ${r.status}, logged ${logged}: ${bare}`);
      }
    }
    if (r.kind === "wsgi" && r.applicationGroup !== null) {
      const app = r.applicationGroup;
      const proc = r.processGroup ?? "";
      this.appRequests.add(app);
      this.procRequests.add(proc);
      if (app !== this.lastApp || proc !== this.lastProc) {
        this.appDistinct.add(app);
        this.procDistinct.add(proc);
        this.pairDistinct.add(`${proc}\u0000${app}`);
        this.lastApp = app;
        this.lastProc = proc;
      }
    }
  }

  toJSON(): SummaryJson {
    const rules: SummaryJson["rules"] = {};
    for (const [k, v] of this.hits.rules) rules[k] = { ...v };
    const conditions: SummaryJson["conditions"] = {};
    for (const [k, v] of this.hits.conds) conditions[k] = { ...v };
    return {
      htrewriteReplaySummary: SUMMARY_VERSION,
      topK: this.topK,
      registryMax: this.registryMax,
      lines: this.lines,
      bytes: this.bytes,
      requests: this.requests,
      unparsable: this.unparsable,
      unparsableSample: this.sample.map((s) => ({ ...s })),
      status: sortedRecord(this.status),
      kind: sortedRecord(this.kind),
      rules: sortedRecord(rules),
      conditions: sortedRecord(conditions),
      statusPairs: sortedRecord(this.statusPairs),
      agree: this.agree,
      disagree: this.disagree,
      topPaths: this.topPaths.toJSON(),
      topDisagreements: this.topDisagreements.toJSON(),
      applicationGroups: { requests: this.appRequests.toJSON(), distinct: this.appDistinct.toJSON() },
      processGroups: { requests: this.procRequests.toJSON(), distinct: this.procDistinct.toJSON() },
      groupPairs: this.pairDistinct.toJSON(),
    };
  }

  static fromJSON(j: SummaryJson, where: string): ReplaySummary {
    if (typeof j !== "object" || j === null || j.htrewriteReplaySummary !== SUMMARY_VERSION) {
      throw new Error(`${where}: not an htrewrite replay summary (version ${SUMMARY_VERSION})`);
    }
    const s = new ReplaySummary({ topK: j.topK, registryMax: j.registryMax });
    s.lines = j.lines;
    s.bytes = j.bytes;
    s.requests = j.requests;
    s.unparsable = j.unparsable;
    s.sample = j.unparsableSample.map((x) => ({ ...x }));
    s.status = { ...j.status };
    s.kind = { ...j.kind };
    for (const [k, v] of Object.entries(j.rules)) s.hits.rules.set(k, { ...v });
    for (const [k, v] of Object.entries(j.conditions)) s.hits.conds.set(k, { ...v });
    s.statusPairs = { ...j.statusPairs };
    s.agree = j.agree;
    s.disagree = j.disagree;
    s.topPaths = HeavyHitters.fromJSON(j.topPaths, `${where}: topPaths`);
    s.topDisagreements = HeavyHitters.fromJSON(j.topDisagreements, `${where}: topDisagreements`);
    s.appRequests = HeavyHitters.fromJSON(j.applicationGroups.requests, `${where}: applicationGroups`);
    s.procRequests = HeavyHitters.fromJSON(j.processGroups.requests, `${where}: processGroups`);
    s.appDistinct = DistinctCounter.fromJSON(j.applicationGroups.distinct, `${where}: applicationGroups`);
    s.procDistinct = DistinctCounter.fromJSON(j.processGroups.distinct, `${where}: processGroups`);
    s.pairDistinct = DistinctCounter.fromJSON(j.groupPairs, `${where}: groupPairs`);
    return s;
  }
}

export function sampleOrder(a: { hash: number; line: string }, b: { hash: number; line: string }): number {
  return a.hash - b.hash || (a.line < b.line ? -1 : a.line > b.line ? 1 : 0);
}
