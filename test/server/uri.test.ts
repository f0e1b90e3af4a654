import { describe, expect, it } from "vitest";
import { decodeRequestPath, normalizePath, parseHostHeader, parseRequestTarget } from "../../src/server/uri.js";

const dflt = { mergeSlashes: true, allowEncodedSlashes: false, decodeEncodedSlashes: false };

describe("request path decoding (ap_process_request_internal)", () => {
  it.each([
    ["/a/b", "/a/b"],
    ["//wsgi-scripts/foo//x", "/wsgi-scripts/foo/x"],
    ["/wsgi-scripts/%66oo/x", "/wsgi-scripts/foo/x"],
    ["/%7Ealice/x", "/~alice/x"],
    ["/a/./b/../c", "/a/c"],
    ["/a/%2e%2e/c", "/c"],
    ["/p13/a%2541", "/p13/a%41"],
    ["/a%20b", "/a b"],
  ])("%s → %s", (raw, uri) => {
    expect(decodeRequestPath(raw, dflt)).toEqual({ ok: true, uri });
  });
  it.each([
    ["/a%2Fb", 404],
    ["/a%00b", 404],
    ["/a%zzb", 400],
    ["/..", 400],
    ["/../x", 400],
    ["x", 400],
  ])("%s → %i", (raw, status) => {
    const r = decodeRequestPath(raw, dflt);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.status).toBe(status);
  });
  it("keeps %2F encoded with AllowEncodedSlashes NoDecode", () => {
    expect(decodeRequestPath("/a%2Fb", { mergeSlashes: true, allowEncodedSlashes: true, decodeEncodedSlashes: false })).toEqual({
      ok: true,
      uri: "/a%2Fb",
    });
  });
  it("does not merge slashes with MergeSlashes Off", () => {
    expect(normalizePath("//a//b", { decodeUnreserved: true, mergeSlashes: false, notAboveRoot: true })).toBe("//a//b");
  });
});

describe("request target and Host", () => {
  it("splits query and drops the fragment", () => {
    expect(parseRequestTarget("/a?x=1#f")).toMatchObject({ rawPath: "/a", args: "x=1" });
    expect(parseRequestTarget("/a?")).toMatchObject({ rawPath: "/a", args: "" });
  });
  it("reads host and port from an absolute-form target", () => {
    expect(parseRequestTarget("http://www.example.com:7777/myapp")).toMatchObject({ rawPath: "/myapp", hostname: "www.example.com", port: 7777 });
  });
  it.each([
    ["WWW.Example.COM:8080", { hostname: "www.example.com", port: 8080 }],
    ["www.example.com.", { hostname: "www.example.com", port: null }],
    ["[::1]:8080", { hostname: "::1", port: 8080 }],
    ["localhost", { hostname: "localhost", port: null }],
  ])("Host %s", (h, expected) => {
    expect(parseHostHeader(h)).toEqual(expected);
  });
  it("refuses malformed hosts", () => {
    expect(parseHostHeader("a b")).toBeNull();
    expect(parseHostHeader("x:99999")).toBeNull();
  });
});
