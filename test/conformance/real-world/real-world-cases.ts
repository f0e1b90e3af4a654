/**
 * How each real-world source is deployed in a case: placement, substitutions needed to run in
 * the sandbox, the application's files on disk, and requests aimed at what the config is for.
 * make-cases.ts turns these into cases/rw_NAME.json; Apache's recording is the answer.
 */
import type { CaseRequest, FileSpec } from "../../../src/case/types.js";

/** One deployment of a verbatim source. */
export interface Deployment {
  name: string;
  /** Manifest entry (default: name). */
  source?: string;
  /** Directory (sandbox-relative) the source is written to as .htaccess; absent = server config. */
  htaccess?: string;
  /** Literal replacements applied to the source so it runs in the sandbox (recorded in the case). */
  substitutions?: [string, string][];
  /** Config lines before / after the embedded source (the deployment around it). */
  before?: string[];
  after?: string[];
  modules?: string[];
  /** Other manifest sources written, verbatim, as .htaccess in further directories. */
  extraHtaccess?: Record<string, string>;
  files: Record<string, FileSpec>;
  requests: Partial<CaseRequest>[];
  about: string;
}

/** Modules Debian's apache2 enables by default (beyond the base set), plus mod_expires. */
const DEBIAN_MODULES = ["access_compat", "autoindex", "deflate", "filter", "negotiation", "expires"];

/** The deployment around a .htaccess at the DocumentRoot: AllowOverride All, Debian's DirectoryIndex. */
function overrideAll(dir = "@ROOT@/htdocs"): string[] {
  return [
    `<Directory "${dir}">`,
    "    AllowOverride All",
    "</Directory>",
    "DirectoryIndex index.html index.cgi index.pl index.php index.xhtml index.htm",
  ];
}

/** Files most PHP applications have: a front controller, assets, and files that must not be served. */
function phpApp(prefix = "htdocs", extra: Record<string, FileSpec> = {}): Record<string, FileSpec> {
  return {
    [`${prefix}/index.php`]: "<?php /* front controller */",
    [`${prefix}/css/app.css`]: "body{}",
    [`${prefix}/js/app.js`]: "app();",
    [`${prefix}/favicon.ico`]: "ICO",
    [`${prefix}/robots.txt`]: "User-agent: *",
    [`${prefix}/.env`]: "APP_KEY=secret",
    [`${prefix}/composer.json`]: "{}",
    [`${prefix}/README.md`]: "# readme",
    [`${prefix}/vendor/autoload.php`]: "<?php /* autoload */",
    [`${prefix}/dir/`]: null,
    [`${prefix}/.git/config`]: "[core]",
    ...extra,
  };
}

/** Requests every front-controller application is asked (routes, assets, denied files, slashes). */
const APP_REQUESTS: Partial<CaseRequest>[] = [
  { path: "/" },
  { path: "/index.php" },
  { path: "/about" },
  { path: "/about/" },
  { path: "/blog/2024/hello?page=2" },
  { path: "/css/app.css" },
  { path: "/css/app.css?v=3" },
  { path: "/.env" },
  { path: "/composer.json" },
  { path: "/vendor/autoload.php" },
  { path: "/missing.png" },
  { path: "/dir/" },
  { path: "/dir" },
  { path: "/.git/config" },
  { path: "/.well-known/acme-challenge/token" },
  { path: "/about", headers: { Authorization: "Bearer abc" } },
  { method: "HEAD", path: "/about" },
  { path: "/README.md" },
  { path: "/index.php/some/path" },
];

function app(name: string, about: string, more: Partial<CaseRequest>[] = [], files: Record<string, FileSpec> = {}, extra: Partial<Deployment> = {}): Deployment {
  return {
    name,
    htaccess: "htdocs",
    before: overrideAll(),
    modules: DEBIAN_MODULES,
    files: phpApp("htdocs", files),
    requests: [...APP_REQUESTS, ...more],
    about,
    ...extra,
  };
}

/** A deny-everything .htaccess in a data folder of an application. */
function denyDir(name: string, dir: string, about: string, inside: string[], more: Partial<CaseRequest>[] = []): Deployment {
  const files: Record<string, FileSpec> = phpApp();
  for (const f of inside) files[`htdocs/${dir}/${f}`] = `content of ${f}`;
  return {
    name,
    htaccess: `htdocs/${dir}`,
    before: overrideAll(),
    modules: DEBIAN_MODULES,
    files,
    requests: [
      ...inside.map((f) => ({ path: `/${dir}/${f}` })),
      { path: `/${dir}/` },
      { path: `/${dir}` },
      { path: `/${dir}/missing.txt` },
      { path: `/${dir}/${inside[0]}?x=1` },
      { method: "HEAD", path: `/${dir}/${inside[0]}` },
      { path: `/${dir.toUpperCase()}/${inside[0]}` },
      { path: `/${dir}//${inside[0]}` },
      { path: `/${dir}/.htaccess` },
      { path: "/index.php" },
      { path: "/css/app.css" },
      { path: "/" },
      ...more,
    ],
    about,
  };
}

const WSGI_DOCS: Record<string, FileSpec> = {
  "www/documents/index.html": "documents index",
  "www/documents/robots.txt": "User-agent: *",
  "www/documents/favicon.ico": "ICO",
  "www/documents/media/logo.png": "PNG",
  "www/documents/page.html": "a page",
  "www/wsgi-scripts/myapp.wsgi": "@PROBE@",
  "www/wsgi-scripts/other.txt": "not an app",
};

const WSGI_SUBS: [string, string][] = [
  ["<VirtualHost *:80>", "<VirtualHost *:@PORT0@>"],
  ["/usr/local/www", "@ROOT@/www"],
];

const WSGI_REQUESTS: Partial<CaseRequest>[] = [
  { path: "/" },
  { path: "/index.html" },
  { path: "/page.html" },
  { path: "/myapp" },
  { path: "/myapp/" },
  { path: "/myapp/foo/bar?x=1&y=2" },
  { path: "/myappx" },
  { path: "/robots.txt" },
  { path: "/favicon.ico" },
  { path: "/media/logo.png" },
  { path: "/media/missing.png" },
  { path: "/media" },
  { path: "/missing" },
  { path: "/a%20b?q=%41" },
  { method: "HEAD", path: "/myapp/x" },
  { method: "POST", path: "/myapp/form", body: "a=1" },
  { path: "/", host: "www.example.com" },
  { path: "/myapp", host: "example.com" },
];

const DJANGO_FILES: Record<string, FileSpec> = {
  "mysite.com/mysite/wsgi.py": "@PROBE@",
  "mysite.com/mysite/settings.py": "SECRET_KEY = 'x'",
  "mysite.com/mysite/__init__.py": "",
  "mysite.com/static/robots.txt": "User-agent: *",
  "mysite.com/static/favicon.ico": "ICO",
  "mysite.com/static/css/base.css": "body{}",
  "mysite.com/media/uploads/a.jpg": "JPEG",
  "venv/lib/python2.7/site-packages/": null,
  "htdocs/index.html": "docroot index",
};

const DJANGO_SUBS: [string, string][] = [["/path/to/mysite.com", "@ROOT@/mysite.com"]];

const DJANGO_REQUESTS: Partial<CaseRequest>[] = [
  { path: "/" },
  { path: "/admin/" },
  { path: "/polls/3/?page=1" },
  { path: "/robots.txt" },
  { path: "/favicon.ico" },
  { path: "/static/css/base.css" },
  { path: "/static/missing.css" },
  { path: "/static/" },
  { path: "/media/uploads/a.jpg" },
  { path: "/media" },
  { path: "/mysite/" },
  { path: "/mysite/admin/login/?next=/mysite/" },
  { path: "/mysitex" },
  { path: "/index.html" },
  { method: "HEAD", path: "/accounts/" },
  { method: "POST", path: "/api/items", body: "{}" },
];

const H5BP = (name: string, about: string, more: Partial<CaseRequest>[], files: Record<string, FileSpec> = {}): Deployment =>
  app(name, about, more, files);


/** Requests for a Debian-shipped server config: the site, errors, and the paths the config maps. */
const SITE_REQUESTS: Partial<CaseRequest>[] = [
  { path: "/" },
  { path: "/index.html" },
  { path: "/missing" },
  { path: "/dir" },
  { path: "/dir/" },
  { path: "/css/app.css?v=1" },
  { method: "HEAD", path: "/" },
  { method: "TRACE", path: "/" },
  { method: "OPTIONS", path: "/index.html" },
  { method: "POST", path: "/index.html", body: "a=1" },
];

const SITE_FILES: Record<string, FileSpec> = {
  "htdocs/index.html": "site index",
  "htdocs/css/app.css": "body{}",
  "htdocs/dir/": null,
};

function debian(name: string, about: string, more: Partial<CaseRequest>[], extra: Partial<Deployment> = {}): Deployment {
  return { name, modules: DEBIAN_MODULES, files: { ...SITE_FILES, ...(extra.files ?? {}) }, requests: [...SITE_REQUESTS, ...more], about, ...extra, ...(extra.files ? { files: { ...SITE_FILES, ...extra.files } } : {}) };
}

export const DEPLOYMENTS: Deployment[] = [
  debian("debian_security", "Debian apache2 conf-available/security.conf: ServerTokens OS, ServerSignature On, TraceEnable Off.", [
    { method: "TRACE", path: "/missing" },
    { method: "TRACE", path: "/index.html", http_version: "1.0" },
  ]),
  debian("debian_javascript_common", "Debian javascript-common conf: /javascript aliased to /usr/share/javascript with MultiViews.", [
    { path: "/javascript/jquery/jquery.js" },
    { path: "/javascript/jquery/jquery" },
    { path: "/javascript/jquery/" },
    { path: "/javascript" },
    { path: "/javascript/" },
    { path: "/javascriptx/jquery/jquery.js" },
    { path: "/javascript/underscore/underscore.min" },
    { path: "/javascript/jquery/jquery.js", headers: { Accept: "application/javascript" } },
  ], {
    substitutions: [["/usr/share/javascript", "@ROOT@/usr/share/javascript"]],
    files: {
      "usr/share/javascript/jquery/jquery.js": "/* jQuery */",
      "usr/share/javascript/jquery/jquery.min.js": "/* jQuery min */",
      "usr/share/javascript/underscore/underscore.min.js": "/* _ */",
    },
  }),
  debian("debian_alias_icons", "Debian apache2 mods-available/alias.conf: Alias /icons/ to the icons folder.", [
    { path: "/icons/folder.gif" },
    { path: "/icons/README" },
    { path: "/icons/" },
    { path: "/icons" },
    { path: "/icons/small/" },
    { path: "/icons//folder.gif" },
    { path: "/ICONS/folder.gif" },
  ], {
    substitutions: [["/usr/share/apache2/icons", "@ROOT@/usr/share/apache2/icons"]],
    files: { "usr/share/apache2/icons/folder.gif": "GIF", "usr/share/apache2/icons/README": "icons readme", "usr/share/apache2/icons/small/": null },
  }),
  debian("debian_000_default", "Debian apache2 sites-available/000-default.conf: the default virtual host.", [
    { path: "/", host: "www.example.com" },
    { path: "/", host: null, http_version: "1.0" },
  ], {
    substitutions: [["<VirtualHost *:80>", "<VirtualHost *:@PORT0@>"], ["/var/www/html", "@ROOT@/www/html"], ["${APACHE_LOG_DIR}", "@ROOT@/logs"]],
    files: { "www/html/index.html": "Apache2 Debian Default Page", "www/html/dir/": null },
  }),
  debian("debian_status", "Debian apache2 mods-available/status.conf: /server-status for local clients (HEAD only: the page's body changes every request).", [
    { method: "HEAD", path: "/server-status" },
    { method: "HEAD", path: "/server-status?auto" },
    { method: "HEAD", path: "/server-status/" },
    { path: "/server-statusx" },
    { method: "HEAD", path: "/server-status/x/y" },
  ], { modules: [...DEBIAN_MODULES, "status"] }),
  debian("debian_serve_cgi_bin", "Debian apache2 conf-available/serve-cgi-bin.conf: ScriptAlias /cgi-bin/ when mod_cgi is loaded (the sandbox writes files 0644, so a script is not executable).", [
    { path: "/cgi-bin/hello.sh" },
    { path: "/cgi-bin/hello.sh/extra?x=1" },
    { path: "/cgi-bin/" },
    { path: "/cgi-bin" },
    { path: "/cgi-bin/missing" },
  ], {
    modules: [...DEBIAN_MODULES, "cgi"],
    substitutions: [["/usr/lib/cgi-bin", "@ROOT@/usr/lib/cgi-bin"]],
    files: { "usr/lib/cgi-bin/hello.sh": "#!/bin/sh\necho Content-Type: text/plain\necho\necho hello" },
  }),
  debian("debian_setenvif", "Debian apache2 mods-available/setenvif.conf: BrowserMatch for broken clients; a probe shows the variables set.", [
    { path: "/probe/x", headers: { "User-Agent": "Mozilla/2.0 (compatible)" } },
    { path: "/probe/x", headers: { "User-Agent": "MS FrontPage 4.0" } },
    { path: "/probe/x", headers: { "User-Agent": "Mozilla/4.0 (compatible; MSIE 4.0b2; Windows 95)" } },
    { path: "/probe/x", headers: { "User-Agent": "gvfs/1.50" } },
    { path: "/probe/x", headers: { "User-Agent": "Mozilla/5.0 Konqueror/4.1" } },
    { path: "/probe/x", headers: { "User-Agent": "curl/8" } },
    { method: "PROPFIND", path: "/dir", headers: { "User-Agent": "Microsoft Data Access Internet Publishing Provider DAV" } },
    { path: "/dir", headers: { "User-Agent": "WebDrive 2019" } },
  ], { after: ["WSGIScriptAlias /probe @ROOT@/probe.wsgi"] }),
  app("laravel", "Laravel public/.htaccess: trailing-slash redirect, front controller, Authorization passed on.", [
    { path: "/users/5/?sort=asc" },
    { path: "/dir/?x=1" },
  ]),
  app("codeigniter4_public", "CodeIgniter 4 public/.htaccess: trailing-slash redirect, www → bare host, index.php/$1 front controller.", [
    { path: "/news/", host: "www.example.com" },
    { path: "/news?id=4", host: "www.example.com" },
    { path: "/news/view/3" },
  ]),
  denyDir("codeigniter4_writable", "writable", "CodeIgniter 4 writable/.htaccess: the writable folder denied.", ["logs/log-2024.log", "session/ci_session", "index.html"]),
  app(
    "grav",
    "Grav .htaccess: exploit blocking, front controller, denied system folders and file types.",
    [
      { path: "/?q={{7*7}}" },
      { path: "/search?q=base64_encode(x)" },
      { path: "/page?GLOBALS[x]=1" },
      { path: "/user/pages/01.home/default.md" },
      { path: "/user/themes/quark/css/site.css" },
      { path: "/cache/compiled/x.php" },
      { path: "/system/config/system.yaml" },
      { path: "/LICENSE.txt" },
      { path: "/logs/grav.log" },
    ],
    {
      "htdocs/user/pages/01.home/default.md": "# home",
      "htdocs/user/themes/quark/css/site.css": "a{}",
      "htdocs/cache/compiled/x.php": "<?php",
      "htdocs/system/config/system.yaml": "x: 1",
      "htdocs/LICENSE.txt": "MIT",
      "htdocs/logs/grav.log": "log",
    },
  ),
  denyDir("grav_user_config", "user/config", "Grav user/config/.htaccess: configuration folder denied.", ["system.yaml", "site.yaml", "security.yaml"]),
  app(
    "kirby",
    "Kirby starterkit .htaccess: dot files, content text files, site and kirby sources routed to index.php.",
    [
      { path: "/content/1_photography/album.txt" },
      { path: "/site/config/config.php" },
      { path: "/kirby/bootstrap.php" },
      { path: "/assets/css/index.css" },
      { path: "/media/pages/a.jpg" },
      { path: "/.well-known/security.txt" },
    ],
    {
      "htdocs/content/1_photography/album.txt": "Title: Album",
      "htdocs/site/config/config.php": "<?php return [];",
      "htdocs/kirby/bootstrap.php": "<?php",
      "htdocs/assets/css/index.css": "html{}",
      "htdocs/.well-known/security.txt": "Contact: x",
    },
  ),
  {
    ...app("cakephp_root", "CakePHP app root .htaccess: everything rewritten into webroot/, whose own .htaccess (rw_cakephp_webroot) routes to its index.php.", [
      { path: "/webroot/css/cake.css" },
      { path: "/css/cake.css" },
      { path: "/.well-known/change-password" },
      { path: "/articles/view/1?x=1" },
      { path: "/webroot/" },
    ], {
      "htdocs/webroot/index.php": "<?php /* cake webroot */",
      "htdocs/webroot/css/cake.css": ".cake{}",
      "htdocs/.well-known/change-password": "pw",
    }),
    extraHtaccess: { "htdocs/webroot": "cakephp_webroot" },
  },
  app("cakephp_webroot", "CakePHP webroot/.htaccess: every non-file to index.php.", [
    { path: "/articles/view/1?x=1" },
    { path: "/css/" },
  ]),
  app(
    "roundcube_public",
    "Roundcube public_html/.htaccess: favicon rewrite, dot-less files and internal folders denied, expires/headers.",
    [
      { path: "/favicon.ico" },
      { path: "/skins/elastic/images/favicon.ico" },
      { path: "/installer/" },
      { path: "/config/config.inc.php" },
      { path: "/program/include/rcmail.php" },
      { path: "/program/js/app.js" },
      { path: "/CHANGELOG.md" },
      { path: "/logs/errors.log" },
      { path: "/?_task=mail&_mbox=INBOX" },
      { path: "/AbCdEfGh12345678" },
    ],
    {
      "htdocs/skins/elastic/images/favicon.ico": "RC-ICO",
      "htdocs/installer/index.php": "<?php /* installer */",
      "htdocs/config/config.inc.php": "<?php $config = [];",
      "htdocs/program/include/rcmail.php": "<?php",
      "htdocs/program/js/app.js": "rcmail();",
      "htdocs/CHANGELOG.md": "changes",
      "htdocs/logs/errors.log": "log",
    },
  ),
  denyDir("roundcube_config", "config", "Roundcube config/.htaccess (lower-case <ifModule>): configuration denied.", ["config.inc.php", "defaults.inc.php", "mimetypes.php"]),
  app(
    "dokuwiki",
    "DokuWiki .htaccess.dist: .ht*, README, VERSION, COPYING denied; /.git answered 404 by RedirectMatch.",
    [
      { path: "/README" },
      { path: "/VERSION" },
      { path: "/COPYING" },
      { path: "/_htcache" },
      { path: "/.htpasswd" },
      { path: "/doku.php?id=start" },
      { path: "/.github/x" },
      { path: "/lib/exe/css.php" },
    ],
    {
      "htdocs/README": "readme",
      "htdocs/VERSION": "2024",
      "htdocs/COPYING": "GPL",
      "htdocs/_htcache": "cache",
      "htdocs/.htpasswd": "u:p",
      "htdocs/doku.php": "<?php /* doku */",
      "htdocs/lib/exe/css.php": "<?php",
    },
  ),
  denyDir("dokuwiki_data", "data", "DokuWiki data/.htaccess: the data folder denied.", ["pages/start.txt", "meta/start.meta", "index.html"]),
  H5BP(
    "h5bp_dist",
    "h5bp server-configs-apache dist/.htaccess: the complete recommended .htaccess (media types, headers, file access, compression, caching).",
    [
      { path: "/index.php.bak" },
      { path: "/config.php~" },
      { path: "/site.conf" },
      { path: "/.hidden" },
      { path: "/css/app.123.css" },
      { path: "/image.svgz" },
      { path: "/.well-known/security.txt" },
      { method: "TRACE", path: "/" },
    ],
    { "htdocs/index.php.bak": "bak", "htdocs/config.php~": "tilde", "htdocs/site.conf": "conf", "htdocs/.hidden": "hidden", "htdocs/image.svgz": "SVGZ", "htdocs/.well-known/security.txt": "Contact: x" },
  ),
  H5BP("h5bp_http_to_https", "h5bp rewrite_http_to_https.conf as .htaccess: every plain-http request redirected to https.", [
    { path: "/x?y=1", host: "example.com" },
    { path: "/.well-known/acme-challenge/abc" },
  ]),
  H5BP("h5bp_nowww", "h5bp rewrite_nowww.conf as .htaccess: www.host → host.", [
    { path: "/x?y=1", host: "www.example.com" },
    { path: "/", host: "www.example.com:8080" },
    { path: "/", host: "example.com" },
    { path: "/about/", host: "WWW.example.com" },
  ]),
  H5BP("h5bp_www", "h5bp rewrite_www.conf as .htaccess: host → www.host, except on the loopback address.", [
    { path: "/x?y=1", host: "example.com" },
    { path: "/", host: "www.example.com" },
  ]),
  H5BP(
    "h5bp_file_access",
    "h5bp file_access.conf as .htaccess: dot files and backup/source files denied, .well-known allowed.",
    [
      { path: "/index.php.bak" },
      { path: "/config.php~" },
      { path: "/site.conf" },
      { path: "/%23notes%23" },
      { path: "/.hidden" },
      { path: "/.well-known/security.txt" },
      { path: "/.well-known/" },
      { path: "/.nonexistent" },
    ],
    { "htdocs/index.php.bak": "bak", "htdocs/config.php~": "tilde", "htdocs/site.conf": "conf", "htdocs/#notes#": "notes", "htdocs/.hidden": "hidden", "htdocs/.well-known/security.txt": "Contact: x" },
  ),
  H5BP("h5bp_cache_busting", "h5bp filename-based_cache_busting.conf as .htaccess: app.123.css → app.css.", [
    { path: "/css/app.123.css" },
    { path: "/css/app.20240101.css?x=1" },
    { path: "/js/app.v2.js" },
    { path: "/css/app.css.css" },
    { path: "/img/logo.5.png" },
  ]),
  H5BP("h5bp_trace_method", "h5bp trace_method.conf as .htaccess: TRACE answered 405.", [
    { method: "TRACE", path: "/" },
    { method: "TRACE", path: "/about" },
    { method: "OPTIONS", path: "/" },
    { method: "POST", path: "/index.php", body: "a=1" },
  ]),
  app(
    "processwire",
    "ProcessWire htaccess.txt (installed as .htaccess): protected wire/site paths, front controller index.php?it=$1.",
    [
      { path: "/site/config.php" },
      { path: "/site/assets/cache/x" },
      { path: "/site/templates/home.php" },
      { path: "/wire/core/ProcessWire.php" },
      { path: "/site/assets/files/1/a.jpg" },
      { path: "/site/modules/Mod/Mod.module" },
      { path: "/README.txt" },
      { path: "/htaccess.txt" },
      { path: "/about/team/" },
      { path: "/bad path/" },
      { path: "/~user/" },
    ],
    {
      "htdocs/site/config.php": "<?php",
      "htdocs/site/assets/cache/x": "cache",
      "htdocs/site/templates/home.php": "<?php",
      "htdocs/wire/core/ProcessWire.php": "<?php",
      "htdocs/site/assets/files/1/a.jpg": "JPG",
      "htdocs/site/modules/Mod/Mod.module": "<?php",
      "htdocs/README.txt": "readme",
      "htdocs/htaccess.txt": "copy",
    },
  ),
  app("symfony_apache_pack", "Symfony apache-pack public/.htaccess: BASE detection, /index.php → / with 308, front controller.", [
    { path: "/index.php/blog?x=1" },
    { path: "/blog/7" },
    { path: "/bundles/app.css" },
  ], { "htdocs/bundles/app.css": "b{}" }),
  app(
    "wordpress_bundle",
    "The WordPress front-controller rules (as shipped by the mukadi/wordpress-bundle Symfony recipe).",
    [
      { path: "/wp-admin/" },
      { path: "/wp-admin" },
      { path: "/wp-login.php" },
      { path: "/2024/01/hello-world/" },
      { path: "/?p=123" },
      { path: "/wp-content/uploads/2024/01/pic.jpg" },
      { path: "/wp-content/uploads/2024/01/missing.jpg" },
      { path: "/wp-json/wp/v2/posts" },
    ],
    {
      "htdocs/wp-admin/index.php": "<?php /* admin */",
      "htdocs/wp-login.php": "<?php /* login */",
      "htdocs/wp-content/uploads/2024/01/pic.jpg": "JPG",
    },
  ),
  app(
    "opencart",
    "OpenCart upload/.htaccess.txt (installed as .htaccess): text/template files denied, SEO URLs to index.php?_route_=.",
    [
      { path: "/en-gb/product/desktop" },
      { path: "/en-gb/" },
      { path: "/system/config/default.php" },
      { path: "/catalog/view/template/common/header.twig" },
      { path: "/php.ini" },
      { path: "/error.log" },
      { path: "/robots.txt" },
      { path: "/index.php?route=product/category&path=20" },
      { path: "/desktops?limit=25" },
    ],
    {
      "htdocs/system/config/default.php": "<?php",
      "htdocs/catalog/view/template/common/header.twig": "{{ x }}",
      "htdocs/php.ini": "x=1",
      "htdocs/error.log": "log",
    },
  ),
  {
    name: "opencart_vhost",
    substitutions: [["/var/www/upload", "@ROOT@/htdocs"]],
    before: ["DirectoryIndex index.php index.html"],
    modules: DEBIAN_MODULES,
    files: phpApp("htdocs", {
      "htdocs/config.php": "<?php // db password",
      "htdocs/admin/config.php": "<?php // admin db password",
      "htdocs/admin/index.php": "<?php /* admin */",
      "htdocs/image/catalog/a.png": "PNG",
      "htdocs/.htaccess.txt": "sample",
    }),
    requests: [
      { path: "/" },
      { path: "/index.php?route=common/home" },
      { path: "/config.php" },
      { path: "/admin/config.php" },
      { path: "/admin/" },
      { path: "/admin" },
      { path: "/.env" },
      { path: "/.htaccess.txt" },
      { path: "/image/catalog/" },
      { path: "/image/catalog/a.png" },
      { path: "/dir/" },
      { path: "/.git/config" },
      { path: "/css/app.css" },
    ],
    about: "OpenCart's Docker Apache config: the upload folder with Options Indexes, dot files and config.php denied by <Files ~>.",
  },
  app("statamic", "Statamic public/.htaccess: Authorization and X-XSRF-Token passed on, trailing-slash redirect, front controller.", [
    { path: "/blog/", headers: { "X-XSRF-Token": "tok" } },
    { path: "/cp/collections" },
  ]),
  app(
    "pico",
    "Pico .htaccess: internal folders, changelog/composer files and dot files routed to index.php.",
    [
      { path: "/config/config.yml" },
      { path: "/content/index.md" },
      { path: "/lib/Pico.php" },
      { path: "/CHANGELOG.md" },
      { path: "/composer.lock" },
      { path: "/themes/default/style.css" },
      { path: "/.well-known/" },
      { path: "/sub/page" },
    ],
    {
      "htdocs/config/config.yml": "site_title: Pico",
      "htdocs/content/index.md": "# Welcome",
      "htdocs/lib/Pico.php": "<?php",
      "htdocs/CHANGELOG.md": "changes",
      "htdocs/composer.lock": "{}",
      "htdocs/themes/default/style.css": "p{}",
    },
  ),
  app("flarum", "Flarum public/.htaccess: front controller with QSA, expires and compression settings.", [
    { path: "/d/1-welcome?near=3" },
    { path: "/assets/forum.js" },
    { path: "/api/discussions" },
  ], { "htdocs/assets/forum.js": "flarum();" }),
  denyDir("silverstripe_assets", "assets", "SilverStripe public/assets/.htaccess: PHP disabled, only whitelisted file types served, the rest to ../index.php.", [
    "Uploads/photo.jpg",
    "Uploads/report.pdf",
    "Uploads/shell.php",
    "error-404.html",
    "Uploads/notes.unknownext",
  ]),
  app("craft", "Craft CMS web/.htaccess: front controller except favicon and apple-touch-icon.", [
    { path: "/apple-touch-icon-120x120.png" },
    { path: "/favicon.ico" },
    { path: "/admin/entries" },
  ]),
  app("kanboard", "Kanboard .htaccess: Authorization copied by SetEnvIf, non-files to index.php with QSA.", [
    { path: "/board/1?search=x" },
    { path: "/dir/", headers: { Authorization: "Basic dTpw" } },
  ]),
  denyDir("kanboard_data", "data", "Kanboard data/.htaccess: <IfVersion>-guarded deny.", ["db.sqlite", "files/1/a.txt", "debug.log"]),
  app("laminas", "Laminas MVC skeleton public/.htaccess: existing files/links/dirs served, BASE computed, index.php front controller.", [
    { path: "/application/index?x=1" },
    { path: "/css/" },
    { path: "/empty.txt" },
  ], { "htdocs/empty.txt": "" }),
  app(
    "freshrss_p",
    "FreshRSS p/.htaccess: dot files, extension-less files and unlisted extensions denied; expires/headers/charset settings.",
    [
      { path: "/i/" },
      { path: "/themes/base.css" },
      { path: "/scripts/main.js" },
      { path: "/api/greader.php/reader/api/0/stream" },
      { path: "/LICENSE" },
      { path: "/data.sqlite" },
      { path: "/oidc" },
      { path: "/f.txt" },
    ],
    {
      "htdocs/i/index.php": "<?php /* i */",
      "htdocs/themes/base.css": "t{}",
      "htdocs/scripts/main.js": "main();",
      "htdocs/api/greader.php": "<?php /* greader */",
      "htdocs/LICENSE": "AGPL",
      "htdocs/data.sqlite": "SQLITE",
      "htdocs/oidc": "oidc",
      "htdocs/f.txt": "text",
    },
  ),
  app("freshrss_root", "FreshRSS root .htaccess.dist (as .htaccess): deny by file-name pattern.", [
    { path: "/LICENSE" },
    { path: "/constants.php" },
    { path: "/data.sqlite" },
    { path: "/p/index.php" },
    { path: "/p/" },
  ], { "htdocs/LICENSE": "AGPL", "htdocs/constants.php": "<?php", "htdocs/data.sqlite": "DB", "htdocs/p/index.php": "<?php /* p */" }),
  denyDir("matomo_cron", "misc/cron", "Matomo misc/cron/.htaccess: archive.php granted through <IfVersion> inside <IfModule mod_version.c>.", [
    "archive.php",
    "archive.sh",
    "updatetoken.php",
  ]),
  app(
    "joomla",
    "Joomla htaccess.txt (installed as .htaccess): exploit blocking, API and site front controllers, pre-compressed assets.",
    [
      { path: "/api/index.php/v1/articles" },
      { path: "/api/v1/content/articles" },
      { path: "/component/content/article/1?Itemid=101" },
      { path: "/?q=base64_encode(evil)" },
      { path: "/index.php?x=%3Cscript%3E" },
      { path: "/index.php?GLOBALS[a]=1" },
      { path: "/media/templates/site.css", headers: { "Accept-Encoding": "gzip" } },
      { path: "/media/templates/site.js", headers: { "Accept-Encoding": "gzip" } },
      { path: "/media/templates/site.css" },
      { path: "/images/logo.svg" },
    ],
    {
      "htdocs/api/index.php": "<?php /* api */",
      "htdocs/media/templates/site.css": "site{}",
      "htdocs/media/templates/site.css.gz": "GZ-CSS",
      "htdocs/media/templates/site.js": "site();",
      "htdocs/media/templates/site.js.gz": "GZ-JS",
      "htdocs/images/logo.svg": "<svg/>",
    },
  ),
  app(
    "nextcloud",
    "Nextcloud .htaccess: security headers in <If>/<Else>, well-known redirects, non-public folders answered 404, front controllers.",
    [
      { path: "/.well-known/carddav" },
      { path: "/.well-known/caldav" },
      { path: "/.well-known/webfinger?resource=x" },
      { path: "/remote/webdav/file.txt" },
      { path: "/config/config.php" },
      { path: "/core/shipped.json" },
      { path: "/lib/base.php" },
      { path: "/ocm-provider/" },
      { path: "/occ" },
      { path: "/console.php" },
      { path: "/login" },
      { path: "/", headers: { "User-Agent": "Microsoft-WebDAV-MiniRedir DavClnt" } },
      { path: "/core/js/main.js?v=abc" },
      { path: "/remote.php/dav/files/u/" },
    ],
    {
      "htdocs/remote.php": "<?php /* remote */",
      "htdocs/config/config.php": "<?php $CONFIG = [];",
      "htdocs/core/shipped.json": "{}",
      "htdocs/lib/base.php": "<?php",
      "htdocs/occ": "#!/usr/bin/env php",
      "htdocs/console.php": "<?php",
      "htdocs/core/js/main.js": "nc();",
    },
  ),
  denyDir("mediawiki_images", "images", "MediaWiki images/.htaccess: query strings that look like a file extension forbidden (bug 28235).", [
    "a/ab/Photo.jpg",
    "thumb/a/ab/Photo.jpg/120px-Photo.jpg",
    "README",
  ], [
    { path: "/images/a/ab/Photo.jpg?x.php" },
    { path: "/images/a/ab/Photo.jpg?file.html#" },
    { path: "/images/a/ab/Photo.jpg?a=b.c" },
    { path: "/images/a/ab/Photo.jpg?%2e" },
    { path: "/images/a/ab/Photo.jpg?x.PHP" },
  ]),
  {
    name: "modwsgi_quick_1",
    substitutions: WSGI_SUBS,
    files: WSGI_DOCS,
    requests: WSGI_REQUESTS,
    about: "mod_wsgi Quick Configuration Guide: embedded mode, application at /myapp.",
  },
  {
    name: "modwsgi_quick_2",
    substitutions: WSGI_SUBS,
    files: WSGI_DOCS,
    requests: WSGI_REQUESTS,
    about: "mod_wsgi Quick Configuration Guide: application at /, static files re-mapped by Alias.",
  },
  {
    name: "modwsgi_quick_3",
    substitutions: WSGI_SUBS,
    files: WSGI_DOCS,
    requests: WSGI_REQUESTS,
    about: "mod_wsgi Quick Configuration Guide: daemon mode with WSGIDaemonProcess and WSGIProcessGroup.",
  },
  {
    name: "django_modwsgi_basic",
    substitutions: DJANGO_SUBS,
    files: DJANGO_FILES,
    requests: DJANGO_REQUESTS,
    about: "Django docs, 'How to use Django with Apache and mod_wsgi', basic configuration.",
  },
  {
    name: "django_modwsgi_static",
    substitutions: DJANGO_SUBS,
    files: DJANGO_FILES,
    requests: DJANGO_REQUESTS,
    about: "Django docs: Django at / with robots.txt, favicon.ico, /static/ and /media/ served by Apache.",
  },
  {
    name: "django_modwsgi_daemon_subdir",
    substitutions: [...DJANGO_SUBS, ["/path/to/venv", "@ROOT@/venv"]],
    files: DJANGO_FILES,
    requests: DJANGO_REQUESTS,
    about: "Django docs: daemon mode, project served under /mysite with process-group=.",
  },
];
