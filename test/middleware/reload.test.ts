/**
 * Reloads swap a freshly compiled engine; a configuration Apache would refuse leaves the old
 * engine serving and is reported (return value and onReload), by explicit call or file watch.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createMiddleware } from "../../src/middleware/index.js";
import { listen, request } from "./helpers.js";

const MODS = ["mpm_prefork", "authz_core", "rewrite"].map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`);
const config = (target: string) => [...MODS, "ServerName localhost", "Listen 80", "RewriteEngine On", `RewriteRule ^/old$ ${target} [R=302,L]`, ""].join("\n");
const BAD = [...MODS, "ServerName localhost", "Listen 80", "RewriteEngine On", "RewriteRule ^/(old$ /x [R]", ""].join("\n");

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

describe("reload", () => {
  it("a bad configuration keeps the old engine serving and reports the error; a good one swaps", async () => {
    const reports: Array<string | null> = [];
    const mw = createMiddleware({ config: config("http://one.example/"), onReload: (e) => reports.push(e ? e.message : null) });
    const srv = await listen((q, s) => mw(q, s));
    try {
      const loc = async () => (await request(srv.port, "/old", { headers: { Host: "localhost" } })).headers.location;
      expect(await loc()).toBe("http://one.example/");
      const before = mw.engine;
      const err = mw.reload(BAD);
      expect(err?.message).toMatch(/RewriteRule: cannot compile regular expression '\^\/\(old\$'/);
      expect(reports[0]).toBe(err?.message);
      expect(mw.engine).toBe(before);
      expect(await loc()).toBe("http://one.example/");
      expect(mw.reload(config("http://two.example/"))).toBeNull();
      expect(reports[1]).toBeNull();
      expect(await loc()).toBe("http://two.example/");
    } finally {
      await srv.close();
      mw.close();
    }
  });

  it("watches the file: a change is served, a bad change is refused and reported", async () => {
    const dir = mkdtempSync(join(tmpdir(), "htr-mw-reload-"));
    const file = join(dir, "httpd.conf");
    writeFileSync(file, config("http://one.example/"));
    const reports: Array<string | null> = [];
    const mw = createMiddleware({ file, watch: 25, onReload: (e) => reports.push(e ? e.message : null) });
    const srv = await listen((q, s) => mw(q, s));
    const loc = async () => (await request(srv.port, "/old", { headers: { Host: "localhost" } })).headers.location;
    // Bounded waits: at most 100 polls of 25 ms for each change.
    const waitFor = async (n: number) => {
      for (let i = 0; i < 100 && reports.length < n; i++) await sleep(25);
    };
    try {
      await sleep(50);
      writeFileSync(file, config("http://two.example/") + "# changed\n");
      await waitFor(1);
      expect(reports[0]).toBeNull();
      expect(await loc()).toBe("http://two.example/");
      writeFileSync(file, BAD);
      await waitFor(2);
      expect(reports[1]).toMatch(/Syntax error on line 7 of/);
      expect(await loc()).toBe("http://two.example/");
    } finally {
      await srv.close();
      mw.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an unreadable configuration file is a one-line error naming it, at start and on reload", () => {
    expect(() => createMiddleware({ file: "/nonexistent/httpd.conf" })).toThrow("cannot read configuration /nonexistent/httpd.conf: ENOENT");
    const dir = mkdtempSync(join(tmpdir(), "htr-mw-gone-"));
    const file = join(dir, "httpd.conf");
    writeFileSync(file, config("http://one.example/"));
    const mw = createMiddleware({ file });
    rmSync(dir, { recursive: true, force: true });
    const before = mw.engine;
    expect(mw.reload()?.message).toBe(`cannot read configuration ${file}: ENOENT`);
    expect(mw.engine).toBe(before);
    mw.close();
  });
});
