/**
 * One table per condition type: each CondPattern kind evaluated through a real rule against the
 * fake server's files, matching and not matching, plain and negated.
 */
import { describe, expect, it } from "vitest";
import { DOCROOT, runServer, stat } from "./fake.js";
import type { FakeServerOptions } from "./fake.js";

const files: FakeServerOptions["files"] = {
  [`${DOCROOT}/full.txt`]: stat("file", 5),
  [`${DOCROOT}/empty.txt`]: stat("file", 0),
  [`${DOCROOT}/run.sh`]: stat("file", 5, 0o755),
  [`${DOCROOT}/dir`]: stat("dir", 0, 0o755),
  [`${DOCROOT}/link`]: stat("symlink"),
};

/** [test string, pattern, matches?] evaluated as `RewriteCond <ts> <pattern>` on GET /c?<query>. */
type Row = [string, string, string, boolean];

const tables: Record<string, Row[]> = {
  "-f": [
    ["%{DOCUMENT_ROOT}/full.txt", "-f", "", true],
    ["%{DOCUMENT_ROOT}/dir", "-f", "", false],
    ["%{DOCUMENT_ROOT}/none", "-f", "", false],
    ["%{DOCUMENT_ROOT}/none", "!-f", "", true],
  ],
  "-s": [
    ["%{DOCUMENT_ROOT}/full.txt", "-s", "", true],
    ["%{DOCUMENT_ROOT}/empty.txt", "-s", "", false],
    ["%{DOCUMENT_ROOT}/full.txt/", "-s", "", false],
  ],
  "-d": [
    ["%{DOCUMENT_ROOT}/dir", "-d", "", true],
    ["%{DOCUMENT_ROOT}/dir/", "-d", "", true],
    ["%{DOCUMENT_ROOT}/full.txt/", "-f", "", false],
    ["%{DOCUMENT_ROOT}/full.txt", "-d", "", false],
  ],
  "-x": [
    ["%{DOCUMENT_ROOT}/run.sh", "-x", "", true],
    ["%{DOCUMENT_ROOT}/full.txt", "-x", "", false],
    ["%{DOCUMENT_ROOT}/dir", "-x", "", true],
  ],
  "-l -L -h": [
    ["%{DOCUMENT_ROOT}/link", "-l", "", true],
    ["%{DOCUMENT_ROOT}/link", "-L", "", true],
    ["%{DOCUMENT_ROOT}/link", "-h", "", true],
    ["%{DOCUMENT_ROOT}/full.txt", "-l", "", false],
  ],
  "-U -F": [
    ["/ok", "-U", "", true],
    ["/missing", "-U", "", false],
    ["%{DOCUMENT_ROOT}/full.txt", "-F", "", true],
    ["%{DOCUMENT_ROOT}/none", "-F", "", false],
    ["%{QUERY_STRING}", "-U", "", false],
  ],
  "regex and [NC]": [
    ["%{QUERY_STRING}", "^ab", "abc", true],
    ["%{QUERY_STRING}", "^AB", "abc", false],
    ["%{QUERY_STRING}", "!^ab", "abc", false],
  ],
  "= and =\"\"": [
    ["%{QUERY_STRING}", "=abc", "abc", true],
    ["%{QUERY_STRING}", "=ab", "abc", false],
    ["%{QUERY_STRING}", '=""', "", true],
    ["%{QUERY_STRING}", '=""', "x", false],
    ["%{QUERY_STRING}", "!=abc", "abc", false],
  ],
  "< <= > >=": [
    ["%{QUERY_STRING}", "<b", "a", true],
    ["%{QUERY_STRING}", "<b", "aa", false],
    ["%{QUERY_STRING}", "<=b", "b", true],
    ["%{QUERY_STRING}", ">b", "aa", true],
    ["%{QUERY_STRING}", ">b", "a", false],
    ["%{QUERY_STRING}", ">=b", "b", true],
  ],
  "-eq -ne -lt -le -gt -ge": [
    ["%{QUERY_STRING}", "-eq5", "5abc", true],
    ["%{QUERY_STRING}", "-ne5", "5", false],
    ["%{QUERY_STRING}", "-ne5", "6", true],
    ["%{QUERY_STRING}", "-lt0", "-5", true],
    ["%{QUERY_STRING}", "-le0", "0", true],
    ["%{QUERY_STRING}", "-gt10", "11", true],
    ["%{QUERY_STRING}", "-gt10", "x", false],
    ["%{QUERY_STRING}", "-ge-1", "", true],
  ],
  expr: [
    ["expr", "\"%{QUERY_STRING} =~ /^a(.)/\"", "abc", true],
    ["expr", "\"%{QUERY_STRING} == 'x' || -n %{QUERY_STRING}\"", "y", true],
    ["expr", "\"-z %{QUERY_STRING}\"", "y", false],
    ["expr", "\"%{QUERY_STRING} -strmatch 'a*'\"", "abc", true],
    ["expr", "\"! %{QUERY_STRING} -strmatch 'a*'\"", "abc", false],
    ["expr", "\"%{QUERY_STRING} in {'a','b'}\"", "b", true],
    ["expr", "\"%{REMOTE_ADDR} -ipmatch '127.0.0.0/8'\"", "", true],
    ["expr", "\"%{QUERY_STRING} -lt 5\"", "3", true],
    ["expr", "\"%{QUERY_STRING} -lt 5\"", "x", false],
    ["expr", "\"-f '" + DOCROOT + "/full.txt'\"", "", true],
    ["expr", "\"%{DOCUMENT_URI} == '/c'\"", "", true],
    ["expr", "\"%{request_method} == 'GET'\"", "", true],
  ],
};

describe("condition types", () => {
  for (const [type, rows] of Object.entries(tables)) {
    describe(type, () => {
      for (const [ts, pattern, query, matches] of rows) {
        it(`${ts} ${pattern} on '${query}' → ${matches}`, () => {
          const r = runServer([`RewriteCond ${ts} ${pattern}`, "RewriteRule ^/c$ /matched [L]"], `/c${query !== "" ? `?${query}` : ""}`, {}, {
            files,
            subrequestStatus: (u) => (u === "/missing" ? 404 : 200),
          });
          expect(r.result.outcome.kind, r.trace.join("\n")).toBe(matches ? "ok" : "declined");
        });
      }
    });
  }

  it("[NC] makes regex and string comparisons case-insensitive", () => {
    expect(runServer(["RewriteCond %{QUERY_STRING} ^AB [NC]", "RewriteRule ^/c$ /m [L]"], "/c?abc").result.outcome.kind).toBe("ok");
    expect(runServer(["RewriteCond %{QUERY_STRING} =ABC [NC]", "RewriteRule ^/c$ /m [L]"], "/c?abc").result.outcome.kind).toBe("ok");
  });

  it("expr functions: md5, base64, file", () => {
    const md5 = runServer(["RewriteCond expr \"md5('a') == '0cc175b9c0f1b6a831c399e269772661' && base64('a') == 'YQ=='\"", "RewriteRule ^/c$ /m [L]"], "/c");
    expect(md5.result.outcome.kind).toBe("ok");
    const file = runServer(["RewriteCond expr \"file('/srv/flag') =~ /^on/\"", "RewriteRule ^/c$ /m [L]"], "/c", {}, { mapFiles: { "/srv/flag": { data: Buffer.from("on\n"), mtimeMs: 1 } } });
    expect(file.result.outcome.kind).toBe("ok");
  });

  it("expr captures feed %N", () => {
    const r = runServer(['RewriteCond expr "%{QUERY_STRING} =~ /^a(.)/"', "RewriteRule ^/c$ /m?c=%1 [L]"], "/c?abc");
    expect(r.req.args).toBe("c=b");
  });

  it("Vary collects headers of the matching conditions, not of [NV] ones", () => {
    const r = runServer(
      ["RewriteCond %{HTTP:X-A} ^yes$", "RewriteCond %{HTTP:X-B} ^no$", "RewriteCond %{HTTP:X-C} ^c$ [NV]", "RewriteCond %{HTTP_HOST} .", "RewriteRule ^/v$ - [E=V:1]"],
      "/v",
      { headers: { "X-A": "yes", "X-B": "no", "X-C": "c" } },
    );
    expect(r.req.headersOut.get("Vary")).toBe("X-A, X-B");
    const failing = runServer(["RewriteCond %{HTTP:X-A} ^yes$", "RewriteCond %{HTTP:X-B} ^zzz$", "RewriteRule ^/v$ - [E=V:1]"], "/v", { headers: { "X-A": "yes", "X-B": "no" } });
    expect(failing.req.headersOut.get("Vary")).toBeUndefined();
  });

  it("#112 substitution reads and Host never produce Vary; absent headers neither", () => {
    const sub = runServer(["RewriteRule ^/vs$ /a.html?ua=%{HTTP_USER_AGENT} [L]"], "/vs", { headers: { "User-Agent": "t" } });
    expect(sub.req.headersOut.get("Vary")).toBeUndefined();
    const host = runServer(["RewriteCond %{HTTP:host} .", "RewriteRule ^/vs$ /a.html [L]"], "/vs");
    expect(host.req.headersOut.get("Vary")).toBeUndefined();
    const absent = runServer(["RewriteCond %{HTTP:X-None} ^$", "RewriteRule ^/vs$ /a.html [L]"], "/vs");
    expect(absent.req.headersOut.get("Vary")).toBeUndefined();
    const ua = runServer(["RewriteCond %{HTTP_USER_AGENT} t", "RewriteRule ^/vs$ /a.html [L]"], "/vs", { headers: { "User-Agent": "t" } });
    expect(ua.req.headersOut.get("Vary")).toBe("User-Agent");
  });

  it("OR groups keep only the succeeding member's header", () => {
    const r = runServer(["RewriteCond %{HTTP:X-A} ^no$ [OR]", "RewriteCond %{HTTP:X-B} ^yes$", "RewriteRule ^/v$ - [E=V:1]"], "/v", { headers: { "X-A": "a", "X-B": "yes" } });
    expect(r.req.headersOut.get("Vary")).toBe("X-B");
  });
});
