/**
 * The reader's small pieces, table-driven: logical lines (rewrite.md §10.1), core word splitting
 * (ap_getword_conf), mod_rewrite's tokenizer (§10.2), ${} substitution, include wildcards.
 * Expectations marked "measured" were observed with apache2 -t; the others follow httpd's
 * documented rules and are pinned through the measured end-to-end cases in error-texts.test.ts.
 */
import { describe, expect, it } from "vitest";
import { LineReader } from "../../src/config/lines.js";
import { getWordConf, splitWordsConf } from "../../src/config/words.js";
import { parseRewriteArgs } from "../../src/config/rewrite-args.js";
import { resolveEnv } from "../../src/config/resolve-env.js";
import { fnmatch, hasWildcard } from "../../src/config/glob.js";
import { escapeErrorLogItem } from "../../src/config/errors.js";
import { compareVersion } from "../../src/config/version.js";

function lines(src: string): Array<[string, number, number, number]> {
  const r = new LineReader(src);
  const out: Array<[string, number, number, number]> = [];
  for (let l = r.next(); l; l = r.next()) out.push([l.text, l.line, l.lastLine, l.column]);
  return out;
}

describe("logical lines", () => {
  it.each([
    ["a\nb", [["a", 1, 1, 1], ["b", 2, 2, 1]]],
    ["  a  \n", [["a", 1, 1, 3]]],
    // measured: /a.\ + html → /a.html, the next line's leading blanks kept
    ["x /a.\\\nhtml", [["x /a.html", 1, 2, 1]]],
    ["x a\\\n   b", [["x a   b", 1, 2, 1]]],
    ["x a\\\r\nb", [["x ab", 1, 2, 1]]],
    ["x a\\", [["x a\\", 1, 1, 1]]],
    ["x a\\ \nb", [["x a\\", 1, 1, 1], ["b", 2, 2, 1]]],
    ["x a\\\\\nb", [["x a\\b", 1, 2, 1]]],
    ["a\0junk\\\nb", [["a", 1, 1, 1], ["b", 2, 2, 1]]],
    ["a\r\n\r\nb", [["a", 1, 1, 1], ["", 2, 2, 2], ["b", 3, 3, 1]]],
    ["x\\\n\\\ny", [["xy", 1, 3, 1]]],
  ] as const)("%j", (src, want) => {
    expect(lines(src)).toEqual(want);
  });
});

describe("core words (ap_getword_conf)", () => {
  it.each([
    ["a b", ["a", "b"]],
    ["  a\t b  ", ["a", "b"]],
    ['"a b" c', ["a b", "c"]],
    ['"a\\"b"', ['a"b']], // measured
    ["'a\\'b'", ["a'b"]], // measured
    ['"a\\\\b"', ["a\\b"]],
    ["a\\\\b", ["a\\b"]], // measured (unquoted \\ is one backslash)
    ['"a\\x"', ["a\\x"]], // measured
    ['"a"b', ["a", "b"]], // measured: takes one argument
    ['a"b"', ['a"b"']], // measured
    ['"unterminated', ["unterminated"]],
    ['"" x', ["", "x"]],
    ['x ""', ["x"]],
    ["", []],
  ] as const)("%j → %j", (line, want) => {
    expect(splitWordsConf(line)).toEqual(want);
  });
  it("leaves the rest with leading blanks skipped", () => {
    expect(getWordConf("  a   b c")).toEqual({ word: "a", rest: "b c", start: 2 });
  });
});

describe("mod_rewrite's tokenizer (parseargline)", () => {
  it.each([
    ["^/a /b", { a1: "^/a", a2: "/b" }],
    ["^/a /b [L]", { a1: "^/a", a2: "/b", a3: "[L]" }],
    ["^/a /b [L] # x", { a1: "^/a", a2: "/b", a3: "[L]" }], // measured: rest ignored
    ['"^/x$""/a.html"[L]', { a1: "^/x$", a2: "/a.html", a3: "[L]" }], // measured
    ["^/a\\ b$ x", { a1: "^/a\\ b$", a2: "x" }], // measured: no unescaping
    ["^/tb$ /env.cgi?a=1\\ [L]", { a1: "^/tb$", a2: "/env.cgi?a=1\\ [L]" }], // measured
    ['"a\\"b c', { a1: 'a\\', a2: "b", a3: "c" }],
    ['"^a"', { a1: "^a", a2: "" }], // measured: accepted
    ['"[B= ?]"', { a1: "[B= ?]", a2: "" }],
    ["a b \"[B= ?]\"", { a1: "a", a2: "b", a3: "[B= ?]" }],
    ["^a", null], // measured: bad argument line
    ['"^a b', null], // measured
    ["", null],
  ] as const)("%j", (line, want) => {
    expect(parseRewriteArgs(line)).toEqual(want);
  });
});

describe("${NAME} substitution", () => {
  const vars: Record<string, string> = { A: "x y", E: "", ROOT: "/r" };
  const lookup = (n: string): string | undefined => vars[n];
  it.each([
    ["${A}", "x y", []],
    ["a${E}b", "ab", []],
    ["${ROOT}/htdocs", "/r/htdocs", []],
    ["${X}", "${X}", ["X"]], // measured: AH00111, text kept
    ["${a:b}", "${a:b}", []], // measured: silent
    ["$A ${A", "$A ${A", []],
    ["${}", "${}", [""]],
    ["${${A}}", "${${A}}", ["${A"]],
    ["$${ROOT}", "$/r", []],
  ] as const)("%j", (line, text, undef) => {
    expect(resolveEnv(line, lookup)).toEqual({ text, undefinedNames: undef });
  });
});

describe("Include wildcards", () => {
  it.each([
    ["*.conf", "a.conf", true],
    ["*.conf", ".hidden.conf", false],
    [".*", ".hidden", true],
    ["a?c", "abc", true],
    ["[ab]*", "bx", true],
    ["[!ab]*", "bx", false],
    ["[z-a]", "a", false],
    ["a\\*", "a*", true],
  ] as const)("%s ~ %s", (p, n, want) => {
    expect(fnmatch(p, n)).toBe(want);
  });
  it.each([["a*", true], ["a?", true], ["a[b]", true], ["a[b", false], ["a\\*", false], ["plain", false]] as const)(
    "wildcard %s: %s",
    (p, want) => expect(hasWildcard(p)).toBe(want),
  );
});

describe("error log escaping", () => {
  it.each([
    ["a\\b", "a\\\\b"], // measured: DocumentRoot '/tmp/a\\b'
    ['a"b', 'a"b'],
    ["a\nb\tc", "a\\nb\\tc"],
    ["\x01\xe9", "\\x01\\xe9"],
  ] as const)("%j → %j", (s, want) => expect(escapeErrorLogItem(s)).toBe(want));
});

describe("<IfVersion> against 2.4.71", () => {
  it.each([
    ["2.4.71", true], ["= 2.4.71", true], [">= 2.4", true], ["< 2.4.60", false], ["> 2.4.70", true],
    ["!= 2.4.71", false], ["~ ^2\\.4", true], ["/^2\\.2/", false], ["2.2", false],
  ] as const)("%s", (arg, want) => expect(compareVersion(arg)).toBe(want));
});
