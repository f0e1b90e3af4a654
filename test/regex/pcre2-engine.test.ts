import { describe, expect, it } from "vitest";
import { RegexError } from "../../src/regex/errors.js";
import { compilePcre2 } from "../../src/regex/pcre2/pcre2-regex.js";
import { pcre2Runtime } from "../../src/regex/pcre2/runtime.js";
import { resolveOptions } from "../../src/regex/compile.js";

const opts = resolveOptions();
const nc = resolveOptions({ nocase: true });

// Answers measured with pcre2test 10.42 (Debian), options DOTALL DOLLAR_ENDONLY DUPNAMES.
const MATCHES: [pattern: string, subject: string, nocase: boolean, expected: (string | null)[] | null][] = [
  ["^a.b$", "a\nb", false, ["a\nb"]], // DOTALL
  ["^ab$", "ab\n", false, null], // DOLLAR_ENDONLY
  ["\xe9", "\xc9", true, null], // C locale folds ASCII only
  ["a", "A", true, ["A"]],
  ["(?<n>a)|(?<n>b)", "b", false, ["b", null, "b"]], // DUPNAMES
  ["\\w", "\xe9", false, null],
  ["(a)?b", "b", false, ["b", null]],
  ["a\\Kb", "ab", false, ["b"]],
  ["[\\x80-\\xff]+", "a\x80\xff", false, ["\x80\xff"]],
];

describe("PCRE2 (WebAssembly) engine", () => {
  it.each(MATCHES)("%j on %j (nocase %s)", (pattern, subject, caseless, expected) => {
    const re = compilePcre2(pattern, caseless ? nc : opts);
    const got = re.exec(subject);
    expect(got === null ? null : got.map((g) => g ?? null)).toEqual(expected);
    re.dispose();
  });

  // 8-bit / 10.42 rules the 16-bit 10.34 build does not apply (pcre2test: offset and message).
  it.each([
    ["a\\x{100}b", 7, "character code point value in \\x{} or \\o{} is too large"],
    ["\\o{400}", 6, "character code point value in \\x{} or \\o{} is too large"],
    ["a\\400", 5, "octal value is greater than \\377 in 8-bit non-UTF-8 mode"],
    ["[\\400]", 5, "octal value is greater than \\377 in 8-bit non-UTF-8 mode"],
    ["(?=a\\K)bc", 9, "\\K is not allowed in lookarounds (but see PCRE2_EXTRA_ALLOW_LOOKAROUND_BSK)"],
    ["(", 1, "missing closing parenthesis"],
  ])("refuses %j at offset %i", (pattern, offset, message) => {
    let err: unknown;
    try {
      compilePcre2(pattern, opts);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RegexError);
    expect((err as RegexError).offset).toBe(offset);
    expect((err as RegexError).pcreMessage).toBe(message);
    expect((err as RegexError).code).toBe("HTR_REGEX_COMPILE");
  });

  it("accepts what the 8-bit library accepts near those limits", () => {
    for (const p of ["a\\x{ff}", "\\377", "(a)\\1", "\\Q\\x{100}\\E", "(?#\\x{100})"]) {
      expect(() => compilePcre2(p, opts).dispose()).not.toThrow();
    }
  });

  it("frees WebAssembly memory on dispose", () => {
    const rt = pcre2Runtime();
    const before = rt.live;
    const re = compilePcre2("^/foo/(.*)$", opts);
    expect(rt.live).toBe(before + 1);
    re.dispose();
    expect(rt.live).toBe(before);
    expect(() => re.exec("x")).toThrow();
  });

  it("answers a match-limit hit as no match, within a bound (^(a+)+$ on 5,000 a's + b)", () => {
    const re = compilePcre2("^(a+)+$", opts);
    const started = performance.now();
    const run = re.run("a".repeat(5000) + "b");
    const ms = performance.now() - started;
    expect(run).toEqual({ kind: "limit", error: "PCRE2_ERROR_MATCHLIMIT", engine: "pcre2" });
    expect(re.exec("a".repeat(5000) + "b")).toBeNull();
    expect(ms).toBeLessThan(5000);
    re.dispose();
  });
});

describe("RegexDefaultOptions other than Apache's defaults", () => {
  it("dotall: false makes . stop at \\n on both engines, also after start-of-pattern items", async () => {
    const { compileUncached } = await import("../../src/regex/compile.js");
    const noDotall = resolveOptions({ dotall: false });
    for (const compile of [compilePcre2, compileUncached]) {
      const re = compile("^a.b$", noDotall);
      expect(re.exec("a\nb")).toBeNull();
      expect(re.exec("a\rb")).toEqual(["a\rb"]);
      const limited = compile("(*LIMIT_MATCH=1000)^a.b$", noDotall);
      expect(limited.exec("a\nb")).toBeNull();
      expect(limited.exec("axb")).toEqual(["axb"]);
    }
    // Error offsets still refer to the pattern as written.
    expect(() => compilePcre2("(*LIMIT_MATCH=1000)a(", noDotall)).toThrow(expect.objectContaining({ offset: 21 }));
  });

  it("refuses dollarEndOnly: false rather than answer differently", () => {
    expect(() => compilePcre2("a$", resolveOptions({ dollarEndOnly: false }))).toThrow(RegexError);
  });
});
