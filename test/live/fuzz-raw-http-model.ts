/**
 * The raw-HTTP side of differential fuzzing: requests generated from HTTP/1.1's own grammar
 * (RFC 9112 request-line, field-line, obs-fold, message framing; RFC 9110 methods, tokens,
 * Host and authority forms; RFC 3986 targets), not from what htrewrite models. Each request is
 * bytes: the generator also breaks the grammar on purpose (bad whitespace, non-token names,
 * control bytes, bare LF, a connection cut short), since what Apache refuses is part of what
 * it does.
 *
 * A batch runs under one server variant (`HttpProtocolOptions`, LimitRequest* limits) in a
 * deployment with a static file, a folder with and without an index, a WSGI mount and a second
 * name-based virtual host, so the host a request names shows in its answer.
 */
import fc from "fast-check";

export { rawHttpCase, SERVER_VARIANTS } from "../conformance/corpus/raw-http-deployment.js";

const DIGIT = "0123456789";
const ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const TCHAR_EXTRA = "!#$%&'*+-.^_`|~";

function chars(set: string, min: number, max: number): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...set.split("")), { minLength: min, maxLength: max }).map((a) => a.join(""));
}

/** A byte outside what the grammar allows in the place it goes (controls, DEL, obs-text). */
const oddByte = fc.constantFrom("\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f", "\x80", "\xa0", "\xe9", "\xff", "\r", "\t");

/** RFC 9110 token, sometimes with a byte that is not a tchar. */
const token = fc.oneof(
  { weight: 16, arbitrary: chars(ALPHA + DIGIT + TCHAR_EXTRA, 1, 8) },
  { weight: 1, arbitrary: fc.tuple(chars(ALPHA, 1, 4), fc.constantFrom("@", "(", ")", "/", "[", "]", "?", "=", "{", '"', ",", ";", "\\", " "), chars(ALPHA, 0, 3)).map((p) => p.join("")) },
  { weight: 1, arbitrary: fc.tuple(chars(ALPHA, 1, 4), oddByte).map((p) => p.join("")) },
);

const method = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom("GET", "HEAD", "POST") },
  { weight: 3, arbitrary: fc.constantFrom("OPTIONS", "TRACE") },
  { weight: 4, arbitrary: fc.constantFrom("OPTIONS", "PUT", "DELETE", "TRACE", "CONNECT", "PATCH", "PROPFIND", "MKCOL", "COPY", "LOCK", "VERSION-CONTROL", "BASELINE-CONTROL") },
  { weight: 2, arbitrary: fc.constantFrom("get", "Get", "head", "FOO", "BREW", "M-SEARCH", "PRI", "QUERY") },
  { weight: 2, arbitrary: token },
  { weight: 1, arbitrary: fc.constantFrom("", "G\x00T", "GE\xe9T") },
);

/** pchar of RFC 3986, percent-encoded octets included. */
const pchar = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(...(ALPHA + DIGIT + "-._~!$&'()*+,;=:@").split("")) },
  { weight: 3, arbitrary: fc.constantFrom("%41", "%2e", "%2F", "%20", "%7E", "%C3%A9", "%00", "%zz", "%") },
  { weight: 1, arbitrary: oddByte },
);

const segment = fc.array(pchar, { maxLength: 5 }).map((a) => a.join(""));

const knownPath = fc.constantFrom("/", "/a.txt", "/app", "/app", "/d", "/d/", "/i/", "/i", "/nope", "/app", "/app/x", "//a.txt", "/./a.txt", "/d/../a.txt", "/A.TXT");

const absPath = fc.oneof(
  { weight: 5, arbitrary: knownPath },
  { weight: 2, arbitrary: fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join("/")}`) },
);

const query = fc.oneof(
  { weight: 4, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: fc.array(fc.oneof(pchar, fc.constantFrom("/", "?")), { maxLength: 6 }).map((q) => `?${q.join("")}`) },
);

/** Host names as RFC 3986 reg-name / IP-literal / IPv4address, and near misses. */
const hostName = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom("localhost", "LOCALHOST", "localhost.", "other.example", "Other.Example", "other.example.", "127.0.0.1", "[::1]", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]", "a_b.example", "xn--bcher-kva.example"),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("[::1", "[fe80::1%25eth0]", "[zz::1]", "::1", "01.2.3.4", "1.2.3", "foo.123", "12345", "a..b", "a/b", "a\\b", "-x-.example", "b\xfccher.example", "a b", "a,b", "", ".", "*"),
  },
);

const port = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("", ":@PORT0@", ":80") },
  { weight: 1, arbitrary: fc.constantFrom(":", ":0", ":65536", ":8o", ":+1", ": 1", ":007", ":1:2") },
);

const authority = fc.tuple(fc.constantFrom("", "", "", "user@", "u:p@", "@"), hostName, port).map(([u, h, p]) => `${u}${h}${p}`);

const scheme = fc.constantFrom("http", "http", "HTTP", "Http", "https", "ftp", "h2c", "x+y", "1http");

const requestTarget = fc.oneof(
  // origin-form
  { weight: 30, arbitrary: fc.tuple(absPath, query).map(([p, q]) => p + q) },
  // absolute-form
  { weight: 4, arbitrary: fc.tuple(scheme, fc.constantFrom("://", "://", ":", ":/"), authority, fc.oneof(absPath, fc.constant("")), query).map((p) => p.join("")) },
  // authority-form (CONNECT)
  { weight: 1, arbitrary: authority },
  // asterisk-form
  { weight: 1, arbitrary: fc.constantFrom("*", "*/", "**") },
  // things that are no target
  { weight: 1, arbitrary: fc.constantFrom("", "a.txt", "?x", "#f", "/a.txt#frag", "/a b", "/a\tb", "/\x7f", "/\xe9", "/\x00", "%2Fa.txt") },
);

const version = fc.oneof(
  { weight: 40, arbitrary: fc.constantFrom("HTTP/1.1", "HTTP/1.0") },
  { weight: 3, arbitrary: fc.constantFrom("HTTP/0.9", "HTTP/1.2", "HTTP/2.0", "HTTP/3.0", "HTTP/9.9", "http/1.1", "Http/1.0", "HTTP/1.10", "HTTP/01.1", "HTTP/1", "HTTP/2", "HTTP/1.1x", "HTTPS/1.1", "HTTP/a.b", "") },
);

/** Whitespace between request-line parts: one SP, or what Strict refuses. */
const sep = fc.oneof({ weight: 50, arbitrary: fc.constant(" ") }, { weight: 1, arbitrary: fc.constantFrom("  ", "\t", " \t", "\x0b", "\x0c", "\r") });

const eol = fc.oneof({ weight: 50, arbitrary: fc.constant("\r\n") }, { weight: 1, arbitrary: fc.constantFrom("\n", "\r\r\n") });

/** OWS around a field value. */
const ows = fc.oneof({ weight: 6, arbitrary: fc.constant("") }, { weight: 2, arbitrary: fc.constantFrom(" ", "  ", "\t", " \t ") });

const fieldValue = fc.oneof(
  { weight: 16, arbitrary: chars(ALPHA + DIGIT + " -_.,;=/\"", 0, 10) },
  { weight: 1, arbitrary: fc.tuple(chars(ALPHA, 0, 3), oddByte, chars(ALPHA, 0, 3)).map((p) => p.join("")) },
);

function field(name: string, value: string, before = " ", after = ""): string {
  return `${name}:${before}${value}${after}`;
}

const hostField = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(hostName, port).map(([h, p]) => field("Host", `${h}${p}`)) },
  { weight: 10, arbitrary: fc.constant(field("Host", "localhost:@PORT0@")) },
  { weight: 1, arbitrary: fc.constantFrom("host: other.example:@PORT0@", "HOST:localhost", "Host :localhost", " Host: localhost", "Host:", "Host: ") },
);

/** Fields other than Host (names: tokens, case variants, non-tokens; OWS; obs-fold). */
const otherField = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(fc.oneof(token, fc.constantFrom("A", "A", "a")), ows, fieldValue, ows).map(([n, b, v, a]) => field(`X-${n}`, v, b, a)) },
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom("User-Agent", "Accept", "Cookie", "Referer", "X-Forwarded-For", "Connection"), fieldValue).map(([n, v]) => field(n, v)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("Bad Name", "Bad@Name", "Bad\tName", "", "X\x01Y", "Na\xe9me", "(x)", "a/b", "[x]"), fieldValue).map(([n, v]) => field(n, v)) },
  { weight: 1, arbitrary: fc.constantFrom("NoColon", "X-Folded: a\r\n b", "X-Folded: a\r\n\t\tb\r\n c", "X-Empty-Fold: a\r\n ", "X-Empty:", "X-Ws:   ") },
  { weight: 1, arbitrary: fc.constantFrom("Expect: 100-continue", "Expect: 100-Continue", "Expect: foo", "Expect:", "Expect: 100-continue, foo") },
);

/** Message framing: Content-Length and Transfer-Encoding, with a body that matches what Apache will read. */
const framing: fc.Arbitrary<{ readonly fields: readonly string[]; readonly body: string }> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ fields: [] as string[], body: "" }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 4 }).map((n) => ({ fields: [field("Content-Length", String(n))], body: "x".repeat(n) })) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      { fields: ["Content-Length: abc"], body: "" },
      { fields: ["Content-Length: -1"], body: "" },
      { fields: ["Content-Length: +1"], body: "x" },
      { fields: ["Content-Length: 1, 1"], body: "x" },
      { fields: ["Content-Length: 1", "Content-Length: 1"], body: "x" },
      { fields: ["Content-Length: 99999999999999999999"], body: "" },
      { fields: ["Content-Length: 0x1"], body: "x" },
      { fields: ["Transfer-Encoding: chunked"], body: "0\r\n\r\n" },
      { fields: ["Transfer-Encoding: chunked"], body: "3\r\nabc\r\n0\r\n\r\n" },
      { fields: ["Transfer-Encoding: Chunked"], body: "0\r\n\r\n" },
      { fields: ["Transfer-Encoding: gzip, chunked"], body: "0\r\n\r\n" },
      { fields: ["Transfer-Encoding: chunked, gzip"], body: "" },
      { fields: ["Transfer-Encoding: gzip"], body: "" },
      { fields: ["Transfer-Encoding: identity"], body: "" },
      { fields: ["Transfer-Encoding: gzip chunked"], body: "" },
      { fields: ["Transfer-Encoding: chunked", "Content-Length: 3"], body: "0\r\n\r\n" },
      { fields: ["Content-Length: 3", "Transfer-Encoding: chunked"], body: "0\r\n\r\n" },
      { fields: ["Transfer-Encoding: chunked", "Transfer-Encoding: chunked"], body: "0\r\n\r\n" },
    ),
  },
);

/** One generated request: its bytes. */
export interface RawHttpRequest {
  raw: string;
}

export const rawHttpRequest: fc.Arbitrary<RawHttpRequest> = fc
  .record({
    blank: fc.oneof({ weight: 30, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 12 }) }),
    lead: fc.oneof({ weight: 60, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.constantFrom(" ", "\t") }),
    method,
    sep1: sep,
    target: requestTarget,
    sep2: sep,
    version,
    trail: fc.oneof({ weight: 60, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.constantFrom(" ", "\t", " x", " HTTP/1.1") }),
    eol,
    hosts: fc.oneof({ weight: 8, arbitrary: fc.array(hostField, { minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: fc.array(hostField, { maxLength: 2 }) }),
    hostFirst: fc.boolean(),
    others: fc.array(otherField, { maxLength: 3 }),
    framing,
    long: fc.oneof({ weight: 10, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 20, max: 90 }) }),
    cut: fc.oneof({ weight: 25, arbitrary: fc.constant("none" as const) }, { weight: 1, arbitrary: fc.constantFrom("line" as const, "head" as const) }),
  })
  .map((g) => {
    const target = g.long > 0 && g.target.startsWith("/") ? g.target + "a".repeat(g.long) : g.target;
    const version = g.version === "" ? "" : `${g.sep2}${g.version}`;
    const line = `${g.lead}${g.method}${g.sep1}${target}${version}${g.trail}`;
    const fields = g.hostFirst ? [...g.hosts, ...g.others] : [...g.others, ...g.hosts];
    if (g.long > 0 && !g.target.startsWith("/")) fields.push(field("X-Long", "v".repeat(g.long)));
    fields.push(...g.framing.fields);
    const head = `${"\r\n".repeat(g.blank)}${line}${g.eol}${fields.map((f) => `${f}${g.eol}`).join("")}${g.eol}`;
    if (g.cut === "line") return { raw: `${"\r\n".repeat(g.blank)}${line}` };
    if (g.cut === "head") return { raw: head.slice(0, head.length - g.eol.length) };
    return { raw: head + g.framing.body };
  });

/** A request as a JSON string literal (for reports and committed cases). */
export function showRaw(raw: string): string {
  return JSON.stringify(raw);
}
