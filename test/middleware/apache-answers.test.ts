/**
 * Apache's own answers, byte for byte: the bodies, Location and Connection headers recorded from
 * Apache 2.4.71 (fixtures/apache-error-bodies.json), from errorBody() and through the middleware.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropsConnection, errorBody } from "../../src/middleware/error-body.js";
import { createMiddleware, type Middleware } from "../../src/middleware/index.js";
import { listen, request, type Listening } from "./helpers.js";

interface Recorded {
  path: string;
  status: number;
  location: string | null;
  connection: string | null;
  content_type: string;
  body: string;
}
const recorded = (JSON.parse(readFileSync(new URL("fixtures/apache-error-bodies.json", import.meta.url), "utf8")) as { responses: Record<string, Recorded> }).responses;
const cases = Object.values(recorded);

describe("errorBody is Apache's", () => {
  it.each(cases)("$status", (r) => {
    expect(errorBody(r.status, "GET", r.location)).toBe(r.body);
    expect(dropsConnection(r.status)).toBe(r.connection === "close");
  });
});

describe("through the middleware", () => {
  let root: string;
  let mw: Middleware;
  let srv: Listening;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "htr-mw-err-"));
    // The rules Apache answered with (per-directory form of the recording's server-level rules).
    const rules = [
      "RewriteEngine On",
      "RewriteRule ^f - [F]",
      "RewriteRule ^g - [G]",
      ...[400, 401, 405, 429, 500, 501, 502, 503].map((s) => `RewriteRule ^e${s} - [R=${s}]`),
      "RewriteRule ^r http://example.com/x [R=302]",
      "RewriteRule ^p301 http://example.com/x [R=301]",
      "RewriteRule ^s303 http://example.com/x [R=303]",
      "RewriteRule ^s307 http://example.com/x?a=<b [R=307]",
      "RewriteRule ^s308 http://example.com/x [R=308]",
    ];
    mw = createMiddleware({ htaccess: rules.join("\n") + "\n", root, fallthrough: false });
    srv = await listen((q, s) => mw(q, s));
  });
  afterAll(async () => {
    await srv.close();
    mw.close();
    rmSync(root, { recursive: true, force: true });
  });

  it.each(cases)("$status $path", async (r) => {
    const got = await request(srv.port, r.path, { headers: { Host: "localhost" } });
    expect(got.status).toBe(r.status);
    expect(got.headers.location ?? null).toBe(r.location);
    expect(got.headers["content-type"]).toBe(r.content_type);
    expect(got.body).toBe(r.body);
    if (r.connection === "close") expect(got.headers.connection).toBe("close");
  });

  it("HEAD has Apache's headers and no body", async () => {
    const got = await request(srv.port, "/f", { method: "HEAD", headers: { Host: "localhost" } });
    expect(got.status).toBe(403);
    expect(got.headers["content-type"]).toBe("text/html; charset=iso-8859-1");
    expect(got.body).toBe("");
  });
});
