/**
 * `htrewrite explain FILE`: parses a real config file and prints every mod_rewrite context.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { run } from "../../src/cli/explain.js";

function capture(): { out: () => string } {
  let buf = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    buf += String(chunk);
    return true;
  });
  return { out: () => buf };
}

describe("htrewrite explain", () => {
  afterEach(() => vi.restoreAllMocks());
  const dir = mkdtempSync(join(tmpdir(), "htr-explain-"));

  it("lists main server, sections and virtual hosts", async () => {
    const file = join(dir, "httpd.conf");
    writeFileSync(
      file,
      [
        "ServerName localhost",
        `DocumentRoot ${dir}`,
        "RewriteEngine On",
        "RewriteMap lc int:tolower",
        "RewriteRule ^/u/(\\w+)$ /app?u=${lc:$1} [L,QSA]",
        `<Directory ${dir}/d>`,
        "  RewriteEngine On",
        "  RewriteBase /d/",
        "  RewriteRule ^x$ y [R=301]",
        "</Directory>",
        "<VirtualHost *:80>",
        "  RewriteOptions Inherit",
        "  RewriteRule ^/old$ /new [R]",
        "</VirtualHost>",
      ].join("\n"),
    );
    const c = capture();
    expect(await run([file])).toBe(0);
    const out = c.out();
    expect(out).toContain("== main server\n  engine on\n  map lc: int:tolower\n");
    expect(out).toContain("rule 1 (" + file + ":5): ^/u/(\\w+)$ -> /app?u=${lc:$1} [L,QSA]");
    expect(out).toContain(`== <Directory ${dir}/d> (${file}:6)\n  engine on, RewriteBase /d/\n`);
    expect(out).toContain("rule 1 (" + file + ":13): ^/old$ -> /new [R=302]");
  });

  it("explains an .htaccess file and emits JSON", async () => {
    const file = join(dir, ".htaccess");
    writeFileSync(file, "RewriteEngine On\nRewriteCond %{REQUEST_FILENAME} !-f\nRewriteRule ^(.*)$ index.php/$1 [L]\n");
    const c = capture();
    expect(await run([file, "--json"])).toBe(0);
    const parsed = JSON.parse(c.out()) as Array<{ directory: string; rules: Array<{ conditions: Array<{ kind: string }> }> }>;
    expect(parsed[0].directory).toBe(`${dir}/`);
    expect(parsed[0].rules[0].conditions[0].kind).toBe("file-exists");
  });
});
