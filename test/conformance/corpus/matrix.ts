/**
 * Systematic cases: every server variable, every RewriteRule flag and every condition type,
 * each in server and per-directory context, asked a fixed spread of requests (plain, query,
 * encoded bytes, other methods, other hosts). The recorder measures what Apache does.
 */
import type { CaseRequest } from "../../../src/case/types.js";
import { dirRules, serverRules, type CaseDef } from "./helpers.js";

/** A spread of requests for /t/… paths. */
function spread(prefix: string): CaseRequest[] {
  return [
    { path: `${prefix}` },
    { path: `${prefix}/sub/file.txt?x=1&y=%20z` },
    { path: `${prefix}/A%2fb%20c` },
    { path: `${prefix}/caf%c3%a9/..//./x?q` },
    { path: `${prefix}?only=query`, method: "POST", body: "a=1", headers: { "Content-Type": "application/x-www-form-urlencoded" } },
    { path: `${prefix}/h`, host: "Other.Example:@PORT0@", headers: { "User-Agent": "t/1", Referer: "http://r/", Cookie: "c=1", Accept: "*/*", "X-Foo": "bar" } },
    { path: `${prefix}/v1`, host: null, http_version: "1.0" },
    { path: `${prefix}/head`, method: "HEAD" },
  ];
}

const SERVER_VARIABLES = [
  "HTTP_USER_AGENT", "HTTP_REFERER", "HTTP_COOKIE", "HTTP_FORWARDED", "HTTP_HOST", "HTTP_PROXY_CONNECTION", "HTTP_ACCEPT",
  "HTTP:X-Foo", "HTTP:Host", "REMOTE_ADDR", "REMOTE_HOST", "REMOTE_USER", "REMOTE_IDENT", "REQUEST_METHOD", "SCRIPT_FILENAME",
  "PATH_INFO", "QUERY_STRING", "AUTH_TYPE", "DOCUMENT_ROOT", "SERVER_ADMIN", "SERVER_NAME", "SERVER_ADDR", "SERVER_PORT",
  "SERVER_PROTOCOL", "API_VERSION", "CONTEXT_PREFIX", "CONTEXT_DOCUMENT_ROOT", "IS_SUBREQ", "THE_REQUEST", "REQUEST_URI",
  "REQUEST_FILENAME", "REQUEST_SCHEME", "HTTPS", "IPV6", "SCRIPT_URL", "SCRIPT_URI", "ENV:SEI", "ENV:PROCVAR", "SSL:SSL_PROTOCOL",
  "LA-U:REQUEST_FILENAME", "LA-F:REQUEST_FILENAME", "NOT_A_VARIABLE", "request_method",
];

function varSlug(v: string): string {
  const base = v.replace(/:/g, "_of_").toLowerCase().replace(/[^a-z0-9]+/g, "_");
  return v === v.toLowerCase() ? `${base}_lowercase` : base;
}

/** One variable, copied into the environment by [E=] and (regex-captured) into the query. */
function variableCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const v of SERVER_VARIABLES) {
    const slug = varSlug(v);
    out.push(
      serverRules(`mx_var_server_${slug}`, `Server context: %{${v}} through [E=] and a condition capture.`, [
        `RewriteCond %{${v}} ^(.*)$`,
        `RewriteRule ^/t - [E=V:%{${v}},E=C:%1]`,
        `RewriteRule ^/t /env.wsgi [L]`,
      ], spread("/t"), { config: ["SetEnvIf Request_URI . SEI=from-setenvif"], env: { PROCVAR: "from-process" } }),
      dirRules(`mx_var_perdir_${slug}`, `Per-directory context: %{${v}} through [E=] (arrives as REDIRECT_V after the internal redirect).`, [
        `RewriteCond %{${v}} ^(.*)$`,
        `RewriteRule ^t - [E=V:%{${v}},E=C:%1]`,
        `RewriteRule ^t env.wsgi [L]`,
      ], spread("/d/t"), "directory", { config: ["SetEnvIf Request_URI . SEI=from-setenvif"] }),
    );
  }
  return out;
}

const FLAG_SETS = [
  "", "L", "R", "R=301", "R=303", "NC", "QSA", "QSD", "QSL", "NE", "B", "PT", "END", "F", "G", "S=1", "E=X:1", "T=text/plain",
  "H=wsgi-script", "DPI", "NS", "B,BNP", "BCTLS", "UnsafeAllow3F", "QSA,NE", "R,NE", "R,QSA", "R,QSD", "L,B=/ ", "C", "N=3",
  "nocase,qsappend", "redirect=permanent", "Dxyz",
];

function flagSlug(f: string): string {
  return f === "" ? "none" : f.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/_$/, "");
}

/** Each flag set on a rule that captures a path and a query, followed by a catch-all. */
function flagCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const f of FLAG_SETS) {
    const flags = f === "" ? "" : ` "[${f}]"`;
    out.push(
      serverRules(`mx_flag_server_${flagSlug(f)}`, `Server context: a rule with flags [${f}] (capture into path and query) and what follows it.`, [
        `RewriteRule ^/t(/.*)?$ /env.wsgi/p$1?f=$1${flags}`,
        `RewriteRule ^/env\\.wsgi/p/x /b.html [L]`,
        `RewriteRule ^/T(/.*)?$ /a.html${flags}`,
      ], [...spread("/t"), { path: "/T/z" }, { path: "/t/x" }, { path: "/t/a%3fb" }]),
      dirRules(`mx_flag_perdir_${flagSlug(f)}`, `Per-directory context: a rule with flags [${f}].`, [
        `RewriteRule ^t(/.*)?$ env.wsgi/p$1?f=$1${flags}`,
        `RewriteRule ^T(/.*)?$ x.html${flags}`,
      ], [...spread("/d/t"), { path: "/d/T/z" }, { path: "/d/t/a%3fb" }], "htaccess"),
    );
  }
  return out;
}

const CONDITIONS: [string, string][] = [
  ["regex", "%{QUERY_STRING} ^a(.*)"],
  ["regex_nc", "%{QUERY_STRING} ^A(.*) [NC]"],
  ["not_regex", "%{QUERY_STRING} !^a"],
  ["equal", "%{QUERY_STRING} =abc"],
  ["equal_empty", `%{QUERY_STRING} =""`],
  ["equal_nc", "%{QUERY_STRING} =ABC [NC]"],
  ["less", "%{QUERY_STRING} <b"],
  ["greater", "%{QUERY_STRING} >b"],
  ["less_eq", "%{QUERY_STRING} <=abc"],
  ["greater_eq", "%{QUERY_STRING} >=abc"],
  ["int_eq", "%{QUERY_STRING} -eq10"],
  ["int_ne", "%{QUERY_STRING} -ne10"],
  ["int_lt", "%{QUERY_STRING} -lt10"],
  ["int_le", "%{QUERY_STRING} -le10"],
  ["int_gt", "%{QUERY_STRING} -gt10"],
  ["int_ge", "%{QUERY_STRING} -ge10"],
  ["file_f", "@ROOT@/htdocs/%{QUERY_STRING} -f"],
  ["file_d", "@ROOT@/htdocs/%{QUERY_STRING} -d"],
  ["file_s", "@ROOT@/htdocs/%{QUERY_STRING} -s"],
  ["file_l", "@ROOT@/htdocs/%{QUERY_STRING} -l"],
  ["file_L", "@ROOT@/htdocs/%{QUERY_STRING} -L"],
  ["file_h", "@ROOT@/htdocs/%{QUERY_STRING} -h"],
  ["file_x", "@ROOT@/htdocs/%{QUERY_STRING} -x"],
  ["not_file_f", "@ROOT@/htdocs/%{QUERY_STRING} !-f"],
  ["url_U", "/%{QUERY_STRING} -U"],
  ["file_F", "@ROOT@/htdocs/%{QUERY_STRING} -F"],
  ["expr", `expr "%{QUERY_STRING} =~ /^a(.)/"`],
  ["expr_not", `expr "! %{QUERY_STRING} -strmatch 'a*'"`],
  ["single_char_eq", "%{QUERY_STRING} ="],
  ["dash_z", "%{QUERY_STRING} -z"],
];

/** Each condition type against a spread of query strings naming files, numbers and words. */
function conditionCases(): CaseDef[] {
  const queries = ["abc", "ABC", "a", "b", "ba", "abcd", "", "10", "9", "11", "-3", "5x", "a.html", "dir", "dir/x.html", "link.html", "empty.txt", "run.sh", "nothere", "d/"];
  return CONDITIONS.map(([slug, cond]) =>
    serverRules(`mx_cond_${slug}`, `RewriteCond ${cond}: which query strings match (captures into the query).`, [
      `RewriteCond ${cond}`,
      `RewriteRule ^/c$ /env.wsgi?m=yes&c1=%1 [L]`,
      `RewriteRule ^/c$ /env.wsgi?m=no [L]`,
    ], queries.map((q) => ({ path: q === "" ? "/c" : `/c?${q}` })), {
      files: { "htdocs/link.html": { symlink: "@ROOT@/htdocs/a.html" }, "htdocs/empty.txt": "", "htdocs/run.sh": "#!/bin/sh\n" },
    }),
  );
}

export const matrixCases: CaseDef[] = [...variableCases(), ...flagCases(), ...conditionCases()];
