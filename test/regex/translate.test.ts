/**
 * The V8 translation, case by case: what each trap becomes, and what the fast path refuses.
 * Expected sources follow from PCRE2 8-bit C-locale semantics (pinned against pcre2test by the
 * golden corpus); here they pin the translation itself.
 */
import { describe, expect, it } from "vitest";
import { resolveOptions } from "../../src/regex/compile.js";
import { compilePcre2 } from "../../src/regex/pcre2/pcre2-regex.js";
import { translateToV8 } from "../../src/regex/v8/translate.js";

function translate(pattern: string, nocase = false): string {
  const opts = resolveOptions({ nocase });
  const exact = compilePcre2(pattern, opts); // PCRE2 validates and counts groups, as in compileRegex
  const t = translateToV8(pattern, opts, exact.captureCount);
  exact.dispose();
  return t.ok ? t.source : `refused: ${t.reason}`;
}

describe("V8 translation", () => {
  it.each([
    // $ is end-only (DOLLAR_ENDONLY), ^ start-only; \Z allows one final newline.
    ["^abc$", "^abc$"],
    ["abc\\Z", "abc(?=\\n?$)"],
    ["\\Aa\\z", "^a$"],
    ["\\Ga", "^a"],
    // . is any byte (DOTALL); (?-s) excludes only \n (newline is LF).
    [".", "[^]"],
    ["(?-s).", "[\\x00-\\x09\\x0b-\\xff]"],
    // \s is the C locale's isspace (no 0xA0, no 0x85), \w and \d ASCII only.
    ["\\s", "[\\x09-\\x0d\\x20]"],
    ["\\S", "[\\x00-\\x08\\x0e-\\x1f\\x21-\\xff]"],
    ["\\w", "[\\x30-\\x39\\x41-\\x5a\\x5f\\x61-\\x7a]"],
    ["\\d", "[\\x30-\\x39]"],
    ["[[:alpha:]]", "[\\x41-\\x5a\\x61-\\x7a]"],
    ["[[:^digit:]]", "[\\x00-\\x2f\\x3a-\\xff]"],
    ["[]a]", "[\\x5d\\x61]"],
    ["[^]a]", "[\\x00-\\x5c\\x5e-\\x60\\x62-\\xff]"],
    ["[\\b]", "\\x08"],
    // {,n} is a literal in PCRE2 10.42.
    ["a{,3}", "a\\x7b\\x2c3\\x7d"],
    ["a{2,}", "a{2,}"],
    // \Q…\E, octal \0, hex.
    ["\\Q.*\\E", "\\x2e\\x2a"],
    ["\\012\\x41\\x{e9}", "\\x0aA\\xe9"],
    // Named groups in all three syntaxes are plain captures; references become numbers.
    ["(?<n>a)(?'m'b)(?P<o>c)\\k<n>(?P=m)\\g{3}", "(a)(b)(c)(?:\\1)(?:\\2)(?:\\3)"],
    // Inline options: (?i) to the end of the group, also in later branches.
    ["a(?i)b|c", "(?:a[bB]|[cC])"],
    ["(?i:a)b", "(?:[aA])b"],
  ])("%j → /%s/", (pattern, source) => {
    expect(translate(pattern)).toBe(source);
  });

  it.each([
    // Caseless: ASCII letters only; bytes ≥ 0x80 never fold in the C locale.
    ["caf\xe9", "[cC][aA][fF]\\xe9"],
    ["[a-c\xe9]", "[\\x41-\\x43\\x61-\\x63\\xe9]"],
    ["[^k]", "[\\x00-\\x4a\\x4c-\\x6a\\x6c-\\xff]"],
    ["(?-i)a", "a"],
  ])("[NC] %j → /%s/", (pattern, source) => {
    expect(translate(pattern, true)).toBe(source);
  });

  it.each([
    ["a*+", "possessive"],
    ["(?>a)", "group type"],
    ["a\\Kb", "escape \\K"],
    ["(?m)^a", "group type (?m"],
    ["(?x)a", "group type (?x"],
    ["\\R", "escape \\R"],
    ["\\v?\\S", "auto-possessifies"],
    ["\\12", "multi-digit"],
    ["(a?)*", "can match empty"],
    ["(a?)?b", "can match empty"],
    ["(?:(a)|b)+", "earlier iteration"],
    ["(a)|b\\1", "unset group"],
    ["(a)\\1", "caseless back reference"], // only with [NC], see below
    ["(?<=(a))b", "capture inside lookbehind"],
    ["(?|(a)|(b))", "group type (?|"],
    ["a(*FAIL)", "verb"],
    ["a\\Q\\E*", "empty \\Q\\E"],
  ])("refuses %j (%s)", (pattern, reason) => {
    const nocase = pattern === "(a)\\1";
    expect(translate(pattern, nocase)).toMatch(new RegExp(`^refused: .*${reason.replace(/[\\()?|*]/g, "\\$&")}`));
  });

  it("keeps captures inside repeats when every iteration sets them", () => {
    expect(translate("(\\.([a-z]+))+")).toBe("(\\x2e([\\x61-\\x7a]+))+");
  });
});
