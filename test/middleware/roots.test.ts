// The middleware's file roots: a configuration that reads outside them is refused at creation,
// naming the directive (as `--root` does on the command line); inside them it serves.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createMiddleware } from "../../src/middleware/index.js";
import { HtrError } from "../../src/util/errors.js";

const base = realpathSync(mkdtempSync(join(tmpdir(), "htr-mw-roots-")));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const site = join(base, "site");
const outside = join(base, "outside");
mkdirSync(join(site, "htdocs"), { recursive: true });
mkdirSync(outside);
writeFileSync(join(site, "rules.conf"), "RewriteEngine on\n");
writeFileSync(join(outside, "secret.conf"), "RewriteEngine on\n");
const head = ["LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so", "ServerName localhost", `DocumentRoot ${site}/htdocs`];

describe("createMiddleware({ roots })", () => {
  it("refuses a configuration that includes a file outside the roots", () => {
    let err: unknown;
    try {
      createMiddleware({ config: [...head, `Include ${outside}/secret.conf`, ""].join("\n"), file: `${site}/httpd.conf`, roots: [site] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HtrError);
    expect((err as HtrError).code).toBe("HTR_FILE_ROOT");
    expect((err as HtrError).message).toContain(`Include ${outside}/secret.conf`);
  });
  it("accepts one that stays inside", () => {
    const mw = createMiddleware({ config: [...head, `Include ${site}/rules.conf`, ""].join("\n"), file: `${site}/httpd.conf`, roots: [site] });
    expect(typeof mw).toBe("function");
    mw.close?.();
  });
});
