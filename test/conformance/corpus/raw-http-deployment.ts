/**
 * The deployment raw-HTTP requests are asked of, shared by the golden raw-HTTP cases
 * (corpus/raw-http.ts) and the raw-HTTP fuzzer (test/live/fuzz-raw-http.test.ts): a static file,
 * a folder with and without an index, a WSGI mount, a second name-based virtual host, and the
 * server-wide protocol settings of one of five variants.
 */
import type { CaseFile } from "../../../src/case/types.js";

/** The server-wide settings one batch runs under. */
export const SERVER_VARIANTS: ReadonlyArray<{ label: string; config: string[] }> = [
  { label: "default", config: [] },
  { label: "unsafe", config: ["HttpProtocolOptions Unsafe"] },
  { label: "registered-require10", config: ["HttpProtocolOptions RegisteredMethods Require1.0"] },
  { label: "small-limits", config: ["LimitRequestLine 60", "LimitRequestFieldSize 40", "LimitRequestFields 4"] },
  { label: "unsafe-small", config: ["HttpProtocolOptions Unsafe Allow0.9", "LimitRequestLine 60", "LimitRequestFieldSize 40", "LimitRequestFields 4"] },
];

/** The deployment every batch shares (the variant's lines are added to it). */
export function rawHttpCase(name: string, variant: number, raws: string[]): CaseFile {
  return {
    name,
    description: `Raw HTTP requests generated from RFC 9110/9112 (server variant ${SERVER_VARIANTS[variant].label}), sent byte for byte.`,
    ports: ["auto"],
    config: [
      ...SERVER_VARIANTS[variant].config,
      // The probe reports the environment, not HTTP_* variables: these copy the header values
      // core produced (after OWS, obs-fold, merging, Host replacement) where it compares them.
      'SetEnvIf X-A "^(.*)$" SEEN_XA=[$1]',
      'SetEnvIf Host "^(.*)$" SEEN_HOST=[$1]',
      "WSGIScriptAlias /app @ROOT@/probe.wsgi",
      "<VirtualHost *:@PORT0@>",
      "    ServerName localhost",
      "    DocumentRoot @ROOT@/htdocs",
      "    WSGIScriptAlias /app @ROOT@/probe.wsgi",
      "</VirtualHost>",
      "<VirtualHost *:@PORT0@>",
      "    ServerName other.example",
      "    ServerAlias [::1] 127.0.0.1",
      "    DocumentRoot @ROOT@/other",
      "</VirtualHost>",
    ],
    files: {
      "htdocs/a.txt": "main a",
      "htdocs/d/": null,
      "htdocs/i/index.html": "main index",
      "other/a.txt": "other a",
      "other/i/index.html": "other index",
    },
    htaccess: {},
    env: {},
    modules: [],
    expect_start_failure: false,
    requests: raws.map((raw) => ({ path: rawTarget(raw), raw })),
  };
}

/** The request-target of a raw request (a label for reports). */
function rawTarget(raw: string): string {
  const line = raw.replace(/^(\r?\n)+/, "").split(/\r?\n/)[0] ?? "";
  return line.split(/[ \t]+/)[1] ?? "";
}

