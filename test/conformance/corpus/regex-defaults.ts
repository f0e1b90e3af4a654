/**
 * RegexDefaultOptions (core): which regexes the default compile flags reach, and when. Apache
 * keeps them in one process-wide value that ap_regcomp reads when a directive compiles its
 * pattern, so a pattern written above the directive keeps the old flags, one below it takes the
 * new ones, and .htaccess patterns (compiled per request) take whatever the whole configuration
 * left. Every pattern here is `a.b$` behind a prefix, probed with four subjects:
 *   /P/axb       always matches (control)
 *   /P/a%0ab     matches only with DOTALL
 *   /P/axb%0a    matches only without DOLLAR_ENDONLY
 *   /P/AXB       matches only with ICASE
 */
import type { CaseRequest } from "../../../src/case/types.js";
import type { CaseDef } from "./helpers.js";
import { refused } from "./helpers.js";

const SUBJECTS = ["axb", "a%0ab", "axb%0a", "AXB"];

function probes(prefix: string, port?: number): CaseRequest[] {
  return SUBJECTS.map((s) => ({ path: `/${prefix}/${s}`, ...(port !== undefined ? { port } : {}) }));
}

/** One of each regex-compiling directive, its prefix tagged with where it stands. */
function everyDirective(tag: string): string[] {
  return [
    `RewriteRule ^/rw-${tag}/a.b$ /hit.html [L]`,
    `RewriteCond %{REQUEST_URI} ^/rc-${tag}/a.b$`,
    `RewriteRule ^/rc-${tag}/ /hit.html [L]`,
    `<LocationMatch ^/lm-${tag}/a.b$>`,
    "    Require all denied",
    "</LocationMatch>",
    `<DirectoryMatch /dm-${tag}/axb>`,
    "    Require all denied",
    "</DirectoryMatch>",
    `WSGIScriptAlias /se-${tag} @ROOT@/probe.wsgi`,
    `SetEnvIf Request_URI ^/se-${tag}/a.b$ RDO_${tag.toUpperCase()}=1`,
    `RedirectMatch ^/rm-${tag}/a.b$ http://redirect.invalid/hit`,
    `AliasMatch ^/am-${tag}/a.b$ @ROOT@/htdocs/hit.html`,
    `<If "%{REQUEST_URI} =~ m#^/if-${tag}/a.b$#">`,
    "    Require all denied",
    "</If>",
  ];
}

function everyProbe(tag: string): CaseRequest[] {
  const out: CaseRequest[] = [];
  for (const p of ["rw", "rc", "lm", "se", "rm", "am", "if"]) out.push(...probes(`${p}-${tag}`));
  // DirectoryMatch sees directory names on disk: only the ICASE probe is a real directory.
  out.push({ path: `/dm-${tag}/axb/` }, { path: `/dm-${tag}/AXB/` });
  return out;
}

const FILES = (tags: string[]) => {
  const files: Record<string, string | null> = { "htdocs/hit.html": "hit\n", "htdocs/ht/": null };
  for (const t of tags) {
    files[`htdocs/dm-${t}/axb/index.html`] = `dm-${t} axb\n`;
    files[`htdocs/dm-${t}/AXB/index.html`] = `dm-${t} AXB\n`;
  }
  return files;
};

/** Order: every directive above RegexDefaultOptions, the same below it, two vhosts and .htaccess. */
const order: CaseDef = {
  name: "rdo_order",
  description:
    "RegexDefaultOptions +ICASE -DOTALL -DOLLAR_ENDONLY in the middle of the main configuration: RewriteRule, RewriteCond, " +
    "<LocationMatch>, <DirectoryMatch>, SetEnvIf, RedirectMatch, AliasMatch and <If> =~ written above it and below it, a " +
    "virtual host above it and one below it, and an .htaccess RewriteRule (compiled per request).",
  ports: ["auto", "auto", "auto"],
  config: [
    "RewriteEngine On",
    ...everyDirective("before"),
    "<VirtualHost 127.0.0.1:@PORT1@>",
    "    RewriteEngine On",
    "    RewriteRule ^/v1/a.b$ /hit.html [L]",
    "    RedirectMatch ^/v1r/a.b$ http://redirect.invalid/hit",
    "</VirtualHost>",
    "<Directory @ROOT@/htdocs/ht>",
    "    AllowOverride All",
    "</Directory>",
    "RegexDefaultOptions +ICASE -DOTALL -DOLLAR_ENDONLY",
    ...everyDirective("after"),
    "<VirtualHost 127.0.0.1:@PORT2@>",
    "    RewriteEngine On",
    "    RewriteRule ^/v2/a.b$ /hit.html [L]",
    "    RedirectMatch ^/v2r/a.b$ http://redirect.invalid/hit",
    "</VirtualHost>",
  ],
  files: FILES(["before", "after"]),
  htaccess: { "htdocs/ht": ["RewriteEngine On", "RewriteRule ^a.b$ /hit.html [L]"] },
  requests: [
    ...everyProbe("before"),
    ...everyProbe("after"),
    ...probes("v1", 1),
    ...probes("v1r", 1),
    ...probes("v2", 2),
    ...probes("v2r", 2),
    ...probes("ht"),
  ],
};

/** The last RegexDefaultOptions wins for .htaccess; a second one adds to the first. */
const twice: CaseDef = {
  name: "rdo_twice",
  description:
    "Two RegexDefaultOptions lines (-DOTALL, later +ICASE): rules between them see only the first, rules after both see " +
    "both, and .htaccess rules see the state at the end of the configuration.",
  config: [
    "RewriteEngine On",
    "<Directory @ROOT@/htdocs/ht>",
    "    AllowOverride All",
    "</Directory>",
    "RegexDefaultOptions -DOTALL",
    "RewriteRule ^/one/a.b$ /hit.html [L]",
    "RegexDefaultOptions +ICASE",
    "RewriteRule ^/two/a.b$ /hit.html [L]",
  ],
  files: FILES([]),
  htaccess: { "htdocs/ht": ["RewriteEngine On", "RewriteRule ^a.b$ /hit.html [L]"] },
  requests: [...probes("one"), ...probes("two"), ...probes("ht")],
};

/** Each value and form, seen through one RewriteRule below it. */
const VALUES: Array<[string, string]> = [
  ["none", "none"],
  ["icase", "ICASE"],
  ["dotall", "DOTALL"],
  ["dollar", "DOLLAR_ENDONLY"],
  ["plus_icase", "+ICASE"],
  ["minus_dotall", "-DOTALL"],
  ["minus_dollar", "-DOLLAR_ENDONLY"],
  ["minus_icase", "-ICASE"],
  ["plus_dotall", "+DOTALL"],
  ["none_plus", "none +dotall"],
  ["two_bare", "ICASE DOTALL"],
  ["bare_after_plus", "+ICASE DOLLAR_ENDONLY"],
  ["lower", "-dollar_endonly +Icase"],
  ["minus_none", "NONE -DOTALL +DOLLAR_ENDONLY"],
  ["quoted", "\"-DOTALL\" '+ICASE'"],
  ["empty", ""],
];

const values: CaseDef[] = VALUES.map(([name, value]) => ({
  name: `rdo_value_${name}`,
  description: `RegexDefaultOptions ${value} above one RewriteRule ^/p/a.b$.`,
  config: [`RegexDefaultOptions ${value}`.trimEnd(), "RewriteEngine On", "RewriteRule ^/p/a.b$ /hit.html [L]"],
  files: { "htdocs/hit.html": "hit\n" },
  requests: probes("p"),
}));

/** Values core.c refuses, and where the directive may not stand. */
const refusals: CaseDef[] = [
  refused("rdo_refused_extended", "RegexDefaultOptions EXTENDED: the name is known to ap_regcomp_default_cflag_by_name but its flag is 0.", ["RegexDefaultOptions EXTENDED"]),
  refused("rdo_refused_plus_extended", "RegexDefaultOptions +EXTENDED.", ["RegexDefaultOptions +EXTENDED"]),
  refused("rdo_refused_plus_none", "RegexDefaultOptions +none: 'none' only as a whole word.", ["RegexDefaultOptions +none"]),
  refused("rdo_refused_sign_only", "RegexDefaultOptions with a lone '+'.", ["RegexDefaultOptions +"]),
  refused("rdo_refused_unknown_after_valid", "RegexDefaultOptions ICASE MULTILINE: the unknown word refuses the line.", ["RegexDefaultOptions ICASE MULTILINE"]),
  refused("rdo_refused_vhost", "RegexDefaultOptions inside <VirtualHost>.", [
    "<VirtualHost 127.0.0.1:@PORT0@>",
    "    RegexDefaultOptions none",
    "</VirtualHost>",
  ]),
  refused("rdo_refused_quoted_pair", "RegexDefaultOptions \"+ICASE -DOTALL\": one quoted word.", ["RegexDefaultOptions \"+ICASE -DOTALL\""]),
];

export const regexDefaultCases: CaseDef[] = [order, twice, ...values, ...refusals];
