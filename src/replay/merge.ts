/**
 * Merging shard summaries: every part is a sum, a union, a register maximum or a sketch merge,
 * so the merge is commutative and associative — any split of a log into shards, merged in any
 * order, gives the summary of one pass (exactly while the sketches hold every key; beyond, within
 * each sketch's stated errorBound).
 */
import { ReplaySummary, sampleOrder } from "./summary.js";

function addRecord(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

export function mergeSummaries(a: ReplaySummary, b: ReplaySummary): ReplaySummary {
  if (a.topK !== b.topK) throw new Error(`summaries use different sketch sizes (--top ${a.topK} and ${b.topK})`);
  const out = new ReplaySummary({ topK: a.topK, registryMax: Math.max(a.registryMax, b.registryMax) });
  out.lines = a.lines + b.lines;
  out.bytes = a.bytes + b.bytes;
  out.requests = a.requests + b.requests;
  out.unparsable = a.unparsable + b.unparsable;
  const seen = new Set<string>();
  out.sample = [...a.sample, ...b.sample]
    .sort(sampleOrder)
    .filter((s) => !seen.has(`${s.hash} ${s.line}`) && seen.add(`${s.hash} ${s.line}`))
    .slice(0, 20);
  out.status = addRecord(a.status, b.status);
  out.kind = addRecord(a.kind, b.kind);
  for (const src of [a, b]) {
    for (const [k, v] of src.hits.rules) {
      const c = out.hits.rules.get(k);
      if (c) { c.tried += v.tried; c.fired += v.fired; } else out.hits.rules.set(k, { ...v });
    }
    for (const [k, v] of src.hits.conds) {
      const c = out.hits.conds.get(k);
      if (c) { c.tested += v.tested; c.matched += v.matched; } else out.hits.conds.set(k, { ...v });
    }
  }
  out.statusPairs = addRecord(a.statusPairs, b.statusPairs);
  out.agree = a.agree + b.agree;
  out.disagree = a.disagree + b.disagree;
  out.topPaths = a.topPaths.merge(b.topPaths);
  out.topDisagreements = a.topDisagreements.merge(b.topDisagreements);
  out.appRequests = a.appRequests.merge(b.appRequests);
  out.procRequests = a.procRequests.merge(b.procRequests);
  out.appDistinct = a.appDistinct.merge(b.appDistinct);
  out.procDistinct = a.procDistinct.merge(b.procDistinct);
  out.pairDistinct = a.pairDistinct.merge(b.pairDistinct);
  return out;
}

export function mergeAll(parts: readonly ReplaySummary[], opts: { topK?: number } = {}): ReplaySummary {
  return parts.reduce((acc, s) => mergeSummaries(acc, s), new ReplaySummary({ topK: parts[0]?.topK ?? opts.topK, registryMax: parts[0]?.registryMax }));
}
