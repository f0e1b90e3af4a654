/**
 * The WSGI side of differential fuzzing: fast-check arbitraries for mod_wsgi group settings —
 * WSGIApplicationGroup / WSGIProcessGroup values (tokens, near-miss tokens, %{ENV:} look-ups)
 * and where the looked-up variable comes from (SetEnv, RewriteRule [E=], SetEnvIf on the URI or a
 * header, the server process's environment, nowhere), with values that are themselves tokens —
 * asked through several Host headers. Each block is its own mount /wgN with its own variable
 * names, so blocks packed into one Apache start cannot see each other.
 */
import fc from "fast-check";
import type { CaseFile, CaseRequest } from "../../src/case/types.js";

/** Where %{ENV:VAR} finds its value. */
export type EnvSource = "setenv" | "rewrite" | "setenvif-uri" | "setenvif-header" | "process" | "none";

/** One generated mount with its group settings and requests. */
export interface WsgiBlock {
  appGroup: string | null;
  processGroup: string | null;
  source: EnvSource;
  value: string;
  /** A second source for the same variable (precedence between sources). */
  second: EnvSource;
  secondValue: string;
  requests: { tail: string; host?: string | null; http10?: boolean; header?: string }[];
}

const TOKENS = ["%{GLOBAL}", "%{SERVER}", "%{RESOURCE}", "%{HOST}", "%{global}", "%{ENV:}", "%foo", "%", "plain-name", "a:b|c", "~user"];
const VALUES = ["grp", "%{GLOBAL}", "%{SERVER}", "%{RESOURCE}", "%{HOST}", "%{ENV:OTHER}", "%{global}", "%bogus", "", "x y", "fzd"];
const SOURCES: EnvSource[] = ["setenv", "rewrite", "setenvif-uri", "setenvif-header", "process", "none"];

const appGroupArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 4, arbitrary: fc.constantFrom("%{ENV:V}", "%{ENV:V}", "%{ENV:V}", "%{ENV:v}", "%{ENV:REDIRECT_V}") },
);
const processGroupArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom("%{GLOBAL}", "fzd", "%{ENV:V}", "nosuch") },
);

/** A WSGI block with 1–3 requests. */
export const wsgiBlock: fc.Arbitrary<WsgiBlock> = fc.record({
  appGroup: appGroupArb,
  processGroup: processGroupArb,
  source: fc.constantFrom(...SOURCES),
  value: fc.constantFrom(...VALUES),
  second: fc.constantFrom(...SOURCES),
  secondValue: fc.constantFrom(...VALUES),
  requests: fc.array(
    fc.record({
      tail: fc.constantFrom("", "/", "/sub/path", "/x?q=1", "//a"),
      host: fc.option(fc.constantFrom("localhost", "Other.Example:1234", "localhost:80", "h.example:443", null), { nil: undefined }),
      http10: fc.boolean(),
      header: fc.option(fc.constantFrom(...VALUES), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 3 },
  ).map((rs) =>
    rs.map((r) => {
      const out: { tail: string; host?: string | null; http10?: boolean; header?: string } = { tail: r.tail };
      if (r.host !== undefined) out.host = r.host;
      if (r.host === null || r.http10) out.http10 = true;
      if (r.header !== undefined) out.header = r.header;
      return out;
    }),
  ),
});

/** Config text for one value: quoted so empty values and spaces survive the directive parser. */
function quoted(v: string): string {
  return `"${v}"`;
}

function sourceLines(source: EnvSource, n: number, value: string): { server: string[]; location: string[]; env: Record<string, string> } {
  const name = `V${n}`;
  switch (source) {
    case "setenv":
      return { server: [], location: [`SetEnv ${name} ${quoted(value)}`], env: {} };
    case "rewrite":
      // [E=] takes the rest of the flag text: no quoting inside the flags, so spaces are avoided.
      return { server: [`RewriteRule ^/wg${n}(/|$) - [E=${name}:${value.replace(/ /g, "_")}]`], location: [], env: {} };
    case "setenvif-uri":
      return { server: [`SetEnvIf Request_URI ^/wg${n}(/|$) ${quoted(`${name}=${value}`)}`], location: [], env: {} };
    case "setenvif-header":
      return { server: [`SetEnvIf X-Wg${n} (.*) ${name}=$1`], location: [], env: {} };
    case "process":
      return { server: [], location: [], env: { [name]: value } };
    case "none":
      return { server: [], location: [], env: {} };
  }
}

/** Packs WSGI blocks into one case (one daemon group "fzd" shared by all blocks). */
export function wsgiBlocksToCase(name: string, blocks: WsgiBlock[], port?: number): { caseFile: CaseFile; owner: number[] } {
  const config = ["WSGIDaemonProcess fzd processes=1 threads=4", "RewriteEngine On", "SetEnv OTHER other-value"];
  const env: Record<string, string> = {};
  const requests: CaseRequest[] = [];
  const owner: number[] = [];
  blocks.forEach((b, n) => {
    const first = sourceLines(b.source, n, b.value);
    const second = b.second === b.source ? { server: [], location: [], env: {} } : sourceLines(b.second, n, b.secondValue);
    const subst = (s: string) => s.replace(/%\{ENV:(REDIRECT_)?[Vv]\}/, (m) => m.replace(/[Vv]\}$/, (v) => `${v[0]}${n}}`));
    config.push(...first.server, ...second.server);
    config.push(`WSGIScriptAlias /wg${n} @ROOT@/probe.wsgi`);
    config.push(`<Location /wg${n}>`);
    config.push(...[...first.location, ...second.location].map((l) => `    ${l}`));
    if (b.appGroup !== null) config.push(`    WSGIApplicationGroup ${quoted(subst(b.appGroup))}`);
    if (b.processGroup !== null) config.push(`    WSGIProcessGroup ${quoted(subst(b.processGroup))}`);
    config.push("</Location>");
    Object.assign(env, first.env, second.env);
    for (const r of b.requests) {
      const req: CaseRequest = { path: `/wg${n}${r.tail}` };
      if (r.host !== undefined) req.host = r.host;
      if (r.http10) req.http_version = "1.0";
      if (r.header !== undefined) req.headers = { [`X-Wg${n}`]: r.header };
      requests.push(req);
      owner.push(n);
    }
  });
  return {
    caseFile: { name, ports: [port ?? "auto"], config, files: {}, htaccess: {}, env, modules: [], expect_start_failure: false, requests },
    owner,
  };
}

/** A single block as a stand-alone case file text, ready to commit under test/conformance/cases. */
export function wsgiBlockAsCaseJson(name: string, block: WsgiBlock): string {
  const { caseFile } = wsgiBlocksToCase(name, [block]);
  const { modules: _m, files: _f, htaccess: _h, expect_start_failure: _x, ...rest } = caseFile;
  return JSON.stringify({ ...rest, description: "Found by the WSGI differential fuzzer (test/live/fuzz-wsgi.test.ts)." }, null, 2);
}
