/**
 * The protocol layer (src/http) on its own: what core accepts or refuses and why, table-driven,
 * each row as Apache answered it in the golden case named (test/conformance/cases/rh_*.json).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixHostname, isIpv6Address } from "../../src/http/host.js";
import { applyHttpProtocolOptions, DEFAULT_PROTOCOL_OPTIONS, protocolOptionsOf } from "../../src/http/protocol-options.js";
import { readRequest } from "../../src/http/read-request.js";
import { aprUriParse } from "../../src/http/uri-parse.js";

const H = "Host: localhost\r\n";
const STRICT = DEFAULT_PROTOCOL_OPTIONS;
const UNSAFE = applyHttpProtocolOptions(STRICT, [["Unsafe"]]);

function status(raw: string, o = STRICT): number {
  const r = readRequest(raw, o);
  return r.ok ? 200 : r.status;
}

describe("readRequest: the status core gives (0 = no answer), as recorded", () => {
  const rows: Array<[string, string, number, typeof STRICT?]> = [
    ["rh_request_line", `GET /a.txt HTTP/1.1\r\n${H}\r\n`, 200],
    ["rh_request_line", "GET /a.txt\r\n", 200],
    ["rh_request_line", "HEAD /a.txt\r\n", 400],
    ["rh_request_line", "GET /a.txt HTTP/1.2\r\n\r\n", 400],
    ["rh_request_line", `GET /a.txt HTTP/2.0\r\n${H}\r\n`, 200],
    ["rh_request_line", `GET /a.txt HTTP/0.9\r\n${H}\r\n`, 400],
    ["rh_request_line", `GET /a.txt http/1.1\r\n${H}\r\n`, 400],
    ["rh_protocol_unsafe", `GET /a.txt http/1.1\r\n${H}\r\n`, 200, UNSAFE],
    ["rh_request_line", `GET /a.txt HTTP/1.1\n${H.replace("\r", "")}\n`, 400],
    ["rh_protocol_unsafe", `GET /a.txt HTTP/1.1\n${H.replace("\r", "")}\n`, 200, UNSAFE],
    ["rh_request_line", `GET  /a.txt HTTP/1.1\r\n${H}\r\n`, 400],
    ["rh_protocol_unsafe", `GET\t/a.txt\tHTTP/1.1\r\n${H}\r\n`, 400, UNSAFE],
    ["rh_request_line", `${"\r\n".repeat(11)}GET /a.txt HTTP/1.1\r\n${H}\r\n`, 400],
    ["rh_request_line", "GET /a.txt HTTP/1.1", 0],
    ["rh_request_line", `GET /a.txt HTTP/1.1\r\n${H}`, 400],
    ["rh_request_line", `GET /a.txt#frag HTTP/1.1\r\n${H}\r\n`, 400],
    ["rh_protocol_unsafe", `GET /a.txt#frag HTTP/1.1\r\n${H}\r\n`, 200, UNSAFE],
    ["rh_request_line", `GET * HTTP/1.1\r\n${H}\r\n`, 400],
    ["rh_request_line", `OPTIONS * HTTP/1.1\r\n${H}\r\n`, 200],
    ["rh_request_line", `GET ftp://other.example/a.txt HTTP/1.1\r\n${H}\r\n`, 400],
    ["rh_request_line", `GET http://other.example/a.txt HTTP/1.1\r\n\r\n`, 400],
    ["rh_request_line", `GET http://u@other.example/a.txt HTTP/1.1\r\n${H}\r\n`, 400],
    ["rh_request_line", `GET http://::1:80/a.txt HTTP/1.1\r\n${H}\r\n`, 400],
    ["rh_header_fields", `GET / HTTP/1.1\r\n${H}X-A: a\r\n \r\n\r\n`, 400],
    ["rh_header_fields", `GET / HTTP/1.1\r\n b\r\n${H}\r\n`, 400],
    ["rh_header_fields", `GET / HTTP/1.1\r\n${H}X@A: v\r\n\r\n`, 400],
    ["rh_protocol_unsafe", `GET / HTTP/1.1\r\n${H}X@A: v\r\n\r\n`, 200, UNSAFE],
    ["rh_header_fields", `GET / HTTP/1.1\r\n${H}X-A: a\x01b\r\n\r\n`, 400],
    ["rh_header_fields", `GET / HTTP/1.1\r\n${H}X-A: a\xe9b\r\n\r\n`, 200],
    ["rh_host", "GET / HTTP/1.1\r\nHost: other.example:\r\n\r\n", 400],
    ["rh_protocol_unsafe", "GET / HTTP/1.1\r\nHost: other.example:\r\n\r\n", 200, UNSAFE],
    ["rh_host", "GET / HTTP/1.1\r\nHost: localhost\r\nHost: localhost\r\n\r\n", 400],
    ["rh_host", "GET / HTTP/1.1\r\nHost:\r\n\r\n", 400],
    ["rh_host", "GET / HTTP/1.0\r\nHost:\r\n\r\n", 200],
    ["rh_framing", `POST / HTTP/1.1\r\n${H}Content-Length: +1\r\n\r\nx`, 400],
    ["rh_framing", `POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n`, 200],
    ["rh_framing", `POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip chunked\r\n\r\n`, 400],
    ["rh_framing", `GET / HTTP/1.1\r\n${H}Expect: foo\r\n\r\n`, 417],
  ];
  it.each(rows)("%s: %j", (_case, raw, want, o) => {
    expect(status(raw, o ?? STRICT)).toBe(want);
  });

  it("RegisteredMethods refuses unknown methods with 501, Require1.0 refuses HTTP/0.9 (rh_protocol_registered)", () => {
    const o = applyHttpProtocolOptions(STRICT, [["RegisteredMethods", "Require1.0"]]);
    expect(status(`FOO / HTTP/1.1\r\n${H}\r\n`, o)).toBe(501);
    expect(status("GET /a.txt\r\n", o)).toBe(400);
    expect(status(`BASELINE-CONTROL / HTTP/1.1\r\n${H}\r\n`, o)).toBe(200);
  });

  it("the limits count the line without its CRLF, one byte over the directive's value still fitting (rh_limits)", () => {
    const o = protocolOptionsOf([
      { key: "limitrequestline", args: ["60"] },
      { key: "limitrequestfieldsize", args: ["40"] },
      { key: "limitrequestfields", args: ["4"] },
    ]);
    expect(status(`GET /${"a".repeat(47)} HTTP/1.1\r\n${H}\r\n`, o)).toBe(200);
    expect(status(`GET /${"a".repeat(48)} HTTP/1.1\r\n${H}\r\n`, o)).toBe(414);
    expect(status(`GET / HTTP/1.1\r\n${H}X-A: ${"v".repeat(36)}\r\n\r\n`, o)).toBe(200);
    expect(status(`GET / HTTP/1.1\r\n${H}X-A: ${"v".repeat(37)}\r\n\r\n`, o)).toBe(400);
    expect(status(`GET / HTTP/1.1\r\n${H}X-1: v\r\nX-2: v\r\nX-3: v\r\nX-4: v\r\n\r\n`, o)).toBe(400);
  });

  it("obs-fold and OWS give the value core stores; repeated fields are merged (rh_header_fields)", () => {
    const r = readRequest(`GET / HTTP/1.1\r\n${H}X-A: a\r\n\t \tb\r\n  c  \r\nx-a:\t2\r\n\r\n`, STRICT);
    expect(r.ok && r.headersIn.get("X-A")).toBe("a b c, 2");
  });

  it("an absolute-form target names the host, replaces Host under Strict and defaults its port (rh_request_line, rh_host)", () => {
    const r = readRequest("GET http://Other.Example/d HTTP/1.1\r\nHost: a..b\r\n\r\n", STRICT);
    expect(r.ok && [r.hostname, r.explicitPort, r.headersIn.get("Host"), r.target.rawPath]).toEqual(["other.example", 80, "other.example", "/d"]);
    const https = readRequest("GET https://other.example/d HTTP/1.1\r\nHost: localhost:8080\r\n\r\n", STRICT);
    expect(https.ok && [https.hostname, https.explicitPort]).toEqual(["localhost", 8080]);
  });

  it("never throws, whatever the bytes", () => {
    const byte = fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c));
    const piece = fc.oneof(byte, fc.constantFrom("GET ", "/", " HTTP/1.1", "\r\n", "Host: ", ":", "[", "]", "http://", "Transfer-Encoding: chunked", "Content-Length: "));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.boolean(), (parts, strict) => {
        const r = readRequest(parts.join(""), strict ? STRICT : UNSAFE);
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 2000, seed: 20261123 },
    );
  });
});

describe("fixHostname and the URI split (vhost.c, APR)", () => {
  it.each([
    ["localhost", true],
    ["LOCALHOST.", true],
    ["1.2.3.4", true],
    ["01.2.3.4", false],
    ["1.2.3", false],
    ["foo.123", false],
    ["foo.a123", true],
    ["12345", false],
    ["a_b.example", true],
    ["a..b", false],
    ["[::1]:80", true],
    ["[::1]:", false],
    ["[fe80::1%eth0]", false],
    ["::1", false],
    ["x:0", false],
    ["x:65536", false],
  ])("Host %j under Strict: accepted %s (rh_host)", (host, ok) => {
    expect(fixHostname(null, host, true).ok).toBe(ok);
  });

  it("IPv6 literals are checked as inet_pton checks them", () => {
    expect(["::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "fe80::", "1::"].map(isIpv6Address)).toEqual([true, true, true, true, true]);
    expect(["zz::1", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::", "::ffff:256.0.0.1", ""].map(isIpv6Address)).toEqual([false, false, false, false, false, false]);
  });

  it("the port of an unbracketed authority starts at its first colon", () => {
    expect(aprUriParse("http://h:80/x")?.port).toBe(80);
    expect(aprUriParse("http://::1:80/x")).toBeNull();
    expect(aprUriParse("http://[::1]:80/x")?.hostname).toBe("::1");
  });
});
