/**
 * Directive semantics errors, with the texts Apache 2.4.71 printed for them (recorded in
 * test/conformance/results/cfg_rw_*.jsonl and spec §10), plus accepted near-misses.
 */
import { describe, expect, it } from "vitest";
import { compilePerDirContext, compileServerContext } from "../../src/rewrite/index.js";
import { directives } from "./fake.js";

const opts = { serverRoot: "/srv", exists: (p: string) => p === "/srv/maps/m.txt" || p === "/srv/db.dir" };

const serverErrors: Array<[string, string[], string]> = [
  ["backrefnoplus is not a flag", ["RewriteRule ^/a /b [B,backrefnoplus]"], "RewriteRule: unknown flag 'backrefnoplus'"],
  ["bad regex", ["RewriteRule ^/(a /b"], "RewriteRule: cannot compile regular expression '^/(a'"],
  ["negated bad regex names the pattern without !", ["RewriteRule !^/(a /b"], "RewriteRule: cannot compile regular expression '^/(a'"],
  ["RewriteBase in server context", ["RewriteBase /x/"], "RewriteBase: only valid in per-directory config files"],
  ["BNE without list", ["RewriteRule ^/a /b [B,BNE=]"], "RewriteRule: flag 'BNE' wants a list of characters (i.e. [BNE=...])"],
  ["cond unknown flag", ["RewriteCond %{QUERY_STRING} a [XYZ]", "RewriteRule ^/a /b"], "RewriteCond: unknown flag 'XYZ'"],
  ["cond bad regex", ["RewriteCond %{QUERY_STRING} [z-a]", "RewriteRule ^/a /b"], "RewriteCond: cannot compile regular expression '[z-a]'"],
  ["engine value", ["RewriteEngine maybe"], "RewriteEngine must be On or Off"],
  ["unknown map type is a txt path", ["RewriteMap m foo:/srv/m.txt"], "RewriteMap: file for map m not found:/srv/foo:/srv/m.txt"],
  ["missing txt map", ["RewriteMap m txt:/srv/nothere.txt"], "RewriteMap: file for map m not found:/srv/nothere.txt"],
  ["unknown int map", ["RewriteMap m int:nope"], "RewriteMap: internal map not found:nope"],
  ["bad dbm spec", ["RewriteMap m dbm=sdbm"], "RewriteMap: bad map:dbm=sdbm"],
  ["invalid dbm type", ["RewriteMap m dbm=foo:/srv/db"], "RewriteMap: dbm type foo is invalid"],
  ["dbd needs mod_dbd", ["RewriteMap m dbd:SELECT x"], "RewriteMap types dbd and fastdbd require mod_dbd!"],
  ["LongURLOptimization is trunk-only", ["RewriteOptions LongURLOptimization"], "RewriteOptions: unknown option 'LongURLOptimization'"],
  ["unknown option", ["RewriteOptions Whatever"], "RewriteOptions: unknown option 'Whatever'"],
  ["R=299", ["RewriteRule ^a b [R=299]"], "RewriteRule: invalid HTTP response code '299' for flag 'R'"],
  ["R=418", ["RewriteRule ^a b [R=418]"], "RewriteRule: invalid HTTP response code '418' for flag 'R'"],
  ["R=306", ["RewriteRule ^a b [R=306]"], "RewriteRule: invalid HTTP response code '306' for flag 'R'"],
  ["R=999", ["RewriteRule ^a b [R=999]"], "RewriteRule: invalid HTTP response code '999' for flag 'R'"],
  ["one argument", ["RewriteRule ^/a"], "RewriteRule: bad argument line '^/a'"],
  ["unterminated quote in the first argument", ['RewriteRule "^a b [L]'], "RewriteRule: bad argument line '\"^a b [L]'"],
  ["cond one argument", ["RewriteCond %{X}"], "RewriteCond: bad argument line '%{X}'"],
  ["unknown flag echoes its spelling", ["RewriteRule ^/a /b [Foo]"], "RewriteRule: unknown flag 'Foo'"],
  ["empty flag item", ["RewriteRule ^/a /b [L,]"], "RewriteRule: unknown flag ''"],
  ["empty flag field", ["RewriteRule ^/a /b []"], "RewriteRule: unknown flag ''"],
  ["plain Q", ["RewriteRule ^/a /b [Q]"], "RewriteRule: unknown flag 'Q'"],
  ["redir is not redirect", ["RewriteRule ^/a /b [redir]"], "RewriteRule: unknown flag 'redir'"],
  ["unquoted space in flags", ["RewriteRule ^/a /b [L, R]"], "RewriteRule: bad flag delimiters"],
  ["# after the substitution", ["RewriteRule a b # x"], "RewriteRule: bad flag delimiters"],
  ["cond bad delimiters", ["RewriteCond a b c"], "RewriteCond: bad flag delimiters"],
  ["expr: unknown variable (measured)", ['RewriteCond expr "%{HTTP_X_FOO} == \'bar\'"', "RewriteRule ^ -"], 'RewriteCond: cannot compile expression "%{HTTP_X_FOO} == \'bar\'" Variable \'HTTP_X_FOO\' does not exist'],
  ["expr outside the subset", ['RewriteCond expr "ldap(\'x\') == \'x\'"', "RewriteRule ^ -"], 'RewriteCond: cannot compile expression "ldap(\'x\') == \'x\'" function \'ldap\' is not supported by htrewrite'],
];

describe("server-context directive errors", () => {
  for (const [name, lines, message] of serverErrors) {
    it(name, () => {
      expect(() => compileServerContext(directives(["RewriteEngine On", ...lines]), "main", opts)).toThrow(message);
      try {
        compileServerContext(directives(["RewriteEngine On", ...lines]), "main", opts);
      } catch (e) {
        expect((e as Error).message).toBe(message);
        expect((e as { code?: string }).code).toBe("HTR_CONFIG_SYNTAX");
      }
    });
  }
});

const accepted: Array<[string, string[]]> = [
  ["any D… flag is a no-op", ["RewriteRule ^/a /b [Dxyz]"]],
  ["trailing text after the flags", ["RewriteRule a b [L] # comment"]],
  ["flags are case-insensitive", ["rewriterule ^/a /b [l,nc,qsa,r=Permanent]"]],
  ["R=foo is accepted", ["RewriteRule ^/a /b [R=foo]"]],
  ["R=500 is accepted", ["RewriteRule ^/a /b [R=500]"]],
  ["E= with empty value", ["RewriteRule ^/a - [E=]"]],
  ["cond NC on a file test only warns", ["RewriteCond %{REQUEST_FILENAME} -f [NC]", "RewriteRule ^/a /b"]],
  ["MaxRedirects warns", ["RewriteOptions MaxRedirects=3"]],
  ["quoted flags with spaces", ['RewriteRule ^/a /b "[B= ?, L]"']],
  ["backrefernoplus is BNP", ["RewriteRule ^/a /b [B,backrefernoplus]"]],
  ["int maps", ["RewriteMap a int:toupper", "RewriteMap b int:tolower", "RewriteMap c int:escape", "RewriteMap d int:unescape"]],
  ["hash map (htrewrite extension)", ["RewriteMap h hash:a|b|c"]],
  ["txt map without prefix", ["RewriteMap m maps/m.txt"]],
  ["dangling conditions are dropped", ["RewriteRule ^/a /b", "RewriteCond %{QUERY_STRING} x"]],
];

describe("accepted near-misses", () => {
  for (const [name, lines] of accepted) {
    it(name, () => {
      expect(() => compileServerContext(directives(["RewriteEngine On", ...lines]), "main", opts)).not.toThrow();
    });
  }

  it("warnings carry Apache's texts", () => {
    const c = compileServerContext(directives(["RewriteOptions MaxRedirects=3", "RewriteCond %{X} -f [NC]", "RewriteRule ^ -"]), "main", opts);
    expect(c.warnings.map((w) => w.message)).toEqual([
      "AH00664: RewriteOptions: MaxRedirects option has been removed in favor of the global LimitInternalRecursion directive and will be ignored.",
      "AH00665: RewriteCond: NoCase option for non-regex pattern '' is not supported and will be ignored. (/srv/conf/httpd.conf:2)",
    ]);
  });

  it("conditions attach to the next rule; dangling ones are dropped", () => {
    const c = compileServerContext(directives(["RewriteCond %{A} a", "RewriteCond %{B} b", "RewriteRule ^/x /y", "RewriteRule ^/z /w", "RewriteCond %{C} c"]), "main", opts);
    expect(c.server?.rules.map((r) => r.conditions.length)).toEqual([2, 0]);
  });

  it("a context without mod_rewrite directives has no config", () => {
    expect(compileServerContext(directives(["ServerName x"]), "v", opts).server).toBeNull();
  });
});

describe("per-directory directive errors", () => {
  const cases: Array<[string, string[], string, boolean]> = [
    ["RewriteBase relative", ["RewriteBase x/"], "RewriteBase: argument is not a valid URL", false],
    ["RewriteBase empty", ['RewriteBase ""'], "RewriteBase: empty URL not allowed", false],
    ["RewriteMap in <Directory>", ["RewriteMap m txt:/srv/maps/m.txt"], "RewriteMap not allowed in <Directory> context", false],
    ["RewriteMap in .htaccess", ["RewriteMap m int:tolower"], "RewriteMap not allowed here", true],
    ["unknown flag in .htaccess", ["RewriteRule ^ x [XYZ]"], "RewriteRule: unknown flag 'XYZ'", true],
    ["expr in .htaccess", ['RewriteCond expr "file(\'/x\') == \'y\'"', "RewriteRule ^ -"], 'RewriteCond: cannot compile expression in htaccess context "file(\'/x\') == \'y\'" file not available in restricted context', true],
  ];
  for (const [name, lines, message, htaccess] of cases) {
    it(name, () => {
      const nodes = directives(["RewriteEngine On", ...lines]).map((d) => ({ ...d, args: d.args.map((a) => (a === '""' ? "" : a)) }));
      expect(() => compilePerDirContext(nodes, "/srv/htdocs/d", { ...opts, htaccess })).toThrow(message);
    });
  }

  it("PERDIR always ends in a slash", () => {
    expect(compilePerDirContext(directives(["RewriteEngine On"]), "/srv/htdocs/d", opts).config?.directory).toBe("/srv/htdocs/d/");
    expect(compilePerDirContext(directives(["RewriteEngine On"]), "/srv/htdocs/d/", opts).config?.directory).toBe("/srv/htdocs/d/");
  });
});
