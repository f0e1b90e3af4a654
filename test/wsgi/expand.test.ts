import { describe, expect, it } from "vitest";
import { expandApplicationGroup, expandCallableObject, expandProcessGroup } from "../../src/wsgi/expand.js";
import { pathInfoStart, resourceScriptName, type WsgiNameInputs } from "../../src/wsgi/names.js";

const names: WsgiNameInputs = {
  serverHostname: "www.example.com",
  requestHostname: "evil.wild.test",
  effectivePort: 8080,
  scriptName: "/env-ag",
};

const env = (vars: Record<string, string>) => (name: string) => (Object.hasOwn(vars, name) ? vars[name] : undefined);

describe("WSGIApplicationGroup expansion (wsgi.md R12, vectors 25–41)", () => {
  const cases: Array<[string | null, Record<string, string>, string]> = [
    [null, {}, "www.example.com:8080|/env-ag"],
    ["%{GLOBAL}", {}, ""],
    ["%{RESOURCE}", {}, "www.example.com:8080|/env-ag"],
    ["%{SERVER}", {}, "www.example.com:8080"],
    ["%{HOST}", {}, "evil.wild.test:8080"],
    ["%{global}", {}, "%{global}"],
    ["%{GLOBAL}x", {}, "%{GLOBAL}x"],
    ["x%{GLOBAL}", {}, "x%{GLOBAL}"],
    ["%", {}, "%"],
    ["%bogus", {}, "%bogus"],
    ["%{ENV:AG}", {}, "%{ENV:AG}"],
    ["%{ENV:AG}", { AG: "mygroup" }, "mygroup"],
    ["%{ENV:AG}", { AG: "" }, ""],
    ["%{ENV:AG}", { AG: "%{GLOBAL}" }, ""],
    ["%{ENV:AG}", { AG: "%{RESOURCE}" }, "www.example.com:8080|/env-ag"],
    ["%{ENV:AG}", { AG: "%{ENV:OTHER}", OTHER: "x" }, "%{ENV:OTHER}"],
    ["%{ENV:AG}", { AG: "%foo" }, "%foo"],
    ["%{ENV:AG", { AG: "x" }, "%{ENV:AG"],
  ];
  it.each(cases)("%s with %j → %s", (value, vars, expected) => {
    expect(expandApplicationGroup(value, names, env(vars))).toBe(expected);
  });
});

describe("WSGIProcessGroup expansion (R13)", () => {
  it("null is embedded mode, tokens as for application groups", () => {
    expect(expandProcessGroup(null, names, env({}))).toBe("");
    expect(expandProcessGroup("%{ENV:PG}", names, env({ PG: "%{GLOBAL}" }))).toBe("");
    expect(expandProcessGroup("%{ENV:PG}", names, env({}))).toBe("%{ENV:PG}");
    expect(expandProcessGroup("%{RESOURCE}", names, env({}))).toBe("www.example.com:8080|/env-ag");
  });
});

describe("WSGICallableObject expansion (R15)", () => {
  it.each([
    [null, {}, "application"],
    ["alt", {}, "alt"],
    ["%", {}, "application"],
    ["%{ENV:CALL}", {}, "application"],
    ["%{ENV:CALL}", { CALL: "alt" }, "alt"],
    ["%{ENV:CALL}", { CALL: "%{GLOBAL}" }, "%{GLOBAL}"],
    ["%{GLOBAL}", {}, "application"],
  ] as Array<[string | null, Record<string, string>, string]>)("%s → %s", (v, vars, expected) => {
    expect(expandCallableObject(v, env(vars))).toBe(expected);
  });
});

describe("script name (R19, R20)", () => {
  it.each([
    ["/myapp", "", 6],
    ["/myapp/a/b", "/a/b", 6],
    ["/", "/", 0],
    ["/deep/path", "/deep/path", 0],
    ["/h/hello.wsgi/extra", "/extra", 13],
  ])("pathInfoStart(%s, %s) = %i", (uri, pi, n) => {
    expect(pathInfoStart(uri, pi)).toBe(n);
  });
  it("lower-cases and collapses slashes in the classic line", () => {
    expect(resourceScriptName("/Mixed/Foo", "/Foo")).toBe("/mixed");
  });
});
