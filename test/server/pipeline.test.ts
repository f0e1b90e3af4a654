import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEngine, evaluate } from "../../src/api/evaluate.js";
import { MemoryFs } from "../../src/server/fs.js";
import { serveRequest } from "../../src/server/pipeline.js";

const ROOT = "/tmp/htrewrite-unit";

function engineWith(config: string[], files: Record<string, string> = {}) {
  const fs = new MemoryFs(ROOT, null);
  fs.addDir(`${ROOT}/htdocs`);
  fs.addFile(`${ROOT}/app.wsgi`, "def application(environ, start_response):\n    start_response(\"200 OK\", [])\n    return [b\"ok\"]\n");
  for (const [p, c] of Object.entries(files)) fs.addFile(`${ROOT}/${p}`, c);
  const text = [
    "LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so",
    "LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so",
    "LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so",
    "LoadModule env_module /usr/lib/apache2/modules/mod_env.so",
    "LoadModule setenvif_module /usr/lib/apache2/modules/mod_setenvif.so",
    "LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so",
    "LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so",
    "LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so",
    "LoadModule wsgi_module /usr/lib/apache2/modules/mod_wsgi.so",
    "ServerName localhost",
    "Listen 127.0.0.1:8080",
    `DocumentRoot ${ROOT}/htdocs`,
    "<Directory />",
    "    Require all denied",
    "</Directory>",
    `<Directory ${ROOT}>`,
    "    Require all granted",
    "</Directory>",
    ...config,
  ].join("\n");
  return createEngine(text, { file: `${ROOT}/httpd.conf`, fs, env: { AG: "from-process" }, serverRoot: ROOT });
}

describe("pipeline: table of request outcomes", () => {
  const engine = engineWith(
    [
      "WSGIScriptAlias /app " + ROOT + "/app.wsgi",
      "WSGIScriptAlias /env-ag " + ROOT + "/app.wsgi",
      "<Location /env-ag>",
      "    WSGIApplicationGroup %{ENV:AG}",
      "</Location>",
      "RewriteEngine On",
      "RewriteRule ^/old/(.*)$ /new/$1 [R=301,L]",
      "RewriteRule ^/g/([^/]*)/ - [E=AG:$1]",
      "WSGIScriptAlias /g " + ROOT + "/app.wsgi",
      "<Location /g>",
      "    WSGIApplicationGroup %{ENV:AG}",
      "</Location>",
    ],
    { "htdocs/index.html": "home\n", "htdocs/d/index.html": "d\n" },
  );
  it.each([
    ["/app/x", 200, null, "localhost:8080|/app"],
    ["/old/a?q=1", 301, "http://localhost:8080/new/a?q=1", null],
    ["/env-ag", 200, null, "from-process"],
    ["/g/mine/x", 200, null, "mine"],
    ["/g/%25%7BGLOBAL%7D/x", 200, null, ""],
    ["/", 200, null, null],
    ["/d", 301, "http://localhost:8080/d/", null],
    ["/missing", 404, null, null],
    ["/a%2fb", 404, null, null],
    ["/../etc/passwd", 400, null, null],
  ])("%s → %i", (url, status, location, group) => {
    const r = evaluate(engine, { url });
    expect(r.status, `Apache answers ${url} with ${status}`).toBe(status);
    expect(r.location).toBe(location);
    if (group !== null) expect(r.applicationGroup).toBe(group);
  });
});

describe("pipeline: bad request bytes never break the engine", () => {
  const engine = engineWith(["RewriteEngine On", "RewriteRule ^/(.*)$ /x?$1 [B,L]"]);
  it("answers any request-target and headers with a status, and keeps serving", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
        fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 30 }),
        (target, host) => {
          const res = serveRequest(engine, {
            method: "GET",
            target,
            httpVersion: "1.1",
            headers: [["Host", host]],
            conn: { localIp: "127.0.0.1", localPort: 8080, remoteIp: "127.0.0.1", remotePort: 1, secure: false },
          });
          expect(res.status).toBeGreaterThanOrEqual(200);
          expect(res.status).toBeLessThan(600);
        },
      ),
      { numRuns: 400, seed: 20261123 },
    );
    expect(evaluate(engine, { url: "/ok" }).status).toBe(404);
  });
});
