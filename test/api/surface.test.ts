// The public API is narrow: the library's entry points, their types and the error classes.
// Harness helpers (case files, the recorder's evaluation) and engine internals stay unexported.
import { describe, expect, it } from "vitest";
import * as api from "../../src/index.js";

describe("the package's public API", () => {
  it("exports the entry points and error classes only", () => {
    expect(Object.keys(api).sort()).toEqual(["ConfigError", "DiskFs", "HtrError", "MemoryFs", "RegexError", "createEngine", "evaluate", "explain"]);
  });
  it("explain reports a configuration's rule sets", () => {
    const out = api.explain("RewriteEngine On\nRewriteRule ^/a$ /b [R=301,L]\n", { file: "/etc/apache2/t.conf" });
    expect(out.map((c) => c.context)).toEqual(["main server"]);
    expect(out[0].lines.join("\n")).toContain("^/a$");
  });
  it("error classes keep their codes across the API", () => {
    expect(() => api.createEngine("NoSuchDirective x\n", { file: "/t.conf", fs: new api.MemoryFs("/", null), env: {} })).toThrow(api.ConfigError);
  });
});
