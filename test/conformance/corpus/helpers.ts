/**
 * Building blocks for the golden corpus: a case is written as data (config lines, files,
 * requests) and make-corpus.ts writes it out as test/conformance/cases/<name>.json. What Apache
 * answers is never written here — the recorder measures it.
 */
import type { CaseRequest, FileSpec, PortSpec, TextOrLines } from "../../../src/case/types.js";

/** A case definition as authored (the JSON shape of spec/case-format.md). */
export interface CaseDef {
  name: string;
  description: string;
  config?: string[];
  files?: Record<string, FileSpec>;
  htaccess?: Record<string, TextOrLines>;
  env?: Record<string, string>;
  ports?: PortSpec[];
  modules?: string[];
  expect_start_failure?: boolean;
  requests: CaseRequest[];
}

/** Requests for a list of paths (each a plain GET), or request objects passed through. */
export function reqs(...items: (string | CaseRequest)[]): CaseRequest[] {
  return items.map((i) => (typeof i === "string" ? { path: i } : i));
}

/**
 * The docroot most rewrite cases share: the probe as env.wsgi (the stand-in for the spec's
 * env.cgi: it reports QUERY_STRING, PATH_INFO and the environment), a few static files, and
 * .wsgi files run as WSGI scripts anywhere under htdocs.
 */
export const DOCROOT_FILES: Record<string, FileSpec> = {
  "htdocs/env.wsgi": "@PROBE@",
  "htdocs/a.html": "static a.html\n",
  "htdocs/b.html": "static b.html\n",
  "htdocs/y.html": "static y.html\n",
  "htdocs/index.html": "docroot index\n",
  "htdocs/dir/x.html": "static dir/x.html\n",
  "htdocs/d/x.html": "static d/x.html\n",
  "htdocs/d/y.html": "static d/y.html\n",
  "htdocs/d/b": "static d/b\n",
  "htdocs/d/c": "static d/c\n",
  "htdocs/d/index.html": "static d/index.html\n",
  "htdocs/d/sub/y.html": "static d/sub/y.html\n",
  "htdocs/d/sub/z.html": "static d/sub/z.html\n",
  "htdocs/d/env.wsgi": "@PROBE@",
  "htdocs/d/f.html": "static d/f.html\n",
  "htdocs/etc/hostname": "docroot etc/hostname\n",
};

/** Lets .wsgi files under htdocs run as WSGI scripts. */
export const WSGI_HANDLER = [
  "<Directory @ROOT@/htdocs>",
  "    Options +ExecCGI +FollowSymLinks",
  "    AddHandler wsgi-script .wsgi",
  "</Directory>",
];

/** A server-context rewrite case ("S:" vectors of rewrite.md §13). */
export function serverRules(name: string, description: string, rules: string[], requests: CaseRequest[], extra: Partial<CaseDef> = {}): CaseDef {
  return {
    name,
    description,
    config: [...WSGI_HANDLER, ...(extra.config ?? []), "RewriteEngine On", ...rules],
    files: { ...DOCROOT_FILES, ...(extra.files ?? {}) },
    requests,
    ...(extra.env ? { env: extra.env } : {}),
    ...(extra.ports ? { ports: extra.ports } : {}),
    ...(extra.htaccess ? { htaccess: extra.htaccess } : {}),
  };
}

/** A per-directory rewrite case ("D:" vectors): the rules in <Directory htdocs/d>, or in htdocs/d/.htaccess. */
export function dirRules(
  name: string,
  description: string,
  rules: string[],
  requests: CaseRequest[],
  where: "directory" | "htaccess" = "directory",
  extra: Partial<CaseDef> = {},
): CaseDef {
  const config =
    where === "directory"
      ? [...WSGI_HANDLER, "<Directory @ROOT@/htdocs/d>", "    RewriteEngine On", ...rules.map((r) => `    ${r}`), "</Directory>"]
      : [...WSGI_HANDLER, "<Directory @ROOT@/htdocs/d>", "    AllowOverride All", "</Directory>"];
  return {
    name,
    description,
    config: [...config, ...(extra.config ?? [])],
    files: { ...DOCROOT_FILES, ...(extra.files ?? {}) },
    ...(where === "htaccess" ? { htaccess: { "htdocs/d": ["RewriteEngine On", ...rules], ...(extra.htaccess ?? {}) } } : {}),
    requests,
  };
}

/** A case Apache must refuse at start-up (one request, answered with the start error). */
export function refused(name: string, description: string, config: string[], extra: Partial<CaseDef> = {}): CaseDef {
  return { name, description, config, expect_start_failure: true, requests: reqs("/"), ...extra };
}
