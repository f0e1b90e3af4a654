/**
 * Distinct counts of unbounded keys (application groups, process groups, their pairs): exact
 * while at most EXACT_LIMIT keys were seen, a HyperLogLog estimate (2^12 registers, standard
 * error ≈ 1.04/√4096 ≈ 1.6%) beyond. Both halves merge by union / register maximum, so the
 * merge is associative and commutative.
 */
const P = 12;
const M = 1 << P;
const EXACT_LIMIT = 2048;

function hash32(s: string): number {
  // FNV-1a, then a murmur3 finaliser so that the low and high bits are both well mixed.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface DistinctJson {
  exact: string[] | null;
  /** Registers, base64. */
  hll: string;
}

export class DistinctCounter {
  private exact: Set<string> | null = new Set();
  private readonly registers = new Uint8Array(M);

  add(key: string): void {
    if (this.exact !== null) {
      if (this.exact.has(key)) return;
      this.exact.add(key);
      if (this.exact.size > EXACT_LIMIT) this.exact = null;
    }
    const h = hash32(key);
    const idx = h >>> (32 - P);
    const rest = (h << P) | (1 << (P - 1));
    const rank = Math.clz32(rest) + 1;
    if (rank > this.registers[idx]) this.registers[idx] = rank;
  }

  get isExact(): boolean {
    return this.exact !== null;
  }

  count(): number {
    if (this.exact !== null) return this.exact.size;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < M; i++) {
      sum += 2 ** -this.registers[i];
      if (this.registers[i] === 0) zeros++;
    }
    const alpha = 0.7213 / (1 + 1.079 / M);
    const e = (alpha * M * M) / sum;
    return Math.round(e <= 2.5 * M && zeros > 0 ? M * Math.log(M / zeros) : e);
  }

  merge(other: DistinctCounter): DistinctCounter {
    const out = new DistinctCounter();
    for (let i = 0; i < M; i++) out.registers[i] = Math.max(this.registers[i], other.registers[i]);
    if (this.exact !== null && other.exact !== null) {
      const u = new Set([...this.exact, ...other.exact]);
      out.exact = u.size > EXACT_LIMIT ? null : u;
    } else out.exact = null;
    return out;
  }

  toJSON(): DistinctJson {
    return { exact: this.exact === null ? null : [...this.exact].sort(), hll: Buffer.from(this.registers).toString("base64") };
  }

  static fromJSON(j: DistinctJson, where: string): DistinctCounter {
    if (typeof j !== "object" || j === null || typeof j.hll !== "string") throw new Error(`${where}: not a distinct counter`);
    const d = new DistinctCounter();
    const regs = Buffer.from(j.hll, "base64");
    if (regs.length !== M) throw new Error(`${where}: distinct counter has ${regs.length} registers, expected ${M}`);
    d.registers.set(regs);
    d.exact = j.exact === null ? null : new Set(j.exact);
    return d;
  }
}
