/**
 * Inheritance between the main server and virtual hosts, and between per-directory layers
 * (config_server_merge / config_perdir_merge; spec §2.1, vectors #105–#108).
 */
import { describe, expect, it } from "vitest";
import {
  compilePerDirContext,
  compileServerContext,
  mergePerDirConfig,
  mergeServerConfig,
  rewriteFixup,
  rewriteTranslateName,
} from "../../src/rewrite/index.js";
import type { RewritePerDirConfig, RewriteServerConfig } from "../../src/rewrite/index.js";
import { DOCROOT, FakeServer, directives, makeRequest } from "./fake.js";

const opts = { serverRoot: "/srv", exists: () => true };

function vhostSetup(mainLines: string[], vhostLines: string[]): { sconf: RewriteServerConfig | null; dconf: RewritePerDirConfig | null; serverId: string } {
  const main = compileServerContext(directives(mainLines), "main", opts);
  const vhost = compileServerContext(directives(vhostLines), "vhost", opts);
  if (vhost.server === null) return { sconf: main.server, dconf: main.perDir, serverId: "vhost" };
  return {
    sconf: main.server ? mergeServerConfig(main.server, vhost.server) : vhost.server,
    dconf: main.perDir && vhost.perDir ? mergePerDirConfig(main.perDir, vhost.perDir) : (vhost.perDir ?? main.perDir),
    serverId: "vhost",
  };
}

function translate(setup: ReturnType<typeof vhostSetup>, target: string) {
  const req = makeRequest(target);
  const r = rewriteTranslateName({ req, server: new FakeServer(), serverConfig: setup.sconf, serverId: setup.serverId, perDirConfig: setup.dconf });
  return { outcome: r.outcome, req };
}

const MAIN = ["RewriteEngine On", "RewriteRule ^/inh /main.html [L]"];

describe("server and virtual host", () => {
  it("#106 a vhost without mod_rewrite directives never runs the main rules (no SCRIPT_URL)", () => {
    const r = translate(vhostSetup(MAIN, ["ServerName v"]), "/inhx");
    expect(r.outcome.kind).toBe("declined");
    expect(r.req.subprocessEnv.get("SCRIPT_URL")).toBeUndefined();
  });
  it("#107 a vhost with only RewriteRule inherits the engine state", () => {
    const r = translate(vhostSetup(MAIN, ["RewriteRule ^/vr$ /a.html [L]"]), "/vr");
    expect(r.req.filename).toBe(`${DOCROOT}/a.html`);
  });
  it("rules are not inherited without an option", () => {
    expect(translate(vhostSetup(MAIN, ["RewriteEngine On"]), "/inhx").outcome.kind).toBe("declined");
  });
  it("#108 Inherit: own rules first", () => {
    const r = translate(vhostSetup(MAIN, ["RewriteEngine On", "RewriteOptions Inherit", "RewriteRule ^/inh /own.html [L]"]), "/inhx");
    expect(r.req.filename).toBe(`${DOCROOT}/own.html`);
  });
  it("#108 InheritBefore: parent's rules first", () => {
    const r = translate(vhostSetup(MAIN, ["RewriteEngine On", "RewriteOptions InheritBefore", "RewriteRule ^/inh /own.html [L]"]), "/inhx");
    expect(r.req.filename).toBe(`${DOCROOT}/main.html`);
  });
  it("InheritDown on the parent acts as Inherit in the child unless IgnoreInherit", () => {
    const parent = ["RewriteEngine On", "RewriteOptions InheritDown", "RewriteRule ^/inh /main.html [L]"];
    expect(translate(vhostSetup(parent, ["RewriteRule ^/own /own.html [L]"]), "/inhx").req.filename).toBe(`${DOCROOT}/main.html`);
    expect(translate(vhostSetup(parent, ["RewriteOptions IgnoreInherit", "RewriteRule ^/own /own.html [L]"]), "/inhx").outcome.kind).toBe("declined");
  });
  it("engine off in the vhost wins", () => {
    expect(translate(vhostSetup(MAIN, ["RewriteEngine Off", "RewriteOptions Inherit"]), "/inhx").outcome.kind).toBe("declined");
  });
  it("maps: Inherit overlays, the child's names win", () => {
    const main = compileServerContext(directives(["RewriteMap m int:toupper", "RewriteMap p int:tolower"]), "main", opts);
    const vhost = compileServerContext(directives(["RewriteOptions Inherit", "RewriteMap m int:escape"]), "vhost", opts);
    const merged = mergeServerConfig(main.server!, vhost.server!);
    expect(merged.maps.get("m")?.source).toBe("int:escape");
    expect(merged.maps.get("p")?.source).toBe("int:tolower");
    const before = mergeServerConfig(main.server!, compileServerContext(directives(["RewriteOptions InheritBefore", "RewriteMap m int:escape"]), "vhost", opts).server!);
    expect(before.maps.get("m")?.source).toBe("int:toupper");
  });
  it("options of the child replace the parent's", () => {
    const main = compileServerContext(directives(["RewriteOptions AllowAnyURI LegacyPrefixDocRoot"]), "main", opts);
    const vhost = compileServerContext(directives(["RewriteOptions MergeBase"]), "vhost", opts);
    expect([...mergeServerConfig(main.server!, vhost.server!).options]).toEqual(["MergeBase"]);
  });
});

describe("per-directory layers", () => {
  const D = `${DOCROOT}/d`;
  function layer(lines: string[], path: string): RewritePerDirConfig {
    const c = compilePerDirContext(directives(lines), path, opts).config;
    if (c === null) throw new Error("no config");
    return c;
  }
  const base: RewritePerDirConfig = compileServerContext(directives(["RewriteEngine Off"]), "main", opts).perDir!;

  it("#105 MergeBase: a sub-directory inherits RewriteBase verbatim", () => {
    const parent = mergePerDirConfig(base, layer(["RewriteEngine On", "RewriteOptions MergeBase", "RewriteBase /d/"], D));
    const child = mergePerDirConfig(parent, layer(["RewriteRule ^z\\.html$ y.html [R]"], `${D}/sub`));
    expect(child.base).toBe("/d/");
    const server = new FakeServer();
    const sconf = compileServerContext(directives(["RewriteEngine Off"]), "main", opts).server!;
    const req = makeRequest("/d/sub/z.html", { filename: `${D}/sub/z.html` });
    const r = rewriteFixup({ req, server, serverConfig: sconf, serverId: "main", perDirConfig: child });
    expect(r.outcome).toEqual({ kind: "redirect", status: 302, location: "http://localhost/d/y.html" });
  });
  it("#105 without MergeBase the base is not inherited", () => {
    const parent = mergePerDirConfig(base, layer(["RewriteEngine On", "RewriteBase /d/"], D));
    expect(mergePerDirConfig(parent, layer(["RewriteRule ^z y"], `${D}/sub`)).base).toBeNull();
  });
  it("the nearest section with directives decides the directory; engine inherited", () => {
    const parent = mergePerDirConfig(base, layer(["RewriteEngine On", "RewriteRule ^a b"], D));
    const child = mergePerDirConfig(parent, layer(["RewriteRule ^c d"], `${D}/sub`));
    expect(child.directory).toBe(`${D}/sub/`);
    expect(child.engine).toBe(true);
    expect(child.rules.map((r) => r.pattern)).toEqual(["^c"]);
  });
  it("Inherit / InheritBefore / InheritDown per directory", () => {
    const parent = layer(["RewriteEngine On", "RewriteRule ^a b"], D);
    const order = (lines: string[], p = parent) => mergePerDirConfig(p, layer(lines, `${D}/sub`)).rules.map((r) => r.pattern);
    expect(order(["RewriteOptions Inherit", "RewriteRule ^c d"])).toEqual(["^c", "^a"]);
    expect(order(["RewriteOptions InheritBefore", "RewriteRule ^c d"])).toEqual(["^a", "^c"]);
    const down = layer(["RewriteEngine On", "RewriteOptions InheritDownBefore", "RewriteRule ^a b"], D);
    expect(order(["RewriteRule ^c d"], down)).toEqual(["^a", "^c"]);
    expect(order(["RewriteOptions IgnoreInherit", "RewriteRule ^c d"], down)).toEqual(["^c"]);
  });
});
