/**
 * The differential fuzzer's model: fast-check arbitraries for (rule block, requests) pairs drawn
 * from mod_rewrite's real feature space — patterns with captures, conditions of every kind,
 * flags, variables, back-references, maps, query strings, percent-encoding, server and
 * per-directory context — and the packing of many blocks into one case file, so one Apache start
 * answers hundreds of generated rules. Each block lives under its own prefix /fzN/ (server
 * context) or folder htdocs/fzN/ (.htaccess), so blocks cannot see each other's requests.
 */
import fc from "fast-check";
import type { CaseFile, CaseRequest, FileSpec } from "../../src/case/types.js";

/** One generated rule block with the requests that exercise it. */
export interface FuzzBlock {
  context: "server" | "perdir";
  conditions: string[];
  pattern: string;
  substitution: string;
  flags: string[];
  /** Paths below the block's prefix (no leading slash) with optional query, as sent. */
  requests: { tail: string; headers?: Record<string, string>; host?: string | null }[];
}

/**
 * Pattern pieces, each with strings it matches: requests are mostly built from those samples so
 * that generated rules actually fire, and partly from free path pieces so that they also miss.
 */
const PIECES: [string, string[]][] = [
  ["a", ["a"]],
  ["b", ["b"]],
  ["x\\.html", ["x.html"]],
  ["([^/]+)", ["a", "zz", "%20q", "caf%c3%a9", "1", "A"]],
  ["(.*)", ["", "a/b", "x.html", "%3f", "sub/y.html", "%2541"]],
  ["(\\d+)", ["1", "42"]],
  ["(a|b)", ["a", "b"]],
  ["/", ["/"]],
  ["([a-z]*)", ["", "abc"]],
  ["(.+?)", ["q", "a/b", "%26"]],
  ["\\.", ["."]],
  ["c?", ["", "c"]],
  ["[0-9]+", ["7"]],
];
const patternPieces = fc.array(fc.integer({ min: 0, max: PIECES.length - 1 }), { minLength: 1, maxLength: 4 });
const pathPiece = fc.constantFrom("a", "b", "x.html", "1", "42", "%20", "%2f", "%3f", "%c3%a9", "/", "//", "c", "A", "..", "env.wsgi", "%25");
const queryPiece = fc.constantFrom("q=1", "a", "x=%20y", "&", "id=42", "b=2&c", "%3f", "=");
const backref = fc.constantFrom("$1", "$2", "%1", "$0", "${lc:$1}", "%{QUERY_STRING}", "%{HTTP_HOST}", "%{REQUEST_URI}", "%{ENV:FZ}", "%{HTTP:X-Fz}");

const condition = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom("%{QUERY_STRING}", "%{HTTP_HOST}", "%{REQUEST_URI}", "%{HTTP:X-Fz}", "%{REQUEST_METHOD}", "$1"),
    fc.constantFrom("^(.*)$", "(\\d+)", "^a", "=a", "!=q=1", "<b", ">=10", "-eq42", "-lt5", "!^$", "(x|y)=(.*)", "^localhost"),
    fc.constantFrom("", " [NC]", " [OR]", " [NC,OR]")).map(([t, p, f]) => `RewriteCond ${t} ${p}${f}`) },
  { weight: 1, arbitrary: fc.constantFrom("-f", "!-f", "-d", "!-d", "-s").map((op) => `RewriteCond %{DOCUMENT_ROOT}%{REQUEST_URI} ${op}`) },
);

const flagsArb = fc.subarray(["L", "R", "R=301", "NC", "QSA", "QSD", "NE", "B", "END", "E=FZ:$1", "C", "S=1", "F", "G", "QSL", "BNP", "N=3"], { maxLength: 4 })
  .filter((f) => !(f.includes("R") && f.includes("R=301")))
  .filter((f) => !(f.includes("BNP") && !f.includes("B")));

function substitutionArb(context: "server" | "perdir"): fc.Arbitrary<string> {
  // Mostly the probe (it reports QUERY_STRING, PATH_INFO and the environment); static files
  // and external URLs less often; path info only where a WSGI script accepts it, mostly.
  const probe = context === "server" ? fc.constantFrom("/env.wsgi", "/fz-probe.wsgi") : fc.constantFrom("env.wsgi", "/env.wsgi");
  const other = context === "server"
    ? fc.constantFrom("/a.html", "http://example.com", "/fz-none", "x.html", "/dir/x.html", "http://localhost:@PORT0@/a.html")
    : fc.constantFrom("x.html", "/a.html", "http://example.com", "sub/y.html", "../a.html");
  const query = fc.option(fc.array(fc.oneof(queryPiece, backref), { minLength: 1, maxLength: 3 }));
  const withPathInfo = fc.tuple(probe, fc.array(backref, { maxLength: 2 }), query, fc.boolean());
  const plain = fc.tuple(other, fc.oneof({ weight: 4, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.array(backref, { maxLength: 1 }) }), query, fc.boolean());
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant("-") },
    {
      weight: 12,
      arbitrary: fc.oneof({ weight: 3, arbitrary: withPathInfo }, { weight: 2, arbitrary: plain }).map(([t, pi, q, trailingQ]) => {
        let s = t;
        if (pi.length) s += "/" + pi.join("/");
        if (q) s += "?" + q.join("&");
        else if (trailingQ) s += "?";
        return s;
      }),
    },
  );
}

/** A request tail: built from the pattern's samples (mostly) or from free pieces, plus an optional query. */
function tailArb(pieces: number[]): fc.Arbitrary<string> {
  const matching = fc.tuple(...pieces.map((i) => fc.constantFrom(...PIECES[i][1]))).map((parts) => parts.join(""));
  const free = fc.array(pathPiece, { maxLength: 4 }).map((p) => p.join(""));
  return fc
    .tuple(fc.oneof({ weight: 4, arbitrary: matching }, { weight: 1, arbitrary: free }), fc.option(fc.array(queryPiece, { minLength: 1, maxLength: 3 })))
    .map(([p, q]) => p + (q ? "?" + q.join("&") : ""));
}

/** A rule block in server or per-directory context with 1–3 requests. */
export const fuzzBlock: fc.Arbitrary<FuzzBlock> = fc
  .tuple(fc.constantFrom<"server" | "perdir">("server", "perdir"), patternPieces, fc.boolean())
  .chain(([context, pieces, anchored]) =>
    fc.record({
      context: fc.constant(context),
      conditions: fc.array(condition, { maxLength: 2 }),
      pattern: fc.constant(pieces.map((i) => PIECES[i][0]).join("") + (anchored ? "$" : "")),
      substitution: substitutionArb(context),
      flags: flagsArb,
      requests: fc.array(
        fc.record({
          tail: tailArb(pieces),
          headers: fc.option(fc.constantFrom({ "X-Fz": "hdr" }, { "X-Fz": "42" }), { nil: undefined }),
          // Other Host headers: %{HTTP_HOST} and redirect targets; null = HTTP/1.0 without Host.
          host: fc.option(fc.constantFrom<string | null>("Other.Example", "localhost:80", "h.example:443", null), { freq: 4, nil: undefined }),
        }),
        { minLength: 1, maxLength: 3 },
      ).map((rs) =>
        rs.map((r) => {
          const out: { tail: string; headers?: Record<string, string>; host?: string | null } = { tail: r.tail };
          if (r.headers) out.headers = r.headers;
          if (r.host !== undefined) out.host = r.host;
          return out;
        }),
      ),
    }),
  );

function ruleLine(b: FuzzBlock, n: number): string {
  const flags = b.flags.length ? ` [${b.flags.join(",")}]` : "";
  const prefix = b.context === "server" ? `^/fz${n}/` : "^";
  return `RewriteRule ${prefix}${b.pattern} ${b.substitution}${flags}`;
}

/**
 * Packs blocks into one case: server blocks in the main config, per-dir blocks in .htaccess files.
 * `port` makes the listener a fixed port (the fuzzer picks a free one), so Apache and htrewrite
 * see the same port number: some answers depend on its digits (mod_wsgi finds SCRIPT_NAME by
 * matching PATH_INFO against the end of the URI, and %{HTTP_HOST} can put the port there).
 */
export function blocksToCase(name: string, blocks: FuzzBlock[], port?: number): { caseFile: CaseFile; owner: number[] } {
  const config = [
    "<Directory @ROOT@/htdocs>", "    Options +ExecCGI +FollowSymLinks", "    AddHandler wsgi-script .wsgi", "    AllowOverride All", "</Directory>",
    "RewriteEngine On",
    "RewriteMap lc int:tolower",
  ];
  const files: Record<string, FileSpec> = {
    "htdocs/env.wsgi": "@PROBE@", "htdocs/fz-probe.wsgi": "@PROBE@", "htdocs/a.html": "static a.html\n", "htdocs/x.html": "static x.html\n", "htdocs/dir/x.html": "static dir/x.html\n",
  };
  const htaccess: Record<string, string[]> = {};
  const requests: CaseRequest[] = [];
  const owner: number[] = [];
  blocks.forEach((b, n) => {
    const lines = [...b.conditions, ruleLine(b, n)];
    if (b.context === "server") config.push(...lines);
    else htaccess[`htdocs/fz${n}`] = ["RewriteEngine On", `RewriteBase /fz${n}/`, ...lines];
    files[`htdocs/fz${n}/x.html`] = `static fz${n}/x.html\n`;
    files[`htdocs/fz${n}/env.wsgi`] = "@PROBE@";
    files[`htdocs/fz${n}/sub/y.html`] = `static fz${n}/sub/y.html\n`;
    for (const r of b.requests) {
      const req: CaseRequest = { path: `/fz${n}/${r.tail}` };
      if (r.headers) req.headers = r.headers;
      if (r.host !== undefined) req.host = r.host;
      if (r.host === null) req.http_version = "1.0";
      requests.push(req);
      owner.push(n);
    }
  });
  return {
    caseFile: { name, ports: [port ?? "auto"], config, files, htaccess, env: {}, modules: [], expect_start_failure: false, requests },
    owner,
  };
}

/** A single block as a stand-alone case file text, ready to commit under test/conformance/cases. */
export function blockAsCaseJson(name: string, block: FuzzBlock): string {
  const { caseFile } = blocksToCase(name, [block]);
  const { modules: _m, env: _e, expect_start_failure: _x, ...rest } = caseFile;
  return JSON.stringify({ ...rest, description: "Found by the differential fuzzer (test/live/fuzz-rewrite.test.ts)." }, null, 2);
}
