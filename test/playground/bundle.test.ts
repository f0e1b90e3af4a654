import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { playgroundDir } from "../../src/cli/playground-server.js";

// `npm test` builds dist first, dist/web included (scripts/build-web.mjs).
const dir = playgroundDir();

describe("the playground's bundles (dist/web)", () => {
  const scripts = readdirSync(dir).filter((f) => f.endsWith(".js"));

  it("are the page and its worker", () => {
    expect(scripts.sort()).toEqual(["page.js", "worker.js"]);
  });

  it.each(["page.js", "worker.js"])("%s loads no Node built-in and no package at run time", (f) => {
    const code = readFileSync(join(dir, f), "utf8");
    expect(code).not.toMatch(/\bfrom\s*["'](node:|[a-z@])/);
    expect(code).not.toMatch(/\bimport\s*\(\s*["'](node:|[a-z@])/);
    expect(code).not.toMatch(/\brequire\s*\(\s*["']/);
  });

  it("ship the PCRE2 module the CLI runs, byte for byte", () => {
    const vendor = readFileSync(join(import.meta.dirname, "../../vendor/pcre2/pcre2.wasm"));
    expect(readFileSync(join(dir, "pcre2/pcre2.wasm")).equals(vendor)).toBe(true);
  });

  it("use relative URLs only (the page works under any path of any host)", () => {
    const html = readFileSync(join(dir, "index.html"), "utf8");
    for (const m of html.matchAll(/\b(?:src|href)="([^"]*)"/g)) expect(m[1], m[0]).not.toMatch(/^\/|^https?:/);
  });

  it("offer the scenarios of rules/ as examples", () => {
    const examples = JSON.parse(readFileSync(join(dir, "examples.json"), "utf8")) as Array<{ name: string; state: { mode: string } }>;
    const rules = readdirSync(join(import.meta.dirname, "../../rules")).filter((f) => f.endsWith(".json"));
    expect(examples).toHaveLength(rules.length);
    expect(examples.every((x) => x.state.mode === "config")).toBe(true);
  });
});
