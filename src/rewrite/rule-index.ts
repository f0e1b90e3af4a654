/**
 * Rule indexing (issue 7): Apache tries every RewriteRule of a list in order, so a site with
 * thousands of migration redirects pays for each of them on every request. htrewrite keeps that
 * first-match order but skips rules whose pattern provably cannot match the current subject.
 *
 * For each rule we derive a cheap *necessary* condition from its pattern text (never a
 * sufficient one: a rule that passes is still matched by its compiled regex):
 * - `^lit…`, `\Alit…` → the subject starts with `lit`;
 * - `^(a|b…)…`, `^a…|^b…` (anchored alternatives) → it starts with one of them;
 * - otherwise the longest literal run at the top level of the pattern → the subject contains it.
 * `[NC]` rules compare ASCII-folded text, the folding PCRE's C-locale tables do (bytes ≥ 0x80 are
 * never part of a case-insensitive literal, so nothing depends on how they fold). Negated patterns,
 * inline options, `\Q…\E` and anything else the scanner does not understand give "always".
 *
 * Only chain *heads* are filtered. A rejected head is exactly a rule that did not match, and the
 * rule loop skips the rest of its chain for it, so jumping to the next candidate head is what the
 * plain loop does too. Chain members are always visited (the loop reaches them only after their
 * predecessor matched, after a subrequest skip of it, or by an `[S=n]` landing). A chained head
 * that a subrequest skips without chain semantics ([NS] or a redirect rule) is always a candidate.
 * `[S=n]`, `[N]` and a changed subject need nothing special: the loop asks again with the index it
 * would try next and the subject it would match.
 */
import { asciiLower, type ByteString } from "../util/bytes.js";
import type { RewriteContext } from "./context.js";
import type { CompiledRule } from "./types.js";

/** A necessary condition on the subject for a rule's pattern to match. */
export type RuleFilter =
  | { readonly kind: "always" }
  /** The subject starts with one of `prefixes` (ASCII-folded when `nocase`). */
  | { readonly kind: "prefix"; readonly prefixes: readonly ByteString[]; readonly nocase: boolean }
  /** The subject contains `literal` (ASCII-folded when `nocase`). */
  | { readonly kind: "substring"; readonly literal: ByteString; readonly nocase: boolean };

const ALWAYS: RuleFilter = { kind: "always" };

/** Characters that end a literal run outside a character class. */
const META = new Set(["\\", "^", "$", ".", "[", "]", "|", "(", ")", "?", "*", "+", "{", "}"]);

function isAlnum(c: string): boolean {
  return /^[0-9A-Za-z]$/.test(c);
}

/**
 * Index just past the escape at `s[i] === "\\"`. Escapes with arguments (`\x41`, `\x{..}`,
 * `\o{..}`, `\p{..}`, `\pL`, `\cX`, `\g{..}`, `\g-1`, `\k<..>`, `\012`, `\12`) are consumed
 * whole, so their arguments are never read as literals or as structure.
 */
function escapeEnd(s: string, i: number): number {
  const n = s[i + 1];
  if (n === undefined) return i + 1;
  let j = i + 2;
  if (!isAlnum(n)) return j;
  const close: Record<string, string> = { "{": "}", "<": ">", "'": "'" };
  const opener = s[j];
  if (opener !== undefined && close[opener] !== undefined && "xopPNgk".includes(n)) {
    const end = s.indexOf(close[opener], j + 1);
    return end < 0 ? s.length : end + 1;
  }
  if (n === "x") {
    while (j < i + 4 && /^[0-9A-Fa-f]$/.test(s[j] ?? "")) j++;
  } else if (n === "c" || n === "p" || n === "P") j++;
  else if (n === "g") {
    if (s[j] === "-" || s[j] === "+") j++;
    while (/^[0-9]$/.test(s[j] ?? "")) j++;
  } else if (/^[0-9]$/.test(n)) {
    while (/^[0-9]$/.test(s[j] ?? "")) j++;
  }
  return Math.min(j, s.length);
}

/** Index just past the character class starting at `s[i] === "["`, or -1 when it is not closed. */
function skipClass(s: string, i: number): number {
  let j = i + 1;
  if (s[j] === "^") j++;
  // A `]` right after `[` or `[^` is a literal member.
  if (s[j] === "]") j++;
  while (j < s.length) {
    const c = s[j];
    if (c === "\\") j = escapeEnd(s, j);
    else if (c === "[" && (s[j + 1] === ":" || s[j + 1] === "." || s[j + 1] === "=")) {
      const close = s.indexOf(s[j + 1] + "]", j + 2);
      j = close < 0 ? j + 1 : close + 2;
    } else if (c === "]") return j + 1;
    else j++;
  }
  return -1;
}

/** Index just past the group opened at `s[i] === "("`, or -1 when it is not closed. */
function skipGroup(s: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < s.length) {
    const c = s[j];
    if (c === "\\") j = escapeEnd(s, j);
    else if (c === "[") {
      j = skipClass(s, j);
      if (j < 0) return -1;
    } else {
      if (c === "(") depth++;
      else if (c === ")" && --depth === 0) return j + 1;
      j++;
    }
  }
  return -1;
}

/**
 * Split `s` at its top-level `|`. Null when the pattern uses a construct that could change how
 * its literals match or that this scanner does not follow (inline options, `\Q…\E`, verbs,
 * named or branch-reset groups, comments, unbalanced parentheses).
 */
function splitAlternatives(s: string): string[] | null {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  let j = 0;
  while (j < s.length) {
    const c = s[j];
    if (c === "\\") {
      const n = s[j + 1];
      if (n === "Q" || n === "E" || n === undefined) return null;
      j = escapeEnd(s, j);
    } else if (c === "[") {
      j = skipClass(s, j);
      if (j < 0) return null;
    } else if (c === "(") {
      const n = s[j + 1];
      if (n === "*") return null;
      if (n === "?") {
        const k = s[j + 2];
        const lookbehind = k === "<" && (s[j + 3] === "=" || s[j + 3] === "!");
        if (k !== ":" && k !== "=" && k !== "!" && k !== ">" && !lookbehind) return null;
      }
      depth++;
      j++;
    } else if (c === ")") {
      if (--depth < 0) return null;
      j++;
    } else if (c === "|" && depth === 0) {
      out.push(s.slice(start, j));
      start = ++j;
    } else j++;
  }
  if (depth !== 0) return null;
  out.push(s.slice(start));
  return out;
}

/** The quantifier at `s[i]` makes the preceding atom optional (`?`, `*`, `{…}` read conservatively). */
function isOptionalQuantifier(c: string | undefined): boolean {
  return c === "?" || c === "*" || c === "{";
}

/** One literal atom at `s[i]`: its byte and width, or null when `s[i]` starts anything else. */
function literalAtom(s: string, i: number, nocase: boolean): { byte: string; width: number } | null {
  const c = s[i];
  if (c === undefined) return null;
  let byte = c;
  let width = 1;
  if (c === "\\") {
    const n = s[i + 1];
    // `\` + alphanumeric is a class, an anchor, a back-reference or a coded byte: not a literal here.
    if (n === undefined || isAlnum(n)) return null;
    byte = n;
    width = 2;
  } else if (META.has(c)) return null;
  if (nocase && byte.charCodeAt(0) >= 0x80) return null;
  return { byte: nocase ? asciiLower(byte) : byte, width };
}

/**
 * The literal run starting at `s[i]`: the bytes every match must have there, and whether the run
 * reached the end of `s` with nothing left over (then the whole of `s` is that literal).
 */
function literalRun(s: string, i: number, nocase: boolean): { text: string; end: number; complete: boolean } {
  // Bytes are collected and joined once: appending one by one would keep each literal as a
  // chain of one-byte string pieces, which an index of thousands of rules would hold on to.
  const bytes: string[] = [];
  let j = i;
  for (;;) {
    const atom = literalAtom(s, j, nocase);
    if (atom === null) return { text: bytes.join(""), end: j, complete: j === s.length };
    const after = s[j + atom.width];
    if (isOptionalQuantifier(after)) return { text: bytes.join(""), end: j, complete: false };
    bytes.push(atom.byte);
    j += atom.width;
    // `x+`: one x is required, but what follows no longer sits at a fixed offset.
    if (after === "+") return { text: bytes.join(""), end: j, complete: false };
  }
}

/**
 * Literals one of which every match of `s` (from its start) begins with, or null when `s` may
 * begin with anything. Handles a literal run and a leading group of literal alternatives.
 */
function leadingLiterals(s: string, nocase: boolean): string[] | null {
  if (s.startsWith("(")) {
    const isPlain = s[1] !== "?";
    const isNonCapturing = s.startsWith("(?:") || s.startsWith("(?>");
    if (!isPlain && !isNonCapturing) return null;
    const end = skipGroup(s, 0);
    if (end < 0 || isOptionalQuantifier(s[end])) return null;
    const inner = s.slice(isPlain ? 1 : 3, end - 1);
    const alts = splitAlternatives(inner);
    if (alts === null) return null;
    const out: string[] = [];
    for (const alt of alts) {
      const lits = leadingLiterals(alt, nocase);
      if (lits === null) return null;
      out.push(...lits);
    }
    return out;
  }
  const run = literalRun(s, 0, nocase);
  if (run.text === "") return null;
  // `lit(a|b)…`: the run followed by one of the group's leading literals.
  if (s[run.end] === "(") {
    const rest = leadingLiterals(s.slice(run.end), nocase);
    if (rest !== null && rest.length <= MAX_PREFIXES) return rest.map((r) => run.text + r);
  }
  return [run.text];
}

/** A cap on the prefixes one rule contributes (`^(a|b)(c|d)…` multiplies them). */
const MAX_PREFIXES = 64;

/** The longest literal run at the top level of one alternative (a required substring), or "". */
function longestTopLevelLiteral(s: string, nocase: boolean): string {
  let best = "";
  let j = 0;
  while (j < s.length) {
    const run = literalRun(s, j, nocase);
    if (run.text.length > best.length) best = run.text;
    j = run.end;
    if (j >= s.length) break;
    const c = s[j];
    if (c === "(") {
      j = skipGroup(s, j);
      if (j < 0) return best;
    } else if (c === "[") {
      j = skipClass(s, j);
      if (j < 0) return best;
    } else if (c === "\\") j = escapeEnd(s, j);
    else j++; // an anchor, `.`, a quantifier or a quantified literal: the run ends here
    // Skip a quantifier (and its lazy/possessive suffix) applied to what we just passed.
    while (j < s.length && (s[j] === "?" || s[j] === "*" || s[j] === "+")) j++;
    const counted = /^\{\d*,?\d*\}/.exec(s.slice(j, j + 24));
    if (counted !== null) j += counted[0].length;
  }
  return best;
}

/** Strip a leading `^` or `\A`: the only anchors that pin a match to the subject's start (no MULTILINE in Apache). */
function stripStartAnchor(alt: string): string | null {
  if (alt.startsWith("^")) return alt.slice(1);
  if (alt.startsWith("\\A")) return alt.slice(2);
  return null;
}

/**
 * The necessary condition for a RewriteRule pattern (without its `!`) to match. `negate` rules
 * match when the regex does not, so nothing can be said about them.
 */
export function ruleFilter(pattern: string, negate: boolean, nocase: boolean): RuleFilter {
  if (negate) return ALWAYS;
  const alts = splitAlternatives(pattern);
  if (alts === null) return ALWAYS;
  const prefixes: string[] = [];
  let anchored = true;
  for (const alt of alts) {
    const body = stripStartAnchor(alt);
    const lits = body === null ? null : leadingLiterals(body, nocase);
    if (lits === null) {
      anchored = false;
      break;
    }
    prefixes.push(...lits);
  }
  if (anchored) return { kind: "prefix", prefixes: [...new Set(prefixes)], nocase };
  if (alts.length !== 1) return ALWAYS;
  const literal = longestTopLevelLiteral(pattern, nocase);
  return literal === "" ? ALWAYS : { kind: "substring", literal, nocase };
}

/** Rule filters are a pure function of the rule; merged lists share rule objects, so keep them. */
const filterCache = new WeakMap<CompiledRule, RuleFilter>();

function filterOf(rule: CompiledRule): RuleFilter {
  let f = filterCache.get(rule);
  if (f === undefined) {
    // The regex may be caseless without [NC] (RegexDefaultOptions ICASE, case rdo_order).
    f = ruleFilter(rule.pattern, rule.negate, rule.flags.nocase || rule.regex.nocase === true);
    filterCache.set(rule, f);
  }
  return f;
}

/**
 * Prefix tables: length → prefix → heads (ascending). Most prefixes belong to one rule, which is
 * stored as a bare number (an array per rule would double the index's memory).
 */
type PrefixTable = Map<number, Map<string, number | number[]>>;

function addPrefix(table: PrefixTable, prefix: string, rule: number): void {
  let byText = table.get(prefix.length);
  if (byText === undefined) table.set(prefix.length, (byText = new Map()));
  const hit = byText.get(prefix);
  if (hit === undefined) byText.set(prefix, rule);
  else if (typeof hit === "number") {
    if (hit !== rule) byText.set(prefix, [hit, rule]);
  } else if (hit[hit.length - 1] !== rule) hit.push(rule);
}

/** Fewer filterable heads than this and the plain loop is at least as fast. */
export const MIN_FILTERED_HEADS = 4;

/** The compiled index of one rule list. */
export class RuleIndex {
  /** `nextAlways[i]`: the first always-candidate head at or after i (rules.length if none). */
  private readonly nextAlways: Int32Array;
  private readonly isHead: Uint8Array;
  private readonly exact: PrefixTable = new Map();
  private readonly folded: PrefixTable = new Map();
  private readonly substrings: Array<{ literal: string; nocase: boolean; rules: number[] }> = [];
  private readonly hasFolded: boolean;
  private lastSubject: string | null = null;
  private lastCandidates: Int32Array = new Int32Array(0);
  /** Heads the index can reject. */
  readonly filteredHeads: number;

  constructor(readonly rules: readonly CompiledRule[]) {
    const n = rules.length;
    this.isHead = new Uint8Array(n);
    this.nextAlways = new Int32Array(n + 1);
    const always = new Uint8Array(n);
    const bySubstring = new Map<string, { literal: string; nocase: boolean; rules: number[] }>();
    let filtered = 0;
    for (let i = 0; i < n; i++) {
      const rule = rules[i];
      if (i > 0 && rules[i - 1].flags.chain) continue;
      this.isHead[i] = 1;
      const subreqSkipsWithoutChain = rule.flags.chain && (rule.flags.noSubreq || rule.flags.redirect);
      const f = subreqSkipsWithoutChain ? ALWAYS : filterOf(rule);
      if (f.kind === "always") {
        always[i] = 1;
        continue;
      }
      filtered++;
      if (f.kind === "prefix") {
        for (const p of f.prefixes) addPrefix(f.nocase ? this.folded : this.exact, p, i);
      } else {
        const key = (f.nocase ? "i:" : "s:") + f.literal;
        const entry = bySubstring.get(key);
        if (entry === undefined) bySubstring.set(key, { literal: f.literal, nocase: f.nocase, rules: [i] });
        else entry.rules.push(i);
      }
    }
    this.filteredHeads = filtered;
    this.hasFolded = this.folded.size > 0 || [...bySubstring.values()].some((e) => e.nocase);
    this.substrings = [...bySubstring.values()];
    this.nextAlways[n] = n;
    for (let i = n - 1; i >= 0; i--) this.nextAlways[i] = always[i] ? i : this.nextAlways[i + 1];
  }

  /** The filtered heads whose necessary condition holds for `subject`, ascending. */
  candidates(subject: ByteString): Int32Array {
    if (subject === this.lastSubject) return this.lastCandidates;
    const found: number[] = [];
    const lower = this.hasFolded ? asciiLower(subject) : subject;
    collectPrefixes(this.exact, subject, found);
    collectPrefixes(this.folded, lower, found);
    for (const s of this.substrings) {
      if ((s.nocase ? lower : subject).includes(s.literal)) for (const r of s.rules) found.push(r);
    }
    const out = Int32Array.from(found).sort();
    this.lastSubject = subject;
    this.lastCandidates = out;
    return out;
  }

  /**
   * The index of the next rule the loop must try, at or after `from`, for `subject`; rules.length
   * when none is left. Every rule skipped is one the plain loop would have found not matching
   * (with its chain skipped along).
   */
  next(from: number, subject: ByteString): number {
    const n = this.rules.length;
    if (from >= n) return n;
    if (!this.isHead[from]) return from;
    const a = this.nextAlways[from];
    const c = this.candidates(subject);
    // First candidate ≥ from (binary search).
    let lo = 0;
    let hi = c.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < c.length && c[lo] < a ? c[lo] : a;
  }
}

function collectPrefixes(table: PrefixTable, subject: string, out: number[]): void {
  for (const [length, byText] of table) {
    if (length > subject.length) continue;
    const hit = byText.get(subject.slice(0, length));
    if (typeof hit === "number") out.push(hit);
    else if (hit !== undefined) for (const r of hit) out.push(r);
  }
}

/**
 * Indexes by rule list. A list seen only once (a per-directory merge made for one request) is
 * not worth an index, so the first request marks it and the second builds it.
 */
const indexes = new WeakMap<readonly CompiledRule[], { length: number; index: RuleIndex | null; seen: number }>();

/**
 * The index for `rules`, built lazily; null when the plain loop should run (a list seen for the
 * first time, or one with fewer than MIN_FILTERED_HEADS filterable heads).
 */
export function ruleIndexFor(rules: readonly CompiledRule[]): RuleIndex | null {
  const entry = indexes.get(rules);
  // The length check guards against a list that grew after it was indexed.
  if (entry === undefined || entry.length !== rules.length) {
    indexes.set(rules, { length: rules.length, index: null, seen: 1 });
    return null;
  }
  if (entry.seen === 1) {
    entry.seen = 2;
    const index = new RuleIndex(rules);
    entry.index = index.filteredHeads >= MIN_FILTERED_HEADS ? index : null;
  }
  return entry.index;
}

/**
 * The next rule index to try (see RuleIndex.next); `from` itself when the list has no index.
 * This is the one call the rule loop makes.
 */
export function candidateRules(rules: readonly CompiledRule[], from: number, subject: ByteString): number {
  const index = ruleIndexFor(rules);
  return index === null ? from : index.next(from, subject);
}

/**
 * The subject the next rule will be matched against, as applyRule computes it: the current
 * filename, in per-directory context with PATH_INFO re-appended and PERDIR stripped (not for
 * `proxy:` subjects of proxy requests).
 */
export function ruleSubject(ctx: RewriteContext): ByteString {
  const { req, perdir } = ctx;
  let subject = req.filename ?? "";
  if (perdir === null) return subject;
  const isProxyReq = req.proxyreq !== "none" && subject.startsWith("proxy:");
  if (req.pathInfo !== null && req.pathInfo !== "") subject += req.pathInfo;
  if (!isProxyReq && subject.startsWith(perdir)) subject = subject.slice(perdir.length);
  return subject;
}
