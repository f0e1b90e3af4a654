/**
 * httpd's words for refused configurations. Every expected text below was produced by
 * `apache2 -t -f FILE` (Apache 2.4.71, Debian, mod_wsgi 4.9.4) for the same configuration lines
 * appended to a standalone httpd.conf loading the case base modules; line numbers are relative to
 * the snippet, the file name is the one given to the parser.
 */
import { describe, expect, it } from "vitest";
import { CASE_BASE_MODULES, ConfigError, memoryFs, parseConfig } from "../../src/config/index.js";

const FILE = "/srv/conf/httpd.conf";
const fs = memoryFs({ "/srv/conf/": null, "/srv/htdocs/": null, "/srv/maps/users.txt": "a b\n", "/srv/conf/inc1.conf": "<Directory /x>\n", "/srv/conf/inc2.conf": "Foo\n" });

function check(text: string): string {
  try {
    parseConfig(text, { file: FILE, fs, serverRoot: "/srv", loadedModules: CASE_BASE_MODULES, env: { HOME: "/root" } });
    return "OK";
  } catch (e) {
    if (e instanceof ConfigError) return e.oneLine();
    throw e;
  }
}

const AH = (line: number, msg: string): string => `AH00526: Syntax error on line ${line} of ${FILE}: | ${msg}`;
const RD = (line: number, msg: string): string => `apache2: Syntax error on line ${line} of ${FILE}: ${msg}`;

// [configuration, what apache2 -t said]
const TABLE: Array<[string, string]> = [
  ["RewriteEngine On", "OK"],
  ["RewriteEngine on # comment", "OK"],
  ["RewriteEngine on off", "OK"],
  ["KeepAlive On Off", "OK"],
  ["Foo bar", AH(1, "Invalid command 'Foo', perhaps misspelled or defined by a module not included in the server configuration")],
  ["WSGIApplicationGroup \"\"", AH(1, "WSGIApplicationGroup takes one argument, Application interpreter group.")],
  ["WSGIApplicationGroup a b", AH(1, "WSGIApplicationGroup takes one argument, Application interpreter group.")],
  ["WSGIProcessGroup \"\"", AH(1, "WSGIProcessGroup takes one argument, Name of the WSGI process group.")],
  ["<Directory /x>\nRewriteMap a txt:/x\n</Directory>", AH(2, "RewriteMap not allowed in <Directory> context")],
  ["<Directory /x>", RD(1, `${FILE}:1: <Directory> was not closed.`)],
  ["<Directory /x>\n</Location>", RD(2, "Expected </Directory> but saw </Location>")],
  ["</Directory>", RD(1, "</Directory> without matching <Directory> section")],
  ["Define a:b x", RD(1, "Variable name must not contain ':'")],
  ["UnDefine a:b", RD(1, "Variable name must not contain ':'")],
  ["Define", RD(1, "Define takes 1-2 arguments, Define a variable, optionally to a value.  Same as passing -D to the command line.")],
  ["<IfModule rewrite_module>\n<Directory /x>", "OK"],
  ["<IfModule nope_module>\n<Directory /x>", RD(1, "Expected </Directory> before end of configuration")],
  ["<Directory /x> foo\n</Directory>", "OK"],
  ["<Directory /x\n</Directory>", AH(1, "<Directory> directive missing closing '>'")],
  ["<Directory>\n</Directory>", AH(1, "<Directory> directive requires additional arguments")],
  ["<Directory /a /b>\n</Directory>", AH(1, "Multiple <Directory> arguments not (yet) supported.")],
  ["<VirtualHost>\n</VirtualHost>", AH(1, "<VirtualHost> directive requires additional arguments")],
  ["<Files>\n</Files>", AH(1, "<Files> directive requires additional arguments")],
  ["<If>\n</If>", AH(1, "<If> directive requires additional arguments")],
  ["<Else>\n</Else>", AH(1, "<Else> or <ElseIf> section without previous <If> or <ElseIf> section in same scope")],
  ["<If \"true\">\n</If>\n<Else x>\n</Else>", AH(3, "<Else> does not take an argument")],
  ["<If \"true\">\n</If>\n<ElseIf \"false\">\n</ElseIf>\n<Else>\n</Else>", "OK"],
  ["<DirectoryMatch (>\n</DirectoryMatch>", AH(1, "Regex could not be compiled")],
  ["<Location /x>\n<Directory /y>\n</Directory>\n</Location>", AH(2, "<Directory not allowed in <Location> context")],
  ["<Location /x>\nAlias /a /b\n</Location>", AH(2, "Alias cannot occur within directory context")],
  ["<Location /x>\nWSGIScriptAlias /a /b\n</Location>", AH(2, "WSGIScriptAlias not allowed in <Location> context")],
  ["<Location /x>\nWSGIApplicationGroup x\n</Location>", "OK"],
  ["<Location /x>\nUserDir disabled\n</Location>", AH(2, "UserDir not allowed in <Location> context")],
  ["Require all granted", AH(1, "Require not allowed here")],
  ["RewriteOptions Inherit Foo", AH(1, "RewriteOptions: unknown option 'Foo'")],
  ["RewriteOptions MaxRedirects=5", "OK"],
  ["RewriteBase /x", AH(1, "RewriteBase: only valid in per-directory config files")],
  ["<Directory /tmp>\nRewriteBase x\n</Directory>", AH(2, "RewriteBase: argument is not a valid URL")],
  ["<Directory /tmp>\nRewriteBase \"\"\n</Directory>", AH(2, "RewriteBase takes one argument, the base URL of the per-directory context")],
  ["RewriteMap m int:foo", AH(1, "RewriteMap: internal map not found:foo")],
  ["RewriteMap m txt:/nonexist", AH(1, "RewriteMap: file for map m not found:/nonexist")],
  ["RewriteMap m /nonexist", AH(1, "RewriteMap: file for map m not found:/nonexist")],
  ["RewriteMap m txt:/srv/maps/users.txt", "OK"],
  ["RewriteMap m dbm=foo:/x", AH(1, "RewriteMap: dbm type foo is invalid")],
  ["RewriteMap m dbd:select", AH(1, "RewriteMap types dbd and fastdbd require mod_dbd!")],
  ["RewriteMap m prg:/nonexist", AH(1, "RewriteMap: file for map m not found:/nonexist")],
  ["RewriteMap m foo:/x", AH(1, "RewriteMap: file for map m not found:/srv/foo:/x")],
  ["RewriteMap a", AH(1, "RewriteMap takes two or three arguments, a mapname and a filename and options")],
  ["RewriteRule ^a", AH(1, "RewriteRule: bad argument line '^a'")],
  ["RewriteRule \"^a b", AH(1, "RewriteRule: bad argument line '\"^a b'")],
  ["RewriteRule \"^a\"", "OK"],
  ["RewriteCond a", AH(1, "RewriteCond: bad argument line 'a'")],
  ["RewriteEngine maybe", AH(1, "RewriteEngine must be On or Off")],
  ["RewriteEngine", AH(1, "RewriteEngine must be On or Off")],
  ["KeepAlive maybe", AH(1, "KeepAlive must be On or Off")],
  ["UseCanonicalName Maybe", AH(1, "parameter must be 'on', 'off', or 'dns'")],
  ["UseCanonicalName dns", "OK"],
  ["<Directory /tmp>\nAllowOverride Foo\n</Directory>", AH(2, "Illegal override option Foo")],
  ["<Directory /tmp>\nAllowOverride FileInfo=Foo\n</Directory>", "OK"],
  ["<Directory /tmp>\nAllowOverride Options=Indexes,Foo\n</Directory>", AH(2, "Illegal option Foo")],
  ["<Directory /tmp>\nAllowOverride None All\n</Directory>", "OK"],
  ["<Directory /tmp>\nAllowOverride Nonfatal=Foo\n</Directory>", "OK"],
  ["<Directory /tmp>\nAllowOverride\n</Directory>", "OK"],
  ["<Directory /tmp>\nOptions +ExecCGI Indexes\n</Directory>", AH(2, "Either all Options must start with + or -, or no Option may.")],
  ["<Directory /tmp>\nOptions Foo\n</Directory>", AH(2, "Illegal option Foo")],
  ["<Directory /tmp>\nOptions +Foo\n</Directory>", AH(2, "Illegal option Foo")],
  ["<Directory /tmp>\nOptions None +Indexes\n</Directory>", "OK"],
  ["<Directory /tmp>\nOptions -All\n</Directory>", AH(2, "You may not use 'Options +All' or 'Options -All'.")],
  ["<Directory /tmp>\nOptions\n</Directory>", "OK"],
  ["WSGIScriptAlias /a", AH(1, "WSGIScriptAlias requires at least two arguments, Map location to target WSGI script file.")],
  ["WSGIScriptAlias /a /b Application-Group=x", AH(1, "Invalid option to WSGI script alias definition.")],
  ["WSGIScriptAlias /a /b application-group=", AH(1, "Invalid name for WSGI application group.")],
  ["WSGIScriptAlias /a /b process-group=", AH(1, "Invalid name for WSGI process group.")],
  ["WSGIScriptAlias /a /b callable-object=", AH(1, "Invalid name for WSGI callable object.")],
  ["WSGIScriptAlias /a /b pass-authorization=x", AH(1, "Invalid value for authorization flag.")],
  ["WSGIScriptAlias /a /b process-group=x application-group=y", AH(1, "WSGI process group not yet configured.")],
  ["WSGIScriptAlias /a /b process-group=nodaemon", "OK"],
  ["WSGIScriptAlias /a /b foo", AH(1, "Invalid option to WSGI script alias definition.")],
  ["WSGIScriptAlias /a /b /c", AH(1, "Invalid option to WSGI script alias definition.")],
  ["WSGIScriptAliasMatch ^/a /b application-group=x", "OK"],
  ["WSGIDaemonProcess a\nWSGIDaemonProcess a", AH(2, "Name duplicates previous WSGI daemon definition.")],
  ["WSGIDaemonProcess a foo=1", AH(1, "Invalid option to WSGI daemon process definition.")],
  ["WSGIDaemonProcess a processes=0", AH(1, "Invalid process count for WSGI daemon process.")],
  ["WSGIDaemonProcess a threads=x", "OK"],
  ["WSGIDaemonProcess", AH(1, "Name of WSGI daemon process not supplied.")],
  ["WSGIRestrictEmbedded maybe", AH(1, "WSGIRestrictEmbedded must be one of: Off | On")],
  ["WSGICaseSensitivity On", "OK"],
  ["WSGIPassAuthorization maybe", AH(1, "WSGIPassAuthorization must be one of: Off | On")],
  ["SetEnv", AH(1, "SetEnv takes 1-2 arguments, an environment variable name and optional value to pass to CGI.")],
  ["SetEnv a b c", AH(1, "SetEnv takes 1-2 arguments, an environment variable name and optional value to pass to CGI.")],
  ["UnsetEnv", AH(1, "UnsetEnv requires at least one argument, a list of variables to remove from the CGI environment.")],
  ["SetEnvIf", AH(1, "Missing header-field name for SetEnvIf")],
  ["SetEnvIf Request_URI", AH(1, "Missing regular expression for SetEnvIf")],
  ["SetEnvIf Request_URI ^/x", AH(1, "Missing envariable expression for SetEnvIf")],
  ["SetEnvIf Request_URI ( a=b", AH(1, "SetEnvIf regex could not be compiled.")],
  ["SetEnvIf Request_URI ^/x a=b c", "OK"],
  ["BrowserMatch x", AH(1, "Missing envariable expression for BrowserMatch")],
  ["UserDir", AH(1, "UserDir requires an argument.")],
  ["UserDir disabled foo", "OK"],
  ["DirectoryIndex", "OK"],
  ["Alias /a", AH(1, "Alias must have two arguments when used globally")],
  ["Alias /a /b /c", AH(1, "Alias takes 1-2 arguments, a fakename and a realname, or a realname in a Location")],
  ["AliasMatch ( /b", AH(1, "Regular expression could not be compiled.")],
  ["Redirect /a", AH(1, "URL to redirect to is missing")],
  ["Redirect foo /a /b", AH(1, "Redirect: invalid first argument (of three)")],
  ["Redirect 301 /a", AH(1, "URL to redirect to is missing")],
  ["Redirect gone /a", "OK"],
  ["Redirect gone /a /b", AH(1, "Redirect URL not valid for this status")],
  ["RedirectMatch ( /b", AH(1, "Regular expression could not be compiled.")],
  ["ServerName", AH(1, "ServerName takes one argument, The hostname and port of the server")],
  ["ServerName a b", AH(1, "ServerName takes one argument, The hostname and port of the server")],
  ["Listen 80 http extra", AH(1, "Listen requires 1 or 2 arguments.")],
  ["Listen", AH(1, "Listen requires 1 or 2 arguments.")],
  ["Listen foo", AH(1, "Port must be specified")],
  ["AddHandler wsgi-script", AH(1, "AddHandler requires at least two arguments, a handler name followed by one or more file extensions")],
  ["SetHandler a b", AH(1, "SetHandler takes one argument, a handler name that overrides any other configured handler")],
  ["<VirtualHost *:80>\nListen 81\n</VirtualHost>", AH(2, "Listen cannot occur within <VirtualHost> section")],
  ["<VirtualHost *:80>\n<VirtualHost *:81>\n</VirtualHost>\n</VirtualHost>", AH(2, "<VirtualHost> cannot occur within <VirtualHost> section")],
  ["<Location /x>\n<Files a>\n</Files>\n</Location>", AH(2, "<Files> cannot occur within <Location> section")],
  ["DocumentRoot", AH(1, "DocumentRoot takes one argument, Root directory of the document tree")],
  ["DocumentRoot /srv/nope", AH(1, "DocumentRoot '/srv/nope' is not a directory, or is not readable")],
  ["DocumentRoot /srv/htdocs", "OK"],
  ["DocumentRoot \"/srv/a\\\"b\"", AH(1, "DocumentRoot '/srv/a\"b' is not a directory, or is not readable")],
  ["DocumentRoot \"/srv/a\"b", AH(1, "DocumentRoot takes one argument, Root directory of the document tree")],
  // the log escaping doubles a backslash: the argument itself is /srv/a\b
  ["DocumentRoot /srv/a\\\\b", AH(1, "DocumentRoot '/srv/a\\\\b' is not a directory, or is not readable")],
  ["DocumentRoot /srv/a\\\nb", AH(2, "DocumentRoot '/srv/ab' is not a directory, or is not readable")],
  ["Define X\nDocumentRoot /srv/${X}", AH(2, "DocumentRoot '/srv/${X}' is not a directory, or is not readable")],
  ["Define X /srv/htdocs\nDocumentRoot ${X}", "OK"],
  ["DocumentRoot ${a:b}", AH(1, "DocumentRoot '/srv/${a:b}' is not a directory, or is not readable")],
  ["Define A \"x y\"\nDocumentRoot ${A}", AH(2, "DocumentRoot takes one argument, Root directory of the document tree")],
  ["# comment \\\nFoo", "OK"],
  ["Include /nonexist.conf", RD(1, "Could not open configuration file /nonexist.conf: No such file or directory")],
  ["Include /srv/nonexist/*.conf", RD(1, "Include/IncludeOptional: Could not open directory /srv/nonexist: No such file or directory")],
  ["IncludeOptional /srv/nonexist/*.conf", "OK"],
  ["IncludeOptional /nonexist.conf", "OK"],
  ["Include /srv/conf/*.nomatch", RD(1, "Include/IncludeOptional: No matches for the wildcard '*.nomatch' in '/srv/conf', failing")],
  ["Include /srv/conf/inc1.conf", RD(1, "Syntax error on line 1 of /srv/conf/inc1.conf: /srv/conf/inc1.conf:1: <Directory> was not closed.")],
  ["Include /srv/conf/inc2.conf", "AH00526: Syntax error on line 1 of /srv/conf/inc2.conf: | Invalid command 'Foo', perhaps misspelled or defined by a module not included in the server configuration"],
];

describe("httpd's accept/refuse and wording (measured with apache2 -t)", () => {
  it.each(TABLE)("%j → %s", (config, expected) => {
    expect(check(config)).toBe(expected);
  });
});
