/**
 * Patterns where JavaScript RegExp and PCRE2 (8-bit, no UTF, C locale, Apache's options) differ
 * or are easy to get wrong: every trap issue 3 and rewrite.md §11 list, plus PCRE-only syntax.
 */
import type { CorpusPattern } from "./types.js";

const r = String.raw;

/** UTF-8 text and invalid UTF-8 (truncated, stray continuation, overlong, surrogate, > U+10FFFF). */
const UNICODE_SUBJECTS = [
  "caf\xc3\xa9", "CAF\xc3\x89", "\xe2\x82\xac", "\xe6\x97\xa5\xe6\x9c\xac", "\xce\xa9", "\xcf\x89", "\xc3\xa9",
  "\xe2\x80\xa8", "\xe3\x80\x80", "e\xcc\x81", "\xc3", "\xff", "\x80", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "a\xe9b",
];

function trap(source: string, patterns: string[], both = false): CorpusPattern[] {
  return patterns.flatMap((pattern) =>
    both ? [{ pattern, source }, { pattern, source, nocase: true }] : [{ pattern, source }],
  );
}

export const TRAPS: CorpusPattern[] = [
  ...trap("$ and trailing newline", [r`abc$`, r`^abc$`, r`(?m)abc$`, r`(?m)^abc$`, r`abc\Z`, r`abc\z`, r`\Aabc`, r`^$`, r`$`, r`a$|b`, r`(?m)$`, r`x$\n?`, "a$\n", r`(?m:b$)\n`, r`[$]`]),
  ...trap(". and \\n / \\r", [r`^.$`, r`^...$`, r`(?-s).`, r`(?-s)^.*$`, r`(?s).`, r`\N`, r`^\N+$`, r`a.c`, r`[.]`, r`(?s-s:.)`]),
  ...trap("\\s \\h \\v \\R", [r`^\s$`, r`^\S$`, r`[\s]`, r`[^\s]`, r`\h`, r`\v`, r`\R`, r`\H`, r`\V`, r`[[:space:]]`, r`[[:blank:]]`, r`[\h]`, r`[\v]`, r`^\s+$`, r`a\sb`, r`[^\S\n]`, r`\v*?\S`, r`\v?\S`, r`\h+\S`, r`\h?\S`, r`\V?\v`, r`[\v]?\S`, r`\s?\S`, r`\H*\h`, r`\v+\s`]),
  ...trap("\\w \\d \\b on bytes >= 0x80", [r`\w+`, r`\W`, r`\d`, r`\D`, "\\bcaf\xe9\\b", r`\b`, r`\B`, r`[\w]`, r`[^\W]`, r`^\w+$`, r`\bé`, r`\b\xe9`, r`[\w\xe9]+`, r`[^\w]`, r`\d+`]),
  ...trap("caseless bytes >= 0x80", ["\xe9", "\xc9", "[\xe0-\xff]", r`\xe9`, r`[\xc0-\xde]+`, "\xdf", "\xb5", "\xff", "caf\xe9", r`[a-z]+`, r`[A-Z]`, r`(?i)\xe9`, r`(?i)abc`, r`[^a-z]`, r`[k]`, r`[s]`, r`\x{e9}`, r`[\x{c9}]`], true),
  ...trap("POSIX classes", [r`[[:alpha:]]+`, r`[[:^digit:]]`, r`[[:word:]]`, r`[[:punct:]]`, r`[[:print:]]+`, r`[[:graph:]]`, r`[[:cntrl:]]`, r`[[:xdigit:]]+`, r`[[:alnum:]]`, r`[[:upper:]]`, r`[[:lower:]]`, r`[[:ascii:]]`, r`[[:^space:]]`, r`[^[:alpha:]]`, r`[[:foo:]]`, r`[[.a.]]`, r`[[=a=]]`, r`[[:alpha:]-z]`, r`[:alpha:]`], true),
  ...trap("anchors \\A \\Z \\z \\G", [r`\A/`, r`php\Z`, r`php\z`, r`\Gabc`, r`a\Gb`, r`(?m)\Aabc`]),
  ...trap("octal vs back-reference", [r`\12`, r`(a)\1`, r`(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\10`, r`(a)\10`, r`\1`, r`\0`, r`\012`, r`\8`, r`\9`, r`\18`, r`[\1]`, r`\101`, r`\377`, r`\400`, r`(a)\01`, r`\11`, r`(a)(b)\12`, r`\g1`, r`(a)\g1`, r`(a)\g{1}`, r`(a)\g{-1}`, r`(a)\g-1`, r`\o{101}`, r`\o{400}`, r`\x{41}`, r`\x{100}`, r`\x41`, r`\x4`, r`\xg`, r`\x`]),
  ...trap("] first in class", [r`[]a]`, r`[^]a]`, r`[]]`, r`[]-a]`, r`[]`, r`[^]`, r`[a]]`, r`[\]]`, r`[a-]`, r`[-a]`, r`[a\-z]`, r`[\d-z]`, r`[a-\d]`, r`[z-a]`, r`[\b]`, r`[\x41-\x5a]+`, r`[^\x00-\x7f]`]),
  ...trap("\\Q…\\E", [r`\Q.*\E`, r`\Qa.b`, r`a\Q\E*`, r`\Q[\E]`, r`[\Q]\E]`, r`\Qa\Eb+`, r`x\Q\Ey`, r`\E`]),
  ...trap("inline options", [r`(?i)abc`, r`a(?i)b`, r`(a(?i)b)c`, r`(?i:a)b`, r`(?-i)a`, r`(?i)é`, r`(?s)a.b`, r`(?x) a b # c`, r`(?x)[ ]a`, r`(?m)^b`, r`(?U)a+`, r`(?J)(?<n>a)|(?<n>b)`, r`(?n)(a)(?<x>b)`, r`(?^)a`, r`(?i)(?-i:a)`, r`(?xx)[a b]`, r`(?i`, r`(?z)`], true),
  ...trap("named groups", [r`(?<n>a)`, r`(?'n'a)`, r`(?P<n>a)`, r`(?P<n>a)(?P=n)`, r`(?<n>a)\k<n>`, r`(?<n>a)\k'n'`, r`(?<n>a)\k{n}`, r`(?<n>a)\g{n}`, r`(?<n>a)|(?<n>b)`, r`(?<n>a)(?<n>b)`, r`(?<1a>x)`, r`(?<a-b>x)`, r`(?<n>a)(?&n)`, r`(?<n>a)(?P>n)`, r`\k<n>`]),
  ...trap("{,n} and other quantifier forms", [r`a{,3}`, r`a{3,}`, r`a{3}`, r`a{,}`, r`a{x}`, r`a{1,2`, r`a{2,1}`, r`a{0}`, r`x{2}{3}`, r`a**`, r`*a`, r`a??`, r`a+?`, r`a{1,3}?`, r`a{ 1}`, r`a{1, 2}`, r`(a){0}b`, r`a{65536}`, r`a{65535}`, r`\d{1,3}(\.\d{1,3}){3}`]),
  ...trap("PCRE-only syntax", [r`a*+`, r`a++b`, r`(?>a+)b`, r`a\Kb`, r`(?R)?a`, r`(a)(?(1)b|c)`, r`(?(?=a)ab|cd)`, r`\C`, r`\X`, r`\p{L}`, r`\P{N}`, r`(*FAIL)|a`, r`a(*ACCEPT)b`, r`a+(*SKIP)b`, r`(*MARK:x)a`, r`(?|(a)|(b))`, r`(*LIMIT_MATCH=100)(a+)+$`, r`(*NO_AUTO_POSSESS)a+b`, r`(*CR)(?m)a$`, r`(*ANYCRLF)(?m)^b`, r`(*UCP)\w`, r`(*UTF)a`, r`(?C1)a`, r`\cA`, r`\e`, r`\a`, r`\f\r\t\n`, r`\/`, r`\-`, r`\y`, r`\i`, r`\N{U+41}`, r`(?<=a+)b`, r`(?<=a|bc)d`, r`(?<=ab|c)d`, r`(?<!\d)x`, r`(?=a\K)`, r`a(?=b)`, r`a(?!b)`, r`(*pla:a)`, r`(?*a)`, r`(?<*a)b`, r`(?*a)(`, r`(?*a)[`, r`(?*(?*a)+b)`, r`(*napla:a)`, r`\u0041`, r`\U`, r`\L`, r`(?#comment)a`, r`(?#unterminated`, r`(`, r`)`, r`a|*`, r`(?P<n>`, "\\", r`[a`, r`(?<=\K)`, r`\b{wb}`]),
  ...trap("backtracking-prone", [r`^(a+)+$`, r`(a|a)*b`, r`(.*a){12}`, r`^(\w+\s?)*$`, r`(x+x+)+y`, r`^(a|aa)+$`, r`(.*)(.*)(.*)(.*)(.*)x`, r`^(([a-z])+.)+[A-Z]([a-z])+$`, r`(\w+)*@`, r`^(a?){25}a{25}$`]),
  ...trap("captures and participation", [r`(a)|(b)`, r`(a)?(b)?c`, r`(a*)*b`, r`(a|)+b`, r`((a)|b)+`, r`(a)(?:b)(c)`, r`()`, r`(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)`, r`^(?:(a)|b)*$`, r`(a+)+`, r`(?:(a)|(b))+`, r`(a)|b\1`, r`(a\1|x/?)/`, r`(x||a\1){2}\{`, r`(?<n>a\k<n>|b)`, r`(a|b\g{-1})c`, r`(?<n>(?P=n)|x)y`, r`(a)(b\1)`, r`(a(b)\2)`]),
  ...trap("PCRE2 10.34 bugs fixed by 10.42", [r`[Ww]{3}`, r`^[Ww]{3}\.`, r`x[Aa]{2}`, r`[aA]+$`, r`x[a]{2}`, r`a{65536`, r`a{1,65536`, r`\214748364`, r`(?(DEFINE)(?<foo>bar))(?<![-a-z0-9])word`, r`a\K.(?0)*`, r`a\K.(?R)?`, r`(a\K.(?1)*)`], true),
  // Debian builds PCRE2 with Unicode support: (*UTF) reads pattern and subject as UTF-8 (an
  // invalid subject is a match-time error, i.e. no match to Apache), (*UCP) and \p{…} use
  // Unicode properties — on bytes as code points 0–255 without (*UTF).
  ...trap("Unicode: (*UTF), (*UCP), properties", [
    r`(*UTF)caf\x{e9}`, "(*UTF)caf\xc3\xa9", r`(*UTF)^\p{Lu}`, r`(*UTF)\p{L}+`, r`(*UTF)(*UCP)\w+`, r`(*UTF)(*UCP)\bcaf\b`,
    r`(*UCP)\w+`, r`(*UCP)[[:alpha:]]+`, r`(*UCP)\d`, r`\p{L}+`, r`\p{Lu}`, r`\p{Latin}+`, r`(*UTF).$`, r`(*UTF)^.{2}$`, r`(*UTF)^\X$`,
    r`(*UTF)\p{Greek}+`, r`(*UTF)\p{Han}+`, r`(*UTF)[^\x00-\x7f]+`, r`(*UTF)\x{20ac}`, r`(*UTF)\x{110000}`, "(*UTF)\xff",
    "(*UTF)\xc3", r`(*UTF)(?i)\x{3a9}`, r`(*UTF)\C`, r`(*UTF)\N{U+20AC}`, r`\N{U+20AC}`, r`(*UTF)[\x{100}-\x{10ffff}]`,
    r`(*UTF)\x{e9}`, r`(*UTF)\R`, r`(*UTF)\h`, r`(*UTF)\s`, r`(*UTF)\p{Zs}`, r`(*UTF)\p{Xan}+`, r`(*UTF)[[:^ascii:]]`, r`(*UTF)(*UCP)(?i)\x{e9}`,
  ], true).map((c) => ({ ...c, subjects: UNICODE_SUBJECTS })),
  ...trap("bytes in patterns", ["\x00", "a\x00b", "\n", "\\\n", "[\x80-\xff]", "\xa0", "\x85", "[\x00-\x1f]", "\xff+", "^\xc3\xa9$"]),
];
