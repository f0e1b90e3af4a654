import { describe, expect, it } from "vitest";
import { RegexError } from "../../src/regex/errors.js";
import { compilePcre2 } from "../../src/regex/pcre2/pcre2-regex.js";
import { pcre2Manifest, pcre2Runtime, readPcre2Wasm } from "../../src/regex/pcre2/module-file.js";
import { Pcre2Runtime } from "../../src/regex/pcre2/runtime.js";
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
  // Unicode support, as Debian builds the library.
  ["(*UTF)\\p{Lu}+", "\xc3\x89\xc3\xa9", false, ["\xc3\x89"]],
  ["(*UCP)\\w+", "\xe9\xc9x\xd7", false, ["\xe9\xc9x"]],
];

describe("PCRE2 (WebAssembly) engine", () => {
  it.each(MATCHES)("%j on %j (nocase %s)", (pattern, subject, caseless, expected) => {
    const re = compilePcre2(pattern, caseless ? nc : opts);
    const got = re.exec(subject);
    expect(got === null ? null : got.map((g) => g ?? null)).toEqual(expected);
    re.dispose();
  });

  // 8-bit library rules (pcre2test: offset and message).
  it.each([
    ["a\\x{100}b", 7, "character code point value in \\x{} or \\o{} is too large"],
    ["\\o{400}", 6, "character code point value in \\x{} or \\o{} is too large"],
    ["a\\400", 5, "octal value is greater than \\377 in 8-bit non-UTF-8 mode"],
    ["[\\400]", 5, "octal value is greater than \\377 in 8-bit non-UTF-8 mode"],
    ["(?=a\\K)bc", 9, "\\K is not allowed in lookarounds (but see PCRE2_EXTRA_ALLOW_LOOKAROUND_BSK)"],
    ["(", 1, "missing closing parenthesis"],
    ["(*UTF)\xff", 6, "UTF-8 error: illegal byte (0xfe or 0xff)"],
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

  it("dollarEndOnly: false lets $ match before a final newline (pcre2test: a$ on a\\n)", () => {
    const re = compilePcre2("a$", resolveOptions({ dollarEndOnly: false }));
    expect(re.exec("a\n")).toEqual(["a"]);
    expect(compilePcre2("a$", opts).exec("a\n")).toBeNull();
    re.dispose();
  });
});

describe("the PCRE2 10.42 module and its binding", () => {
  it("is the 10.42 library the manifest describes", () => {
    expect(pcre2Runtime().version()).toBe("10.42 2022-12-11");
    expect(pcre2Manifest().version).toBe("10.42");
  });

  it("instantiates from bytes alone, with no imports", () => {
    const rt = Pcre2Runtime.fromBytes(readPcre2Wasm());
    const h = rt.compile("^/(?<y>\\d+)/(?<y>x)?", 0x40);
    if ("message" in h) throw new Error(h.message);
    expect(h.captureCount).toBe(2);
    expect([...h.names]).toEqual([["y", [1, 2]]]);
    expect(rt.match(h, "/2024/")).toEqual({ kind: "match", offsets: Int32Array.from([0, 6, 1, 5, -1, -1]) });
    rt.free(h);
  });

  it("writes a subject once for a list of patterns, and again after anything else used the buffer or memory grew", () => {
    const rt = Pcre2Runtime.fromBytes(readPcre2Wasm());
    const compile = (p: string) => {
      const h = rt.compile(p, 0x70);
      if ("message" in h) throw new Error(h.message);
      return h;
    };
    const a = compile("^/a/(x+)$");
    const subject = "/a/xxx";
    expect(rt.exec(a, subject)).toBe(2);
    // A compile writes its pattern where the subject was: the next match must write it again.
    const b = compile("^/zzzzzzzzzzzzzzzz/(y)$");
    expect(rt.match(a, subject)).toEqual({ kind: "match", offsets: Int32Array.from([0, 6, 3, 6]) });
    expect(rt.match(b, subject)).toEqual({ kind: "nomatch" });
    // Deep backtracking grows linear memory (the old views are detached): offsets still read right.
    const deep = compile("^(a|b)*c$");
    const before = rt.memoryBytes();
    const long = "ab".repeat(200_000) + "c";
    expect(rt.exec(deep, long)).toBe(2);
    expect(rt.memoryBytes()).toBeGreaterThan(before);
    expect([rt.offset(deep, 0), rt.offset(deep, 1), rt.offset(deep, 2), rt.offset(deep, 3)]).toEqual([0, long.length, long.length - 2, long.length - 1]);
    expect(rt.match(a, subject)).toEqual({ kind: "match", offsets: Int32Array.from([0, 6, 3, 6]) });
    for (const h of [a, b, deep]) rt.free(h);
  });

  it("reports a UTF-8 error on a (*UTF) subject as a match-time error, which Apache reads as no match", () => {
    const re = compilePcre2("(*UTF)a", opts);
    expect(re.run("caf\xe9")).toEqual({ kind: "limit", error: "PCRE2 error -4: UTF-8 error: 2 bytes missing at end", engine: "pcre2" });
    expect(re.exec("caf\xe9")).toBeNull();
    expect(re.exec("caf\xc3\xa9")).toEqual(["a"]);
    re.dispose();
  });

  it("applies match, depth and heap limits from a match context (pcre2test: same codes)", () => {
    const rt = pcre2Runtime();
    const subject = "a".repeat(22) + "b";
    for (const [limits, code] of [[{ match: 1000 }, -47], [{ depth: 10 }, -53], [{ heap: 1 }, -63]] as const) {
      // Fresh match data each time: it keeps the backtracking frames it grew, which the heap
      // limit counts only when they grow again.
      const h = rt.compile("(a+)+$", 0x70);
      if ("message" in h) throw new Error(h.message);
      const ctx = rt.createMatchContext(limits);
      expect(rt.match(h, subject, ctx)).toMatchObject({ kind: "error", code });
      rt.freeMatchContext(ctx);
      expect(rt.match(h, "aaa")).toEqual({ kind: "match", offsets: Int32Array.from([0, 3, 0, 3]) });
      rt.free(h);
    }
  });

  it("keeps WebAssembly memory flat over many compile/match/free cycles", () => {
    const rt = Pcre2Runtime.fromBytes(readPcre2Wasm());
    const cycle = (i: number): void => {
      const h = rt.compile(`^/(item|post)-${i % 97}/(?<rest>.*)$`, 0x70);
      if ("message" in h) throw new Error(h.message);
      rt.match(h, `/item-${i % 97}/some/path/${i}`);
      rt.free(h);
    };
    for (let i = 0; i < 2000; i++) cycle(i); // let the allocator reach its working size
    const before = rt.memoryBytes();
    const cycles = Number(process.env.HTR_PCRE2_LEAK_CYCLES ?? 100_000);
    for (let i = 0; i < cycles; i++) cycle(i);
    expect(rt.memoryBytes()).toBe(before);
    expect(rt.live).toBe(0);
  });
});
