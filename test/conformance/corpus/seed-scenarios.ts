/**
 * The seed scenarios of spec/overview.md beyond the shared examples: per-user application
 * groups under UserDir, %{GLOBAL}, %{SERVER} on the default port 80 and on other ports,
 * %{RESOURCE} per mount, daemon groups per user.
 */
import { reqs, type CaseDef } from "./helpers.js";

const R = String.raw;

const USER_FILES = {
  "home/alice/public_html/wsgi-scripts/probe.wsgi": "@PROBE@",
  "home/alice/public_html/wsgi-scripts/sub/deep.wsgi": "@PROBE@",
  "home/bob/public_html/wsgi-scripts/app.wsgi": "@PROBE@",
  "home/carol/public_html/index.html": "carol index\n",
  "home/dave/public_html/wsgi-scripts/probe.wsgi": "@PROBE@",
  "htdocs/index.html": "docroot index\n",
} as const;

export const seedScenarios: CaseDef[] = [
  {
    name: "seed_userdir_groups_variants",
    description: "Per-user groups via [E=APPLICATION_GROUP:~%1] under UserDir: nested scripts, encoded tildes, path info, a disabled user, a user without the folder, dots and dashes in names.",
    config: [
      "UserDir @ROOT@/home/*/public_html",
      "UserDir disabled dave",
      "RewriteEngine On",
      R`RewriteCond %{REQUEST_URI} ^/~([^/]+)`,
      R`RewriteRule . - [E=APPLICATION_GROUP:~%1]`,
      "<Directory @ROOT@/home/*/public_html/wsgi-scripts/>", "    Options ExecCGI", "    SetHandler wsgi-script", "    WSGIApplicationGroup %{ENV:APPLICATION_GROUP}", "</Directory>",
    ],
    files: { ...USER_FILES },
    requests: reqs("/~alice/wsgi-scripts/probe.wsgi", "/~alice/wsgi-scripts/sub/deep.wsgi/p?q", "/%7ealice/wsgi-scripts/probe.wsgi", "/~bob/wsgi-scripts/app.wsgi", "/~bob/wsgi-scripts/app.wsgi/", "/~carol/", "/~carol", "/~dave/wsgi-scripts/probe.wsgi", "/~erin/", "/~alice/wsgi-scripts/", "/~al.ice/x", "/x/~alice/wsgi-scripts/probe.wsgi"),
  },
  {
    name: "seed_userdir_daemon_per_user",
    description: "One single-process daemon group per user, chosen by WSGIProcessGroup %{ENV:PG} from a rewrite rule; an unknown user gets a 500.",
    config: [
      "UserDir @ROOT@/home/*/public_html",
      "WSGIDaemonProcess alice processes=1 threads=1",
      "WSGIDaemonProcess bob processes=1 threads=1",
      "RewriteEngine On",
      R`RewriteRule ^/~([^/]+)/ - [E=PG:$1,E=AG:~$1]`,
      "<Directory @ROOT@/home/*/public_html/wsgi-scripts/>", "    Options ExecCGI", "    SetHandler wsgi-script", "    WSGIProcessGroup %{ENV:PG}", "    WSGIApplicationGroup %{ENV:AG}", "</Directory>",
    ],
    files: { ...USER_FILES },
    requests: reqs("/~alice/wsgi-scripts/probe.wsgi", "/~bob/wsgi-scripts/app.wsgi", "/~dave/wsgi-scripts/probe.wsgi", "/~alice/wsgi-scripts/sub/deep.wsgi"),
  },
  {
    name: "seed_global_server_port80",
    description: "%{GLOBAL} and %{SERVER} on the default port 80 and on an auto port, with and without a port in Host, a vhost on port 80.",
    ports: [80, "auto"],
    config: [
      "WSGIScriptAlias /g @ROOT@/probe.wsgi",
      "WSGIScriptAlias /s @ROOT@/probe.wsgi",
      "WSGIScriptAlias /r @ROOT@/probe.wsgi",
      "<Location /g>", "    WSGIApplicationGroup %{GLOBAL}", "</Location>",
      "<Location /s>", "    WSGIApplicationGroup %{SERVER}", "</Location>",
      "<VirtualHost *:80>", "    ServerName vh80.example", "    WSGIScriptAlias /s @ROOT@/probe.wsgi", "    WSGIScriptAlias /r @ROOT@/probe.wsgi", "    <Location /s>", "        WSGIApplicationGroup %{SERVER}", "    </Location>", "</VirtualHost>",
    ],
    requests: [
      { path: "/g", port: 0, host: "localhost" }, { path: "/s", port: 0, host: "localhost" }, { path: "/s", port: 0, host: "localhost:80" }, { path: "/r", port: 0, host: "localhost" },
      { path: "/s", port: 0, host: "vh80.example" }, { path: "/r", port: 0, host: "vh80.example:80" }, { path: "/s", port: 0, host: "vh80.example:8080" },
      { path: "/g", port: 1 }, { path: "/s", port: 1 }, { path: "/s", port: 1, host: "localhost" }, { path: "/r", port: 1 }, { path: "/r/deep/er?x", port: 1 },
    ],
  },
  {
    name: "seed_resource_mounts",
    description: "%{RESOURCE} per mount: nested aliases, Alias + SetHandler, AddHandler scripts with path info, a trailing-slash alias, encoded characters in the script name.",
    config: [
      "WSGIScriptAlias /app/v2 @ROOT@/alt/v2.wsgi",
      "WSGIScriptAlias /app @ROOT@/probe.wsgi",
      "WSGIScriptAlias /slash/ @ROOT@/alt/slash.wsgi/",
      "Alias /handled @ROOT@/handled",
      "<Directory @ROOT@/handled>", "    Options +ExecCGI", "    SetHandler wsgi-script", "</Directory>",
      "<Directory @ROOT@/htdocs/scripts>", "    Options +ExecCGI", "    AddHandler wsgi-script .py", "</Directory>",
    ],
    files: { "alt/v2.wsgi": "@PROBE@", "alt/slash.wsgi": "@PROBE@", "handled/h.wsgi": "@PROBE@", "htdocs/scripts/s.py": "@PROBE@", "htdocs/scripts/a b.py": "@PROBE@" },
    requests: reqs("/app", "/app/v2", "/app/v2/x", "/app/v3", "/slash/", "/slash", "/slash/x", "/handled/h.wsgi", "/handled/h.wsgi/p/i", "/scripts/s.py", "/scripts/s.py/x?y", "/scripts/a%20b.py", "/APP"),
  },
];
