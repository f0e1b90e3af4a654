/**
 * .htaccess files as httpd reads them per request. Every row was measured on a live Apache
 * 2.4.71 (127.0.0.1, the case base modules): the .htaccess text under the given AllowOverride,
 * the status of a request for a file in that directory, and the [core:alert] line of the error
 * log (`<file>: <message>`), or the warning for Nonfatal overrides.
 */
import { describe, expect, it } from "vitest";
import { ConfigError, memoryFs, parseHtaccess, type OverrideClass } from "../../src/config/index.js";

type Allow = { classes: ReadonlySet<OverrideClass> | "All" | "None"; list?: string[]; options?: string[]; nonfatal?: boolean };
const ALL: Allow = { classes: "All" };
const FILEINFO: Allow = { classes: new Set(["FileInfo"]) };
const OPT_INDEXES: Allow = { classes: new Set(["Options"]), options: ["Indexes"] };
const OPTIONS: Allow = { classes: new Set(["Options"]) };
const OPT_INC_MULTI: Allow = { classes: new Set(["Options"]), options: ["Includes", "MultiViews"] };
const LIST: Allow = { classes: "None", list: ["Redirect", "RewriteEngine"] };
const NONFATAL: Allow = { classes: new Set(["FileInfo"]), nonfatal: true };

const F = "/srv/htdocs/d/.htaccess";

// [text, allow, 500 with this alert | "200" | "200 warning …"]
const TABLE: Array<[string, Allow, string]> = [
  ["<Files x>\nRewriteEngine On", ALL, `${F}: ${F}:1: <Files> was not closed.`],
  ["<Files x>\n</Directory>", ALL, `${F}: Expected </Files> but saw </Directory>`],
  ["</Files>", ALL, `${F}: </Files> without matching <Files> section`],
  ["Foo bar", ALL, `${F}: Invalid command 'Foo', perhaps misspelled or defined by a module not included in the server configuration`],
  ["RewriteMap m int:tolower", ALL, `${F}: RewriteMap not allowed here`],
  ["Define X y", ALL, `${F}: Define not allowed here`],
  ["<Directory /x>\n</Directory>", ALL, `${F}: <Directory not allowed here`],
  ["RewriteBase x", ALL, `${F}: RewriteBase: argument is not a valid URL`],
  ["RewriteRule ^a", ALL, `${F}: RewriteRule: bad argument line '^a'`],
  ["WSGIApplicationGroup x", ALL, `${F}: WSGIApplicationGroup not allowed here`],
  ["WSGICallableObject app", ALL, "200"],
  ["<IfModule nope>\nFoo\n</IfModule>", ALL, "200"],
  ["<IfModule rewrite_module>\nFoo\n</IfModule>", ALL, `${F}: Invalid command 'Foo', perhaps misspelled or defined by a module not included in the server configuration`],
  ["<IfVersion >= 2.4>\nFoo\n</IfVersion>", ALL, `${F}: Invalid command 'Foo', perhaps misspelled or defined by a module not included in the server configuration`],
  ["Include /etc/passwd", ALL, `${F}: Include not allowed here`],
  ["SetEnv", ALL, `${F}: SetEnv takes 1-2 arguments, an environment variable name and optional value to pass to CGI.`],
  ["SetEnv A \\\n  b c", ALL, `${F}: SetEnv takes 1-2 arguments, an environment variable name and optional value to pass to CGI.`],
  ["SetEnv A ${NOPE_X}", ALL, "200 AH00111: Config variable ${NOPE_X} is not defined"],
  ["<Files a>\n<Files b>\n</Files>\n</Files>", ALL, "200"],
  ["<Location /x>\n</Location>", ALL, `${F}: <Location not allowed here`],
  ["<If \"true\">\nSetEnv A b\n</If>", ALL, "200"],
  ["<Else>\n</Else>", ALL, `${F}: <Else> or <ElseIf> section without previous <If> or <ElseIf> section in same scope`],
  ["Options +ExecCGI", FILEINFO, `${F}: Options not allowed here`],
  ["RewriteEngine On", FILEINFO, "200"],
  ["Require all denied", FILEINFO, `${F}: Require not allowed here`],
  ["Options +ExecCGI", OPT_INDEXES, `${F}: Option ExecCGI not allowed here`],
  ["Options +Indexes", OPT_INDEXES, "200"],
  ["Options +MultiViews", OPTIONS, `${F}: Option MultiViews not allowed here`],
  ["Options +SymLinksIfOwnerMatch", OPTIONS, `${F}: Option SymLinksIfOwnerMatch not allowed here`],
  ["Options +ExecCGI", OPTIONS, "200"],
  ["Options None", OPTIONS, "200"],
  ["Options All", OPTIONS, "200"],
  ["Options +MultiViews", ALL, "200"],
  ["Options +IncludesNOEXEC", OPT_INC_MULTI, "200"],
  ["Options +Includes", OPT_INC_MULTI, "200"],
  ["Options RunScripts", OPT_INC_MULTI, `${F}: Option RunScripts not allowed here`],
  ["Options MultiViews", OPT_INC_MULTI, "200"],
  ["Redirect /a /b", LIST, "200"],
  ["RewriteEngine On", LIST, "200"],
  ["SetEnv A b", LIST, `${F}: SetEnv not allowed here`],
  ["Options +ExecCGI", NONFATAL, "200 AH02295: Options in .htaccess forbidden by AllowOverride"],
  ["Foo bar", NONFATAL, "200 AH02296: Unknown directive foo perhaps misspelled or defined by a module not included in the server configuration"],
];

function read(text: string, a: Allow): string {
  try {
    const t = parseHtaccess(text + "\n", {
      file: F, allowOverride: a.classes, allowOverrideList: a.list, allowOverrideOptions: a.options,
      nonfatal: a.nonfatal ? new Set(["Override", "Unknown"] as const) : undefined,
      fs: memoryFs({ "/srv/htdocs/d/": null }), serverRoot: "/srv", env: {},
    });
    return ["200", ...(t.warnings ?? []).map((w) => w.message)].join(" ");
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    expect(e.phase).toBe("htaccess");
    return e.message;
  }
}

describe(".htaccess as httpd reads it per request (measured live)", () => {
  it.each(TABLE)("%j", (text, allow, expected) => {
    expect(read(text, allow)).toBe(expected);
  });
  it("is not read at all under AllowOverride None without AllowOverrideList", () => {
    expect(read("Foo bar", { classes: "None" })).toBe("200");
  });
});
