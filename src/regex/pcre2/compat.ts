/**
 * Compile-time rules of Apache's PCRE2 (10.42, 8-bit library, no UTF) that the WebAssembly build
 * (10.34, 16-bit library) does not apply by itself:
 *
 * - a character value above 0xFF (`\x{100}`, `\o{400}`) is error 134, an octal escape above \377
 *   (`\400`, `\777`) is error 151 — the 16-bit library accepts both;
 * - `\K` inside a lookaround is error 199 since 10.38 (10.34 accepts it); PCRE2 reports it after
 *   parsing, at the end of the pattern;
 * - `(*UTF)` switches the 8-bit library to UTF-8 but the 16-bit one to UTF-16, which would read
 *   byte subjects differently; htrewrite refuses it rather than answer differently;
 * - a capture group that contains a back reference to itself is atomic in 10.34 (PCRE2 ChangeLog
 *   10.35 item 4 removed that), so `(a\1|x/?)/` fails on "/x/" where Apache matches "x/";
 *   no respelling avoids it, so htrewrite refuses such patterns rather than answer differently;
 * - a two-letter case-pair class such as `[Ww]`, quantified and last, loses its caseless flag
 *   in 10.34's required-character check (ChangeLog 10.40 item 22): `[Ww]{3}` fails on "www".
 *   Such classes get `\x{100}` added — a code unit no byte subject contains, so the meaning is
 *   unchanged but 10.34 no longer turns the class into a caseless character;
 * - `{` followed by a number above 65535 without a closing brace is a literal in 10.42 but an
 *   error in 10.34 (ChangeLog 10.36 item 4): respelled `\{`;
 * - an octal escape followed by more digits (`\214748364`) overflows in 10.34: respelled
 *   `\o{214}`;
 * - a DEFINE group with a lookbehind in the same pattern is mis-compiled by 10.34 (ChangeLog
 *   10.38 item 20; the live differential also shows lookbehind length checks skipped) and cannot
 *   be respelled: refused;
 * - \K does not propagate out of a whole-pattern recursion in 10.34 (ChangeLog 10.36 item 6:
 *   `a\K.(?0)*` on "abac" gives "bac", Apache "c"): patterns with both are refused;
 * - the non-atomic lookaround shorthands `(?*…)` and `(?<*…)` arrived in 10.35: they are
 *   rewritten to their 10.34 spellings `(*napla:…)` / `(*naplb:…)` (same meaning), and error
 *   offsets are mapped back to the original pattern.
 *
 * This is a lexical scan (escapes, \Q…\E, classes, comments, groups) — enough to find these
 * constructs without a full parse; everything else is left to PCRE2 itself. Offsets and messages
 * are pcre2test's (measured, see test/regex/golden).
 */

/** A span of the pattern replaced by an equivalent spelling PCRE2 10.34 understands. */
interface Rewrite {
  readonly at: number;
  readonly length: number;
  readonly replacement: string;
}

/** The pattern as it is handed to the WebAssembly build, and how to map offsets back. */
export interface WasmPattern {
  readonly source: string;
  /** Offset in `source` → offset in the original pattern. */
  toOriginalOffset(offset: number): number;
  /** A rule Apache's PCRE2 applies and the WebAssembly build does not, if any. */
  readonly violation: EightBitViolation | undefined;
  /** A construct Apache accepts but htrewrite cannot reproduce, if any. */
  readonly unsupported: EightBitViolation | undefined;
}

export interface EightBitViolation {
  readonly message: string;
  readonly offset: number;
  /** true when PCRE2 detects it while parsing (a parse error earlier in the pattern wins). */
  readonly atParse: boolean;
  /** Where the offending construct is (for errors reported at another offset). */
  readonly position: number;
  /** Apache accepts it but htrewrite cannot reproduce it: refused only if PCRE2 compiles the rest. */
  readonly unsupported?: boolean;
  /** Refused even when the WebAssembly build reports an error of its own (which it may get wrong). */
  readonly overridesErrors?: boolean;
}

const MSG_TOO_LARGE = "character code point value in \\x{} or \\o{} is too large";
const MSG_OCTAL = "octal value is greater than \\377 in 8-bit non-UTF-8 mode";
const MSG_BSK = "\\K is not allowed in lookarounds (but see PCRE2_EXTRA_ALLOW_LOOKAROUND_BSK)";
const MSG_UTF = "(*UTF) is not supported by htrewrite (Apache would match in UTF-8 mode)";
const MSG_N_NAME = "PCRE2 does not support \\F, \\L, \\l, \\N{name}, \\U, or \\u";
const MSG_DEFINE_LOOKBEHIND =
  "a DEFINE group together with a lookbehind is not supported by htrewrite (its PCRE2 10.34 engine mis-compiles it)";
const MSG_K_RECURSION =
  "\\K together with a whole-pattern recursion is not supported by htrewrite (its PCRE2 10.34 engine loses the \\K)";
const MSG_SELF_REF =
  "a group containing a back reference to itself is not supported by htrewrite (its PCRE2 10.34 engine makes such groups atomic, Apache's 10.42 does not)";

/** Start-of-pattern items: (*NAME) or (*NAME=digits), any number of them. */
const START_ITEMS = /^(?:\(\*[A-Z_]+(?:=\d+)?\))*/;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isOctal = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "7";
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** Lookaround openers after "(": PCRE2 10.42 syntax, including the alpha-assertion names. */
const LOOKAROUND_OPENERS = [
  "?=", "?!", "?<=", "?<!", "?*", "?<*",
  "*pla:", "*nla:", "*plb:", "*nlb:", "*napla:", "*naplb:",
  "*positive_lookahead:", "*negative_lookahead:", "*positive_lookbehind:", "*negative_lookbehind:",
  "*non_atomic_positive_lookahead:", "*non_atomic_positive_lookbehind:",
];

/** Does the "(" at `i` open a capturing group? (plain, or named in any of PCRE's syntaxes) */
function opensCapture(p: string, i: number): boolean {
  if (p[i + 1] !== "?" && p[i + 1] !== "*") return true;
  if (p[i + 1] === "*") return false;
  const rest = p.slice(i + 2, i + 4);
  if (rest[0] === "<" && rest[1] !== "=" && rest[1] !== "!" && rest[1] !== "*") return true;
  if (rest[0] === "'") return true;
  if (rest === "P<") return true;
  return false;
}

/**
 * Prepare a pattern for the WebAssembly build: find the first construct Apache's 8-bit PCRE2
 * 10.42 refuses but the 16-bit 10.34 build accepts, and respell 10.35+ syntax.
 */
export function prepareForWasm(p: string, prefix = ""): WasmPattern {
  const rewrites: Rewrite[] = [];
  // Inline options to add go after the start-of-pattern items ((*LIMIT_MATCH=…), (*CR) …),
  // which PCRE2 accepts only at the very beginning.
  if (prefix) rewrites.push({ at: START_ITEMS.exec(p)?.[0].length ?? 0, length: 0, replacement: prefix });
  const unsupported: { first?: EightBitViolation } = {};
  const violation = scan(p, rewrites, unsupported);
  rewrites.sort((a, b) => a.at - b.at);
  let source = "";
  let last = 0;
  for (const r of rewrites) {
    source += p.slice(last, r.at) + r.replacement;
    last = r.at + r.length;
  }
  source += p.slice(last);
  return {
    source,
    violation,
    unsupported: unsupported.first,
    toOriginalOffset(offset: number): number {
      let shift = 0;
      for (const r of rewrites) {
        const start = r.at + shift; // where the replacement starts in `source`
        if (offset < start) break;
        if (offset < start + r.replacement.length) return r.at;
        shift += r.replacement.length - r.length;
      }
      return offset - shift;
    },
  };
}

function scan(p: string, rewrites: Rewrite[], unsupported: { first?: EightBitViolation }): EightBitViolation | undefined {
  if (/^(?:\(\*[A-Z_]+(?:=\d+)?\))*\(\*UTF\)/.test(p)) {
    unsupported.first = { message: MSG_UTF, offset: 0, atParse: true, position: 0, unsupported: true };
  }
  let captures = 0;
  const lookaround: boolean[] = []; // one entry per open group: is it (inside) a lookaround?
  // One entry per open group: its capture number and name (0 / "" when not capturing).
  const open: { n: number; name: string; define: boolean }[] = [];
  const selfRef = (ref: number | string): boolean =>
    open.some((g) => (typeof ref === "number" ? g.n === ref && g.n > 0 : g.name === ref && g.name !== ""));
  let bskInLookaround = -1;
  let sawK = false;
  let sawDefine = -1;
  let sawLookbehind = false;
  let found: EightBitViolation | undefined;
  // The first violation of each kind wins, but scanning goes on so every respelling is made.
  const record = (v: EightBitViolation): void => {
    if (!v.unsupported) found ??= v;
    else if (!unsupported.first || (v.overridesErrors && !unsupported.first.overridesErrors)) unsupported.first = v;
  };
  let wholeRecursion = -1;
  let i = 0;
  const n = p.length;
  let inClass = false;
  let classStart = 0;
  while (i < n) {
    const c = p[i];
    if (c === "\\") {
      const e = p[i + 1];
      if (e === undefined) break;
      if (e === "Q") {
        const end = p.indexOf("\\E", i + 2);
        i = end < 0 ? n : end + 2;
        continue;
      }
      if (e === "x" && p[i + 2] === "{") {
        let j = i + 3;
        let value = 0;
        while (isHex(p[j])) {
          value = value * 16 + parseInt(p[j], 16);
          j++;
        }
        if (j > i + 3 && value > 0xff) record({ message: MSG_TOO_LARGE, offset: j, atParse: true, position: j });
        i = j;
        continue;
      }
      if (e === "o" && p[i + 2] === "{") {
        let j = i + 3;
        let value = 0;
        while (isOctal(p[j])) {
          value = value * 8 + Number(p[j]);
          j++;
        }
        if (j > i + 3 && value > 0xff) record({ message: MSG_TOO_LARGE, offset: j, atParse: true, position: j });
        i = j;
        continue;
      }
      // References: \g{n} \gn \g{-n} \g{name} \k<name> \k'name' \k{name}.
      if (e === "g" || e === "k") {
        const m = /^\\[gk](?:\{(-?\d+|[A-Za-z_]\w*)\}|(-?\d+)|<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')/.exec(p.slice(i));
        if (m && !inClass) {
          const raw = m[1] ?? m[2] ?? m[3] ?? m[4];
          const ref = /^-?\d+$/.test(raw) ? (Number(raw) < 0 ? captures + 1 + Number(raw) : Number(raw)) : raw;
          if (selfRef(ref)) record({ message: MSG_SELF_REF, offset: 0, atParse: true, position: i, unsupported: true });
          i += m[0].length;
          continue;
        }
      }
      if (isDigit(e) && e !== "0") {
        // Outside a class: a back reference when < 10, starting with 8/9, or ≤ captures so far;
        // otherwise (and always inside a class) up to three octal digits.
        let j = i + 1;
        while (isDigit(p[j])) j++;
        const decimal = Number(p.slice(i + 1, j));
        const backref = !inClass && (decimal < 10 || e === "8" || e === "9" || decimal <= captures);
        if (backref && selfRef(decimal)) record({ message: MSG_SELF_REF, offset: 0, atParse: true, position: i, unsupported: true });
        if (!backref && isOctal(e)) {
          let k = i + 1;
          let value = 0;
          while (k < i + 4 && isOctal(p[k])) {
            value = value * 8 + Number(p[k]);
            k++;
          }
          if (value > 0o377) record({ message: MSG_OCTAL, offset: k, atParse: true, position: k });
          // 10.34 reads the whole digit run as a group number first and overflows.
          if (decimal > 65535) rewrites.push({ at: i, length: k - i, replacement: `\\o{${p.slice(i + 1, k)}}` });
          i = k;
        } else i = backref ? j : i + 2;
        continue;
      }
      if (e === "N" && p[i + 2] === "{" && !/^\{(?:U\+|\d+(?:,\d*)?\})/.test(p.slice(i + 2))) {
        // 10.42 reads \N{… as an (unsupported) character name; 10.34 as \N plus a quantifier.
        record({ message: MSG_N_NAME, offset: i + 2, atParse: true, position: i + 2 });
      }
      if ((e === "N" || e === "p" || e === "P") && p[i + 2] === "{") {
        // \N{U+…}, \p{…}: the braces belong to the escape, not a quantifier.
        const end = p.indexOf("}", i + 3);
        i = end < 0 ? n : end + 1;
        continue;
      }
      if (e === "K" && !inClass && bskInLookaround < 0 && lookaround.some(Boolean)) bskInLookaround = i;
      if (e === "K" && !inClass) sawK = true;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === "[" && p[i + 1] === ":") {
        const end = p.indexOf(":]", i + 2);
        if (end > 0) {
          i = end + 2;
          continue;
        }
      }
      if (c === "]" && i > classStart) inClass = false;
      i++;
      continue;
    }
    if (c === "[") {
      const pair = /^\[([A-Za-z])([A-Za-z])\]/.exec(p.slice(i));
      if (pair && pair[1] !== pair[2] && pair[1].toLowerCase() === pair[2].toLowerCase()) {
        rewrites.push({ at: i + 3, length: 0, replacement: "\\x{100}" });
      }
      inClass = true;
      let j = i + 1;
      if (p[j] === "^") j++;
      // A "]" right after "[" or "[^" is a literal member.
      classStart = p[j] === "]" ? j + 1 : j;
      i = j;
      continue;
    }
    if (c === "{") {
      const m = /^\{(\d+)(?:,(\d*))?(\})?/.exec(p.slice(i));
      if (m && !m[3] && (Number(m[1]) > 65535 || Number(m[2] || 0) > 65535)) rewrites.push({ at: i, length: 1, replacement: "\\{" });
      i++;
      continue;
    }
    if (c === "(") {
      if (p.startsWith("(?#", i)) {
        const end = p.indexOf(")", i);
        i = end < 0 ? n : end + 1;
        continue;
      }
      const named = /^\((?:\?<(?![=!*])|\?'|\?P<)([A-Za-z_]\w*)/.exec(p.slice(i));
      if (p.startsWith("(?P=", i)) {
        const m = /^\(\?P=([A-Za-z_]\w*)\)/.exec(p.slice(i));
        if (m && selfRef(m[1])) record({ message: MSG_SELF_REF, offset: 0, atParse: true, position: i, unsupported: true });
      }
      if (wholeRecursion < 0 && /^\(\?(?:R|0|[+-]?0)\)/.test(p.slice(i))) wholeRecursion = i;
      if (p.startsWith("(?*", i)) rewrites.push({ at: i, length: 3, replacement: "(*napla:" });
      else if (p.startsWith("(?<*", i)) rewrites.push({ at: i, length: 4, replacement: "(*naplb:" });
      const capturing = opensCapture(p, i);
      if (capturing) captures++;
      open.push({ n: capturing ? captures : 0, name: named?.[1] ?? "", define: p.startsWith("(?(DEFINE)", i) });
      const isLook = LOOKAROUND_OPENERS.some((o) => p.startsWith(o, i + 1));
      if (/^\((?:\?<[=!*]|\*(?:plb|nlb|naplb|positive_lookbehind|negative_lookbehind|non_atomic_positive_lookbehind):)/.test(p.slice(i))) {
        sawLookbehind = true;
      }
      lookaround.push(isLook || (lookaround.length > 0 && lookaround[lookaround.length - 1]));
      i++;
      continue;
    }
    if (c === ")") {
      lookaround.pop();
      const closed = open.pop();
      if (closed?.define) sawDefine = i;
      i++;
      continue;
    }
    i++;
  }
  if (sawK && wholeRecursion >= 0) {
    record({ message: MSG_K_RECURSION, offset: 0, atParse: true, position: wholeRecursion, unsupported: true });
  }
  if (sawDefine >= 0 && sawLookbehind) {
    // 10.34 mis-orders even its compile errors here: refuse whatever it says.
    record({ message: MSG_DEFINE_LOOKBEHIND, offset: 0, atParse: true, position: sawDefine, unsupported: true, overridesErrors: true });
  }
  if (found) return found;
  if (bskInLookaround >= 0) return { message: MSG_BSK, offset: n, atParse: false, position: bskInLookaround };
  return undefined;
}
