import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { BASE_CONFIG_LINES, buildBaseConfig } from "../../src/case/base-config.js";
import {
  normalisePlaceholders,
  parseCase,
  resolvePortIndex,
  substitutePlaceholders,
} from "../../src/case/load.js";
import { HtrError } from "../../src/util/errors.js";

describe("parseCase", () => {
  it("fills the case-format defaults", () => {
    const c = parseCase({ requests: [{ path: "/" }] }, "fallback");
    expect(c).toMatchObject({ name: "fallback", ports: ["auto"], config: [], files: {}, env: {}, modules: [] });
    expect(c.expect_start_failure).toBe(false);
  });
  it("splits a string config into lines", () => {
    expect(parseCase({ config: "A\nB", requests: [] }, "x").config).toEqual(["A", "B"]);
  });
  const badCases: [string, unknown, string][] = [
    ["requests missing", {}, "'requests'"],
    ["path not a string", { requests: [{ path: 3 }] }, "'requests[0].path'"],
    ["host a number", { requests: [{ path: "/", host: 1 }] }, "'requests[0].host'"],
    ["bad http_version", { requests: [{ path: "/", http_version: "2" }] }, "'requests[0].http_version'"],
    ["bad port spec", { ports: ["x"], requests: [] }, "'ports[0]'"],
    ["port names no listener", { requests: [{ path: "/", port: 3 }] }, "'requests[0].port'"],
    ["file content a number", { files: { a: 1 }, requests: [] }, "'files.a'"],
    ["env value a number", { env: { A: 1 }, requests: [] }, "'env.A'"],
    ["module name with a slash", { modules: ["../x"], requests: [] }, "'modules'"],
    ["raw with a character above U+00FF", { requests: [{ raw: "GET /\u20ac HTTP/1.1\r\n\r\n" }] }, "'requests[0].raw'"],
    ["raw empty", { requests: [{ raw: "" }] }, "'requests[0].raw'"],
    ["raw with headers", { requests: [{ raw: "GET / HTTP/1.0\r\n\r\n", headers: { A: "b" } }] }, "'requests[0].headers'"],
  ];
  it("reads a raw request: the bytes, and the first line's target as its label", () => {
    const c = parseCase({ requests: [{ raw: "\r\nPUT /x?y HTTP/1.1\r\nHost: h\r\n\r\n", port: 0 }, { raw: "\u00ff", path: "label" }] }, "r");
    expect(c.requests).toEqual([
      { path: "/x?y", raw: "\r\nPUT /x?y HTTP/1.1\r\nHost: h\r\n\r\n", port: 0 },
      { path: "label", raw: "\u00ff" },
    ]);
  });
  it.each(badCases)("refuses %s, naming the field", (_label, json, field) => {
    let err: unknown;
    try {
      parseCase(json, "c");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HtrError);
    expect((err as HtrError).code).toBe("HTR_CASE_BAD");
    expect((err as HtrError).message).toContain(field);
  });
  it("resolves listener references: index, token, fixed port", () => {
    const c = parseCase({ ports: [80, "auto", 8080], requests: [] }, "p");
    expect([resolvePortIndex(c, undefined), resolvePortIndex(c, 1), resolvePortIndex(c, "@PORT2@"), resolvePortIndex(c, 8080), resolvePortIndex(c, 80)]).toEqual([0, 1, 2, 2, 0]);
  });
});

describe("placeholders", () => {
  const values = { root: "/tmp/htr-abc", ports: [80, 34567] };
  it("substitutes @ROOT@ and @PORTn@", () => {
    expect(substitutePlaceholders("@ROOT@/x:@PORT1@ @PORT0@ @PORT9@", values)).toBe("/tmp/htr-abc/x:34567 80 @PORT9@");
  });
  it("normalises only auto ports, and only whole numbers", () => {
    const specs = [80, "auto"] as const;
    expect(normalisePlaceholders("/tmp/htr-abc/a 80 34567 134567", { ...values, specs: [...specs] })).toBe(
      "@ROOT@/a 80 @PORT1@ 134567",
    );
  });
  // Ports are recognised as whole numbers, so the property holds for text where a port is not
  // glued to other digits (always so in URLs, "host:port" and environ values).
  it("writes the root without its leading slash as @ROOT-REL@ (mod_rewrite's strip-prefix trace)", () => {
    expect(normalisePlaceholders("strip matching prefix: tmp/htr-abc/d/x -> x", values)).toBe("strip matching prefix: @ROOT-REL@/d/x -> x");
  });
  it("round-trips text made of placeholders and other characters", () => {
    const piece = fc.constantFrom("@ROOT@", "@PORT0@/", ":@PORT1@ ", "/", "a", ":", " ", "x=y");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join("");
        const v = { root: "/tmp/htr-Q9", ports: [40001, 40002] };
        expect(normalisePlaceholders(substitutePlaceholders(text, v), v)).toBe(text);
      }),
    );
  });
});

describe("buildBaseConfig", () => {
  it(`puts the case's first line at line ${BASE_CONFIG_LINES + 1} (x_config_refused: config line 3 is line 62)`, () => {
    for (const ports of [[1], [1, 2, 3]]) {
      const text = buildBaseConfig({ root: "/r", ports, modules: ["cgi"], extraConfig: ["L1", "L2", "L3"] });
      const lines = text.split("\n");
      expect(lines[61]).toBe("L3");
    }
  });
  it("lists one loopback Listen per port and loads the extra modules", () => {
    const text = buildBaseConfig({ root: "/r", ports: [80, 4000], modules: ["cgi"] });
    expect(text).toMatch(/^Listen 127\.0\.0\.1:80$/m);
    expect(text).toMatch(/^Listen 127\.0\.0\.1:4000$/m);
    expect(text).not.toMatch(/^Listen (?!127\.0\.0\.1:)/m);
    expect(text).toMatch(/^LoadModule cgi_module \S+\/mod_cgi\.so$/m);
    expect(text).toMatch(/^LoadModule wsgi_module /m);
  });
});
