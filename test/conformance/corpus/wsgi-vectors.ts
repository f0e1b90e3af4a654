/**
 * wsgi.md §3's vectors as cases. Baseline B there is a vhost on 8080; here it is a vhost on an
 * auto port (@PORT0@) with ServerName www.example.com and ServerAlias *.wild.test, the daemon
 * groups gd (global, 2 processes), vd (in the vhost), sd (in another vhost with the same
 * ServerName, on @PORT1@) and od (a vhost other.example.com on @PORT1@).
 */
import { reqs, type CaseDef } from "./helpers.js";
import type { CaseRequest } from "../../../src/case/types.js";

const R = String.raw;
const HOST = "www.example.com:@PORT0@";

/** Baseline B with extra main-server and vhost lines; requests default to Host www.example.com:@PORT0@. */
function wsgiCase(name: string, description: string, main: string[], vhost: string[], requests: CaseRequest[], extra: Partial<CaseDef> = {}): CaseDef {
  return {
    name,
    description,
    ports: ["auto", "auto"],
    config: [
      "WSGIDaemonProcess gd processes=2 threads=1",
      ...main,
      "<VirtualHost *:@PORT0@>",
      "    ServerName www.example.com",
      "    ServerAlias *.wild.test",
      "    WSGIDaemonProcess vd processes=1 threads=1",
      "    WSGIScriptAlias /myapp @ROOT@/probe.wsgi",
      ...vhost.map((l) => `    ${l}`),
      "</VirtualHost>",
      "<VirtualHost *:@PORT1@>",
      "    ServerName www.example.com",
      "    WSGIDaemonProcess sd processes=1 threads=1",
      "</VirtualHost>",
      "<VirtualHost *:@PORT1@>",
      "    ServerName other.example.com",
      "    WSGIDaemonProcess od processes=1 threads=1",
      "</VirtualHost>",
      ...(extra.config ?? []),
    ],
    files: { "htdocs/index.html": "docroot index\n", "alt/probe2.wsgi": "@PROBE@", ...(extra.files ?? {}) },
    requests: requests.map((r) => (r.host === undefined ? { ...r, host: HOST } : r)),
    ...(extra.env ? { env: extra.env } : {}),
  };
}

export const wsgiVectors: CaseDef[] = [
  wsgiCase("wsgi_v01_defaults_host_port", "wsgi.md #1-9: the default group %{RESOURCE} = host[:port]|mount; path info, merged slashes, port-less Host, HTTP/1.0 without Host, :80/:443 left out, client-chosen ports, absolute-form request targets.", [], [], [
    ...reqs("/myapp", "/myapp/", "/myapp/a/b", "/myapp//x//y", "//myapp/z", "/myapp?q=1"),
    { path: "/myapp", host: "www.example.com" },
    { path: "/myapp", host: null, http_version: "1.0" },
    { path: "/myapp", host: "www.example.com:443" },
    { path: "/myapp", host: "www.example.com:80" },
    { path: "/myapp", host: "www.example.com:1234" },
    { path: "/myapp", host: "anything.else:8443" },
    { path: "http://www.example.com:7777/myapp", host: "www.example.com:7777" },
    { path: "/myapp", host: "WWW.EXAMPLE.COM:@PORT0@" },
  ]),
  {
    name: "wsgi_v10_canonical_names",
    description: "wsgi.md #10-12: UseCanonicalName On takes the ServerName (and its port, or the port of the listener with UseCanonicalPhysicalPort) for %{RESOURCE}.",
    ports: ["auto", "auto", "auto"],
    config: [
      "<VirtualHost *:@PORT0@>", "    ServerName canon.test", "    UseCanonicalName On", "    WSGIScriptAlias /x @ROOT@/probe.wsgi", "</VirtualHost>",
      "<VirtualHost *:@PORT1@>", "    ServerName canonport.test:8085", "    UseCanonicalName On", "    WSGIScriptAlias /x @ROOT@/probe.wsgi", "</VirtualHost>",
      "<VirtualHost *:@PORT2@>", "    ServerName phys.test", "    UseCanonicalName On", "    UseCanonicalPhysicalPort On", "    WSGIScriptAlias /x @ROOT@/probe.wsgi", "</VirtualHost>",
    ],
    requests: [
      { path: "/x", host: "canon.test:5555" }, { path: "/x", host: "canon.test" },
      { path: "/x", port: 1, host: "canonport.test:9999" }, { path: "/x", port: 1, host: "canonport.test" },
      { path: "/x", port: 2, host: "phys.test:4444" }, { path: "/x", port: 2, host: "phys.test" }, { path: "/x", port: 2, host: null, http_version: "1.0" },
    ],
  },
  {
    name: "wsgi_v13_root_mount",
    description: "wsgi.md #13: a WSGIScriptAlias on / gives an empty script name; the whole path is path info.",
    config: ["WSGIScriptAlias / @ROOT@/probe.wsgi"],
    requests: reqs("/", "/deep/path", "/deep/path/?x=y", "//double"),
  },
  wsgiCase("wsgi_v14_script_names", "wsgi.md #14-17: mixed-case mounts (mod_wsgi 4.9 lower-cases the script name in the group), case-insensitive AliasMatch, $1 never substituted in options, a Match regex that swallows the whole path.", [], [
    "WSGIScriptAlias /Mixed @ROOT@/probe.wsgi",
    R`WSGIScriptAliasMatch "(?i)^/caseins" @ROOT@/probe.wsgi`,
    R`WSGIScriptAliasMatch ^/sam/([^/]+) @ROOT@/probe.wsgi application-group=$1`,
    R`WSGIScriptAliasMatch ^/whole/.* @ROOT@/probe.wsgi`,
    R`WSGIScriptAliasMatch ^/file/([^/]+) @ROOT@/alt/$1.wsgi`,
  ], reqs("/Mixed/Foo", "/mixed/foo", "/CaseIns/Foo", "/caseins", "/sam/foo/bar", "/whole/a/b", "/whole/c", "/file/probe2/rest", "/file/nothere/x")),
  {
    name: "wsgi_v18_addhandler_directoryindex",
    description: "wsgi.md #18: AddHandler wsgi-script with DirectoryIndex index.wsgi: the script name is the file, an index is found by an internal fast redirect.",
    config: ["<Directory @ROOT@/htdocs/h>", "    Options +ExecCGI", "    AddHandler wsgi-script .wsgi", "    DirectoryIndex index.wsgi", "</Directory>"],
    files: { "htdocs/h/hello.wsgi": "@PROBE@", "htdocs/h/index.wsgi": "@PROBE@", "htdocs/h/sub/index.html": "h sub index\n", "htdocs/h/plain.txt": "plain h\n" },
    requests: reqs("/h/hello.wsgi/extra", "/h/hello.wsgi", "/h/", "/h", "/h/sub/", "/h/plain.txt", "/h/missing.wsgi"),
  },
  {
    name: "wsgi_v19_server_group_mixed_case",
    description: "wsgi.md #19-20: %{SERVER} keeps the ServerName's case; the first matching alias wins (/ before /sub); vhost aliases come before the main server's.",
    ports: ["auto", "auto"],
    config: [
      "WSGIScriptAlias /galias @ROOT@/probe.wsgi application-group=fromglobal",
      "WSGIScriptAlias /gonly @ROOT@/probe.wsgi application-group=globalonly",
      "<VirtualHost *:@PORT0@>", "    ServerName Mixed.Case.Test", "    WSGIApplicationGroup %{SERVER}", "    WSGIScriptAlias / @ROOT@/probe.wsgi", "    WSGIScriptAlias /sub @ROOT@/alt/probe2.wsgi", "</VirtualHost>",
      "<VirtualHost *:@PORT1@>", "    ServerName galias.test", "    WSGIScriptAlias /galias @ROOT@/probe.wsgi application-group=fromvhost", "</VirtualHost>",
    ],
    files: { "alt/probe2.wsgi": "@PROBE@" },
    requests: [
      { path: "/sub/x", host: "mixed.case.test:@PORT0@" }, { path: "/", host: "MIXED.case.test" },
      { path: "/galias", port: 1 }, { path: "/gonly", port: 1 }, { path: "/other", port: 1 },
    ],
  },
  wsgiCase("wsgi_v21_precedence", "wsgi.md #21-23: an alias's application-group= beats <Location>; a <Directory> (even at main-server level) beats the vhost's WSGIApplicationGroup; <If> inside <Location>.", [
    "<Directory @ROOT@/dir2>", "    WSGIApplicationGroup dirgroup", "</Directory>",
  ], [
    "WSGIScriptAlias /opt @ROOT@/probe.wsgi application-group=optgroup",
    "<Location /opt>", "    WSGIApplicationGroup locgroup", "</Location>",
    "WSGIApplicationGroup vhgroup",
    "WSGIScriptAlias /x @ROOT@/dir2/probe.wsgi",
    "WSGIScriptAlias /y @ROOT@/alt/probe2.wsgi",
    "WSGIScriptAlias /iftest @ROOT@/probe.wsgi",
    "<Location /iftest>", R`    <If "%{QUERY_STRING} =~ /ifgroup/">`, "        WSGIApplicationGroup ifgroup", "    </If>", "</Location>",
  ], reqs("/opt", "/x", "/y", "/iftest", "/iftest?ifgroup", "/myapp"), { files: { "dir2/probe.wsgi": "@PROBE@" } }),
  wsgiCase("wsgi_v25_env_lookups", "wsgi.md #25-34: %{ENV:AG} unset (literal), set by a rewrite rule, values re-expanded once (%{GLOBAL}, %{RESOURCE}, %{SERVER}, %{HOST}), the %{ENV: guard, near-miss tokens, an empty value.", [], [
    "RewriteEngine On",
    R`RewriteRule ^/env-ag/([^/]*)/ - [E=AG:$1]`,
    R`RewriteRule ^/emptyag/ - [E=AG]`,
    "WSGIScriptAliasMatch ^/(env-ag|emptyag) @ROOT@/probe.wsgi",
    "<LocationMatch ^/(env-ag|emptyag)>", "    WSGIApplicationGroup %{ENV:AG}", "</LocationMatch>",
    "WSGIScriptAlias /literal-global @ROOT@/probe.wsgi",
    "<Location /literal-global>", R`    WSGIApplicationGroup "%{global}"`, "</Location>",
  ], [
    ...reqs("/env-ag", "/env-ag/mygroup/x", "/env-ag/%25%7BGLOBAL%7D/x", "/env-ag/%25%7BRESOURCE%7D/x", "/env-ag/%25%7BSERVER%7D/x"),
    { path: "/env-ag/%25%7BHOST%7D/x", host: "Evil.Wild.Test:@PORT0@" },
    ...reqs("/env-ag/%25%7BENV:OSGROUP%7D/x", "/env-ag/%25bogus/x", "/env-ag/%25/x", "/env-ag/%25%7Bglobal%7D/x", "/env-ag//x", "/emptyag/", "/literal-global"),
  ], { env: { OSGROUP: "from-os" } }),
  wsgiCase("wsgi_v35_env_sources", "wsgi.md #35-41: SetEnv values that are tokens, case-insensitive env names, the process environment (case-sensitive), %{ENV:HTTP_HOST}, the alias-forced-type note, rewrite beats SetEnv, SetEnvIf from a header.", [
    R`SetEnvIf X-App "^(.*)$" AGH=$1`,
  ], [
    "WSGIScriptAliasMatch ^/(envglobal|envres|envloop|envci|osenv|osenvlc|hh|notes|prio|sei) @ROOT@/probe.wsgi",
    "<Location /envglobal>", "    SetEnv AG %{GLOBAL}", "    WSGIApplicationGroup %{ENV:AG}", "</Location>",
    "<Location /envres>", "    SetEnv AG %{RESOURCE}", "    WSGIApplicationGroup %{ENV:AG}", "</Location>",
    "<Location /envloop>", "    SetEnv AG %{ENV:AG}", "    WSGIApplicationGroup %{ENV:AG}", "</Location>",
    "<Location /envci>", "    SetEnv MyGroup ci-group", "    WSGIApplicationGroup %{ENV:MYGROUP}", "</Location>",
    "<Location /osenv>", "    WSGIApplicationGroup %{ENV:OSGROUP}", "</Location>",
    "<Location /osenvlc>", "    WSGIApplicationGroup %{ENV:osgroup}", "</Location>",
    "<Location /hh>", "    WSGIApplicationGroup %{ENV:HTTP_HOST}", "</Location>",
    "<Location /notes>", "    SetEnv alias-forced-type fromenv", "    WSGIApplicationGroup %{ENV:alias-forced-type}", "</Location>",
    "RewriteEngine On",
    R`RewriteRule ^/prio - [E=AG:fromrewrite]`,
    "<Location /prio>", "    SetEnv AG fromsetenv", "    WSGIApplicationGroup %{ENV:AG}", "</Location>",
    "<Location /sei>", "    WSGIApplicationGroup %{ENV:AGH}", "</Location>",
  ], [
    ...reqs("/envglobal", "/envres/zz", "/envloop", "/envci", "/osenv", "/osenvlc", "/hh", "/notes", "/prio"),
    { path: "/sei", headers: { "X-App": "%{GLOBAL}" } },
    { path: "/sei", headers: { "X-App": "attacker-chosen" } },
    { path: "/sei" },
  ], { env: { OSGROUP: "from-os" } }),
  wsgiCase("wsgi_v42_redirects_pt", "wsgi.md #42-44: [PT] into a WSGIScriptAlias keeps [E=] vars; a per-dir rewrite is an internal redirect that renames them REDIRECT_*.", [
    "<Directory @ROOT@/htdocs/ir>", "    RewriteEngine On", R`    RewriteRule ^(.*)$ /irapp/$1 [E=AG:irgroup,L]`, "</Directory>",
    "<Directory @ROOT@/htdocs/ir2>", "    RewriteEngine On", R`    RewriteRule ^(.*)$ /irapp2/$1 [E=AG:irgroup,L]`, "</Directory>",
  ], [
    "RewriteEngine On",
    R`RewriteRule ^/pt/(.*)$ /ptapp/$1 [PT,E=AG:ptgroup]`,
    "WSGIScriptAlias /ptapp @ROOT@/probe.wsgi",
    "WSGIScriptAlias /irapp @ROOT@/probe.wsgi",
    "WSGIScriptAlias /irapp2 @ROOT@/probe.wsgi",
    "WSGIApplicationGroup %{ENV:AG}",
    "<Location /irapp2>", "    WSGIApplicationGroup %{ENV:REDIRECT_AG}", "</Location>",
  ], reqs("/pt/q", "/pt/", "/ir/foo", "/ir2/foo", "/ptapp/direct"), { files: { "htdocs/ir/.keep": "", "htdocs/ir2/.keep": "" } }),
  wsgiCase("wsgi_v45_host_group", "wsgi.md #45-46: %{HOST} is the Host header (lower-cased, trailing dot dropped, port kept); %{SERVER} uses the ServerName.", [], [
    "WSGIScriptAlias /hostg @ROOT@/probe.wsgi",
    "WSGIScriptAlias /serverg @ROOT@/probe.wsgi",
    "<Location /hostg>", "    WSGIApplicationGroup %{HOST}", "</Location>",
    "<Location /serverg>", "    WSGIApplicationGroup %{SERVER}", "</Location>",
  ], [
    { path: "/hostg", host: "WWW.Example.COM:@PORT0@" }, { path: "/hostg", host: "foo.wild.test" }, { path: "/hostg", host: "foo.wild.test:9999" },
    { path: "/hostg", host: "www.example.com." }, { path: "/hostg", host: null, http_version: "1.0" }, { path: "/hostg", host: "[::1]:@PORT0@" },
    { path: "/serverg", host: "foo.wild.test:@PORT0@" }, { path: "/serverg", host: "foo.wild.test" },
  ]),
  wsgiCase("wsgi_v47_process_groups", "wsgi.md #47-54: WSGIProcessGroup %{ENV:PG} from a rewrite: a global daemon, the vhost's, another vhost's with the same ServerName, an inaccessible one, unknown and case-mismatched names, re-expansion to embedded, %{RESOURCE} (unknown), unset, empty.", [], [
    "RewriteEngine On",
    R`RewriteRule ^/pg/([^/]*)/ - [E=PG:$1]`,
    R`RewriteRule ^/pgempty - [E=PG]`,
    "WSGIScriptAlias /pg-unset @ROOT@/probe.wsgi",
    "WSGIScriptAlias /pgempty @ROOT@/probe.wsgi",
    "WSGIScriptAlias /pg @ROOT@/probe.wsgi",
    "<LocationMatch ^/(pg|pg-unset|pgempty)>", "    WSGIProcessGroup %{ENV:PG}", "</LocationMatch>",
  ], reqs("/pg/gd/", "/pg/gd/", "/pg/vd/", "/pg/sd/", "/pg/od/", "/pg/nonexist/", "/pg/GD/", "/pg/%25%7BGLOBAL%7D/", "/pg/%25%7BRESOURCE%7D/", "/pg-unset", "/pgempty")),
  wsgiCase("wsgi_v55_restrict", "wsgi.md #55-57: a daemon named like a %{RESOURCE} value; WSGIRestrictProcess is case-insensitive and refuses embedded mode when %{GLOBAL} is not listed.", [
    `WSGIDaemonProcess "www.example.com:@PORT0@|/pgres" processes=1 threads=1`,
  ], [
    "WSGIScriptAliasMatch ^/(pgres|rp|rp2) @ROOT@/probe.wsgi",
    "<Location /pgres>", "    WSGIProcessGroup %{RESOURCE}", "</Location>",
    "<Location /rp>", "    WSGIRestrictProcess GD", "    WSGIProcessGroup gd", "</Location>",
    "<Location /rp2>", "    WSGIRestrictProcess gd", "    WSGIProcessGroup %{GLOBAL}", "</Location>",
  ], [...reqs("/pgres", "/rp", "/rp2"), { path: "/pgres", host: "www.example.com:1" }]),
  wsgiCase("wsgi_v58_restrict_embedded", "wsgi.md #58: WSGIRestrictEmbedded On refuses embedded requests (500) but lets daemon ones through.", ["WSGIRestrictEmbedded On"], [
    "WSGIScriptAlias /vd @ROOT@/probe.wsgi",
    "<Location /vd>", "    WSGIProcessGroup vd", "</Location>",
    "RewriteEngine On",
    R`RewriteRule ^/pg/([^/]*)/ - [E=PG:$1]`,
    "WSGIScriptAlias /pg @ROOT@/probe.wsgi",
    "<Location /pg>", "    WSGIProcessGroup %{ENV:PG}", "</Location>",
  ], reqs("/myapp", "/vd", "/pg/%25%7BGLOBAL%7D/", "/pg/vd/")),
  wsgiCase("wsgi_v59_alias_options", "wsgi.md #59-62: alias options are not expanded (application-group=%{ENV:AG} stays literal, process-group=%{ENV:PG} unknown → 500); WSGICallableObject expansion; callable-object=%{ENV:CALL} → 404.", [], [
    "WSGIScriptAlias /optenv @ROOT@/probe.wsgi application-group=%{ENV:AG} process-group=%{ENV:PG}",
    "WSGIScriptAlias /optag @ROOT@/probe.wsgi application-group=%{ENV:AG}",
    "WSGIScriptAliasMatch ^/(call1|call3|call4) @ROOT@/probe.wsgi",
    "<Location /call1>", "    WSGICallableObject %{ENV:CALL}", "</Location>",
    "<Location /call3>", "    SetEnv CALL alt", "    WSGICallableObject %{ENV:CALL}", "</Location>",
    "<Location /call4>", "    WSGICallableObject %{GLOBAL}", "</Location>",
    "WSGIScriptAlias /call2 @ROOT@/probe.wsgi callable-object=%{ENV:CALL}",
    "WSGIScriptAlias /call5 @ROOT@/probe.wsgi callable-object=application",
  ], reqs("/optenv", "/optag", "/call1", "/call3", "/call4", "/call2", "/call5")),
];
