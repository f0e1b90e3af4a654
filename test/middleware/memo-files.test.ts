// The middleware through the decision memo, over real HTTP: a repeat is answered from memory,
// and a file created or changed under the document root changes the answer of the next request
// — checked by stat() on every repeat (default) or by the folder watch (`watchFiles`).
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createMiddleware, type RequestWithInfo } from "../../src/middleware/index.js";
import { WatchedDiskFs } from "../../src/server/watched-fs.js";
import { listen, request } from "./helpers.js";

const FRONT = "RewriteEngine On\nRewriteCond %{REQUEST_FILENAME} !-f\nRewriteRule ^ index.php [L]\n";
const made: string[] = [];
let watching = false;
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function site(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "htr-mw-memo-")));
  made.push(root);
  writeFileSync(join(root, "index.php"), "<?php\n");
  return root;
}

/** Ask until `want` answers (the watch reports asynchronously); bounded in time. Without the watch, at once. */
async function eventually(ask: () => Promise<string>, want: string, ms = 3000): Promise<string> {
  if (!watching) return ask();
  const end = Date.now() + ms;
  let got = await ask();
  while (got !== want && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 10));
    got = await ask();
  }
  return got;
}

describe.each([false, true])("createMiddleware with the decision memo (watchFiles: %s)", (watchFiles) => {
  it("answers repeats from memory and sees a new file on the disk", async () => {
    watching = watchFiles;
    const root = site();
    const mw = createMiddleware({ htaccess: FRONT, root, watchFiles });
    const srv = await listen((req, res) => mw(req, res, () => res.end(`app ${req.url} ${(req as RequestWithInfo).htrewrite?.filename ?? ""}`)));
    try {
      const ask = async () => (await request(srv.port, "/page.html", { headers: { Host: "localhost" } })).body;
      expect(await ask()).toBe(`app /index.php ${root}/index.php`);
      expect(await ask()).toBe(`app /index.php ${root}/index.php`);
      expect(mw.engine.decisions?.stats().hits).toBeGreaterThanOrEqual(1);
      writeFileSync(join(root, "page.html"), "here");
      expect(await eventually(ask, `app /page.html ${root}/page.html`)).toBe(`app /page.html ${root}/page.html`);
      rmSync(join(root, "page.html"));
      expect(await eventually(ask, `app /index.php ${root}/index.php`)).toBe(`app /index.php ${root}/index.php`);
    } finally {
      await srv.close();
      mw.close?.();
    }
  });
});

describe("createMiddleware's memo bounds", () => {
  it("passes memo and memoBytes to the engine (0 turns the memo off)", async () => {
    const root = site();
    const off = createMiddleware({ htaccess: FRONT, root, memo: 0 });
    expect(off.engine.decisions).toBeNull();
    const small = createMiddleware({ htaccess: FRONT, root, memo: 5, memoBytes: 64 * 1024 });
    const srv = await listen((req, res) => small(req, res, () => res.end("app")));
    try {
      for (let i = 0; i < 12; i++) expect((await request(srv.port, `/p${i}`, { headers: { Host: "localhost" } })).body).toBe("app");
      const s = small.engine.decisions!.stats();
      expect(s.keys).toBe(5);
      expect(s.maxBytes).toBe(64 * 1024);
    } finally {
      await srv.close();
      small.close?.();
      off.close?.();
    }
  });
});

describe("WatchedDiskFs", () => {
  it("counts changes under its folders and says which paths it answers for", async () => {
    const root = site();
    const fs = new WatchedDiskFs([root]);
    try {
      expect(fs.covers(`${root}/a/b`)).toBe(true);
      expect(fs.covers(root)).toBe(true);
      expect(fs.covers(`${root}-other/x`)).toBe(false);
      const before = fs.generation();
      expect(before).toBe(0);
      writeFileSync(join(root, "new.txt"), "x");
      const end = Date.now() + 3000;
      while (fs.generation() === before && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      expect(fs.generation()).not.toBe(before);
    } finally {
      fs.close();
    }
    // Closed: no counter any more, so the memo checks every fact again.
    expect(fs.generation()).toBeUndefined();
  });
  it("gives the counter up for a folder it cannot watch", () => {
    const fs = new WatchedDiskFs(["/no/such/folder/here"]);
    expect(fs.generation()).toBeUndefined();
    fs.close();
  });
});
