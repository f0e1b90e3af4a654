/**
 * Remaining corners of the feature checklists (rewrite.md §2, wsgi.md §2): InheritDownBefore,
 * IgnoreContextInfo, UnsafePrefixStat as an option, the UNC/NV/DPI/NS/P flags, WSGIDispatchScript,
 * WSGI handlers switched on from .htaccess, per-user .htaccess rules under UserDir.
 */
import { DOCROOT_FILES, WSGI_HANDLER, reqs, type CaseDef } from "./helpers.js";

const R = String.raw;

/** A dispatch script (wsgi.md #24): the group comes from the decoded query value after "ag=". */
const DISPATCH_SCRIPT = [
  "from urllib.parse import unquote",
  "",
  "def _value(environ, key):",
  "    for part in environ.get('QUERY_STRING', '').split('&'):",
  "        if part.startswith(key + '='):",
  "            return unquote(part[len(key) + 1:])",
  "    return None",
  "",
  "def application_group(environ):",
  "    return _value(environ, 'ag')",
  "",
  "def process_group(environ):",
  "    return _value(environ, 'pg')",
  "",
];

export const extraCases: CaseDef[] = [
  {
    name: "rw_opt_inherit_down_before",
    description: "RewriteOptions InheritDownBefore: the main server's rules run before each vhost's own.",
    ports: ["auto", "auto"],
    config: [
      ...WSGI_HANDLER,
      "RewriteEngine On",
      "RewriteOptions InheritDownBefore",
      R`RewriteRule ^/both /env.wsgi?from=main [L]`,
      "<VirtualHost *:@PORT1@>", "    ServerName child.example", "    RewriteEngine On", R`    RewriteRule ^/both /env.wsgi?from=child [L]`, R`    RewriteRule ^/childonly /env.wsgi?from=child-only [L]`, "</VirtualHost>",
    ],
    files: { ...DOCROOT_FILES },
    requests: [{ path: "/both", port: 1 }, { path: "/childonly", port: 1 }, { path: "/both", port: 0 }],
  },
  {
    name: "rw_opt_context_info",
    description: "Per-dir rules in an Alias target: the context prefix makes the internal redirect; RewriteOptions IgnoreContextInfo turns that fallback off.",
    config: [
      ...WSGI_HANDLER,
      "Alias /ctx @ROOT@/ctxdir",
      "Alias /noctx @ROOT@/noctxdir",
      "<Directory @ROOT@/ctxdir>", "    RewriteEngine On", R`    RewriteRule ^a\.txt$ b.txt [L]`, "</Directory>",
      "<Directory @ROOT@/noctxdir>", "    RewriteEngine On", "    RewriteOptions IgnoreContextInfo", R`    RewriteRule ^a\.txt$ b.txt [L]`, "</Directory>",
    ],
    files: { ...DOCROOT_FILES, "ctxdir/a.txt": "ctx a\n", "ctxdir/b.txt": "ctx b\n", "noctxdir/a.txt": "noctx a\n", "noctxdir/b.txt": "noctx b\n" },
    requests: reqs("/ctx/a.txt", "/ctx/b.txt", "/noctx/a.txt", "/noctx/b.txt"),
  },
  {
    name: "rw_opt_unsafe_prefix_stat",
    description: "RewriteOptions UnsafePrefixStat (server-wide) vs the per-rule flag vs neither (CVE-2024-38475 check).",
    ports: ["auto", "auto"],
    config: [
      ...WSGI_HANDLER,
      "RewriteEngine On",
      R`RewriteRule ^/ps/(.*)$ /$1 [L]`,
      "<VirtualHost *:@PORT1@>", "    ServerName unsafe.example", "    RewriteEngine On", "    RewriteOptions UnsafePrefixStat", R`    RewriteRule ^/ps/(.*)$ /$1 [L]`, "</VirtualHost>",
    ],
    files: { ...DOCROOT_FILES, "outside-marker/f.txt": "outside marker\n" },
    requests: [{ path: "/ps/etc/hostname" }, { path: "/ps/a.html" }, { path: "/ps/etc/hostname", port: 1 }, { path: "/ps/a.html", port: 1 }],
  },
  {
    name: "rw_flags_unc_nv_dpi_ns",
    description: "UNC keeps leading double slashes; NV on a condition; DPI drops path info for later per-dir rules; NS skips a rule in sub-requests (DirectoryIndex look-ups).",
    config: [
      ...WSGI_HANDLER,
      "RewriteEngine On",
      R`RewriteRule ^/unc/(.*)$ //$1 [UNC,L]`,
      R`RewriteRule ^/nounc/(.*)$ //$1 [L]`,
      R`RewriteCond %{HTTP:X-A} yes [NV]`,
      R`RewriteRule ^/nv$ /env.wsgi?nv=1 [L]`,
      R`RewriteRule ^/idx/index\.html$ /b.html [NS]`,
      R`RewriteRule ^/idx2/index\.html$ /b.html`,
      "<Directory @ROOT@/htdocs/dpi>", "    RewriteEngine On", R`    RewriteRule ^a(.*)$ b$1 [DPI]`, R`    RewriteRule ^b(.*)$ env.wsgi?rest=$1 [L]`, "</Directory>",
      "<Directory @ROOT@/htdocs/nodpi>", "    RewriteEngine On", R`    RewriteRule ^a(.*)$ b$1`, R`    RewriteRule ^b(.*)$ env.wsgi?rest=$1 [L]`, "</Directory>",
    ],
    files: {
      ...DOCROOT_FILES, "htdocs/idx/index.html": "idx index\n", "htdocs/idx2/index.html": "idx2 index\n",
      "htdocs/dpi/a": "dpi a\n", "htdocs/dpi/env.wsgi": "@PROBE@", "htdocs/nodpi/a": "nodpi a\n", "htdocs/nodpi/env.wsgi": "@PROBE@",
    },
    requests: [
      { path: "/unc/a.html" }, { path: "/nounc/a.html" }, { path: "/nv", headers: { "X-A": "yes" } }, { path: "/nv" },
      { path: "/idx/" }, { path: "/idx/index.html" }, { path: "/idx2/" }, { path: "/dpi/a/x/y" }, { path: "/nodpi/a/x/y" },
    ],
  },
  {
    name: "rw_flag_proxy_without_module",
    description: "[P] without mod_proxy loaded: the proxy: URL cannot be handled.",
    config: [...WSGI_HANDLER, "RewriteEngine On", R`RewriteRule ^/p/(.*)$ http://127.0.0.1:@PORT0@/env.wsgi?via=$1 [P]`, R`RewriteRule ^/p2$ /a.html [P]`],
    files: { ...DOCROOT_FILES },
    requests: reqs("/p/x", "/p2", "/a.html"),
  },
  {
    name: "rw_flag_proxy_loopback",
    description: "[P] with mod_proxy and mod_proxy_http to the same loopback server: the proxied probe answers (the inner request's environment).",
    modules: ["proxy", "proxy_http"],
    config: [...WSGI_HANDLER, "RewriteEngine On", R`RewriteRule ^/p/(.*)$ http://127.0.0.1:@PORT0@/env.wsgi?via=$1 [P]`, R`RewriteRule ^/pq/(.*)$ http://127.0.0.1:@PORT0@/env.wsgi [P,QSA]`],
    files: { ...DOCROOT_FILES },
    requests: reqs("/p/x", "/pq/y?z=1", "/env.wsgi"),
  },
  {
    name: "wsgi_v24_dispatch_script",
    description: "wsgi.md #24: WSGIDispatchScript's application_group()/process_group() results are expanded like directive values (%{ENV:HTTP_HOST} works there, %{GLOBAL} means the main interpreter); None falls back.",
    config: [
      "WSGIDaemonProcess dispd processes=1 threads=1",
      "WSGIScriptAlias /disp @ROOT@/probe.wsgi",
      "<Location /disp>", "    WSGIDispatchScript @ROOT@/dispatch.py", "</Location>",
    ],
    files: { "dispatch.py": DISPATCH_SCRIPT },
    requests: reqs("/disp?ag=%25%7BENV:HTTP_HOST%7D", "/disp?ag=%25%7BGLOBAL%7D", "/disp?ag=plain", "/disp", "/disp?pg=dispd", "/disp?pg=nosuch", "/disp?ag=%25%7BRESOURCE%7D&pg=%25%7BGLOBAL%7D"),
  },
  {
    name: "wsgi_htaccess_handler",
    description: "WSGI scripts switched on from .htaccess (AllowOverride FileInfo Options): AddHandler and Options ExecCGI there; without ExecCGI the script is refused (403).",
    config: ["<Directory @ROOT@/htdocs>", "    AllowOverride FileInfo Options", "</Directory>"],
    htaccess: {
      "htdocs/on": ["Options +ExecCGI", "AddHandler wsgi-script .wsgi"],
      "htdocs/noexec": ["Options -ExecCGI", "AddHandler wsgi-script .wsgi"],
      "htdocs/sethandler": ["Options +ExecCGI", "SetHandler wsgi-script"],
    },
    files: { "htdocs/on/app.wsgi": "@PROBE@", "htdocs/noexec/app.wsgi": "@PROBE@", "htdocs/sethandler/anything": "@PROBE@", "htdocs/plain/app.wsgi": "@PROBE@" },
    requests: reqs("/on/app.wsgi", "/on/app.wsgi/pi", "/noexec/app.wsgi", "/sethandler/anything", "/plain/app.wsgi"),
  },
  {
    name: "seed_userdir_htaccess_rules",
    description: "Per-user .htaccess rewrite rules under UserDir (front controller with -f/-d), the group chosen per user from a server rule.",
    config: [
      "UserDir @ROOT@/home/*/public_html",
      "<Directory @ROOT@/home/*/public_html>", "    AllowOverride All", "    Options +ExecCGI +FollowSymLinks", "    AddHandler wsgi-script .wsgi", "</Directory>",
      "RewriteEngine On",
      R`RewriteCond %{REQUEST_URI} ^/~([^/]+)`,
      R`RewriteRule . - [E=USERGROUP:~%1]`,
      "<Directory @ROOT@/home/*/public_html/app>", "    WSGIApplicationGroup %{ENV:USERGROUP}", "</Directory>",
    ],
    htaccess: {
      "home/alice/public_html/app": ["RewriteEngine On", "RewriteBase /~alice/app/", "RewriteCond %{REQUEST_FILENAME} !-f", "RewriteCond %{REQUEST_FILENAME} !-d", R`RewriteRule ^(.*)$ main.wsgi/$1 [L,QSA]`],
      "home/bob/public_html/app": ["RewriteEngine On", "RewriteCond %{REQUEST_FILENAME} !-f", R`RewriteRule ^(.*)$ main.wsgi/$1 [L,QSA]`],
    },
    files: {
      "home/alice/public_html/app/main.wsgi": "@PROBE@", "home/alice/public_html/app/static.txt": "alice static\n",
      "home/bob/public_html/app/main.wsgi": "@PROBE@", "home/bob/public_html/app/static.txt": "bob static\n",
    },
    requests: reqs("/~alice/app/route/x?q=1", "/~alice/app/static.txt", "/~alice/app/", "/~bob/app/route/y", "/~bob/app/static.txt", "/~bob/app/"),
  },
  {
    name: "pl_non_ascii_bytes",
    description: "Bytes above 0x7F (found by the fuzzer): percent-encoded and raw UTF-8 in paths and queries, through rewrite back-references, [E=] values, SCRIPT_NAME and the group name; environ values are byte strings (PEP 3333 latin-1), so the probe reports each byte as one character; a served file's UTF-8 text comes back as text.",
    config: [
      ...WSGI_HANDLER,
      "WSGIScriptAlias /w @ROOT@/probe.wsgi",
      R`WSGIScriptAliasMatch ^/m/([^/]+) @ROOT@/probe.wsgi`,
      "RewriteEngine On",
      R`RewriteRule ^/r/(.*)$ /env.wsgi?v=$1 [E=RV:$1,L]`,
      R`RewriteRule ^/rb/(.*)$ /env.wsgi?v=$1 [B,L]`,
      R`RewriteRule ^/rd/(.*)$ /d/$1 [L]`,
      "SetEnv UTF8VAL caf\u00e9",
    ],
    files: { ...DOCROOT_FILES, "htdocs/caf\u00e9.txt": "caf\u00e9 file \u2713\n" },
    requests: [
      { path: "/w/caf%c3%a9?q=%c3%a9" }, { path: "/w/caf\u00e9?q=\u00e9" }, { path: "/m/%c3%a9t%c3%a9/x" }, { path: "/r/%c3%a9%e9" },
      { path: "/rb/%c3%a9%20x" }, { path: "/caf%c3%a9.txt" }, { path: "/w/%ff%fe" }, { path: "/rd/%c3%a9" },
    ],
  },
  {
    name: "wsgi_script_name_path_info_suffix",
    description: "mod_wsgi derives SCRIPT_NAME by matching PATH_INFO against the end of the (original) URI, so when a rewrite puts the port into PATH_INFO the digits decide SCRIPT_NAME and the %{RESOURCE} group (the fuzzer met this with an auto port ending in 7). A fixed port makes it reproducible.",
    ports: [18087],
    config: [
      ...WSGI_HANDLER,
      "RewriteEngine On",
      R`RewriteRule ^/sp/ /env.wsgi/%{SERVER_PORT} [L]`,
      R`RewriteRule ^/sh/ /env.wsgi/%{HTTP_HOST} [L]`,
      R`RewriteRule ^/sq/(.*)$ /env.wsgi/$1 [L]`,
    ],
    files: { ...DOCROOT_FILES },
    requests: reqs("/sp/7", "/sp/87", "/sp/18087", "/sp/x18087", "/sp/0", "/sh/7", "/sh/localhost:18087", "/sq/a/b", "/sq/b", "/sq/", { path: "/sh/7", host: "h.example:7" }),
  },
  {
    name: "pl_setenvif_empty_value",
    description: "Found by the WSGI fuzzer: SetEnvIf with an empty assignment (\"V=\" quoted, V= bare) sets the value 1, like a bare V; !V removes it; a header regex (.*) on a missing header sets the empty string. Seen through %{ENV:} in WSGIApplicationGroup and WSGIProcessGroup.",
    config: [
      "WSGIDaemonProcess sedaemon processes=1 threads=1",
      "WSGIScriptAlias /q @ROOT@/probe.wsgi",
      "WSGIScriptAlias /b @ROOT@/probe.wsgi",
      "WSGIScriptAlias /n @ROOT@/probe.wsgi",
      "WSGIScriptAlias /u @ROOT@/probe.wsgi",
      "WSGIScriptAlias /h @ROOT@/probe.wsgi",
      "WSGIScriptAlias /p @ROOT@/probe.wsgi",
      R`SetEnvIf X-Ev (.*) EV=$1`,
      R`SetEnvIf Request_URI ^/q "EV="`,
      R`SetEnvIf Request_URI ^/b EV=`,
      R`SetEnvIf Request_URI ^/n EV`,
      R`SetEnvIf Request_URI ^/u EV=set`,
      R`SetEnvIf Request_URI ^/u/unset !EV`,
      R`SetEnvIf Request_URI ^/p "EV="`,
      "WSGIApplicationGroup %{ENV:EV}",
      "<Location /p>", "    WSGIProcessGroup %{ENV:EV}", "</Location>",
    ],
    requests: [
      { path: "/q" }, { path: "/b" }, { path: "/n" }, { path: "/u" }, { path: "/u/unset" }, { path: "/h" },
      { path: "/h", headers: { "X-Ev": "from-header" } }, { path: "/q", headers: { "X-Ev": "header-then-uri" } }, { path: "/p" },
    ],
  },
];

