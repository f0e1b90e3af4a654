/**
 * Configurations Apache refuses at start-up (each a small case with expect_start_failure), and a
 * few near-misses it accepts (with warnings), so both sides of each rule are pinned.
 */
import { reqs, refused, type CaseDef } from "./helpers.js";

const R = String.raw;

export const refusalCases: CaseDef[] = [
  refused("cfg_wsgi_appgroup_two_args", "WSGIApplicationGroup takes one argument (wsgi.md #69).", ["WSGIApplicationGroup a b"]),
  refused("cfg_wsgi_processgroup_empty", "WSGIProcessGroup with an empty string (TAKE1).", ["WSGIScriptAlias /x @ROOT@/probe.wsgi", "<Location /x>", `    WSGIProcessGroup ""`, "</Location>"]),
  refused("cfg_wsgi_alias_group_not_yet", "process-group= naming a daemon defined further down (wsgi.md #63).", ["WSGIScriptAlias /a @ROOT@/probe.wsgi process-group=later application-group=x", "WSGIDaemonProcess later"]),
  refused("cfg_wsgi_alias_empty_appgroup", "application-group= with an empty value (wsgi.md #64).", ["WSGIScriptAlias /a @ROOT@/probe.wsgi application-group="]),
  refused("cfg_wsgi_alias_bad_option_case", "Alias options are case-sensitive: Application-Group= is invalid (wsgi.md #65).", ["WSGIScriptAlias /a @ROOT@/probe.wsgi Application-Group=x"]),
  refused("cfg_wsgi_daemon_duplicate", "Two WSGIDaemonProcess with the same name (wsgi.md #68).", ["WSGIDaemonProcess dup", "WSGIDaemonProcess dup"]),
  refused("cfg_wsgi_daemon_bad_option", "An unknown WSGIDaemonProcess option.", ["WSGIDaemonProcess grp nosuchoption=1"]),
  refused("cfg_wsgi_alias_one_arg", "WSGIScriptAlias needs a URL and a path.", ["WSGIScriptAlias /only"]),
  refused("cfg_wsgi_preload_other_vhost", "A preload (both groups given) referencing a daemon of a vhost with another ServerName (wsgi.md #67).", [
    "<VirtualHost *:@PORT0@>", "    ServerName a.example", "    WSGIDaemonProcess adaemon", "</VirtualHost>",
    "<VirtualHost *:@PORT0@>", "    ServerName b.example", "    WSGIScriptAlias /x @ROOT@/probe.wsgi process-group=adaemon application-group=%{GLOBAL}", "</VirtualHost>",
  ]),
  refused("cfg_rw_unknown_flag", "RewriteRule with an unknown flag.", ["RewriteEngine On", "RewriteRule ^/a /b [XYZ]"]),
  refused("cfg_rw_redirect_299", "R=299 is not a valid redirect code (§13 #25).", ["RewriteEngine On", "RewriteRule ^a b [R=299]"]),
  refused("cfg_rw_redirect_418", "R=418 is not valid either (§13 #25).", ["RewriteEngine On", "RewriteRule ^a b [R=418]"]),
  refused("cfg_rw_base_server", "RewriteBase only in per-directory config.", ["RewriteEngine On", "RewriteBase /x/"]),
  refused("cfg_rw_base_relative", "RewriteBase must be a URL-path starting with '/'.", ["<Directory @ROOT@/htdocs>", "    RewriteBase x/", "</Directory>"]),
  refused("cfg_rw_map_in_directory", "RewriteMap is not allowed in <Directory>.", ["<Directory @ROOT@/htdocs>", "    RewriteMap m txt:@ROOT@/m.txt", "</Directory>"], { files: { "m.txt": "a b\n" } }),
  refused("cfg_rw_map_missing_file", "A txt: map whose file does not exist.", ["RewriteEngine On", "RewriteMap m txt:@ROOT@/nothere.txt"]),
  refused("cfg_rw_map_bad_type", "An unknown map type.", ["RewriteEngine On", "RewriteMap m foo:@ROOT@/m.txt"], { files: { "m.txt": "a b\n" } }),
  refused("cfg_rw_options_unknown", "RewriteOptions with an unknown option.", ["RewriteOptions Whatever"]),
  refused("cfg_rw_options_longurl", "LongURLOptimization exists only in trunk; 2.4.71 refuses it.", ["RewriteOptions LongURLOptimization"]),
  refused("cfg_rw_bad_regex", "A RewriteRule pattern PCRE refuses.", ["RewriteEngine On", "RewriteRule ^/(a /b"]),
  refused("cfg_rw_cond_bad_regex", "A RewriteCond pattern PCRE refuses.", ["RewriteEngine On", "RewriteCond %{QUERY_STRING} [z-a]", "RewriteRule ^/a /b"]),
  refused("cfg_rw_rule_one_arg", "RewriteRule without a substitution.", ["RewriteEngine On", "RewriteRule ^/a"]),
  refused("cfg_rw_engine_bad_value", "RewriteEngine must be On or Off.", ["RewriteEngine maybe"]),
  refused("cfg_rw_bne_empty", "BNE= with an empty list.", ["RewriteEngine On", "RewriteRule ^/a /b [B,BNE=]"]),
  refused("cfg_rw_backrefnoplus_long", "The documented long form backrefnoplus is rejected (the code spells it backrefernoplus).", ["RewriteEngine On", "RewriteRule ^/a /b [B,backrefnoplus]"]),
  refused("cfg_rw_cond_bad_flag", "RewriteCond with an unknown flag.", ["RewriteEngine On", "RewriteCond %{QUERY_STRING} a [XYZ]", "RewriteRule ^/a /b"]),
  refused("cfg_unknown_directive", "An unknown directive (Invalid command).", ["NoSuchDirective on"]),
  refused("cfg_unclosed_section", "A <Directory> never closed.", ["<Directory @ROOT@/htdocs>", "    Options None"]),
  refused("cfg_rw_map_in_htaccess_ok_at_start", "RewriteMap in a <Location> (not allowed in per-directory contexts).", ["<Location /x>", "    RewriteMap m int:tolower", "</Location>"]),
  {
    name: "cfg_accepted_near_misses",
    description: "Near-misses Apache accepts: RewriteEngine with extra words, RewriteOptions MaxRedirects (warning AH00664), conditions with no rule after them, NC on a file test (warning AH00665), a D-flag no-op.",
    config: [
      "<Directory @ROOT@/htdocs>", "    Options +ExecCGI +FollowSymLinks", "    AddHandler wsgi-script .wsgi", "</Directory>",
      "RewriteEngine On extra words",
      "RewriteOptions MaxRedirects=5",
      R`RewriteCond %{REQUEST_URI} -f [NC]`,
      R`RewriteRule ^/nc$ /env.wsgi?nc=1 [L]`,
      R`RewriteRule ^/dx$ /env.wsgi?d=1 [Dxyz,L]`,
      R`RewriteCond %{QUERY_STRING} dangling`,
    ],
    files: { "htdocs/env.wsgi": "@PROBE@", "htdocs/nc": "nc file\n" },
    requests: reqs("/nc", "/dx", "/env.wsgi?dangling"),
  },
  {
    name: "cfg_htaccess_errors",
    description: ".htaccess errors answer 500 at request time: RewriteMap not allowed, a bad flag, WSGIProcessGroup not allowed, RewriteBase relative; AllowOverride None ignores the file.",
    config: [
      "<Directory @ROOT@/htdocs>", "    AllowOverride All", "</Directory>",
      "<Directory @ROOT@/htdocs/ignored>", "    AllowOverride None", "</Directory>",
      "<Directory @ROOT@/htdocs/fileinfo>", "    AllowOverride FileInfo", "</Directory>",
      "<Directory @ROOT@/htdocs/optsonly>", "    AllowOverride Options", "</Directory>",
    ],
    htaccess: {
      "htdocs/map": ["RewriteMap m int:tolower"],
      "htdocs/flag": ["RewriteEngine On", "RewriteRule ^ x [XYZ]"],
      "htdocs/pg": ["WSGIProcessGroup x"],
      "htdocs/base": ["RewriteEngine On", "RewriteBase rel"],
      "htdocs/ignored": ["RewriteEngine On", "RewriteRule ^ nothere.html", "NoSuchDirective"],
      "htdocs/fileinfo": ["RewriteEngine On", R`RewriteRule ^a\.txt$ b.txt`],
      "htdocs/optsonly": ["RewriteEngine On", R`RewriteRule ^a\.txt$ b.txt`],
    },
    files: {
      "htdocs/map/a.txt": "map a\n", "htdocs/flag/a.txt": "flag a\n", "htdocs/pg/a.txt": "pg a\n", "htdocs/base/a.txt": "base a\n",
      "htdocs/ignored/a.txt": "ignored a\n", "htdocs/fileinfo/a.txt": "fileinfo a\n", "htdocs/fileinfo/b.txt": "fileinfo b\n",
      "htdocs/optsonly/a.txt": "optsonly a\n", "htdocs/optsonly/b.txt": "optsonly b\n",
    },
    requests: reqs("/map/a.txt", "/flag/a.txt", "/pg/a.txt", "/base/a.txt", "/ignored/a.txt", "/fileinfo/a.txt", "/optsonly/a.txt"),
  },
  {
    name: "wsgi_v66_alias_unknown_daemon",
    description: "wsgi.md #66: process-group= alone (no application-group=) naming no daemon is accepted at start-up and fails per request (500); with a defined daemon it works.",
    config: [
      "WSGIDaemonProcess known processes=1 threads=1",
      "WSGIScriptAlias /a @ROOT@/probe.wsgi process-group=nodaemon",
      "WSGIScriptAlias /k @ROOT@/probe.wsgi process-group=known",
      "WSGIScriptAlias /ka @ROOT@/probe.wsgi process-group=known application-group=%{GLOBAL}",
    ],
    requests: reqs("/a", "/a/x", "/k", "/ka"),
  },
];

