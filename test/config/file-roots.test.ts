/**
 * File roots (`roots` / `--root`): every file a configuration reads must resolve, links
 * resolved first, inside the directories the caller names — refused at load naming the
 * directive and its file:line, or at the read a request makes.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createEngine, evaluate } from "../../src/api/evaluate.js";
import { ConfigError } from "../../src/config/index.js";
import { FileRoots } from "../../src/config/file-roots.js";
import { MemoryFs } from "../../src/server/fs.js";
import { HtrError } from "../../src/util/errors.js";

const base = realpathSync(mkdtempSync(join(tmpdir(), "htrewrite-roots-")));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const site = join(base, "site");
const outside = join(base, "outside");
mkdirSync(join(site, "htdocs", "sub"), { recursive: true });
mkdirSync(outside);
writeFileSync(join(site, "inc.conf"), "RewriteEngine on\n");
writeFileSync(join(site, "map.txt"), "a b\n");
writeFileSync(join(outside, "inc.conf"), "RewriteEngine on\n");
writeFileSync(join(outside, "secret.txt"), "a secret\n");
symlinkSync(join(outside, "inc.conf"), join(site, "link.conf"));
symlinkSync(outside, join(site, "htdocs", "escape"));

const HEAD = [
  "LoadModule mpm_prefork_module x", "LoadModule rewrite_module x", "LoadModule authz_core_module x",
  "LoadModule auth_basic_module x", "LoadModule authn_file_module x", "LoadModule authn_core_module x",
  "ServerName localhost", `DocumentRoot ${site}/htdocs`, `<Directory ${site}/htdocs>`, "AllowOverride All", "</Directory>",
];
const load = (lines: string[], roots: string[] | null = [site]) =>
  createEngine([...HEAD, ...lines].join("\n"), { file: join(site, "httpd.conf"), env: {}, roots: roots ?? undefined });
function refusal(f: () => unknown): HtrError {
  try {
    f();
  } catch (e) {
    if (e instanceof HtrError) return e;
    throw e;
  }
  throw new Error("not refused");
}

describe("file roots", () => {
  it("accepts files inside the roots", () => {
    const e = load([`Include ${site}/inc.conf`, `RewriteMap m txt:${site}/map.txt`, "RewriteRule ^/x$ /${m:a} [R,L]"]);
    expect(evaluate(e, { url: "/x" }).location).toBe("http://localhost/b");
  });

  it.each([
    ["Include", `Include ${outside}/inc.conf`, `Include ${outside}/inc.conf reads ${outside}/inc.conf is outside`],
    ["IncludeOptional of a wildcard", `IncludeOptional ${outside}/*.conf`, `IncludeOptional ${outside}/*.conf reads ${outside} is outside`],
    ["Include through a symlink inside the root", `Include ${site}/link.conf`, `reads ${site}/link.conf (really ${outside}/inc.conf) is outside`],
    ["Include with ..", `Include ${site}/../outside/inc.conf`, `is outside`],
  ])("refuses %s naming the line", (_name, line, message) => {
    const err = refusal(() => load([line]));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.code).toBe("HTR_FILE_ROOT");
    expect(err.message).toContain(`line ${HEAD.length + 1} of ${site}/httpd.conf`);
    expect(err.message).toContain(message);
    expect(err.message).toContain(`(--root ${site})`);
  });

  it.each([
    ["RewriteMap txt:", `RewriteMap m txt:${outside}/secret.txt`, "RewriteMap"],
    ["RewriteMap dbm:", `RewriteMap m dbm=db:${outside}/secret.db`, "RewriteMap"],
    ["AuthUserFile", `AuthUserFile ${outside}/secret.txt`, "AuthUserFile"],
    ["AuthUserFile, relative to ServerRoot", "AuthUserFile ../outside/secret.txt", "AuthUserFile"],
    ["WSGIScriptAlias", `WSGIScriptAlias /app ${outside}/secret.txt`, "WSGIScriptAlias"],
    ["WSGIScriptAliasMatch", `WSGIScriptAliasMatch ^/(\\w+) ${outside}/$1.wsgi`, "WSGIScriptAliasMatch"],
  ])("refuses %s at load, naming the directive and file:line", (_name, line, directive) => {
    const lines = line.startsWith("WSGI") ? ["LoadModule wsgi_module x", line] : line.startsWith("Auth") ? ["<Location />", line, "</Location>"] : [line];
    const err = refusal(() => load(lines));
    expect(err.code).toBe("HTR_FILE_ROOT");
    const at = HEAD.length + lines.indexOf(line) + 1;
    expect(err.message).toMatch(new RegExp(`^htrewrite: ${directive} \\(${site}/httpd\\.conf:${at}\\) reads .* is outside the directories htrewrite may read \\(--root ${site}\\)$`));
  });

  it("refuses a file a .htaccess names: the request is a 500 with the reason logged, as for any bad .htaccess", () => {
    writeFileSync(join(site, "htdocs", "sub", ".htaccess"), `AuthType Basic\nAuthName x\nAuthUserFile ${outside}/secret.txt\nRequire valid-user\n`);
    const r = evaluate(load([]), { url: "/sub/" });
    expect(r.status).toBe(500);
    expect(r.log.join("\n")).toContain(`AuthUserFile (${site}/htdocs/sub/.htaccess:3) reads ${outside}/secret.txt is outside`);
    rmSync(join(site, "htdocs", "sub", ".htaccess"));
  });

  it("refuses a read a request makes outside the roots (an .htaccess behind a symlink)", () => {
    writeFileSync(join(outside, ".htaccess"), "RewriteEngine on\n");
    const e = load([]);
    const err = refusal(() => evaluate(e, { url: "/escape/secret.txt" }));
    expect(err.code).toBe("HTR_FILE_ROOT");
    expect(err.message).toContain(`${site}/htdocs/escape/.htaccess (really ${outside}/.htaccess) is outside`);
    rmSync(join(outside, ".htaccess"));
    // No .htaccess there now: the walk reads nothing, but serving the file would read it.
    expect(refusal(() => evaluate(e, { url: "/escape/secret.txt" })).message).toContain(`${site}/htdocs/escape/secret.txt (really ${outside}/secret.txt) is outside`);
    expect(evaluate(e, { url: "/escape/missing.txt" }).status).toBe(404);
  });

  it("without roots nothing changes", () => {
    const e = load([`Include ${outside}/inc.conf`, "<Location />", `AuthUserFile ${outside}/secret.txt`, "</Location>"], null);
    expect(evaluate(e, { url: "/escape/secret.txt" }).status).toBe(200);
  });

  it("in-memory files are always readable; a memory symlink to the disk is checked", () => {
    const fs = new MemoryFs("/mem");
    fs.addFile("/mem/inc.conf", "RewriteEngine on\n");
    fs.addSymlink("/mem/out.conf", `${outside}/inc.conf`);
    const text = (inc: string) => ["LoadModule mpm_prefork_module x", "LoadModule rewrite_module x", "ServerName localhost", "DocumentRoot /mem", `Include ${inc}`].join("\n");
    expect(() => createEngine(text("/mem/inc.conf"), { file: "/mem/httpd.conf", fs, env: {}, roots: [site] })).not.toThrow();
    expect(refusal(() => createEngine(text("/mem/out.conf"), { file: "/mem/httpd.conf", fs, env: {}, roots: [site] })).message)
      .toContain(`/mem/out.conf (really ${outside}/inc.conf) is outside`);
  });

  it("several roots; a root that is not a directory is a usage error", () => {
    expect(() => load([`Include ${outside}/inc.conf`], [site, outside])).not.toThrow();
    expect(refusal(() => new FileRoots([join(base, "nope")])).message).toBe(`--root ${join(base, "nope")}: not an existing directory`);
  });
});
