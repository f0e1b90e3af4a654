/**
 * Sets of bytes (0–255), the meaning of every PCRE character class in Apache's configuration:
 * 8-bit, no UTF, C-locale tables. Classes are resolved to explicit byte sets before they reach
 * V8, so V8's own ideas about \s (it adds 0xA0), case folding (it folds Latin-1 letters under
 * `i`) or Unicode never apply.
 */

/** A set of byte values, as a 256-entry membership table. */
export class ByteSet {
  private readonly bits = new Uint8Array(256);

  static of(...codes: number[]): ByteSet {
    const s = new ByteSet();
    for (const c of codes) s.add(c);
    return s;
  }

  static range(lo: number, hi: number): ByteSet {
    return new ByteSet().addRange(lo, hi);
  }

  add(code: number): this {
    this.bits[code] = 1;
    return this;
  }

  addRange(lo: number, hi: number): this {
    for (let c = lo; c <= hi; c++) this.bits[c] = 1;
    return this;
  }

  addSet(other: ByteSet): this {
    for (let c = 0; c < 256; c++) if (other.bits[c]) this.bits[c] = 1;
    return this;
  }

  has(code: number): boolean {
    return this.bits[code] === 1;
  }

  complement(): ByteSet {
    const s = new ByteSet();
    for (let c = 0; c < 256; c++) if (!this.bits[c]) s.bits[c] = 1;
    return s;
  }

  /** Add the other case of every ASCII letter (the C locale folds nothing else). */
  withAsciiCasePartners(): ByteSet {
    const s = new ByteSet().addSet(this);
    for (let c = 0x41; c <= 0x5a; c++) {
      if (this.bits[c] || this.bits[c + 32]) {
        s.bits[c] = 1;
        s.bits[c + 32] = 1;
      }
    }
    return s;
  }

  size(): number {
    let n = 0;
    for (let c = 0; c < 256; c++) n += this.bits[c];
    return n;
  }

  /** Maximal runs [lo, hi] of members, ascending. */
  ranges(): [number, number][] {
    const out: [number, number][] = [];
    for (let c = 0; c < 256; c++) {
      if (!this.bits[c]) continue;
      let hi = c;
      while (hi + 1 < 256 && this.bits[hi + 1]) hi++;
      out.push([c, hi]);
      c = hi;
    }
    return out;
  }
}

const DIGIT = ByteSet.range(0x30, 0x39);
const UPPER = ByteSet.range(0x41, 0x5a);
const LOWER = ByteSet.range(0x61, 0x7a);
const ALPHA = new ByteSet().addSet(UPPER).addSet(LOWER);
const ALNUM = new ByteSet().addSet(ALPHA).addSet(DIGIT);
const WORD = new ByteSet().addSet(ALNUM).add(0x5f);
// isspace() in the C locale: \t \n \v \f \r and space. PCRE2 ≥ 10.0 \s includes \v (0x0b).
const SPACE = ByteSet.range(0x09, 0x0d).add(0x20);
// PCRE's \h and \v are fixed lists, not locale-dependent; in 8-bit mode they include 0xA0 / 0x85.
const HSPACE = ByteSet.of(0x09, 0x20, 0xa0);
const VSPACE = ByteSet.range(0x0a, 0x0d).add(0x85);

/** Sets behind PCRE's backslash class escapes (\d \w \s \h \v and their negations). */
export const ESCAPE_CLASSES: Record<string, ByteSet> = {
  d: DIGIT,
  D: DIGIT.complement(),
  w: WORD,
  W: WORD.complement(),
  s: SPACE,
  S: SPACE.complement(),
  h: HSPACE,
  H: HSPACE.complement(),
  v: VSPACE,
  V: VSPACE.complement(),
};

/** POSIX class names PCRE accepts inside [...], with their C-locale members. */
export const POSIX_CLASSES: Record<string, ByteSet> = {
  alpha: ALPHA,
  digit: DIGIT,
  alnum: ALNUM,
  upper: UPPER,
  lower: LOWER,
  space: SPACE,
  blank: ByteSet.of(0x09, 0x20),
  cntrl: ByteSet.range(0x00, 0x1f).add(0x7f),
  graph: ByteSet.range(0x21, 0x7e),
  print: ByteSet.range(0x20, 0x7e),
  punct: (() => {
    const s = ByteSet.range(0x21, 0x7e);
    const p = new ByteSet();
    for (let c = 0x21; c <= 0x7e; c++) if (s.has(c) && !ALNUM.has(c)) p.add(c);
    return p;
  })(),
  xdigit: ByteSet.range(0x30, 0x39).addRange(0x41, 0x46).addRange(0x61, 0x66),
  word: WORD,
  ascii: ByteSet.range(0x00, 0x7f),
};

/** Every byte. */
export const ANY_BYTE = ByteSet.range(0, 255);
/** Every byte but \n: "." without DOTALL (Apache's PCRE2 uses LF as newline). */
export const ANY_BUT_NEWLINE = ByteSet.of(0x0a).complement();
