import { describe, expect, it } from "vitest";
import { parseLogLine, problemEntry, traceEntry } from "./recorder/error-log.js";
import { parseResponse, serialiseRequest } from "./recorder/raw-http.js";
import { hostHeader, toRawRequest } from "./recorder/record-case.js";

describe("error log lines", () => {
  const cases: [string, string | null, string | null][] = [
    [
      "[rewrite:trace2] [pid 12] 127.0.0.1 - - [localhost/sid#55d0a8][rid#7f01/initial] init rewrite engine with requested uri /x",
      "trace2 [initial] init rewrite engine with requested uri /x",
      null,
    ],
    [
      "[rewrite:trace3] [pid 12] 127.0.0.1 - - [vh.example/sid#1][rid#2/initial/redir#1] [perdir /r/htdocs/] strip per-dir prefix: /r/htdocs/a -> a",
      "trace3 [initial/redir#1] [perdir /r/htdocs/] strip per-dir prefix: /r/htdocs/a -> a",
      null,
    ],
    ["[core:alert] [pid 9] /r/h1/.htaccess: WSGIApplicationGroup not allowed here", null, "[core:alert] /r/h1/.htaccess: WSGIApplicationGroup not allowed here"],
    ["[wsgi:info] [pid 9] mod_wsgi (pid=9): Initializing Python.", null, null],
    ["[mpm_prefork:notice] [pid 9] AH00163: Apache configured", null, null],
  ];
  it.each(cases)("%s", (line, trace, problem) => {
    const parsed = parseLogLine(line);
    expect(traceEntry(parsed)).toBe(trace);
    expect(problemEntry(parsed)).toBe(problem);
  });
});

describe("raw requests", () => {
  it("sends the request-target untouched and no Host header when host is null", () => {
    const raw = toRawRequest({ path: "//a/%7Eb?x= y", host: null, http_version: "1.0" }, 4000, { root: "/r", ports: [4000] });
    expect(serialiseRequest(raw).toString("latin1")).toBe("GET //a/%7Eb?x= y HTTP/1.0\r\n\r\n");
  });
  it("defaults the Host header as case-format.md says", () => {
    expect(hostHeader({ path: "/" }, 80)).toBe("localhost");
    expect(hostHeader({ path: "/" }, 8080)).toBe("localhost:8080");
    expect(hostHeader({ path: "/", host: "a.example" }, 8080)).toBe("a.example");
  });
  it("substitutes placeholders in host and headers, adds Content-Length for a body", () => {
    const raw = toRawRequest(
      { path: "/p", method: "POST", host: "h:@PORT1@", headers: { "X-A": "@ROOT@" }, body: "é" },
      1,
      { root: "/r", ports: [1, 2] },
    );
    expect(serialiseRequest(raw).toString("latin1")).toBe("POST /p HTTP/1.1\r\nHost: h:2\r\nX-A: /r\r\nContent-Length: 2\r\n\r\n\xc3\xa9");
  });
  it("skips an interim 100 Continue and says when no status line came", () => {
    const r = parseResponse(Buffer.from("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n", "latin1"));
    expect(r.status).toBe(405);
    expect(() => parseResponse(Buffer.from("main a", "latin1"))).toThrow(/HTTP\/0\.9/);
    expect(() => parseResponse(Buffer.alloc(0))).toThrow(/without answering/);
  });
  it("sends a raw request's bytes verbatim", () => {
    const raw = toRawRequest({ path: "/", raw: "GET /\xe9 HTTP/1.1\r\nHost: @PORT0@\r\n\r\n" }, 8080, { root: "/r", ports: [8080] });
    expect(serialiseRequest(raw).toString("latin1")).toBe("GET /\xe9 HTTP/1.1\r\nHost: 8080\r\n\r\n");
  });
  it("parses plain and chunked responses", () => {
    const plain = parseResponse(Buffer.from("HTTP/1.1 302 Found\r\nLocation: http://x/y\r\nContent-Length: 2\r\n\r\nok", "latin1"));
    expect([plain.status, plain.headers.get("location"), plain.body.toString()]).toEqual([302, "http://x/y", "ok"]);
    const chunked = parseResponse(Buffer.from("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", "latin1"));
    expect(chunked.body.toString()).toBe("abcde");
  });
});
