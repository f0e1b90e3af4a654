import { lstatSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseCase } from "../../src/case/load.js";
import { PROBE_SOURCE } from "./recorder/probe.js";
import { formatResults } from "./recorder/results-file.js";
import { buildSandbox, makeSandboxRoot, type Sandbox } from "./recorder/sandbox.js";

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.remove());

describe("the sandbox a case runs in", () => {
  it("lays out files, directories, links, .htaccess and the config as the case says", () => {
    const c = parseCase(
      {
        config: ["Alias /x @ROOT@/x", "Listen-like @PORT0@"],
        files: {
          "htdocs/app.wsgi": "@PROBE@",
          "htdocs/lines.txt": ["a", "b"],
          "@ROOT@/maps/m.txt": "root @ROOT@ port @PORT0@\n",
          "empty/": null,
          "nulldir": null,
          "htdocs/link.txt": { symlink: "@ROOT@/htdocs/lines.txt" },
        },
        htaccess: { "htdocs/d": ["RewriteEngine On", "RewriteBase /d/"] },
        requests: [],
      },
      "layout",
    );
    const root = makeSandboxRoot();
    sandbox = buildSandbox(c, root, [41999]);
    const read = (p: string) => readFileSync(join(root, p), "utf8");
    expect(read("probe.wsgi")).toBe(PROBE_SOURCE);
    expect(read("htdocs/app.wsgi")).toBe(PROBE_SOURCE);
    expect(read("htdocs/lines.txt")).toBe("a\nb");
    expect(read("maps/m.txt")).toBe(`root ${root} port 41999\n`);
    expect(statSync(join(root, "empty")).isDirectory()).toBe(true);
    expect(statSync(join(root, "nulldir")).isDirectory()).toBe(true);
    expect(lstatSync(join(root, "htdocs/link.txt")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(root, "htdocs/link.txt"))).toBe(`${root}/htdocs/lines.txt`);
    expect(read("htdocs/d/.htaccess")).toBe("RewriteEngine On\nRewriteBase /d/\n");
    for (const d of ["htdocs", "run", "logs", "conf"]) expect(statSync(join(root, d)).isDirectory()).toBe(true);
    const conf = read("conf/httpd.conf").split("\n");
    expect(conf[59]).toBe(`Alias /x ${root}/x`);
    expect(conf[60]).toBe("Listen-like 41999");
    // Apache's children (www-data) must be able to read everything.
    expect(statSync(root).mode & 0o005).toBe(0o005);
    expect(statSync(join(root, "htdocs/app.wsgi")).mode & 0o004).toBe(0o004);
  });
});

describe("results files", () => {
  it("write one JSON object per line in the example results' key order", () => {
    const text = formatResults([
      { error: "e", status: null, request: { path: "/" }, index: 0, case: "c" },
      { case: "c", index: 1, request: { path: "/x" }, status: 200, trace: [], body_kind: "text", body: "b", location: null },
    ]);
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(Object.keys(JSON.parse(lines[0]))).toEqual(["case", "index", "request", "status", "error"]);
    expect(Object.keys(JSON.parse(lines[1]))).toEqual(["case", "index", "request", "status", "location", "body_kind", "body", "trace"]);
    expect(text.endsWith("\n")).toBe(true);
  });
});
