/**
 * Table-driven unit tests of the pure pieces: flag parsing, condition-pattern detection and
 * comparisons, escapers, URL classification, cookies, the argument tokenizer.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseArgLine } from "../../src/rewrite/argline.js";
import { atoi, compareLexicography, detectPattern } from "../../src/rewrite/conditions.js";
import { buildCookie } from "../../src/rewrite/cookie.js";
import { escapeBackref, escapeLogItem, escapeUri, unescapeUrl } from "../../src/util/escape.js";
import { parseRuleFlags, splitFlagField } from "../../src/rewrite/flags.js";
import { mergeUnderRoot, statPathOf } from "../../src/rewrite/localpath.js";
import { absoluteUriInfo, escapeAbsoluteUri, splitSelfUrl } from "../../src/rewrite/uri.js";

describe("rule flags (spec §6.2)", () => {
  const table: Array<[string, Partial<ReturnType<typeof parseRuleFlags>>]> = [
    ["[L]", { last: true }],
    ["[last]", { last: true }],
    ["[l]", { last: true }],
    ["[R]", { redirect: true, forcedStatus: 302, status: false }],
    ["[R=301]", { redirect: true, forcedStatus: 301 }],
    ["[redirect=permanent]", { forcedStatus: 301 }],
    ["[R=temp]", { forcedStatus: 302 }],
    ["[R=SeeOther]", { forcedStatus: 303 }],
    ["[R=foo]", { redirect: true, forcedStatus: 0, status: false }],
    ["[R=404]", { status: true, noSubstitution: true, forcedStatus: 404 }],
    ["[R=200]", { status: true, forcedStatus: 200 }],
    ["[F]", { status: true, noSubstitution: true, forcedStatus: 403 }],
    ["[forbidden]", { forcedStatus: 403 }],
    ["[G]", { status: true, forcedStatus: 410 }],
    ["[gone]", { forcedStatus: 410 }],
    ["[N]", { next: true, maxRounds: 32000 }],
    ["[N=5]", { next: true, maxRounds: 5 }],
    ["[next=x]", { next: true, maxRounds: 0 }],
    ["[C]", { chain: true }],
    ["[chain]", { chain: true }],
    ["[S=3]", { skip: 3 }],
    ["[skip=x]", { skip: 0 }],
    ["[B]", { escapeBackrefs: true, escapeList: null }],
    ["[B=.~]", { escapeBackrefs: true, escapeList: ".~" }],
    ["[backrefescaping]", { escapeBackrefs: true }],
    ["[BCTLS]", { escapeBackrefs: true, escapeCtls: true }],
    ["[BNE=/]", { noEscapeList: "/" }],
    ["[BNP]", { escapeNoPlus: true }],
    ["[backrefernoplus]", { escapeNoPlus: true }],
    ["[CO=a:b:c]", { cookies: ["a:b:c"] }],
    ["[cookie=a:b:c,CO=d:e:f]", { cookies: ["a:b:c", "d:e:f"] }],
    ["[DPI]", { discardPathInfo: true }],
    ["[D]", { discardPathInfo: true }],
    ["[discardpath]", { discardPathInfo: true }],
    ["[Dxyz]", { discardPathInfo: false }],
    ["[E=A:1,env=B]", { env: ["A:1", "B"] }],
    ["[END]", { end: true }],
    ["[H=foo]", { handler: "foo" }],
    ["[T=text/plain]", { type: "text/plain" }],
    ["[type=]", { type: "" }],
    ["[NC]", { nocase: true }],
    ["[nocase]", { nocase: true }],
    ["[NE]", { noEscape: true }],
    ["[noescape]", { noEscape: true }],
    ["[NS]", { noSubreq: true }],
    ["[nosubreq]", { noSubreq: true }],
    ["[P]", { proxy: true }],
    ["[proxy]", { proxy: true }],
    ["[PT]", { passThrough: true }],
    ["[passthrough]", { passThrough: true }],
    ["[QSA]", { qsAppend: true }],
    ["[qsappend]", { qsAppend: true }],
    ["[QSD]", { qsDiscard: true }],
    ["[qsdiscard]", { qsDiscard: true }],
    ["[QSL]", { qsLast: true }],
    ["[qslast]", { qsLast: true }],
    ["[UnsafePrefixStat]", { unsafePrefixStat: true }],
    ["[unsafeallow3f]", { unsafeAllow3F: true }],
    ["[UNC]", { unc: true }],
    ["[ L , QSA ]", { last: true, qsAppend: true }],
  ];
  for (const [field, expected] of table) {
    it(field, () => {
      expect(parseRuleFlags(field)).toMatchObject(expected);
    });
  }

  it("splits at the first = only", () => {
    expect(splitFlagField("[E=A:b=c]")).toEqual([{ name: "E", value: "A:b=c" }]);
  });
});

describe("condition pattern detection (cmd_rewritecond)", () => {
  const table: Array<[string, string, string, string, boolean]> = [
    ["%{X}", "-f", "file-exists", "", false],
    ["%{X}", "!-f", "file-exists", "", true],
    ["%{X}", "-s", "file-size", "", false],
    ["%{X}", "-d", "file-dir", "", false],
    ["%{X}", "-x", "file-xbit", "", false],
    ["%{X}", "-l", "file-link", "", false],
    ["%{X}", "-L", "file-link", "", false],
    ["%{X}", "-h", "file-link", "", false],
    ["%{X}", "-U", "lookup-url", "", false],
    ["%{X}", "-F", "lookup-file", "", false],
    ["%{X}", "-z", "regex", "-z", false],
    ["%{X}", "-H", "regex", "-H", false],
    ["%{X}", "-eq5", "int-eq", "5", false],
    ["%{X}", "-ne5", "int-eq", "5", true],
    ["%{X}", "!-ne5", "int-eq", "5", false],
    ["%{X}", "-lt0", "int-lt", "0", false],
    ["%{X}", "-le1", "int-le", "1", false],
    ["%{X}", "-gt10", "int-gt", "10", false],
    ["%{X}", "-ge-3", "int-ge", "-3", false],
    ["%{X}", "-EQ5", "regex", "-EQ5", false],
    ["%{X}", "-eq", "regex", "-eq", false],
    ["%{X}", "<b", "str-lt", "b", false],
    ["%{X}", "<=b", "str-le", "b", false],
    ["%{X}", ">b", "str-gt", "b", false],
    ["%{X}", ">=b", "str-ge", "b", false],
    ["%{X}", "=b", "str-eq", "b", false],
    ["%{X}", '=""', "str-eq", "", false],
    ["%{X}", "!=x", "str-eq", "x", true],
    ["%{X}", "=", "regex", "=", false],
    ["%{X}", "<", "regex", "<", false],
    ["%{X}", "-", "regex", "-", false],
    ["%{X}", "^a$", "regex", "^a$", false],
    ["EXPR", "true", "expr", "true", false],
  ];
  for (const [ts, pat, kind, operand, negate] of table) {
    it(`${ts} ${pat}`, () => {
      expect(detectPattern(ts, pat)).toEqual({ kind, operand, negate });
    });
  }
});

describe("comparisons", () => {
  it("atoi like C", () => {
    for (const [s, n] of [["5abc", 5], [" 12", 12], ["-5", -5], ["+7x", 7], ["%205", 0], ["", 0], ["abc", 0], ["\t\n42", 42]] as const) {
      expect(atoi(s), s).toBe(n);
    }
  });
  it("length first, then bytes", () => {
    expect(compareLexicography("aa", "b")).toBe(1);
    expect(compareLexicography("a", "b")).toBe(-1);
    expect(compareLexicography("b", "b")).toBe(0);
    expect(compareLexicography("\xe9", "z")).toBe(1);
  });
});

describe("escapers (spec §4.1)", () => {
  it("B escaper example", () => {
    const input = "a.b-c~d e+f_g!$&'()*,;=:@%<>\"\x7f\xc3\xa9\t";
    expect(escapeBackref(input, { escapeList: null, noEscapeList: null, noPlus: false, ctls: false })).toBe(
      "a%2eb%2dc%7ed+e%2bf_g%21%24%26%27%28%29%2a%2c%3b%3d%3a%40%25%3c%3e%22%7f%c3%a9%09",
    );
  });
  it("B=list only escapes listed bytes", () => {
    expect(escapeBackref("a.b~c d", { escapeList: ".~", noEscapeList: null, noPlus: false, ctls: false })).toBe("a%2eb%7ec d");
  });
  it("BCTLS with BNE", () => {
    expect(escapeBackref("a b\tc", { escapeList: null, noEscapeList: "\t", noPlus: true, ctls: true })).toBe("a%20b\tc");
  });
  it("URI escaper", () => {
    expect(escapeUri("a b%#?\xe9[]{}|\\^`\"<>$-_.+!*'(),:;@&=/~")).toBe("a%20b%25%23%3f%e9%5b%5d%7b%7d%7c%5c%5e%60%22%3c%3e$-_.+!*'(),:;@&=/~");
  });
  it("unescape: %2F and invalid escapes", () => {
    expect(unescapeUrl("a%41%2F%zz+")).toBe("aA/%zz+");
    expect(unescapeUrl("ab%00cd")).toBe("ab");
  });
  it("error-log escaper", () => {
    expect(escapeLogItem('a\\b\n\r\t\x0b\x08"\x01\xff')).toBe('a\\\\b\\n\\r\\t\\v\\b"\\x01\\xff');
  });  // The escapers pass plain text through untouched (a fast path); byte by byte, as Apache's C
  // loops go, they must give the same text for any byte string.
  it("URI and error-log escapers ≡ their byte-by-byte definitions", () => {
    const hex = (c: number) => c.toString(16).padStart(2, "0");
    const uriRef = (t: string) => [...t].map((ch) => (/[0-9A-Za-z$\-_.+!*'(),:;@&=/~]/.test(ch) ? ch : `%${hex(ch.charCodeAt(0))}`)).join("");
    const named: Record<number, string> = { 0x5c: "\\\\", 0x08: "\\b", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t", 0x0b: "\\v" };
    const logRef = (t: string) => [...t].map((ch) => { const c = ch.charCodeAt(0); return named[c] ?? (c >= 0x20 && c < 0x7f ? ch : `\\x${hex(c)}`); }).join("");
    const bytes = fc.oneof(
      fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
      fc.string({ unit: fc.constantFrom("a", "/", "-", "~", " ", "%", "\\", "\n", "\xe9", "\x7f"), maxLength: 40 }),
    );
    fc.assert(fc.property(bytes, (t) => escapeUri(t) === uriRef(t) && escapeLogItem(t) === logRef(t)), { numRuns: 2000 });
  });
});

describe("absolute URIs (spec §4.2, §4.3)", () => {
  const table: Array<[string, number, boolean]> = [
    ["http://x", 7, true],
    ["HTTPS://x", 8, true],
    ["ftp://x/y", 6, false],
    ["ldap://x", 7, false],
    ["mailto:a@b", 7, true],
    ["news:x.y", 5, false],
    ["nntp://x", 7, false],
    ["gopher://x", 9, false],
    ["unix:/x/y", 5, true],
    ["unix://x", 7, true],
    ["h2c://x", 6, true],
    ["balancer://x", 11, true],
    ["/http://x", 0, false],
    ["http:", 0, false],
    ["proxy:http://x", 0, false],
    ["javascript:x", 0, false],
  ];
  for (const [uri, skip, qs] of table) {
    it(uri, () => {
      const info = absoluteUriInfo(uri);
      expect(info.skip).toBe(skip);
      if (skip > 0) expect(info.supportsQuery).toBe(qs);
    });
  }
  it("escape_absolute_uri examples", () => {
    expect(escapeAbsoluteUri("http://example.com/p/a b#c?d%eé~", 7)).toBe("http://example.com/p/a%20b%23c%3fd%25e%c3%a9~".replace("%c3%a9", "%e9"));
    expect(escapeAbsoluteUri("ftp://example.com/a b?x", 6)).toBe("ftp://example.com/a%20b%3fx");
    expect(escapeAbsoluteUri("ldap://example.com/o=a b?c d?e", 7)).toBe("ldap://example.com/o=a%20b?c%20d?e");
    expect(escapeAbsoluteUri("http://localhost", 7)).toBe("http://localhost");
    expect(escapeAbsoluteUri("http://localhost/", 7)).toBe("http://localhost/");
  });
  it("self-URL split for reduce_uri", () => {
    expect(splitSelfUrl("http://h:8080/x", "http", 80)).toEqual({ host: "h", port: 8080, path: "/x" });
    expect(splitSelfUrl("http://h", "http", 80)).toEqual({ host: "h", port: 80, path: "/" });
    expect(splitSelfUrl("HTTP://h:1", "http", 80)).toEqual({ host: "h", port: 1, path: "/" });
    expect(splitSelfUrl("https://h/x", "http", 80)).toBeNull();
  });
});

describe("cookies (spec §8.3)", () => {
  const now = new Date(Date.UTC(2026, 10, 23, 21, 0, 0));
  const table: Array<[string, string | null]> = [
    ["n3:v3:.example.com:10:/p:false:true:Strict", "n3=v3; path=/p; domain=.example.com; expires=Mon, 23-Nov-2026 21:10:00 GMT; SameSite=Strict"],
    ["n4:v4:.example.com::/p", "n4=v4; path=/; domain=.example.com; expires=Mon, 23-Nov-2026 21:00:00 GMT".replace("; expires=Mon, 23-Nov-2026 21:00:00 GMT", "")],
    [";n5;v:5;.example.com;0;/;1;1", "n5=v:5; path=/; domain=.example.com; secure; HttpOnly"],
    ["a:b", null],
    ["a:b:c:0:/:secure:HttpOnly:0", "a=b; path=/; domain=c; secure; HttpOnly"],
    ["a:b:c:0:/:no:true:Lax", "a=b; path=/; domain=c; SameSite=Lax"],
  ];
  for (const [spec, header] of table) {
    it(spec, () => {
      expect(buildCookie(spec, now)?.header ?? null).toBe(header);
    });
  }
});

describe("argument tokenizer (spec §10.2)", () => {
  const table: Array<[string, ReturnType<typeof parseArgLine>]> = [
    ["^a b [L]", { a1: "^a", a2: "b", a3: "[L]" }],
    ['"^/x$""/a.html"[L]', { a1: "^/x$", a2: "/a.html", a3: "[L]" }],
    ["^/a\\ b$ x\\ y", { a1: "^/a\\ b$", a2: "x\\ y", a3: null }],
    ["^/tb$ /env.cgi?a=1\\ [L]", { a1: "^/tb$", a2: "/env.cgi?a=1\\ [L]", a3: null }],
    ["a b [L] # ignored", { a1: "a", a2: "b", a3: "[L]" }],
    ["'a b' 'c d'", { a1: "a b", a2: "c d", a3: null }],
    ["onlyone", null],
    ['"unterminated', null],
  ];
  for (const [line, expected] of table) {
    it(line, () => {
      expect(parseArgLine(line)).toEqual(expected);
    });
  }
});

describe("paths", () => {
  it("statpath of the first segment", () => {
    expect(statPathOf("/etc/hostname")).toBe("/etc");
    expect(statPathOf("/")).toBe("/");
    expect(statPathOf("//etc/x")).toBe("/etc");
  });
  it("DOCROOT merge refuses to climb above the root", () => {
    expect(mergeUnderRoot("/d", "a/../b")).toBe("/d/b");
    expect(mergeUnderRoot("/d", "../x")).toBeNull();
    expect(mergeUnderRoot("/d", "")).toBe("/d/");
    expect(mergeUnderRoot("/d", "a/")).toBe("/d/a/");
    // APR_PATH_MAX: root + addpath + 4 must fit in 4096 bytes.
    expect(mergeUnderRoot("/d", "a".repeat(4090))).toBe("/d/" + "a".repeat(4090));
    expect(mergeUnderRoot("/d", "a".repeat(4091))).toBeNull();
  });
});
