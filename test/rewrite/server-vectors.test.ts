/**
 * Spec §13 edge vectors that run in server context, through rewriteTranslateName with the fake
 * server. Each row names its vector number; a failure message shows what Apache does (expected)
 * and what htrewrite did.
 */
import { describe, expect, it } from "vitest";
import { DOCROOT, runServer } from "./fake.js";
import type { FakeServerOptions, RequestInit } from "./fake.js";

interface Row {
  name: string;
  rules: string[];
  target: string;
  init?: RequestInit;
  opts?: FakeServerOptions;
  /** Expected outcome kind and fields. */
  kind: "ok" | "declined" | "status" | "redirect";
  status?: number;
  location?: string;
  filename?: string;
  args?: string | null;
  env?: Record<string, string | undefined>;
}

const D = DOCROOT;

const rows: Row[] = [
  { name: "#1 %2 is an empty cond backref", rules: ["RewriteRule ^/p$ http://example.com/a%20b [R,L]"], target: "/p", kind: "redirect", status: 302, location: "http://example.com/a0b" },
  { name: "#2 literal % escaped by the redirect escaper", rules: ["RewriteRule ^/p$ http://example.com/a\\%20b [R,L]"], target: "/p", kind: "redirect", location: "http://example.com/a%2520b" },
  { name: "#3 NE keeps the literal %20", rules: ["RewriteRule ^/p$ http://example.com/a\\%20b [R,NE,L]"], target: "/p", kind: "redirect", location: "http://example.com/a%20b" },
  { name: "#4 B escapes everything but alnum/_", rules: ["RewriteRule ^/b/(.*)$ /env.cgi?t=$1 [B,L]"], target: "/b/a.b-c~d%20e%2Bf_g%21%25", kind: "ok", filename: `${D}/env.cgi`, args: "t=a%2eb%2dc%7ed+e%2bf_g%21%25" },
  { name: "#5 BCTLS escapes controls/space/DEL only", rules: ["RewriteRule ^/bc/(.*)$ /env.cgi?t=$1 [BCTLS,L]"], target: "/bc/a%20b%0d%09c%c3%a9%7f+", kind: "ok", args: "t=a+b%0d%09c\xc3\xa9%7f+" },
  { name: "#6 BNP: space as %20", rules: ["RewriteRule ^/bnp/(.*)$ /env.cgi?t=$1 [B,BNP,L]"], target: "/bnp/a%20b", kind: "ok", args: "t=a%20b" },
  { name: "#7 B=list leaves the space raw: 403 AH10410", rules: ['RewriteRule ^/bl/(.*)$ /env.cgi?t=$1 "[B=.~,L]"'], target: "/bl/a.b~c%20d", kind: "status", status: 403 },
  { name: "#8 B output is not decoded for local paths", rules: ["RewriteRule ^/bp/(.*)$ /x/$1 [B,L]"], target: "/bp/a%20b.c", kind: "ok", filename: `${D}/x/a+b%2ec` },
  { name: "#9 new query replaces", rules: ["RewriteRule ^/q$ /env.cgi?x=1 [L]"], target: "/q?orig=1", kind: "ok", args: "x=1" },
  { name: "#10 QSA appends", rules: ["RewriteRule ^/q$ /env.cgi?x=1 [QSA,L]"], target: "/q?orig=1", kind: "ok", args: "x=1&orig=1" },
  { name: "#11 trailing ? drops the query", rules: ["RewriteRule ^/q$ /env.cgi? [L]"], target: "/q?orig=1", kind: "ok", args: null, filename: `${D}/env.cgi` },
  { name: "#12 trailing ? + QSA keeps it", rules: ["RewriteRule ^/q$ /env.cgi? [QSA,L]"], target: "/q?orig=1", kind: "ok", args: "orig=1" },
  { name: "#13 QSD wins over QSA", rules: ["RewriteRule ^/q$ /env.cgi?x=1 [QSD,QSA,L]"], target: "/q?orig=1", kind: "ok", args: "x=1" },
  { name: "#14a trailing & dropped", rules: ["RewriteRule ^/q$ /env.cgi?x=1& [L]"], target: "/q?orig=1", kind: "ok", args: "x=1" },
  { name: "#14b ?& with QSA", rules: ["RewriteRule ^/q$ /env.cgi?& [QSA,L]"], target: "/q?orig=1", kind: "ok", args: "&&orig=1" },
  { name: "#14c ?& with QSA, no query", rules: ["RewriteRule ^/q$ /env.cgi?& [QSA,L]"], target: "/q", kind: "ok", args: "&" },
  { name: "#15a only the first ? splits", rules: ["RewriteRule ^/q$ /env.cgi?a=1?b=2 [L]"], target: "/q", kind: "ok", args: "a=1?b=2" },
  { name: "#15b QSL splits at the last ?", rules: ["RewriteRule ^/q$ /env.cgi?a=1?b=2 [QSL,L]"], target: "/q", kind: "ok", filename: `${D}/env.cgi?a=1`, args: "b=2" },
  { name: "#16 unlisted HTTP_* are empty, names case-insensitive", rules: ["RewriteRule ^/h$ /env.cgi?a=%{HTTP_AUTHORIZATION}&x=%{HTTP_X_FOO}&u=%{request_uri} [L]"], target: "/h", init: { headers: { Authorization: "Basic x", "X-Foo": "y" } }, kind: "ok", args: "a=&x=&u=/h" },
  { name: "#17a <b: longer is greater", rules: ["RewriteCond %{QUERY_STRING} <b", "RewriteRule ^/t$ /a.html [L]"], target: "/t?aa", kind: "declined" },
  { name: "#17b <b matches a", rules: ["RewriteCond %{QUERY_STRING} <b", "RewriteRule ^/t$ /a.html [L]"], target: "/t?a", kind: "ok", filename: `${D}/a.html` },
  { name: "#18 <b [NC] is strcasecmp", rules: ["RewriteCond %{QUERY_STRING} <b [NC]", "RewriteRule ^/t$ /a.html [L]"], target: "/t?aa", kind: "ok" },
  { name: "#19a -eq uses atoi", rules: ["RewriteCond %{QUERY_STRING} -eq5", "RewriteRule ^/t$ /a.html [L]"], target: "/t?5abc", kind: "ok" },
  { name: "#19b atoi of raw %205 is 0", rules: ["RewriteCond %{QUERY_STRING} -eq5", "RewriteRule ^/t$ /a.html [L]"], target: "/t?%205", kind: "declined" },
  { name: "#20 -lt0 with -5", rules: ["RewriteCond %{QUERY_STRING} -lt0", "RewriteRule ^/t$ /a.html [L]"], target: "/t?-5", kind: "ok" },
  { name: "#21 [R=301] with - is a no-op", rules: ["RewriteRule ^/r$ - [R=301]", "RewriteRule ^/r$ /b.html [L]"], target: "/r", kind: "ok", filename: `${D}/b.html` },
  { name: "#22 R=404 is a status rule", rules: ["RewriteRule ^/r$ /x [R=404]"], target: "/r", kind: "status", status: 404 },
  { name: "#23 R=foo ends up 302", rules: ["RewriteRule ^/r$ /a.html [R=foo,L]"], target: "/r", kind: "redirect", status: 302, location: "http://localhost/a.html" },
  { name: "#24 R=200 is a status rule", rules: ["RewriteRule ^/r$ /a.html [R=200,L]"], target: "/r", kind: "status", status: 200 },
  { name: "#26a N=4 loops", rules: ["RewriteRule ^/n/(.*)A(.*)$ /n/$1B$2 [N=4]", "RewriteRule ^/n/(.*)$ /env.cgi?n=$1 [L]"], target: "/n/AA", kind: "ok", args: "n=BB" },
  { name: "#26b third N-match fails", rules: ["RewriteRule ^/n/(.*)A(.*)$ /n/$1B$2 [N=4]", "RewriteRule ^/n/(.*)$ /env.cgi?n=$1 [L]"], target: "/n/AAA", kind: "status", status: 500 },
  { name: "#27 E= visible to later conditions", rules: ["RewriteRule ^/e/(.*)$ - [E=FOO:$1]", "RewriteCond %{ENV:FOO} ^(.+)$", "RewriteRule ^/e/ /env.cgi?got=%1 [L]"], target: "/e/val", kind: "ok", args: "got=val", env: { FOO: "val" } },
  { name: "#28 E=FOO sets empty", rules: ["RewriteRule ^/e$ - [E=FOO]", "RewriteRule ^/e$ /env.cgi [L]"], target: "/e", kind: "ok", env: { FOO: "" } },
  { name: "#29 E=!FOO unsets", rules: ["RewriteRule ^/e$ - [E=FOO:x,E=!FOO]", "RewriteRule ^/e$ /env.cgi [L]"], target: "/e", kind: "ok", env: { FOO: undefined } },
  { name: "#30 B never applies to E=", rules: ["RewriteRule ^/e4/(.*)$ /env.cgi [E=FOO:$1,B,L]"], target: "/e4/a%20b", kind: "ok", env: { FOO: "a b" } },
  { name: "#31 E= splits at the first colon", rules: ["RewriteRule ^/en/([A-Z]+)/(.*)$ - [E=$1:a:b:$2]", "RewriteRule ^/en/ /env.cgi [L]"], target: "/en/FOO/c", kind: "ok", env: { FOO: "a:b:c" } },
  { name: "#32a chain all applied", rules: ["RewriteRule ^/ch/a - [C,E=FOO:1]", "RewriteRule ^/ch/ - [C,E=FOO:2]", "RewriteRule ^/ch/ - [E=FOO:3]"], target: "/ch/a", kind: "declined", env: { FOO: "3" } },
  { name: "#32b failing head skips the chain", rules: ["RewriteRule ^/ch/a - [C,E=FOO:1]", "RewriteRule ^/ch/ - [C,E=FOO:2]", "RewriteRule ^/ch/ - [E=FOO:3]"], target: "/ch/b", kind: "declined", env: { FOO: undefined } },
  { name: "#33 earlier chain substitution kept", rules: ["RewriteRule ^/cp/(.*)$ /cp2/$1 [C]", "RewriteRule ^/nomatch$ /x [C]", "RewriteRule ^(.*)$ /zzz$1", "RewriteRule ^/cp2/(.*)$ /env.cgi?cp=$1 [L]"], target: "/cp/q", kind: "ok", args: "cp=q" },
  { name: "#34 S=2 skips two rules", rules: ["RewriteRule ^/sk/ - [S=2]", "RewriteRule ^/sk/ /a.html [L]", "RewriteRule ^/sk/ /b.html [L]", "RewriteRule ^/sk/ /env.cgi [L]"], target: "/sk/", kind: "ok", filename: `${D}/env.cgi` },
  { name: "#40 not reduced when the server port is 0", rules: ["RewriteRule ^/x$ http://localhost/a.html [L]"], target: "/x", kind: "redirect", status: 302, location: "http://localhost/a.html" },
  { name: "#41 reduced with a matching port", rules: ["RewriteRule ^/x$ http://LocalHost:28471/b.html?x=1"], target: "/x", opts: { port: 28471, vhostPort: 28471 }, kind: "ok", filename: `${D}/b.html`, args: "x=1" },
  { name: "#42 reduced URLs are always DOCROOT-prefixed", rules: ["RewriteRule ^/x$ http://localhost:28471/etc/hostname"], target: "/x", opts: { port: 28471, vhostPort: 28471 }, kind: "ok", filename: `${D}/etc/hostname` },
  { name: "#43 reduced to /", rules: ["RewriteRule ^/x$ http://localhost:28471"], target: "/x", opts: { port: 28471, vhostPort: 28471 }, kind: "ok", filename: `${D}/` },
  { name: "#44a relative result gets a root prefix", rules: ["RewriteRule ^/rel$ a.html [L]"], target: "/rel", kind: "ok", filename: `${D}/a.html` },
  { name: "#44b relative [R] is qualified", rules: ["RewriteRule ^/rel$ a.html [R,L]"], target: "/rel", kind: "redirect", location: "http://localhost/a.html" },
  { name: "#45 / is the file-system root", rules: ["RewriteRule ^/root$ / [L]"], target: "/root", kind: "ok", filename: "/" },
  { name: "#46 literal /etc prefix is a file-system path", rules: ["RewriteRule ^/ps1/(.*)$ /etc/$1 [L]"], target: "/ps1/hostname", kind: "ok", filename: "/etc/hostname" },
  { name: "#47a /$1 to an existing segment is DOCROOT-prefixed", rules: ["RewriteRule ^/ps2/(.*)$ /$1 [L]"], target: "/ps2/etc/hostname", kind: "ok", filename: `${D}/etc/hostname` },
  { name: "#47b UnsafePrefixStat", rules: ["RewriteRule ^/ps2/(.*)$ /$1 [L,UnsafePrefixStat]"], target: "/ps2/etc/hostname", kind: "ok", filename: "/etc/hostname" },
  { name: "#48 result under DOCROOT is a path", rules: ["RewriteRule ^/ps4/(.*)$ %{DOCUMENT_ROOT}/$1 [L]"], target: "/ps4/a.html", kind: "ok", filename: `${D}/a.html` },
  { name: "#49 first ? literal is safe", rules: ["RewriteRule ^/u/(.*)$ /env.cgi?x=$1 [L]"], target: "/u/a%3fb", kind: "ok", args: "x=a?b" },
  { name: "#50a ? from $1: 403 AH10508", rules: ["RewriteRule ^/u/(.*)$ /$1 [L]"], target: "/u/a%3fb", kind: "status", status: 403 },
  { name: "#50b UnsafeAllow3F", rules: ["RewriteRule ^/u/(.*)$ /$1 [L,UnsafeAllow3F]"], target: "/u/a%3fb", kind: "ok", filename: `${D}/a`, args: "b" },
  { name: "#51a THE_REQUEST capture with ?", rules: ['RewriteCond %{THE_REQUEST} "^GET (\\S+)"', "RewriteRule ^/w http://example.com%1 [R,L]"], target: "/w?x=1", kind: "status", status: 403 },
  { name: "#51b THE_REQUEST capture without ?", rules: ['RewriteCond %{THE_REQUEST} "^GET (\\S+)"', "RewriteRule ^/w http://example.com%1 [R,L]"], target: "/w", kind: "redirect", location: "http://example.com/w" },
  { name: "#52a QSL: last ? literal", rules: ["RewriteRule ^/u7/(.*)$ /env.cgi/$1?lit [L,QSL]"], target: "/u7/a%3fb", kind: "ok", filename: `${D}/env.cgi/a?b`, args: "lit" },
  { name: "#52b QSL: last ? expanded", rules: ["RewriteRule ^/u8/(.*)$ /env.cgi?$1 [L,QSL]"], target: "/u8/a%3fb", kind: "status", status: 403 },
  { name: "#53a \\? is neither", rules: ["RewriteRule ^/u9/(.*)$ /env.cgi\\?$1 [L]"], target: "/u9/a", kind: "ok", args: "a" },
  { name: "#53b \\? then expanded ?", rules: ["RewriteRule ^/u9/(.*)$ /env.cgi\\?$1 [L]"], target: "/u9/a%3fb", kind: "status", status: 403 },
  { name: "#54a raw space in query: 403", rules: ["RewriteRule ^/c/(.*)$ /env.cgi?$1 [L]"], target: "/c/a%20b", kind: "status", status: 403 },
  { name: "#54b raw CR in query: 403", rules: ["RewriteRule ^/c/(.*)$ /env.cgi?$1 [L]"], target: "/c/a%0db", kind: "status", status: 403 },
  { name: "#55a escaped redirect allows CR", rules: ["RewriteRule ^/cr/(.*)$ http://example.com/?$1 [R,L]"], target: "/cr/a%0db", kind: "redirect", location: "http://example.com/?a%0db" },
  { name: "#55b NE redirect with CR: 403", rules: ["RewriteRule ^/cr/(.*)$ http://example.com/?$1 [R,NE,L]"], target: "/cr/a%0db", kind: "status", status: 403 },
  { name: "#56 redirect path escaped", rules: ["RewriteRule ^/re/(.*)$ http://example.com/p/$1 [R,L]"], target: "/re/a%20b%23c", kind: "redirect", location: "http://example.com/p/a%20b%23c" },
  { name: "#57 redirect with expanded ?", rules: ["RewriteRule ^/re/(.*)$ http://example.com/p/$1 [R,L]"], target: "/re/a%3fb", kind: "status", status: 403 },
  { name: "#58 NE: raw space", rules: ["RewriteRule ^/rene/(.*)$ http://example.com/p/$1 [R,NE,L]"], target: "/rene/a%20b", kind: "redirect", location: "http://example.com/p/a b" },
  { name: "#59 decoded & and = become separators", rules: ["RewriteRule ^/req/(.*)$ http://example.com/p?q=$1 [R,L]"], target: "/req/a%20b%26c%3d%25", kind: "redirect", location: "http://example.com/p?q=a%20b&c=%25" },
  { name: "#60 unchanged query copied verbatim", rules: ["RewriteRule ^/k/(.*)$ http://example.com/p/$1 [R,L]"], target: "/k/x?orig=%41%20b", kind: "redirect", location: "http://example.com/p/x?orig=%41%20b" },
  { name: "#61 ldap pieces", rules: ['RewriteRule ^/l$ "ldap://example.com/o=a b?c d?e" [R,L]'], target: "/l", kind: "redirect", location: "ldap://example.com/o=a%20b?c%20d?e" },
  { name: "#62 ftp has no query", rules: ['RewriteRule ^/f$ "ftp://example.com/a b?x" [R,L]'], target: "/f?q=1", kind: "redirect", location: "ftp://example.com/a%20b%3fx" },
  { name: "#63 mailto", rules: ["RewriteRule ^/m$ mailto:a@b.c?subject=x [R,L]"], target: "/m", kind: "redirect", location: "mailto:a@b.c?subject=x" },
  { name: "#64a NE keeps #", rules: ["RewriteRule ^/an/(.*)$ /big.html#$1 [R,NE,L]"], target: "/an/z", kind: "redirect", location: "http://localhost/big.html#z" },
  { name: "#64b # escaped", rules: ["RewriteRule ^/an/(.*)$ /big.html#$1 [R,L]"], target: "/an/z", kind: "redirect", location: "http://localhost/big.html%23z" },
  { name: "#65 literal // kept", rules: ["RewriteRule ^/s1$ //a.html [L]"], target: "/s1", kind: "ok", filename: `${D}/a.html` },
  { name: "#66a expanded // merged", rules: ["RewriteCond %{QUERY_STRING} (.*)", "RewriteRule ^/u1$ %1 [L]"], target: "/u1?//etc/hostname", kind: "ok", filename: `${D}/etc/hostname` },
  { name: "#66b relative %1 gets root prefix", rules: ["RewriteCond %{QUERY_STRING} (.*)", "RewriteRule ^/u1$ %1 [L]"], target: "/u1?foo", kind: "ok", filename: `${D}/foo` },
  { name: "#67a DOTALL", rules: ["RewriteRule ^/nl/(.*)$ /env.cgi?v=$1 [B,L]"], target: "/nl/a%0ab", kind: "ok", args: "v=a%0ab" },
  { name: "#67b DOLLAR_ENDONLY", rules: ["RewriteRule ^/dol/a$ /a.html"], target: "/dol/a%0a", kind: "declined" },
  { name: "#68 [R] without L, later rule reduces", rules: ["RewriteRule ^/rr$ /x [R]", "RewriteRule ^(.*)/x$ $1/y [L]"], target: "/rr", opts: { port: 28471, vhostPort: 28471 }, kind: "ok", filename: `${D}/y` },
  { name: "#69 negated pattern: empty $N", rules: ["RewriteRule !^/neg /env.cgi?n=[$1][$0] [L]"], target: "/other", kind: "ok", args: "n=[][]" },
  { name: "#70 escapes and unterminated braces", rules: ["RewriteRule ^/esc/(.*)$ /env.cgi?a=\\$1&b=\\\\&c=\\%{HTTP_HOST}&d=%{HTTP_HOST&e=${nomap&f=$x&g=%x&h=$1 [L]"], target: "/esc/V", kind: "ok", args: "a=$1&b=\\&c=%{HTTP_HOST}&d=%{HTTP_HOST&e=${nomap&f=$x&g=%x&h=V" },
  { name: "#71 escaped space swallows the flags", rules: ["RewriteRule ^/tb$ /env.cgi?a=1\\ [L]"], target: "/tb", kind: "status", status: 403 },
  { name: "#72 groups and $10", rules: ["RewriteRule ^/z/(a)(b)?(c)$ /env.cgi?z=$0-$1-$2-$3-$4-$9-$10 [L]"], target: "/z/ac", kind: "ok", args: "z=/z/ac-a--c---a0" },
  { name: "#73 length guard", rules: ["RewriteRule ^/len/(.*)$ /len/$1$1 [N=100000]"], target: "/len/ab", kind: "status", status: 500 },
  { name: "#74 trailing [OR] never fails", rules: ["RewriteCond %{QUERY_STRING} ^yes$ [OR]", "RewriteRule ^/t$ /a.html"], target: "/t?no", kind: "ok", filename: `${D}/a.html` },
  { name: "#75a OR group", rules: ["RewriteCond %{QUERY_STRING} (x) [OR]", "RewriteCond %{QUERY_STRING} (y)", "RewriteRule ^/o$ /env.cgi?r=%1"], target: "/o?y", kind: "ok", args: "r=y" },
  { name: "#75b true OR member skips the rest", rules: ["RewriteCond %{QUERY_STRING} (x) [OR]", "RewriteCond %{QUERY_STRING} (y)", "RewriteRule ^/o$ /env.cgi?r=%1"], target: "/o?xy", kind: "ok", args: "r=x" },
  { name: "#76 negated cond leaves %N", rules: ["RewriteCond %{QUERY_STRING} (a)(b)", "RewriteCond %{QUERY_STRING} !(zzz)", "RewriteRule ^/cb$ /env.cgi?r=%1%2-%0"], target: "/cb?ab", kind: "ok", args: "r=ab-ab" },
  { name: "#77 $N in TestString", rules: ["RewriteCond $1 ^(.)", "RewriteRule ^/cd/(.*)$ /env.cgi?r=%1-$1"], target: "/cd/hello", kind: "ok", args: "r=h-hello" },
  { name: "#79 REQUEST_URI keeps r->uri, REQUEST_FILENAME follows", rules: ["RewriteRule ^/ru1$ /ru2", "RewriteRule ^/ru2$ /env.cgi?u=%{REQUEST_URI}&f=%{REQUEST_FILENAME} [L]"], target: "/ru1", kind: "ok", args: "u=/ru1&f=/ru2" },
  { name: "#82 default expanded, empty default, nested map", rules: ["RewriteMap lo int:tolower", "RewriteRule ^/md$ /env.cgi?a=${nomap:nokey|%{REQUEST_URI}}&b=${nomap:nokey|}&c=${lo:${lo:KEY}|dd} [L]"], target: "/md", kind: "ok", args: "a=/md&b=&c=key" },
  { name: "#80 B escapes %N and map keys", rules: ["RewriteMap lo int:tolower", "RewriteCond %{QUERY_STRING} (.*)", "RewriteRule ^/bn/(.*)$ /env.cgi?c=%1&m=${lo:$1} [B,L]"], target: "/bn/A%20B?x%20y", kind: "ok", args: "c=x%2520y&m=a+b" },
  { name: "#83a int:toupper", rules: ["RewriteMap up int:toupper", "RewriteRule ^/m/(.*)$ /env.cgi?v=${up:$1} [L]"], target: "/m/a%2541%252F", kind: "ok", args: "v=A%41%2F" },
  { name: "#83b int:escape", rules: ["RewriteMap esc int:escape", "RewriteRule ^/m/(.*)$ /env.cgi?v=${esc:$1} [L]"], target: "/m/a%2541%252F", kind: "ok", args: "v=a%2541%252F" },
  { name: "#83c int:unescape", rules: ["RewriteMap un int:unescape", "RewriteRule ^/m/(.*)$ /env.cgi?v=${un:$1} [L]"], target: "/m/a%2541%252F", kind: "ok", args: "v=aA/" },
  { name: "#85 ~user expanded, then DOCROOT-prefixed", rules: ["RewriteRule ^/tilde$ /~www-data/x [L]"], target: "/tilde", opts: { homes: { "www-data": "/var/www" } }, kind: "ok", filename: `${D}/var/www/x` },
  { name: "#87 F still applies E=", rules: ["RewriteRule ^/f$ - [E=FOO:set,F]"], target: "/f", kind: "status", status: 403, env: { FOO: "set" } },
  { name: "#109 ENV reads subprocess_env", rules: ["RewriteRule ^/e$ /env.cgi?a=%{ENV:SEI}&b=%{ENV:SE}"], target: "/e", init: { env: { SEI: "1" } }, kind: "ok", args: "a=1&b=" },
  { name: "[R,NE] with a decoded LF: core answers 500 (measured, AH02430)", rules: ["RewriteRule ^/ne/(.*)$ http://example.com/x/$1 [R,NE,L]"], target: "/ne/a%0ab", kind: "status", status: 500 },
  { name: "int:unescape truncated to empty inserts nothing, no default (measured)", rules: ["RewriteMap un int:unescape", "RewriteRule ^/un/(.*)$ /x?v=${un:$1|DEFAULT} [R,L]"], target: "/un/%2500", kind: "redirect", location: "http://localhost/x?v=" },
  { name: "-H is a regex, not a file test (measured)", rules: ["RewriteCond %{QUERY_STRING} -H", "RewriteRule ^/h$ /hm [R,L]"], target: "/h?-H", kind: "redirect", location: "http://localhost/hm?-H" },
  { name: "a local result too long for the file system is 403 (AH00127)", rules: ["RewriteRule ^/long/(.*)$ /$1$1$1$1$1$1$1$1 [L]"], target: `/long/${"x".repeat(600)}`, kind: "status", status: 403 },
  { name: "QSA with an empty new query trims the original query in place: copied, not escaped (fuzz_s21_b4_r6)", rules: ["RewriteMap lc int:tolower", "RewriteRule ^/fz0/a$ /dir/x.html?${lc:$1} [L,R,QSA]"], target: "/fz0/a?=&x=%20y&&", kind: "redirect", location: "http://localhost/dir/x.html?=&x=%20y&" },
  { name: "trailing ? + QSA trims in place too (measured)", rules: ["RewriteRule ^/a$ /dir? [L,R,QSA]"], target: "/a?x=%20y&&", kind: "redirect", location: "http://localhost/dir?x=%20y&" },
  { name: "a query rebuilt by QSA is escaped for the redirect (measured)", rules: ["RewriteRule ^/q$ /dir?z=1 [L,R,QSA]"], target: "/q?x=%20y&&", kind: "redirect", location: "http://localhost/dir?z=1&x=%2520y&" },
  { name: "#110 QSD on a redirect", rules: ["RewriteRule ^/qsdr$ http://example.com/x [R,QSD,L]"], target: "/qsdr?x=1", kind: "redirect", location: "http://example.com/x" },
  { name: "G is 410", rules: ["RewriteRule ^/g$ - [G]"], target: "/g", kind: "status", status: 410 },
  { name: "R=permanent", rules: ["RewriteRule ^/p$ /a.html [R=permanent,L]"], target: "/p", kind: "redirect", status: 301, location: "http://localhost/a.html" },
  { name: "R=seeother", rules: ["RewriteRule ^/p$ /a.html [R=seeother,L]"], target: "/p", kind: "redirect", status: 303 },
  { name: "R redirect keeps the port", rules: ["RewriteRule ^/p$ /a.html [R,L]"], target: "/p", opts: { port: 8080 }, kind: "redirect", location: "http://localhost:8080/a.html" },
  { name: "https default port omitted", rules: ["RewriteRule ^/p$ /a.html [R,L]"], target: "/p", init: { scheme: "https" }, opts: { port: 443 }, kind: "redirect", location: "https://localhost/a.html" },
  { name: "no rule matches: declined", rules: ["RewriteRule ^/nothing$ /a.html"], target: "/x", kind: "declined" },
  { name: "- rule alone: declined", rules: ["RewriteRule ^/x$ - [E=A:1]"], target: "/x", kind: "declined", env: { A: "1" } },
  { name: "[L] stops", rules: ["RewriteRule ^/l$ /l2 [L]", "RewriteRule ^/l2$ /b.html"], target: "/l", kind: "ok", filename: `${D}/l2` },
  { name: "NC", rules: ["RewriteRule ^/case$ /a.html [NC,L]"], target: "/CASE", kind: "ok", filename: `${D}/a.html` },
  { name: "P without mod_proxy: 403", rules: ["RewriteRule ^/p(.*)$ http://backend$1 [P]"], target: "/p/x", kind: "status", status: 403 },
  { name: "P with mod_proxy", rules: ["RewriteRule ^/p(.*)$ http://backend$1 [P]"], target: "/p/x?q=1", opts: { proxy: true }, kind: "ok", filename: "proxy:http://backend/x", args: "q=1" },
  { name: "TIME_YEAR", rules: ["RewriteRule ^/t$ /env.cgi?y=%{TIME_YEAR}&w=%{TIME_WDAY}"], target: "/t", kind: "ok", args: `y=2026&w=${new Date(Date.UTC(2026, 10, 23, 21)).getDay()}` },
  { name: "SERVER_PORT and HTTPS", rules: ["RewriteRule ^/t$ /env.cgi?p=%{SERVER_PORT}&s=%{HTTPS}&sub=%{IS_SUBREQ}"], target: "/t", kind: "ok", args: "p=80&s=off&sub=false" },
  { name: "ENV falls back to the process env", rules: ["RewriteRule ^/t$ /env.cgi?h=%{ENV:HOMEX}"], target: "/t", opts: { env: { HOMEX: "/h" } }, kind: "ok", args: "h=/h" },
  { name: "HTTP: header lookup", rules: ["RewriteRule ^/t$ /env.cgi?v=%{HTTP:x-test}"], target: "/t", init: { headers: { "X-Test": "val" } }, kind: "ok", args: "v=val" },
];

describe("server-context vectors (spec §13)", () => {
  for (const row of rows) {
    it(row.name, () => {
      const init = { ...row.init };
      const r = runServer(row.rules, row.target, init, row.opts);
      const o = r.result.outcome;
      expect(o.kind, `outcome (trace:\n${r.trace.join("\n")})`).toBe(row.kind);
      if (row.status !== undefined) expect("status" in o ? o.status : undefined).toBe(row.status);
      if (row.location !== undefined) expect(o.kind === "redirect" ? o.location : undefined).toBe(row.location);
      if (row.filename !== undefined) expect(r.req.filename).toBe(row.filename);
      if (row.args !== undefined) expect(r.req.args).toBe(row.args);
      for (const [k, v] of Object.entries(row.env ?? {})) expect(r.req.subprocessEnv.get(k), `env ${k}`).toBe(v);
    });
  }
});
