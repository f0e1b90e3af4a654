/**
 * Hostile-input properties shared by `npm test` (fixed seeds, small budgets) and `test:live`
 * (the same properties, larger budgets through HTR_FUZZ_SCALE). Each asserts the one promise
 * htrewrite makes about untrusted input: no exception but htrewrite's own error classes, and an
 * answer within a time budget — whatever the bytes, configuration, request or pattern.
 */
import fc from "fast-check";
import { expect } from "vitest";
import { createEngine, evaluate, type EvaluateRequest } from "../../src/api/evaluate.js";
import { checkConfigText } from "../../src/cli/check.js";
import { ENGINE_CONFIG_CHECKS } from "../../src/expr/config-checks.js";
import { memoryFs, parseConfig, parseHtaccess } from "../../src/config/index.js";
import { compileRegex } from "../../src/regex/index.js";
import type { Engine } from "../../src/server/engine.js";
import { MemoryFs } from "../../src/server/fs.js";
import { HtrError } from "../../src/util/errors.js";
import { patternArb, subjectArb } from "../regex/generators.js";

/** Runs for a property: `base` × HTR_FUZZ_SCALE (default 1); the seed is fixed unless HTR_FUZZ_SEED says otherwise. */
export function budget(base: number, seedOffset: number): { numRuns: number; seed: number } {
  const scale = Number(process.env.HTR_FUZZ_SCALE ?? 1);
  return { numRuns: Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1))), seed: Number(process.env.HTR_FUZZ_SEED ?? 20261204) + seedOffset };
}

/**
 * Run `f`; an HtrError (ConfigError, RegexError, …) is an answer, anything else a failure that
 * names the input. Also fails when one call takes longer than `ms`.
 */
export function ours<T>(what: string, ms: number, f: () => T): T | HtrError {
  const t0 = performance.now();
  let out: T | HtrError;
  try {
    out = f();
  } catch (e) {
    if (!(e instanceof HtrError)) throw new Error(`${what}: not an htrewrite error: ${(e as Error)?.stack ?? String(e)}`);
    out = e;
  }
  const took = performance.now() - t0;
  if (took > ms) throw new Error(`${what}: took ${took.toFixed(0)} ms, over the ${ms} ms budget`);
  return out;
}

const byte = fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c));
/** A byte string (one code unit per byte) of at most `max` bytes. */
export const bytesArb = (max: number): fc.Arbitrary<string> => fc.string({ unit: byte, maxLength: max });

const ROOT = "/tmp/htrewrite-fuzz";
const HEAD = [
  "LoadModule mpm_prefork_module x", "LoadModule authz_core_module x", "LoadModule alias_module x",
  "LoadModule env_module x", "LoadModule setenvif_module x", "LoadModule rewrite_module x", "LoadModule dir_module x",
  "LoadModule mime_module x", "LoadModule wsgi_module x", "LoadModule userdir_module x", "LoadModule headers_module x",
  "ServerName localhost", "Listen 127.0.0.1:8080", "Listen 127.0.0.1:8443", `DocumentRoot ${ROOT}/htdocs`,
];

function site(): MemoryFs {
  const fs = new MemoryFs(ROOT, null);
  fs.addFile(`${ROOT}/htdocs/index.php`, "<?php");
  fs.addFile(`${ROOT}/htdocs/.htaccess`, "RewriteEngine on\nRewriteCond %{REQUEST_FILENAME} !-f\nRewriteRule ^(.*)$ index.php?q=$1 [QSA,L]\n");
  fs.addFile(`${ROOT}/app.wsgi`, "@PROBE@");
  fs.addFile(`${ROOT}/map.txt`, "a b\nc d\n");
  fs.addDir(`${ROOT}/home/alice/public_html`);
  return fs;
}

/** Lines a structured hostile configuration is made of: sections, Defines, expressions, rules. */
export const hostileLineArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "<IfModule rewrite_module>", "</IfModule>", "<IfModule nosuch>", "<Location />", "</Location>", '<If "true">', "</If>",
    `<Directory ${ROOT}/htdocs>`, "</Directory>", "AllowOverride All", "<VirtualHost *:8080>", "</VirtualHost>",
    "<IfDefine X>", "</IfDefine>", "<Else>", "</Else>", "Define A ${A}${A}", "Define A x", "RewriteEngine on",
    "RewriteRule (a+)+$ - [N]", "RewriteCond %{HTTP_HOST} ^(.*)*$", "RewriteRule ^/(.*)$ /$1 [N]", "RewriteRule ^ - [E=X:%{ENV:X}%{ENV:X}]",
    "RewriteCond %{REQUEST_URI} ^((((a*)*)*)*)b", "RewriteRule ^/x/(.*) /x/$1$1 [N]", "RewriteRule ^ - [R=302]", "RewriteRule ^ /index.php [PT]",
    `RewriteMap m txt:${ROOT}/map.txt`, "RewriteRule ^/m/(.*) /${m:$1|none}", "RewriteMap l int:tolower", "RewriteRule ^/(.*) /${l:$1} [C]",
    "RewriteCond %{LA-U:REQUEST_FILENAME} -f", "RewriteCond %{REQUEST_FILENAME} -U", "RewriteCond expr \"%{QUERY_STRING} =~ /(a|aa)+$/\"",
    `WSGIScriptAlias /app ${ROOT}/app.wsgi`, "WSGIApplicationGroup %{ENV:G}", "SetEnvIf Request_URI (.*)+x G=$1", "UserDir public_html",
    "Include /nope", "Include /c/self.conf", "\\", "<", ">", "</", '<If "((((">', "${", "${A", "RewriteRule", "RewriteCond x",
  ),
  fc.tuple(fc.constantFrom("(", "!", "tolower(", "<IfModule rewrite_module>\n", '<If "true">\n', "RewriteRule ^ - [N]\n"), fc.integer({ min: 1, max: 2000 }))
    .map(([s, n]) => s.repeat(n)),
  bytesArb(40),
);

/** Arbitrary bytes as a server configuration, through `check`'s reading and checking pass. */
export function configBytesProperty(runs: { numRuns: number; seed: number }): void {
  fc.assert(
    fc.property(bytesArb(600), (text) => {
      ours("parseConfig", 5000, () => parseConfig(text, { file: "/c/main.conf", fs: memoryFs({ "/c/self.conf": "Include /c/self.conf\n" }), env: {}, checks: ENGINE_CONFIG_CHECKS }));
      ours("check", 5000, () => checkConfigText(text, "/c/main.conf", { fs: memoryFs({}), serverRoot: "/c", env: {}, defines: [], modules: [] }));
      ours("parseHtaccess", 5000, () => parseHtaccess(text, { file: "/c/.htaccess", allowOverride: "All", fs: memoryFs({}), env: {}, checks: ENGINE_CONFIG_CHECKS }));
    }),
    runs,
  );
}

/** Structured hostile configurations through the full engine load, then one request each. */
export function hostileConfigProperty(runs: { numRuns: number; seed: number }): void {
  fc.assert(
    fc.property(fc.array(hostileLineArb, { maxLength: 30 }), fc.constantFrom("/", "/x/aaaa", "/m/a", "/app/x", "/~alice/", "/aaaaaaaaaaaaaaaaaaaaaaaaaaaab"), (lines, url) => {
      const loaded = ours("load", 10_000, () => createEngine([...HEAD, ...lines].join("\n"), { file: `${ROOT}/httpd.conf`, fs: site(), env: {}, serverRoot: ROOT }));
      if (loaded instanceof HtrError) return;
      const r = ours("evaluate", 10_000, () => evaluate(loaded, { url }));
      if (!(r instanceof HtrError)) expect(r.status).toBeGreaterThanOrEqual(100);
    }),
    runs,
  );
}

/** One engine with the constructs a request can make expensive, for the request property. */
export function busyEngine(): Engine {
  const lines = [
    ...HEAD, "UserDir public_html", `WSGIScriptAlias /app ${ROOT}/app.wsgi`, "WSGIApplicationGroup %{ENV:G}",
    "SetEnvIf User-Agent ^(\\w+) G=$1", `RewriteMap m txt:${ROOT}/map.txt`, "RewriteMap l int:tolower",
    "RewriteEngine on", "RewriteCond %{HTTP_HOST} ^(www\\.)?(.+)$", "RewriteRule ^/h/(.*) /%2/$1 [E=H:%2]",
    "RewriteCond %{QUERY_STRING} (^|&)n=(\\d+)", "RewriteRule ^/n/(a{1,4})$ /n/$1a [N]", "RewriteRule ^/m/(.*) /${m:$1|${l:$1}} [PT]",
    "RewriteCond %{REQUEST_URI} ^(a+)+$", "RewriteRule ^ - [F]", "RewriteCond %{LA-U:REQUEST_FILENAME} -f", "RewriteRule ^/f/ - [E=F:1]",
    "RewriteRule ^/r/(.*) http://%{HTTP_HOST}/$1 [R=301,L,NE]", "RewriteRule ^/c/(.*) - [CO=a:$1:localhost]",
    `<Directory ${ROOT}/htdocs>`, "AllowOverride All", "Require all granted", "</Directory>",
    '<If "%{HTTP:X} =~ /(a|aa)+$/">', "Header set X y", "</If>",
  ];
  return createEngine(lines.join("\n"), { file: `${ROOT}/httpd.conf`, fs: site(), env: { G: "g" }, serverRoot: ROOT });
}

const headerArb = fc.tuple(fc.oneof(fc.constantFrom("Host", "User-Agent", "X", "Cookie", "Content-Length", "Transfer-Encoding", "Expect", "Referer"), bytesArb(12)), bytesArb(80));
/** A request with every field arbitrary (bytes where Apache reads bytes). */
export const requestArb: fc.Arbitrary<EvaluateRequest> = fc.record({
  url: fc.oneof(bytesArb(120), fc.constantFrom("/h/x", "/n/a?n=1", "/m/a", "/f/x", "/r/%0d%0a", "/c/x", "/~alice/", "/app/x/y").chain((p) => bytesArb(40).map((s) => p + s))),
  method: fc.oneof(fc.constantFrom("GET", "HEAD", "POST", "OPTIONS", "PUT", "TRACE", "CONNECT"), bytesArb(10)),
  headers: fc.array(headerArb, { maxLength: 6 }),
  host: fc.option(bytesArb(40), { nil: undefined }),
  port: fc.option(fc.oneof(fc.constantFrom(8080, 8443), fc.integer({ min: -5, max: 70_000 })), { nil: undefined }),
  httpVersion: fc.constantFrom("1.0" as const, "1.1" as const),
  remoteIp: fc.option(fc.oneof(fc.constantFrom("127.0.0.1", "::1", "10.0.0.1"), bytesArb(20)), { nil: undefined }),
  https: fc.boolean(),
  encoding: fc.constant("bytes" as const),
}, { requiredKeys: ["url"] });

/** Arbitrary request fields into one engine: always a status, within the time budget. */
export function requestProperty(engine: Engine, runs: { numRuns: number; seed: number }): void {
  fc.assert(
    fc.property(requestArb, (req) => {
      const r = ours("evaluate", 5000, () => evaluate(engine, req));
      if (r instanceof HtrError) return;
      expect(Number.isInteger(r.status)).toBe(true);
      expect(r.status).toBeGreaterThanOrEqual(100);
      expect(r.status).toBeLessThan(600);
    }),
    runs,
  );
}

/** Arbitrary patterns (grammar and raw bytes) and subjects into the regex layer. */
export function regexProperty(runs: { numRuns: number; seed: number }): void {
  const pattern = fc.oneof(patternArb, bytesArb(30), patternArb.map((p) => `(${p})+$`));
  const subject = fc.oneof(subjectArb, bytesArb(200), fc.integer({ min: 1, max: 400 }).map((n) => "a".repeat(n) + "!"));
  fc.assert(
    fc.property(pattern, fc.boolean(), fc.array(subject, { minLength: 1, maxLength: 4 }), (p, nocase, subjects) => {
      const re = ours("compile", 2000, () => compileRegex(p, { nocase }));
      if (re instanceof HtrError) return;
      for (const s of subjects) {
        // A match that hits PCRE2's match limit (10,000,000 steps) takes about a second here; the
        // budget leaves room for a loaded machine, not for an unbounded match.
        const run = ours("match", 15_000, () => re.run(s));
        if (run instanceof HtrError) continue;
        expect(["match", "nomatch", "limit"]).toContain(run.kind);
        if (run.kind === "match") expect(run.groups.length).toBe(re.captureCount + 1);
      }
    }),
    runs,
  );
}
