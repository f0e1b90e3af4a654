/**
 * `--watch` through the built binary: start it, see the first answer, change an input (the way
 * an editor saves: a new file renamed over the old one, or written in place), see the new
 * answer, stop it with SIGTERM. Every wait is bounded.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN } from "./bin.js";

const work = mkdtempSync(join(tmpdir(), "htrewrite-watch-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

/** A running watcher: its output so far, and a way to wait for a piece of it. */
function start(args: string[], cwd: string) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  const until = async (what: () => boolean, label: string, ms = 60_000): Promise<void> => {
    const t0 = Date.now();
    while (!what()) {
      if (Date.now() - t0 > ms) throw new Error(`no ${label} within ${ms} ms; stdout: ${out}\nstderr: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, out: () => out, err: () => err, until, exited };
}

const count = (s: string, part: string): number => s.split(part).length - 1;

describe("--watch", () => {
  it("test --watch: a changed .htaccess makes a new run with the new answer; SIGTERM stops it", async () => {
    const dir = join(work, "t");
    mkdirSync(join(dir, "site"), { recursive: true });
    writeFileSync(join(dir, "site/.htaccess"), "RewriteEngine on\nRewriteRule ^old$ /new [R=301,L]\n");
    writeFileSync(join(dir, "spec.yaml"), "htaccess: [site/.htaccess]\nrequests:\n  - url: /old\n    expect: { status: 301 }\n");
    const w = start(["test", "--watch", "spec.yaml"], dir);
    await w.until(() => w.out().includes("1 passed, 0 failed") && w.err().includes("watching"), "first run");
    // Saved as editors do: a new file renamed over the old one.
    writeFileSync(join(dir, "site/.htaccess.tmp"), "RewriteEngine on\nRewriteRule ^old$ /new [R=302,L]\n");
    renameSync(join(dir, "site/.htaccess.tmp"), join(dir, "site/.htaccess"));
    await w.until(() => w.out().includes("0 passed, 1 failed") && count(w.err(), "watching") === 2, "second run");
    expect(w.out()).toContain("    status\n      expected 301\n      actual   302\n");
    expect(w.err()).toContain(`changed: ${join(dir, "site/.htaccess")}; running again`);
    // The spec itself, written in place; a spec that does not parse is reported and the watch goes on.
    writeFileSync(join(dir, "spec.yaml"), "requests: [\n");
    await w.until(() => w.err().includes("spec.yaml:") && count(w.err(), "watching") === 3, "the parse error");
    writeFileSync(join(dir, "spec.yaml"), "htaccess: [site/.htaccess]\nrequests:\n  - url: /old\n    expect: { status: 302 }\n");
    await w.until(() => count(w.out(), "1 passed, 0 failed") === 2, "third run");
    w.child.kill("SIGTERM");
    expect(await w.exited).toBe(0);
  }, 240_000);

  it("route --watch --config: an Included file changes the answer", async () => {
    const dir = join(work, "r");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "rules.conf"), "RewriteRule ^/a$ /one [R,L]\n");
    writeFileSync(join(dir, "httpd.conf"), ["LoadModule mpm_prefork_module x", "LoadModule rewrite_module x", "ServerName localhost", `DocumentRoot ${dir}`, "RewriteEngine on", `Include ${dir}/rules.conf`, ""].join("\n"));
    const w = start(["route", "--watch", "--json", "--config", "httpd.conf", "/a"], dir);
    await w.until(() => w.out().includes('"location":"http://localhost/one"') && w.err().includes("watching"), "first answer");
    writeFileSync(join(dir, "rules.conf"), "RewriteRule ^/a$ /two [R,L]\n");
    await w.until(() => w.out().includes('"location":"http://localhost/two"'), "second answer");
    w.child.kill("SIGINT");
    expect(await w.exited).toBe(0);
  }, 240_000);
});
