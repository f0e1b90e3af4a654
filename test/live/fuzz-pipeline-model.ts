/**
 * The request-pipeline side of differential fuzzing: fast-check arbitraries for the parts of a
 * deployment that map a URL to a handler — Alias / AliasMatch / ScriptAlias / Redirect*,
 * WSGIScriptAlias(Match) shapes, UserDir forms, <Directory>/<DirectoryMatch>/<Files>/
 * <FilesMatch>/<Location>/<LocationMatch> sections carrying handler, group, environment, access,
 * index, path-info and error-document settings, .htaccess files under several AllowOverride
 * values — over a file tree with files, folders and symbolic links, asked through request paths
 * with doubled slashes, dot segments, percent-encoding, queries and trailing slashes.
 *
 * Each block is its own name-based virtual host bN.test with its own DocumentRoot, UserDir and
 * folder @ROOT@/bN, so blocks packed into one Apache start cannot see each other: the server-wide
 * mapping directives (Alias, UserDir …) stay inside the host, and every <Directory> path and
 * <Location> section is the block's own.
 */
import fc from "fast-check";
import type { CaseFile, CaseRequest, FileSpec } from "../../src/case/types.js";

/** One generated virtual host: its mappings, sections, .htaccess and requests. */
export interface PipelineBlock {
  /** Mapping directives, with `@B@` standing for the block's folder (@ROOT@/bN). */
  mappings: string[];
  /** Whole sections (lines), `@B@` as above. */
  sections: string[][];
  /** The .htaccess under test: folder (relative to the block) → lines, with its AllowOverride. */
  htaccess: { dir: string; allow: string; lines: string[] } | null;
  /** Variations of the file tree. */
  tree: { docIndex: boolean; subIndex: boolean; link: string; aliasLink: string };
  /** Request targets as sent (the Host header is always the block's). */
  requests: { path: string; method?: string }[];
}

const B = "@B@";

const aliasArb = fc.constantFrom(
  `Alias /al ${B}/alias`,
  `Alias /al/ ${B}/alias/`,
  `Alias /al ${B}/alias/`,
  `Alias /al/ ${B}/alias`,
  `Alias /al/x.txt ${B}/alias/d/y.txt`,
  `Alias /sub ${B}/alias`,
  `AliasMatch ^/am/(\\w+)\\.txt$ ${B}/alias/$1.txt`,
  `AliasMatch ^/am(.*)$ ${B}/alias$1`,
  `AliasMatch /am/([^/]+) ${B}/alias/d/$1`,
  `AliasMatch ^/am/(.*)/$ ${B}/alias/$1`,
);
const scriptAliasArb = fc.constantFrom(
  `ScriptAlias /cgi/ ${B}/wsgi/`,
  `ScriptAlias /cgi ${B}/wsgi`,
  `ScriptAlias /cgi/app ${B}/wsgi/app.wsgi`,
  `ScriptAliasMatch ^/cgi/(\\w+)$ ${B}/wsgi/$1.wsgi`,
);
const redirectArb = fc.constantFrom(
  "Redirect /rd http://elsewhere.test/to",
  "Redirect /rd/ http://elsewhere.test/to/",
  "Redirect 301 /rd /a.txt",
  "Redirect permanent /rd https://elsewhere.test",
  "Redirect temp /rd http://elsewhere.test/t?x=1",
  "Redirect seeother /rd http://elsewhere.test/s",
  "Redirect gone /rd",
  "Redirect 410 /rd",
  "RedirectPermanent /rd http://elsewhere.test/p",
  "RedirectTemp /rd/x http://elsewhere.test/tx",
  "RedirectMatch ^/rm/(.*)$ http://elsewhere.test/m/$1",
  "RedirectMatch 301 (.*)\\.gif$ http://elsewhere.test$1.png",
  "RedirectMatch gone ^/rm/g",
  "RedirectMatch ^/rm(/|$) /sub/",
);
const wsgiAliasArb = fc.tuple(
  fc.constantFrom(
    `WSGIScriptAlias /w ${B}/wsgi/app.wsgi`,
    `WSGIScriptAlias /w/ ${B}/wsgi/app.wsgi`,
    `WSGIScriptAlias /w/ ${B}/wsgi/`,
    `WSGIScriptAlias /w ${B}/wsgi`,
    `WSGIScriptAlias /w ${B}/wsgi/`,
    `WSGIScriptAlias / ${B}/wsgi/app.wsgi`,
    `WSGIScriptAlias /sub ${B}/wsgi/other.wsgi`,
    `WSGIScriptAlias /al ${B}/wsgi/other.wsgi`,
    `WSGIScriptAliasMatch ^/wm/([^/]+) ${B}/wsgi/$1.wsgi`,
    `WSGIScriptAliasMatch ^/wm/([^/]+)/ ${B}/wsgi/$1.wsgi`,
    `WSGIScriptAliasMatch ^/wm(/.*)?$ ${B}/wsgi/app.wsgi`,
    `WSGIScriptAliasMatch /wm/(app|other) ${B}/wsgi/$1.wsgi`,
    `WSGIScriptAliasMatch ^/wm/([^/]+) ${B}/wsgi/`,
  ),
  fc.constantFrom("", "", "", " application-group=%{GLOBAL}", " process-group=fzd", " application-group=ag-$1"),
).map(([d, o]) => (o.includes("$1") && !d.includes("Match") ? d : d + o));
const userDirArb = fc.constantFrom(
  `UserDir ${B}/home/*/public_html`,
  `UserDir ${B}/home/*/public_html/`,
  `UserDir ${B}/home`,
  `UserDir ${B}/home/*/www`,
  "UserDir public_html",
  `UserDir disabled\nUserDir enabled bob\nUserDir ${B}/home/*/public_html`,
  `UserDir disabled alice\nUserDir ${B}/home/*/public_html`,
  `UserDir ${B}/nosuch/*/public_html ${B}/home/*/public_html`,
);

const mappingsArb = fc
  .tuple(
    fc.option(aliasArb, { nil: undefined, freq: 2 }),
    fc.option(aliasArb, { nil: undefined, freq: 1 }),
    fc.option(scriptAliasArb, { nil: undefined, freq: 1 }),
    fc.option(redirectArb, { nil: undefined, freq: 2 }),
    fc.option(wsgiAliasArb, { nil: undefined, freq: 3 }),
    fc.option(userDirArb, { nil: undefined, freq: 3 }),
  )
  .map((ms) => [...new Set(ms.filter((m): m is string => m !== undefined))].flatMap((m) => m.split("\n")));

/** Directives allowed in every directory-like section (and in .htaccess under the right override). */
const SECTION_DIRECTIVES = [
  "WSGIApplicationGroup grp-a",
  "WSGIApplicationGroup %{GLOBAL}",
  "WSGIApplicationGroup %{RESOURCE}",
  "WSGIProcessGroup fzd",
  "WSGIProcessGroup %{GLOBAL}",
  "SetEnv FZ_A one",
  "SetEnv FZ_B two",
  "SetHandler wsgi-script",
  "SetHandler None",
  "SetHandler default-handler",
  "AddHandler wsgi-script .wsgi",
  "AddHandler wsgi-script .txt",
  "Options +ExecCGI",
  "Options -ExecCGI",
  "Options ExecCGI",
  "Options None",
  "Options -FollowSymLinks",
  "Options +ExecCGI -FollowSymLinks",
  "Require all denied",
  "Require all granted",
  "DirectoryIndex index.html app.wsgi",
  "DirectoryIndex app.wsgi",
  "DirectoryIndex disabled",
  "DirectoryIndex nosuch.html /a.txt",
  "AcceptPathInfo On",
  "AcceptPathInfo Off",
  "AcceptPathInfo Default",
  "ErrorDocument 404 /a.txt",
  "ErrorDocument 404 /app.wsgi",
  'ErrorDocument 404 "plain message"',
  "ErrorDocument 403 http://elsewhere.test/denied",
  "ErrorDocument 404 /nosuch",
];
const directivesArb = fc.array(fc.constantFrom(...SECTION_DIRECTIVES), { minLength: 1, maxLength: 4 });

const sectionHeadArb = fc.constantFrom(
  [`<Directory ${B}/htdocs>`, "</Directory>"],
  [`<Directory ${B}/htdocs/sub/>`, "</Directory>"],
  [`<Directory ${B}/alias>`, "</Directory>"],
  [`<Directory ${B}/wsgi/>`, "</Directory>"],
  [`<Directory ${B}/home/*/public_html>`, "</Directory>"],
  [`<Directory ${B}/*/sub>`, "</Directory>"],
  [`<DirectoryMatch ^${B}/(htdocs|alias)/(sub|d)>`, "</DirectoryMatch>"],
  [`<DirectoryMatch "/(wsgi|public_html)/?$">`, "</DirectoryMatch>"],
  ["<Files app.wsgi>", "</Files>"],
  ['<Files "*.txt">', "</Files>"],
  ["<Files index.html>", "</Files>"],
  ['<FilesMatch "\\.wsgi$">', "</FilesMatch>"],
  ['<FilesMatch "^(a|x)\\.txt$">', "</FilesMatch>"],
  ["<Location /al>", "</Location>"],
  ["<Location /w>", "</Location>"],
  ["<Location /sub/>", "</Location>"],
  ["<Location /~alice>", "</Location>"],
  ["<Location />", "</Location>"],
  ['<LocationMatch "^/(al|w|am|wm)/">', "</LocationMatch>"],
  ['<LocationMatch "\\.(txt|wsgi)$">', "</LocationMatch>"],
);
const sectionArb = fc.tuple(sectionHeadArb, directivesArb).map(([[open, close], ds]) => [open, ...ds.map((d) => `    ${d}`), close]);

const HTACCESS_LINES = [
  ...SECTION_DIRECTIVES.filter((d) => !d.startsWith("WSGIProcessGroup")),
  "Options +Indexes",
  "RewriteEngine On",
  "Bogus directive",
  "WSGICallableObject application",
  "AddType text/plain .wsgi",
  "AuthType Basic",
];
const htaccessArb = fc.option(
  fc.record({
    dir: fc.constantFrom("htdocs", "htdocs/sub", "alias", "wsgi", "home/alice/public_html"),
    allow: fc.constantFrom("None", "All", "FileInfo", "Options", "FileInfo Options", "AuthConfig", "Indexes", "Limit", "Options=ExecCGI FileInfo", "FileInfo Options=Indexes"),
    lines: fc.array(fc.constantFrom(...HTACCESS_LINES), { minLength: 1, maxLength: 3 }),
  }),
  { nil: null, freq: 2 },
);

/** Request stems: the block's files and mounts, as they would be reached. */
const STEMS = [
  "/", "/a.txt", "/sub", "/sub/", "/sub/f.txt", "/app.wsgi", "/app.wsgi/pi/x", "/link", "/link/", "/link/f.txt",
  "/al", "/al/", "/al/x.txt", "/al/d", "/al/d/", "/al/d/y.txt", "/al/probe.wsgi/p", "/al/alink",
  "/am/x.txt", "/am/d/", "/am/y.txt", "/am/d/y.txt", "/cgi/app.wsgi", "/cgi/app", "/cgi/",
  "/rd", "/rd/x", "/rm/y", "/rm/g/1", "/img/a.gif",
  "/w", "/w/", "/w/app.wsgi", "/w/app.wsgi/x/y", "/w/other.wsgi", "/w/nosuch.wsgi", "/w/x",
  "/wm/app", "/wm/other/p/q", "/wm/nosuch", "/wm", "/wm/app/",
  "/~alice", "/~alice/", "/~alice/x.txt", "/~alice/app.wsgi/pi", "/~bob/", "/~bob/x.txt", "/~nobody/", "/%7Ealice/x.txt",
  "/nosuch", "/errdoc",
];
/** Rewrites of a stem that exercise the request-line parser and the path's normalisation. */
const MUTATIONS: ((p: string) => string)[] = [
  (p) => p,
  (p) => p,
  (p) => p,
  (p) => `${p}?q=1&r=%20`,
  (p) => (p.endsWith("/") ? p.slice(0, -1) || "/" : `${p}/`),
  (p) => p.replace(/\//g, "//"),
  (p) => `/.${p}`,
  (p) => `/sub/..${p}`,
  (p) => `${p}/.`,
  (p) => p.replace(/([a-z])/, (c) => `%${c.charCodeAt(0).toString(16)}`),
  (p) => p.replace(/\.(txt|wsgi)/, "%2e$1"),
  (p) => p.replace(/\/([^/]*)$/, "%2F$1"),
  (p) => `${p}%20x`,
  (p) => `/%2e%2e${p}`,
  (p) => p.toUpperCase(),
  (p) => `${p}/..`,
];
function requestArb(stems: string[]): fc.Arbitrary<{ path: string; method?: string }> {
  return fc
    .tuple(fc.constantFrom(...stems), fc.integer({ min: 0, max: MUTATIONS.length - 1 }), fc.constantFrom("GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "POST", "HEAD"))
    .map(([stem, m, method]) => (method === "GET" ? { path: MUTATIONS[m](stem) } : { path: MUTATIONS[m](stem), method }));
}

/** The URL prefix a mapping claims ("/~" for UserDir), so requests can aim at it. */
function mappedPrefix(m: string): string {
  const [directive, ...args] = m.split(/\s+/);
  if (directive === "UserDir") return "/~";
  // Redirect and RedirectMatch take an optional status before the URL path.
  const url = directive.startsWith("Redirect") && !args[0].startsWith("/") && !args[0].startsWith("^") ? args[1] : args[0];
  return /^\^?(\/[a-z~]*)/.exec(url ?? "")?.[1] ?? "/";
}

/**
 * Requests aim mostly at what the block maps (a stem under one of its mappings' prefixes) and
 * partly anywhere, so that generated mappings are exercised rather than answered with 404.
 */
function requestsFor(mappings: string[]): fc.Arbitrary<{ path: string; method?: string }[]> {
  const prefixes = mappings.map(mappedPrefix).filter((p) => p !== "/");
  const aimed = STEMS.filter((s) => prefixes.some((p) => s.startsWith(p) || s.startsWith(`/%7E`) && p === "/~"));
  const any = requestArb(STEMS);
  const arb = aimed.length ? fc.oneof({ weight: 2, arbitrary: requestArb(aimed) }, { weight: 1, arbitrary: any }) : any;
  return fc.array(arb, { minLength: 4, maxLength: 10 });
}

/** A pipeline block with 4–10 requests. */
export const pipelineBlock: fc.Arbitrary<PipelineBlock> = mappingsArb.chain((mappings) =>
  fc.record({
    mappings: fc.constant(mappings),
    sections: fc.array(sectionArb, { maxLength: 3 }),
    htaccess: htaccessArb,
    tree: fc.record({
      docIndex: fc.boolean(),
      subIndex: fc.boolean(),
      link: fc.constantFrom("sub", "a.txt", "../alias", "nosuch", "../wsgi/app.wsgi"),
      aliasLink: fc.constantFrom("x.txt", "../htdocs/sub", "d"),
    }),
    requests: requestsFor(mappings),
  }),
);

/** The file tree of block n, under bN/. */
function blockFiles(n: number, b: PipelineBlock): Record<string, FileSpec> {
  const p = `b${n}`;
  const files: Record<string, FileSpec> = {
    [`${p}/htdocs/a.txt`]: `b${n} a.txt\n`,
    [`${p}/htdocs/x.txt`]: `b${n} x.txt\n`,
    [`${p}/htdocs/app.wsgi`]: "@PROBE@",
    [`${p}/htdocs/sub/f.txt`]: `b${n} sub/f.txt\n`,
    [`${p}/htdocs/sub/app.wsgi`]: "@PROBE@",
    [`${p}/htdocs/link`]: { symlink: b.tree.link },
    [`${p}/alias/x.txt`]: `b${n} alias/x.txt\n`,
    [`${p}/alias/probe.wsgi`]: "@PROBE@",
    [`${p}/alias/d/y.txt`]: `b${n} alias/d/y.txt\n`,
    [`${p}/alias/alink`]: { symlink: b.tree.aliasLink },
    [`${p}/wsgi/app.wsgi`]: "@PROBE@",
    [`${p}/wsgi/other.wsgi`]: "@PROBE@",
    [`${p}/wsgi/index.html`]: `b${n} wsgi/index.html\n`,
    [`${p}/home/alice/public_html/x.txt`]: `b${n} alice x.txt\n`,
    [`${p}/home/alice/public_html/app.wsgi`]: "@PROBE@",
    [`${p}/home/alice/public_html/index.html`]: `b${n} alice index\n`,
    [`${p}/home/alice/www/x.txt`]: `b${n} alice www x.txt\n`,
    [`${p}/home/bob/public_html/x.txt`]: `b${n} bob x.txt\n`,
    [`${p}/home/bob/x.txt`]: `b${n} bob home x.txt\n`,
  };
  if (b.tree.docIndex) files[`${p}/htdocs/index.html`] = `b${n} index\n`;
  if (b.tree.subIndex) files[`${p}/htdocs/sub/index.html`] = `b${n} sub index\n`;
  return files;
}

/** Packs pipeline blocks into one case: one virtual host per block, one daemon group "fzd" for all. */
export function pipelineBlocksToCase(name: string, blocks: PipelineBlock[], port?: number): { caseFile: CaseFile; owner: number[] } {
  const config = ["WSGIDaemonProcess fzd processes=1 threads=4"];
  const files: Record<string, FileSpec> = {};
  const htaccess: Record<string, string[]> = {};
  const requests: CaseRequest[] = [];
  const owner: number[] = [];
  blocks.forEach((b, n) => {
    const sub = (s: string) => s.split(B).join(`@ROOT@/b${n}`);
    config.push("<VirtualHost *:@PORT0@>", `    ServerName b${n}.test`, `    DocumentRoot @ROOT@/b${n}/htdocs`);
    config.push(...b.mappings.map((m) => `    ${sub(m)}`));
    for (const s of b.sections) config.push(...s.map((l) => `    ${sub(l)}`));
    if (b.htaccess) {
      config.push(`    <Directory @ROOT@/b${n}/${b.htaccess.dir}>`, `        AllowOverride ${b.htaccess.allow}`, "    </Directory>");
      htaccess[`b${n}/${b.htaccess.dir}`] = b.htaccess.lines;
    }
    config.push("</VirtualHost>");
    Object.assign(files, blockFiles(n, b));
    for (const r of b.requests) {
      requests.push({ ...r, host: `b${n}.test` });
      owner.push(n);
    }
  });
  return {
    caseFile: { name, ports: [port ?? "auto"], config, files, htaccess, env: {}, modules: [], expect_start_failure: false, requests },
    owner,
  };
}

/** A single block as a stand-alone case file, ready to commit under test/conformance/cases. */
export function pipelineBlockAsCase(name: string, block: PipelineBlock): CaseFile {
  const { caseFile } = pipelineBlocksToCase(name, [block]);
  return { ...caseFile, description: "Found by the request-pipeline differential fuzzer (test/live/fuzz-pipeline.test.ts)." };
}

/** The case file text of `c` in the committed cases' shape (defaults left out). */
export function caseJson(c: CaseFile): string {
  const { modules: _m, env: _e, expect_start_failure: _x, ...rest } = c;
  const ordered = { name: rest.name, description: rest.description, ports: rest.ports, config: rest.config, files: rest.files, htaccess: rest.htaccess, requests: rest.requests };
  return JSON.stringify(ordered, null, 2);
}
