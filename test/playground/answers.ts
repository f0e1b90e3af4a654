/**
 * What the playground's answers are compared on with `htrewrite eval`'s records: status,
 * Location, and for a WSGI answer the application group, process group, script and the
 * environment the probe reports (case-format.md's filter). Values are written with the case's
 * placeholders (@ROOT@, @PORTn@), as the records are.
 */
import { normalisePlaceholders, type NormaliseValues } from "../../src/case/load.js";
import type { ProbeBody, ResultRecord } from "../../src/case/types.js";

export interface Answer {
  status: number | null;
  location: string | null;
  wsgi: { applicationGroup: string; processGroup: string; script: string; env: Record<string, string> } | null;
}

const STANDARD = new Set(
  `GATEWAY_INTERFACE SERVER_PROTOCOL SERVER_SOFTWARE SERVER_NAME SERVER_ADDR SERVER_PORT SERVER_ADMIN SERVER_SIGNATURE
REMOTE_ADDR REMOTE_PORT REMOTE_HOST REMOTE_USER REMOTE_IDENT AUTH_TYPE CONTENT_TYPE CONTENT_LENGTH DOCUMENT_ROOT
SCRIPT_FILENAME SCRIPT_NAME PATH_INFO PATH_TRANSLATED QUERY_STRING REQUEST_METHOD REQUEST_URI REQUEST_SCHEME
CONTEXT_PREFIX CONTEXT_DOCUMENT_ROOT PATH LD_LIBRARY_PATH SCRIPT_URL SCRIPT_URI`.split(/\s+/),
);

/** The probe's environment filter (case-format.md). */
export function inProbeEnv(name: string): boolean {
  if (name.startsWith("REDIRECT_")) return true;
  return name === name.toUpperCase() && !name.startsWith("HTTP_") && !STANDARD.has(name);
}

export function answerOfRecord(r: ResultRecord): Answer {
  const probe = r.body_kind === "probe" && typeof r.body === "object" && r.body !== null ? (r.body as ProbeBody) : null;
  return {
    status: r.status,
    location: r.location ?? null,
    wsgi: probe && { applicationGroup: probe.application_group, processGroup: probe.process_group, script: probe.probe_file, env: probe.env },
  };
}

/** The fields as the page (or the session adapter) gives them, raw engine byte strings. */
export interface ShownAnswer {
  status: number | null;
  location: string | null;
  kind: string | null;
  filename: string | null;
  applicationGroup: string | null;
  processGroup: string | null;
  /** The WSGI environ (all of it; the comparison applies the probe's filter). */
  environ: Record<string, string> | null;
}

export function answerOfShown(a: ShownAnswer, norm: NormaliseValues): Answer {
  const n = (s: string): string => normalisePlaceholders(s, norm);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(a.environ ?? {})) if (inProbeEnv(k)) env[n(k)] = n(v);
  return {
    status: a.status,
    location: a.location === null ? null : n(a.location),
    wsgi: a.kind === "wsgi" ? { applicationGroup: n(a.applicationGroup ?? ""), processGroup: n(a.processGroup ?? ""), script: n(a.filename ?? ""), env } : null,
  };
}

/** Differences, worded "field: eval says X, the playground Y"; empty when they agree. */
export function compareAnswers(label: string, cli: Answer, page: Answer): string[] {
  const out: string[] = [];
  const j = (v: unknown): string => JSON.stringify(v);
  if (cli.status !== page.status) out.push(`${label} status: eval ${j(cli.status)}, playground ${j(page.status)}`);
  if (cli.location !== page.location) out.push(`${label} location: eval ${j(cli.location)}, playground ${j(page.location)}`);
  if ((cli.wsgi === null) !== (page.wsgi === null)) out.push(`${label} wsgi: eval ${j(cli.wsgi)}, playground ${j(page.wsgi)}`);
  else if (cli.wsgi && page.wsgi) {
    for (const k of ["applicationGroup", "processGroup", "script"] as const) {
      if (cli.wsgi[k] !== page.wsgi[k]) out.push(`${label} ${k}: eval ${j(cli.wsgi[k])}, playground ${j(page.wsgi[k])}`);
    }
    const keys = [...new Set([...Object.keys(cli.wsgi.env), ...Object.keys(page.wsgi.env)])].sort();
    for (const k of keys) {
      if (cli.wsgi.env[k] !== page.wsgi.env[k]) out.push(`${label} env ${k}: eval ${j(cli.wsgi.env[k])}, playground ${j(page.wsgi.env[k])}`);
    }
  }
  return out;
}
