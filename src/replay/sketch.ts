/**
 * Top-k of unbounded keys (URLs, groups) in bounded memory: a Misra–Gries "frequent items"
 * summary kept in the mergeable form of Agarwal et al. (2012), batched so that an update is O(1)
 * amortised.
 *
 * Counters are exact until more than 2k distinct keys are held. Then the (k+1)-th largest count
 * c is subtracted from every counter and the non-positive ones dropped (at least k+1 counters
 * lose c, so the total subtracted over a stream of N is at most N/(k+1)). `errorBound` adds up
 * every c subtracted (and, on merge, both inputs' bounds), so for every key:
 *
 *     estimate(key) ≤ true count ≤ estimate(key) + errorBound,   errorBound ≤ N/(k+1).
 *
 * While errorBound is 0 the counts are exact. Merging adds counters and reduces the same way:
 * commutative always, and associative (equal to one pass) while nothing was reduced.
 */
export interface SketchJson {
  k: number;
  total: number;
  errorBound: number;
  /** [key, count], count descending then key ascending. */
  counts: Array<[string, number]>;
}

export class HeavyHitters {
  readonly k: number;
  total = 0;
  errorBound = 0;
  private counts = new Map<string, number>();

  constructor(k = 100) {
    if (!Number.isInteger(k) || k < 1) throw new Error(`sketch size must be a positive integer, got ${k}`);
    this.k = k;
  }

  add(key: string, n = 1): void {
    this.total += n;
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
    if (this.counts.size > 2 * this.k) this.reduce();
  }

  /** Subtract the (k+1)-th largest count from all counters; keep the positive ones. */
  private reduce(): void {
    const values = [...this.counts.values()].sort((a, b) => b - a);
    const c = values[this.k];
    if (c === undefined || c <= 0) return;
    this.errorBound += c;
    for (const [key, v] of this.counts) {
      if (v - c > 0) this.counts.set(key, v - c);
      else this.counts.delete(key);
    }
  }

  estimate(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** The held counters, largest first (ties by key, so equal sketches print equally). */
  top(n = this.k): Array<[string, number]> {
    return [...this.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, n);
  }

  merge(other: HeavyHitters): HeavyHitters {
    if (other.k !== this.k) throw new Error(`cannot merge sketches of different sizes (${this.k} and ${other.k})`);
    const out = new HeavyHitters(this.k);
    out.total = this.total + other.total;
    out.errorBound = this.errorBound + other.errorBound;
    for (const [key, v] of this.counts) out.counts.set(key, v);
    for (const [key, v] of other.counts) out.counts.set(key, (out.counts.get(key) ?? 0) + v);
    if (out.counts.size > 2 * out.k) out.reduce();
    return out;
  }

  toJSON(): SketchJson {
    return { k: this.k, total: this.total, errorBound: this.errorBound, counts: this.top(2 * this.k) };
  }

  static fromJSON(j: SketchJson, where: string): HeavyHitters {
    if (typeof j !== "object" || j === null || !Number.isInteger(j.k) || !Array.isArray(j.counts)) throw new Error(`${where}: not a sketch`);
    const s = new HeavyHitters(j.k);
    s.total = j.total;
    s.errorBound = j.errorBound;
    for (const [key, v] of j.counts) s.counts.set(String(key), Number(v));
    return s;
  }
}
