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

/** The k-th largest (0-based) of `v`, reordering `v` (Hoare's selection, expected linear). */
function kthLargest(v: Float64Array, k: number): number {
  let lo = 0;
  let hi = v.length - 1;
  while (lo < hi) {
    const pivot = v[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (v[i] > pivot) i++;
      while (v[j] < pivot) j--;
      if (i <= j) {
        const t = v[i];
        v[i] = v[j];
        v[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return v[k];
  }
  return v[k];
}

export class HeavyHitters {
  readonly k: number;
  total = 0;
  errorBound = 0;
  // A counter is a boxed number so that counting a held key is one map lookup, not a get and a set.
  private counts = new Map<string, { n: number }>();

  constructor(k = 100) {
    if (!Number.isInteger(k) || k < 1) throw new Error(`sketch size must be a positive integer, got ${k}`);
    this.k = k;
  }

  add(key: string, n = 1): void {
    this.total += n;
    const c = this.counts.get(key);
    if (c !== undefined) c.n += n;
    else {
      this.counts.set(key, { n });
      if (this.counts.size > 2 * this.k) this.reduce();
    }
  }

  /** Subtract the (k+1)-th largest count from all counters; keep the positive ones. */
  private reduce(): void {
    if (this.counts.size <= this.k) return;
    const values = new Float64Array(this.counts.size);
    let i = 0;
    for (const c of this.counts.values()) values[i++] = c.n;
    const c = kthLargest(values, this.k);
    if (c <= 0) return;
    this.errorBound += c;
    for (const [key, v] of this.counts) {
      if (v.n - c > 0) v.n -= c;
      else this.counts.delete(key);
    }
  }

  estimate(key: string): number {
    return this.counts.get(key)?.n ?? 0;
  }

  /** The held counters, largest first (ties by key, so equal sketches print equally). */
  top(n = this.k): Array<[string, number]> {
    return [...this.counts].map(([k, c]): [string, number] => [k, c.n]).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, n);
  }

  merge(other: HeavyHitters): HeavyHitters {
    if (other.k !== this.k) throw new Error(`cannot merge sketches of different sizes (${this.k} and ${other.k})`);
    const out = new HeavyHitters(this.k);
    out.total = this.total + other.total;
    out.errorBound = this.errorBound + other.errorBound;
    for (const [key, v] of this.counts) out.counts.set(key, { n: v.n });
    for (const [key, v] of other.counts) {
      const c = out.counts.get(key);
      if (c) c.n += v.n;
      else out.counts.set(key, { n: v.n });
    }
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
    for (const [key, v] of j.counts) s.counts.set(String(key), { n: Number(v) });
    return s;
  }
}
