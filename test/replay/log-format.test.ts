import { describe, expect, it } from "vitest";
import { compileLogFormat, PRESET_FORMATS, unescapeLogItem } from "../../src/replay/log-format.js";
import { rebuildRequest, requestShape } from "../../src/replay/request.js";

const T = "[23/Nov/2026:10:00:00 +0000]";

describe("LogFormat parsing", () => {
  const rows: Array<{ fmt: string; line: string; want: Record<string, string> | { error: RegExp } }> = [
    { fmt: PRESET_FORMATS.common, line: `1.2.3.4 - - ${T} "GET /a?b=1 HTTP/1.1" 200 512`, want: { h: "1.2.3.4", t: T, r: "GET /a?b=1 HTTP/1.1", s: "200", O: "512" } },
    { fmt: PRESET_FORMATS.combined, line: `1.2.3.4 - bob ${T} "GET / HTTP/1.0" 304 - "http://x/" "Agent \\"quoted\\" 1.0"`, want: { u: "bob", "i:user-agent": 'Agent "quoted" 1.0', "i:referer": "http://x/" } },
    { fmt: PRESET_FORMATS.vhost_combined, line: `www.example.com:8080 ::1 - - ${T} "POST /x HTTP/1.1" 201 7 "-" "-"`, want: { v: "www.example.com", p: "8080", h: "::1", s: "201" } },
    { fmt: '%h %t "%r" %>s %D "%{Host}i" %V', line: `1.2.3.4 ${T} "GET /\\x7e HTTP/1.1" 200 1234 "a.example:81" b.example`, want: { r: "GET /~ HTTP/1.1", D: "1234", "i:host": "a.example:81", V: "b.example" } },
    { fmt: '%!200,304{Referer}i %<s', line: `- 500`, want: { "i:referer": "-", s: "500" } },
    { fmt: PRESET_FORMATS.common, line: `1.2.3.4 - - ${T} "GET /trunc`, want: { error: /unterminated quoted %r/ } },
    { fmt: PRESET_FORMATS.common, line: `garbage`, want: { error: /no ' ' after %h/ } },
    { fmt: PRESET_FORMATS.common, line: `1.2.3.4 - - 23/Nov/2026 "GET / HTTP/1.1" 200 1`, want: { error: /expected '\[' of %t/ } },
    { fmt: '%h "%r" x', line: `1.2.3.4 "GET / HTTP/1.1" y`, want: { error: /unterminated quoted %r at column 10/ } },
  ];
  for (const row of rows) {
    it(`${row.fmt} ← ${JSON.stringify(row.line).slice(0, 60)}`, () => {
      const p = compileLogFormat(row.fmt);
      const r = p.parse(row.line);
      if ("error" in row.want) {
        expect("error" in r && r.error).toMatch(row.want.error);
        return;
      }
      if ("error" in r) throw new Error(r.error);
      for (const [k, v] of Object.entries(row.want)) expect(r.values[p.indexOf(k)], k).toBe(v);
    });
  }

  it("refuses broken format strings with their text", () => {
    expect(() => compileLogFormat("%{Referer")).toThrow(/unterminated %\{/);
    expect(() => compileLogFormat("%h %")).toThrow(/bad directive/);
  });

  it("undoes ap_escape_logitem", () => {
    expect(unescapeLogItem("a\\x00b\\\\c\\\"d\\n")).toBe('a\x00b\\c"d\n');
  });
});

describe("request reconstruction", () => {
  const p = compileLogFormat(PRESET_FORMATS.vhost_combined);
  const shape = requestShape(p);
  const rebuild = (line: string) => {
    const r = p.parse(line);
    if ("error" in r) throw new Error(r.error);
    return rebuildRequest(r.values, shape);
  };
  it("takes method, target, protocol from %r and the host and port from %v:%p", () => {
    expect(rebuild(`a.example:8080 1.2.3.4 - - ${T} "HEAD /x?y HTTP/1.0" 200 1 "-" "-"`)).toEqual({
      request: { url: "/x?y", method: "HEAD", httpVersion: "1.0", host: "a.example:8080", port: 8080, remoteIp: "1.2.3.4" },
      loggedStatus: 200,
    });
  });
  it("says why a request line cannot be replayed", () => {
    expect(rebuild(`a:80 1.2.3.4 - - ${T} "-" 408 0 "-" "-"`)).toEqual({ error: "no request line logged ('-')" });
    expect(rebuild(`a:80 1.2.3.4 - - ${T} "\\x16\\x03" 400 0 "-" "-"`)).toMatchObject({ error: /not 'METHOD target/ });
    expect(rebuild(`a:80 1.2.3.4 - - ${T} "GET / HTTP/2.0" 200 0 "-" "-"`)).toMatchObject({ error: /HTTP\/2.0 not replayed/ });
  });
  it("refuses formats without a request", () => {
    expect(() => requestShape(compileLogFormat("%h %>s"))).toThrow(/logs no request line/);
  });
});
