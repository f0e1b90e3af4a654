// The decision memo answers a repeat exactly as the engine answers it afresh: property-tested
// over random configurations (directives that read headers, the client address and port, files,
// the clock, .htaccess), random request streams with repeats and near-repeats, and file-system
// changes between requests, against an engine without memo on the same files.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { createEngine, evaluate, type EvaluateRequest } from "../../src/api/evaluate.js";
import { DiskFs, MemoryFs } from "../../src/server/fs.js";

const ROOT = "/tmp/htrewrite-memo";
const TIME = new Date(Date.UTC(2026, 11, 4, 5, 6, 7));

const BASE = [
  "LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so",
  "LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so",
  "LoadModule authz_host_module /usr/lib/apache2/modules/mod_authz_host.so",
  "LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so",
  "LoadModule env_module /usr/lib/apache2/modules/mod_env.so",
  "LoadModule setenvif_module /usr/lib/apache2/modules/mod_setenvif.so",
  "LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so",
  "LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so",
  "LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so",
  "LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so",
  "LoadModule wsgi_module /usr/lib/apache2/modules/mod_wsgi.so",
  "ServerName localhost",
  "Listen 127.0.0.1:8080",
  `DocumentRoot ${ROOT}/htdocs`,
  "<Directory />",
  "    Require all denied",
  "</Directory>",
  `<Directory ${ROOT}>`,
  "    Require all granted",
  "    AllowOverride All",
  "</Directory>",
  "RewriteEngine On",
];

/** Configuration pieces, each reading a different kind of input. */
const PIECES: string[][] = [
  ["RewriteCond %{HTTP:X-A} ^a", "RewriteRule ^/r/(.*)$ /elsewhere/$1 [R=302,L]"],
  ["RewriteCond %{HTTP_USER_AGENT} bot [NC]", "RewriteRule ^/ua - [F]"],
  ["RewriteCond %{REMOTE_ADDR} ^10\\.", "RewriteRule ^/p/ - [E=FROM10:1]"],
  ["RewriteCond %{REMOTE_PORT} =50001", "RewriteRule ^/q - [R=403]"],
  ["RewriteCond %{DOCUMENT_ROOT}%{REQUEST_URI} -f", "RewriteRule ^/f/ - [E=ISFILE:1]"],
  ["RewriteCond %{REQUEST_FILENAME} !-f", "RewriteCond %{REQUEST_FILENAME} !-d", "RewriteRule ^/fc/ /index.html [L]"],
  ["RewriteRule ^/t - [E=SEC:%{TIME_SEC}]"],
  ["RewriteCond %{HTTP_HOST} ^other", "RewriteRule ^/h(.*) http://localhost:8080/moved$1 [R=301,L]"],
  ["RewriteCond %{QUERY_STRING} (^|&)id=(\\d+)", "RewriteRule ^/q2 /index.html?item=%2 [L]"],
  ["SetEnvIf X-B ^b HAS_B=yes", "SetEnvIf Remote_Addr ^10\\. NET10=1"],
  ["BrowserMatchNoCase curl IS_CURL"],
  ["RequestHeader set X-A from-config early"],
  ["Header always set X-Seen \"%{X-B}i\""],
  ['<If "%{HTTP:X-B} == \'b\'">', "    Require all denied", "</If>"],
  [`WSGIScriptAlias /app ${ROOT}/app.wsgi`, "<Location /app>", "    WSGIApplicationGroup %{ENV:HAS_B}", "</Location>"],
  [`Alias /al ${ROOT}/htdocs/sub`],
  ["<Location /priv>", "    Require ip 10.0.0.0/8", "</Location>"],
  ["DirectoryIndex index.html"],
  ["UseCanonicalName On"],
];

const HTACCESS = [
  "RewriteEngine On\nRewriteCond %{HTTP:X-A} ^a\nRewriteRule ^hx/(.*)$ /index.html [R,L]\n",
  "RewriteEngine On\nRewriteRule ^hx/ - [F]\n",
  "Require all denied\n",
  'SetEnvIf X-B . HT_B=1\n<Files "a.html">\nRequire all denied\n</Files>\n',
];

const URLS = ["/", "/r/x", "/ua", "/p/y", "/q", "/f/a.html", "/a.html", "/fc/z", "/t", "/h/k", "/q2?id=7", "/app/x", "/hx/k", "/al/", "/priv", "/sub/", "/d", "/d/"];

type Op =
  | { op: "request"; req: EvaluateRequest; trace: boolean }
  | { op: "write"; file: string; content: string }
  | { op: "remove"; file: string };

const header = (name: string, values: string[]) => fc.option(fc.constantFrom(...values).map((v) => [name, v] as [string, string]), { nil: undefined });

const requestArb: fc.Arbitrary<Op> = fc
  .record({
    url: fc.constantFrom(...URLS),
    method: fc.constantFrom("GET", "GET", "HEAD", "POST"),
    host: fc.constantFrom("localhost:8080", "localhost:8080", "other:8080"),
    a: header("X-A", ["a", "b", ""]),
    b: header("X-B", ["b", "c"]),
    ua: header("User-Agent", ["bot", "curl/8", "Mozilla/5.0"]),
    other: header("X-Other", ["1", "2", "3"]),
    remoteIp: fc.constantFrom("127.0.0.1", "10.0.0.1"),
    remotePort: fc.constantFrom(50000, 50001),
    trace: fc.boolean(),
  })
  .map((r) => ({
    op: "request" as const,
    trace: r.trace,
    req: {
      url: r.url,
      method: r.method,
      headers: [["Host", r.host] as [string, string], ...[r.a, r.b, r.ua, r.other].filter((h): h is [string, string] => h !== undefined)],
      port: 8080,
      localIp: "127.0.0.1",
      remoteIp: r.remoteIp,
      remotePort: r.remotePort,
      time: TIME,
    },
  }));

const fsOpArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("write" as const), file: fc.constantFrom("htdocs/a.html", "htdocs/f/a.html", "htdocs/d/index.html", "htdocs/sub/index.html"), content: fc.constantFrom("x\n", "longer text\n") }),
  fc.record({ op: fc.constant("write" as const), file: fc.constant("htdocs/.htaccess"), content: fc.constantFrom(...HTACCESS) }),
  fc.record({ op: fc.constant("remove" as const), file: fc.constantFrom("htdocs/a.html", "htdocs/f/a.html", "htdocs/.htaccess", "htdocs/d", "htdocs/sub") }),
);

const DOMAINS: Record<string, string[]> = { Host: ["localhost:8080", "other:8080"], "X-A": ["a", "b", ""], "X-B": ["b", "c"], "User-Agent": ["bot", "curl/8", "Mozilla/5.0"], "X-Other": ["1", "2", "3"] };

/** The requests one input away from `r`: each header value, the client address and port changed in turn. */
function neighbours(r: EvaluateRequest): EvaluateRequest[] {
  const out: EvaluateRequest[] = [{ ...r, remotePort: r.remotePort === 50000 ? 50001 : 50000 }, { ...r, remoteIp: r.remoteIp === "10.0.0.1" ? "127.0.0.1" : "10.0.0.1" }];
  const hs = r.headers as Array<[string, string]>;
  hs.forEach(([name, value], i) => {
    const other = DOMAINS[name]?.find((v) => v !== value);
    if (other !== undefined) out.push({ ...r, headers: hs.map((h, j) => (j === i ? [name, other] : h)) });
  });
  return out;
}

function engines(pieces: number[]) {
  const fs = new MemoryFs(ROOT, null);
  fs.addDir(`${ROOT}/htdocs`);
  fs.addFile(`${ROOT}/htdocs/index.html`, "home\n");
  fs.addFile(`${ROOT}/app.wsgi`, "def application(environ, start_response):\n    pass\n");
  const text = [...BASE, ...pieces.flatMap((i) => PIECES[i])].join("\n");
  const opts = { file: `${ROOT}/httpd.conf`, fs, env: {}, serverRoot: ROOT };
  return { fs, memo: createEngine(text, opts), plain: createEngine(text, { ...opts, memo: 0 }) };
}

describe("decision memo ≡ no memo", () => {
  it("on random configurations, request streams and file changes", () => {
    let hits = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat({ max: PIECES.length - 1 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.oneof({ weight: 6, arbitrary: requestArb }, { weight: 1, arbitrary: fsOpArb }), { minLength: 5, maxLength: 30 }),
        (pieces, ops) => {
          const { fs, memo, plain } = engines(pieces);
          // Repeats are what the memo is for: every request is sent twice (the second time after
          // the rest), each followed by its neighbours, which differ from it in one input.
          const stream = [...ops, ...ops];
          for (const o of stream) {
            if (o.op === "write") fs.addFile(`${ROOT}/${o.file}`, o.content);
            else if (o.op === "remove") fs.remove(`${ROOT}/${o.file}`);
            else {
              for (const req of [o.req, ...neighbours(o.req), o.req]) {
                const a = evaluate(memo, req, { trace: o.trace });
                const b = evaluate(plain, req, { trace: o.trace });
                expect(a).toEqual(b);
              }
            }
          }
          expect(memo.registry.snapshot()).toEqual(plain.registry.snapshot());
          hits += memo.decisions?.stats().hits ?? 0;
        },
      ),
      { numRuns: 120, seed: 20261204 },
    );
    // The property is not vacuous: repeats were answered from the memo (every file change
    // starts the in-memory tree's generation anew, so many repeats are decided again).
    expect(hits).toBeGreaterThan(150);
  });
});

describe("decision memo: what it keys on", () => {
  const fs = new MemoryFs(ROOT, null);
  fs.addDir(`${ROOT}/htdocs`);
  fs.addFile(`${ROOT}/htdocs/index.html`, "home\n");
  fs.addFile(`${ROOT}/map.txt`, "k one|two|three\n");
  const engine = createEngine(
    [
      ...BASE,
      "RewriteCond %{HTTP:X-A} ^a",
      "RewriteRule ^/r /elsewhere [R=302,L]",
      "RewriteRule ^/t - [E=SEC:%{TIME_SEC}]",
      `RewriteMap pick rnd:${ROOT}/map.txt`,
      "RewriteRule ^/rnd /${pick:k} [R,L]",
    ].join("\n"),
    { file: `${ROOT}/httpd.conf`, fs, env: {}, serverRoot: ROOT },
  );
  const memo = engine.decisions!;
  const req = (url: string, headers: Array<[string, string]> = []): EvaluateRequest => ({ url, host: "localhost:8080", port: 8080, headers });

  it("answers a repeat that differs only in headers nobody read from memory", () => {
    const before = memo.stats().hits;
    expect(evaluate(engine, req("/r", [["X-A", "b"], ["X-Unread", "1"]])).status).toBe(404);
    expect(evaluate(engine, req("/r", [["X-A", "b"], ["X-Unread", "2"]])).status).toBe(404);
    expect(memo.stats().hits).toBe(before + 1);
    // The header a condition read decides: a different value is decided afresh.
    expect(evaluate(engine, req("/r", [["X-A", "a"], ["X-Unread", "2"]])).status).toBe(302);
    expect(memo.stats().hits).toBe(before + 1);
  });
  it("echoes each caller's own request", () => {
    const r = evaluate(engine, req("/r", [["X-A", "b"], ["X-Unread", "3"]]));
    expect(r.request.headers).toContainEqual(["X-Unread", "3"]);
  });
  it("keys a header line that is not plain on its bytes", () => {
    const before = memo.stats().hits;
    expect(evaluate(engine, req("/r", [["X-Unread", "ok"]])).status).toBe(404);
    expect(evaluate(engine, req("/r", [["X-Unread", "bad\u0001byte"]])).status).toBe(400);
    expect(memo.stats().hits).toBe(before);
  });
  it("never keeps a decision that read the clock or drew from an rnd: map", () => {
    evaluate(engine, req("/t"));
    evaluate(engine, req("/t"));
    evaluate(engine, req("/rnd"));
    evaluate(engine, req("/rnd"));
    const s = memo.stats();
    expect(s.unrepeatable["the request time"]).toBe(2);
    expect(s.unrepeatable["RewriteMap pick rnd:"]).toBe(2);
  });
  it("replays trace events into a caller's tracer on a repeat", () => {
    const seen: string[][] = [];
    for (let i = 0; i < 2; i++) {
      const lines: string[] = [];
      evaluate(engine, req("/r", [["X-A", "a"]]), { tracer: { trace: (e) => lines.push(e.message) } });
      seen.push(lines);
    }
    expect(seen[0].length).toBeGreaterThan(0);
    expect(seen[1]).toEqual(seen[0]);
  });
  it("holds its answers within memoBytes however many distinct targets arrive, answering as without it", () => {
    const text = [...BASE, "RewriteRule ^/u/([^/]+)/(.*)$ /index.html [E=USER:$1,E=REST:$2,L]"].join("\n");
    const options = { file: `${ROOT}/httpd.conf`, fs, env: {}, serverRoot: ROOT };
    const bounded = createEngine(text, { ...options, memoBytes: 256 * 1024 });
    const plain = createEngine(text, { ...options, memo: 0 });
    const bound = bounded.decisions!;
    for (let i = 0; i < 3000; i++) {
      const r = req(`/u/user${i}/${"p".repeat(i % 50)}`);
      expect(evaluate(bounded, r)).toEqual(evaluate(plain, r));
      expect(bound.stats().bytes).toBeLessThanOrEqual(bound.stats().maxBytes);
    }
    const s = bound.stats();
    expect(s.maxBytes).toBe(256 * 1024);
    expect(s.keys).toBeGreaterThan(10);
    expect(s.keys).toBeLessThan(3000);
    // The newest answers are the ones kept: a repeat of the last request is a hit.
    const hits = s.hits;
    const last = req(`/u/user2999/${"p".repeat(2999 % 50)}`);
    expect(evaluate(bounded, last)).toEqual(evaluate(plain, last));
    expect(bound.stats().hits).toBe(hits + 1);
  });
  it("is off with memo: 0", () => {
    expect(createEngine(BASE.join("\n"), { file: `${ROOT}/httpd.conf`, fs, env: {}, serverRoot: ROOT, memo: 0 }).decisions).toBeNull();
  });
});

describe("decision memo on the disk", () => {
  const dir = mkdtempSync(join(tmpdir(), "htrewrite-memo-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it("checks every file fact again, so a file created or changed on the disk is seen", () => {
    writeFileSync(join(dir, "index.html"), "x");
    const engine = createEngine(
      [...BASE.slice(0, 13), `DocumentRoot ${dir}`, `<Directory ${dir}>`, "Require all granted", "AllowOverride All", "</Directory>"].join("\n"),
      { file: join(dir, "httpd.conf"), fs: new DiskFs(), env: {} },
    );
    const r = { url: "/a.html", host: "localhost:8080", port: 8080 };
    expect(evaluate(engine, r).status).toBe(404);
    expect(evaluate(engine, r).status).toBe(404);
    expect(engine.decisions!.stats().hits).toBe(1);
    writeFileSync(join(dir, "a.html"), "now here");
    expect(evaluate(engine, r).status).toBe(200);
    writeFileSync(join(dir, ".htaccess"), "Require all denied\n");
    expect(evaluate(engine, r).status).toBe(403);
    expect(evaluate(engine, r).status).toBe(403);
    // The same size, written again at once: the file's fingerprint (ctime, mtime) still moves.
    writeFileSync(join(dir, ".htaccess"), "Require all granted\n");
    expect(evaluate(engine, r).status).toBe(200);
    expect(evaluate(engine, r).status).toBe(200);
  });
});
