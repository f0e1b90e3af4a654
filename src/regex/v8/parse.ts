/**
 * Parse the part of PCRE syntax the V8 fast path supports into a tree (ast.ts), reading the
 * pattern exactly as PCRE2 10.42 does in 8-bit non-UTF mode. Anything else — possessive and
 * atomic constructs, recursion, conditionals, verbs, \K, \R, \X, \p, multi-digit back references,
 * (?x), (?m) and other inline options — is refused with a reason; such patterns run on PCRE2.
 *
 * The parser assumes PCRE2 has already accepted the pattern (compile errors are PCRE2's to
 * report), so on anything suspicious it refuses rather than guesses.
 */
import type { Node, ParsedPattern } from "./ast.js";
import { ANY_BUT_NEWLINE, ANY_BYTE, ByteSet, ESCAPE_CLASSES, POSIX_CLASSES } from "./byte-set.js";

/** Thrown (and caught by the caller) when a construct is outside the fast path's subset. */
export class Unsupported extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "Unsupported";
  }
}

/** Inline options in force; (?i) etc. change them until the end of the enclosing group. */
interface Flags {
  caseless: boolean;
  dotall: boolean;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isOctal = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "7";
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isAlnum = (c: string): boolean => /^[0-9A-Za-z]$/.test(c);
/** PCRE group names: a word character string not starting with a digit. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
/** PCRE2 10.42 quantifier braces: {n} {n,} {n,m}; anything else (e.g. {,n}) is literal. */
const BRACE_QUANTIFIER = /^\{(\d+)(?:(,)(\d*))?\}/;

export interface ParseOptions {
  caseless: boolean;
  dotall: boolean;
  /** PCRE2_DOLLAR_ENDONLY (no inline form): `$` is the very end; without it also before a final \n. */
  dollarEndOnly: boolean;
}

/** Parse `pattern` (a byte string) or throw Unsupported. */
export function parsePattern(pattern: string, options: ParseOptions): ParsedPattern {
  return new Parser(pattern).parse(options);
}

class Parser {
  private i = 0;
  private captures = 0;
  private readonly names = new Map<string, number[]>();
  private readonly pendingNamedRefs: { node: { type: "backref"; group: number; caseless: boolean }; name: string }[] = [];

  private dollarEndOnly = true;

  constructor(private readonly p: string) {}

  parse(options: ParseOptions): ParsedPattern {
    this.dollarEndOnly = options.dollarEndOnly;
    const flags: Flags = { caseless: options.caseless, dotall: options.dotall };
    const root = this.alternation(flags);
    if (this.i < this.p.length) throw new Unsupported(`unexpected '${this.p[this.i]}' at ${this.i}`);
    for (const ref of this.pendingNamedRefs) {
      const groups = this.names.get(ref.name);
      if (!groups || groups.length !== 1) throw new Unsupported(`reference to duplicate or unknown name '${ref.name}'`);
      ref.node.group = groups[0];
    }
    return { root, captureCount: this.captures };
  }

  /** branch ('|' branch)* — options set in one branch carry into the next, as in PCRE. */
  private alternation(flags: Flags): Node {
    const branches = [this.sequence(flags)];
    while (this.p[this.i] === "|") {
      this.i++;
      branches.push(this.sequence(flags));
    }
    return branches.length === 1 ? branches[0] : { type: "alt", branches };
  }

  private sequence(flags: Flags): Node {
    const items: Node[] = [];
    while (this.i < this.p.length && this.p[this.i] !== "|" && this.p[this.i] !== ")") {
      const atom = this.atom(flags);
      if (atom === undefined) continue; // an option setting or comment: no item
      items.push(this.quantified(atom));
    }
    if (items.length === 0) return { type: "empty" };
    return items.length === 1 ? items[0] : { type: "seq", items };
  }

  private quantified(atom: Node): Node {
    const p = this.p;
    let min: number;
    let max: number;
    const c = p[this.i];
    if (c === "*") [min, max] = [0, Infinity];
    else if (c === "+") [min, max] = [1, Infinity];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{") {
      const m = BRACE_QUANTIFIER.exec(p.slice(this.i));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] ? (m[3] === "" ? Infinity : Number(m[3])) : min;
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    let lazy = false;
    if (p[this.i] === "?") {
      lazy = true;
      this.i++;
    } else if (p[this.i] === "+") throw new Unsupported("possessive quantifier");
    if (atom.type === "assert" || atom.type === "look" || atom.type === "empty") {
      throw new Unsupported("quantified assertion");
    }
    const next = p[this.i];
    if (next === "*" || next === "+" || next === "?" || (next === "{" && BRACE_QUANTIFIER.test(p.slice(this.i)))) {
      throw new Unsupported("stacked quantifiers");
    }
    return { type: "repeat", min, max, lazy, body: atom };
  }

  private char(code: number, flags: Flags): Node {
    const letter = (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
    return { type: "char", code, caseless: flags.caseless && letter };
  }

  private set(bytes: ByteSet, flags: Flags): Node {
    return { type: "set", bytes: flags.caseless ? bytes.withAsciiCasePartners() : bytes };
  }

  /** One atom, or undefined for items that match nothing (options, comments, \E, empty \Q\E). */
  private atom(flags: Flags): Node | undefined {
    const p = this.p;
    const c = p[this.i];
    switch (c) {
      case "(":
        return this.group(flags);
      case "[":
        return this.charClass(flags);
      case ".":
        this.i++;
        return { type: "set", bytes: flags.dotall ? ANY_BYTE : ANY_BUT_NEWLINE };
      case "^":
        this.i++;
        return { type: "assert", kind: "start" };
      case "$":
        // No (?m): with DOLLAR_ENDONLY the very end of the subject; without it (RegexDefaultOptions
        // -DOLLAR_ENDONLY, case rdo_value_none) also before a final newline, as \Z.
        this.i++;
        return { type: "assert", kind: this.dollarEndOnly ? "end" : "endOrNewline" };
      case "\\":
        return this.escape(flags);
      case "*":
      case "+":
      case "?":
        throw new Unsupported("quantifier without an item");
      case "{":
        if (BRACE_QUANTIFIER.test(p.slice(this.i))) throw new Unsupported("quantifier without an item");
        this.i++;
        return this.char(0x7b, flags);
      default:
        this.i++;
        return this.char(c.charCodeAt(0), flags);
    }
  }

  private group(flags: Flags): Node | undefined {
    const p = this.p;
    const start = this.i;
    this.i++; // (
    if (p[this.i] === "*") throw new Unsupported("verb or alpha assertion");
    if (p[this.i] !== "?") return this.groupBody(flags, this.captures += 1, start);
    this.i++; // ?
    const c = p[this.i];
    if (c === "#") {
      const end = p.indexOf(")", this.i);
      if (end < 0) throw new Unsupported("unterminated comment");
      this.i = end + 1;
      return undefined;
    }
    if (c === ":") {
      this.i++;
      return this.groupBody(flags, null, start);
    }
    if (c === "=" || c === "!") {
      this.i++;
      return this.look(flags, false, c === "!");
    }
    if (c === "<" && (p[this.i + 1] === "=" || p[this.i + 1] === "!")) {
      const negate = p[this.i + 1] === "!";
      this.i += 2;
      return this.look(flags, true, negate);
    }
    if (c === "<" || c === "'" || (c === "P" && p[this.i + 1] === "<")) {
      this.i += c === "P" ? 2 : 1;
      const m = NAME.exec(p.slice(this.i));
      const close = c === "'" ? "'" : ">";
      if (!m || p[this.i + m[0].length] !== close) throw new Unsupported("group name");
      this.i += m[0].length + 1;
      const n = (this.captures += 1);
      const list = this.names.get(m[0]) ?? [];
      list.push(n);
      this.names.set(m[0], list);
      return this.groupBody(flags, n, start);
    }
    if (c === "P" && p[this.i + 1] === "=") {
      this.i += 2;
      const m = NAME.exec(p.slice(this.i));
      if (!m || p[this.i + m[0].length] !== ")") throw new Unsupported("(?P=name)");
      this.i += m[0].length + 1;
      return this.namedRef(m[0], flags);
    }
    // Option settings: (?i) (?-i) (?s) (?is-s) … and (?i:…). Only i and s are understood.
    const m = /^([is]*)(?:-([is]*))?([:)])/.exec(p.slice(this.i));
    if (!m || (m[1] === "" && m[2] === undefined)) throw new Unsupported(`group type (?${c ?? ""}`);
    this.i += m[0].length;
    const set = (target: Flags): void => {
      for (const f of m[1]) target[f === "i" ? "caseless" : "dotall"] = true;
      for (const f of m[2] ?? "") target[f === "i" ? "caseless" : "dotall"] = false;
    };
    if (m[3] === ")") {
      set(flags); // until the end of the enclosing group, including later branches
      return undefined;
    }
    const inner: Flags = { ...flags };
    set(inner);
    const body = this.alternation(inner);
    this.expect(")", start);
    return { type: "group", capture: null, body };
  }

  private groupBody(flags: Flags, capture: number | null, start: number): Node {
    const body = this.alternation({ ...flags });
    this.expect(")", start);
    return { type: "group", capture, body };
  }

  private look(flags: Flags, behind: boolean, negate: boolean): Node {
    const start = this.i;
    const body = this.alternation({ ...flags });
    this.expect(")", start);
    return { type: "look", behind, negate, body };
  }

  private expect(c: string, from: number): void {
    if (this.p[this.i] !== c) throw new Unsupported(`unterminated group at ${from}`);
    this.i++;
  }

  private namedRef(name: string, flags: Flags): Node {
    const node = { type: "backref" as const, group: 0, caseless: flags.caseless };
    this.pendingNamedRefs.push({ node, name });
    return node;
  }

  /** A backslash sequence outside a class. */
  private escape(flags: Flags): Node | undefined {
    const p = this.p;
    const e = p[this.i + 1];
    if (e === undefined) throw new Unsupported("trailing backslash");
    if (e === "h" || e === "H" || e === "v" || e === "V") {
      // PCRE's auto-possessification treats \h and \v as subsets of \s, which they are not in
      // the C locale (0xA0, 0x85): `\v?\S` does not match "\x85" in Apache. V8 cannot mimic that.
      throw new Unsupported(`\\${e} outside a class (PCRE auto-possessifies it as if it were within \\s)`);
    }
    if (ESCAPE_CLASSES[e]) {
      this.i += 2;
      return this.set(ESCAPE_CLASSES[e], flags);
    }
    switch (e) {
      case "b":
      case "B":
        this.i += 2;
        return { type: "assert", kind: e === "b" ? "word" : "notWord" };
      case "A":
      case "G": // \G: at the start offset, which is always 0 here
        this.i += 2;
        return { type: "assert", kind: "start" };
      case "z":
        this.i += 2;
        return { type: "assert", kind: "end" };
      case "Z":
        this.i += 2;
        return { type: "assert", kind: "endOrNewline" };
      case "N":
        if (p[this.i + 2] === "{") throw new Unsupported("\\N{…}");
        this.i += 2;
        return { type: "set", bytes: ANY_BUT_NEWLINE };
      case "E":
        this.i += 2;
        return undefined;
      case "Q":
        return this.quoted(flags);
      case "g":
      case "k":
        return this.reference(flags);
    }
    if (isDigit(e)) {
      if (e === "0") return this.char(this.octal(this.i + 1, 3), flags);
      if (isDigit(p[this.i + 2])) throw new Unsupported("multi-digit back reference or octal escape");
      this.i += 2;
      return { type: "backref", group: Number(e), caseless: flags.caseless };
    }
    const code = this.characterEscape(e, false);
    return this.char(code, flags);
  }

  /** \Q…\E: each byte literal. Returns the items through the sequence (quantifiers then apply to the last). */
  private quoted(flags: Flags): Node | undefined {
    const p = this.p;
    const end = p.indexOf("\\E", this.i + 2);
    const text = p.slice(this.i + 2, end < 0 ? p.length : end);
    this.i = end < 0 ? p.length : end + 2;
    if (text.length === 0) {
      const next = p[this.i];
      if (next === "*" || next === "+" || next === "?" || next === "{") throw new Unsupported("quantifier after empty \\Q\\E");
      return undefined;
    }
    if (text.length === 1) return this.char(text.charCodeAt(0), flags);
    // Several bytes: all but the last become plain items; the last can take a quantifier.
    const next = p[this.i];
    if (next === "*" || next === "+" || next === "?" || next === "{") throw new Unsupported("quantifier after \\Q…\\E");
    return { type: "seq", items: Array.from(text, (ch) => this.char(ch.charCodeAt(0), flags)) };
  }

  /** \g{n} \gn \g{-n} \g-n \g{name} \k<name> \k'name' \k{name}. */
  private reference(flags: Flags): Node {
    const p = this.p;
    const kind = p[this.i + 1];
    const rest = p.slice(this.i + 2);
    let m: RegExpExecArray | null;
    if (kind === "g") {
      if ((m = /^\{(-?\d+)\}/.exec(rest)) || (m = /^(-?\d+)/.exec(rest))) {
        this.i += 2 + m[0].length;
        const n = Number(m[1]);
        const group = n < 0 ? this.captures + 1 + n : n;
        if (group < 1) throw new Unsupported("relative reference out of range");
        return { type: "backref", group, caseless: flags.caseless };
      }
      if ((m = /^\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(rest))) {
        this.i += 2 + m[0].length;
        return this.namedRef(m[1], flags);
      }
      throw new Unsupported("\\g subroutine call");
    }
    if ((m = /^(?:<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)'|\{([A-Za-z_]\w*)\})/.exec(rest))) {
      this.i += 2 + m[0].length;
      return this.namedRef(m[1] ?? m[2] ?? m[3], flags);
    }
    throw new Unsupported("\\k reference");
  }

  /** Up to `maxDigits` octal digits starting at `at`; advances past them. */
  private octal(at: number, maxDigits: number): number {
    let value = 0;
    let j = at;
    while (j < at + maxDigits && isOctal(this.p[j])) value = value * 8 + Number(this.p[j++]);
    if (value > 0xff) throw new Unsupported("octal escape above \\377");
    this.i = j;
    return value;
  }

  /**
   * Escapes that stand for one byte: \t \n \r \f \e \a \xhh \x{hh} \o{ooo} \cX, and a backslash
   * before any non-alphanumeric byte. `inClass` adds \b (backspace) and octal \1–\7.
   */
  private characterEscape(e: string, inClass: boolean): number {
    const p = this.p;
    const simple: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, e: 27, a: 7 };
    if (simple[e] !== undefined) {
      this.i += 2;
      return simple[e];
    }
    if (e === "x") {
      if (p[this.i + 2] === "{") {
        const m = /^\{([0-9a-fA-F]+)\}/.exec(p.slice(this.i + 2));
        if (!m) throw new Unsupported("\\x{…}");
        const v = parseInt(m[1], 16);
        if (v > 0xff) throw new Unsupported("\\x{…} above 0xff");
        this.i += 2 + m[0].length;
        return v;
      }
      let j = this.i + 2;
      let v = 0;
      while (j < this.i + 4 && isHex(p[j])) v = v * 16 + parseInt(p[j++], 16);
      this.i = j;
      return v;
    }
    if (e === "o") {
      const m = /^\{([0-7]+)\}/.exec(p.slice(this.i + 2));
      if (!m) throw new Unsupported("\\o{…}");
      const v = parseInt(m[1], 8);
      if (v > 0xff) throw new Unsupported("\\o{…} above \\377");
      this.i += 2 + m[0].length;
      return v;
    }
    if (e === "c") {
      const x = p[this.i + 2];
      if (x === undefined || x.charCodeAt(0) < 0x20 || x.charCodeAt(0) > 0x7e) throw new Unsupported("\\c");
      this.i += 3;
      return x.toUpperCase().charCodeAt(0) ^ 0x40;
    }
    if (inClass && e === "b") {
      this.i += 2;
      return 8;
    }
    if (inClass && isOctal(e)) return this.octal(this.i + 1, 3);
    if (isAlnum(e)) throw new Unsupported(`escape \\${e}`);
    this.i += 2;
    return e.charCodeAt(0);
  }

  /** [...] → a byte set (caseless partners added before negation, as PCRE does). */
  private charClass(flags: Flags): Node {
    const p = this.p;
    this.i++; // [
    let negate = false;
    if (p[this.i] === "^") {
      negate = true;
      this.i++;
    }
    const bytes = new ByteSet();
    let first = true;
    for (;;) {
      if (this.i >= p.length) throw new Unsupported("unterminated class");
      const c = p[this.i];
      if (c === "]" && !first) {
        this.i++;
        break;
      }
      first = false;
      if (c === "[" && (p[this.i + 1] === "." || p[this.i + 1] === "=")) throw new Unsupported("POSIX collating element");
      if (c === "[" && p[this.i + 1] === ":") {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(this.i));
        if (!m || !POSIX_CLASSES[m[2]]) throw new Unsupported("POSIX class");
        this.i += m[0].length;
        bytes.addSet(m[1] ? POSIX_CLASSES[m[2]].complement() : POSIX_CLASSES[m[2]]);
        if (p[this.i] === "-" && p[this.i + 1] !== "]") throw new Unsupported("range from a POSIX class");
        continue;
      }
      // One member: a class escape (no ranges from it) or a single byte (maybe a range start).
      let lo: number;
      if (c === "\\") {
        const e = p[this.i + 1];
        if (e === undefined) throw new Unsupported("trailing backslash");
        if (ESCAPE_CLASSES[e]) {
          this.i += 2;
          bytes.addSet(ESCAPE_CLASSES[e]);
          if (p[this.i] === "-" && p[this.i + 1] !== "]") throw new Unsupported("range from a class escape");
          continue;
        }
        if (e === "Q" || e === "E" || e === "N" || e === "R" || e === "X" || e === "p" || e === "P") {
          throw new Unsupported(`\\${e} in a class`);
        }
        if (e === "0") lo = this.octal(this.i + 1, 3);
        else if (isDigit(e) && !isOctal(e)) throw new Unsupported(`\\${e} in a class`);
        else lo = this.characterEscape(e, true);
      } else {
        lo = c.charCodeAt(0);
        this.i++;
      }
      if (p[this.i] === "-" && p[this.i + 1] !== "]" && this.i + 1 < p.length) {
        // A range lo-hi; hi must be a single byte too.
        const save = this.i;
        this.i++;
        let hi: number;
        const h = p[this.i];
        if (h === "[" && (p[this.i + 1] === ":" || p[this.i + 1] === "." || p[this.i + 1] === "=")) {
          throw new Unsupported("range to a POSIX class");
        }
        if (h === "\\") {
          const e = p[this.i + 1];
          if (e === undefined || ESCAPE_CLASSES[e] || /[QENRXpP]/.test(e)) throw new Unsupported("range to a class escape");
          if (e === "0") hi = this.octal(this.i + 1, 3);
          else if (isDigit(e) && !isOctal(e)) throw new Unsupported(`\\${e} in a class`);
          else hi = this.characterEscape(e, true);
        } else {
          hi = h.charCodeAt(0);
          this.i++;
        }
        if (hi < lo) throw new Unsupported(`range out of order at ${save}`);
        bytes.addRange(lo, hi);
        continue;
      }
      bytes.add(lo);
    }
    const folded = flags.caseless ? bytes.withAsciiCasePartners() : bytes;
    return { type: "set", bytes: negate ? folded.complement() : folded };
  }
}
