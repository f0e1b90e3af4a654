/**
 * Properties of the reader: (1) any byte sequence, read as a configuration or an .htaccess,
 * yields a tree or a ConfigError — never another exception; (2) printing a tree and reading the
 * text again gives the same tree (positions and raw text aside).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CASE_BASE_MODULES, ConfigError, memoryFs, parseConfig, parseHtaccess, printConfig,
  type ConfigNode, type ConfigTree,
} from "../../src/config/index.js";

const fs = memoryFs({
  "/r/conf/a.conf": "RewriteEngine On\n<Directory /x>\nOptions None\n</Directory>\n",
  "/r/conf/b.conf": "<IfModule nope>\n",
  "/r/conf/sub/": null,
  "/r/htdocs/": null,
});
const opts = { file: "/r/conf/httpd.conf", fs, serverRoot: "/r", loadedModules: CASE_BASE_MODULES, env: { HOME: "/h" } };

/** Fragments that reach the reader's corners: quotes, escapes, continuations, sections, ${}. */
const fragment = fc.constantFrom(
  "RewriteEngine", "RewriteRule", "RewriteCond", "RewriteOptions", "RewriteMap", "RewriteBase", "Options",
  "AllowOverride", "SetEnv", "WSGIScriptAlias", "WSGIDaemonProcess", "WSGIApplicationGroup", "Alias",
  "Define", "UnDefine", "Include", "IncludeOptional", "LoadModule", "ServerName", "DocumentRoot",
  "<Directory", "</Directory>", "<Location", "</Location>", "<Files", "</Files>", "<VirtualHost",
  "</VirtualHost>", "<IfModule", "</IfModule>", "<IfDefine", "</IfDefine>", "<If", "</If>", "<Else>",
  "</Else>", "<IfVersion", "</IfVersion>", "<Limit", "</Limit>",
  " ", "  ", "\t", "\n", "\r\n", "\\\n", "\\", "\"", "'", ">", "<", "#", "=", "!", "$", "${", "}",
  "${HOME}", "${X}", "${a:b}", "On", "Off", "x", "/x", "/r/conf/*.conf", "/r/conf/a.conf",
  "rewrite_module", "[L]", "[R=301,L]", "^/(.*)$", "-", "%{ENV:X}", "process-group=g", "\0", "\u00e9",
);
const configText = fc.array(fragment, { maxLength: 60 }).map((a) => a.join(""));
const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString("latin1"));

function parseOrError(f: () => ConfigTree): ConfigTree | ConfigError {
  try {
    return f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
}

type Plain = { type: string; name: string; key: string; args: string[]; rawArgs: string; openArgs?: string; children?: Plain[] };
function plain(nodes: readonly ConfigNode[]): Plain[] {
  return nodes.map((n) =>
    n.type === "directive"
      ? { type: n.type, name: n.name, key: n.key, args: n.args, rawArgs: n.rawArgs }
      : { type: n.type, name: n.name, key: n.key, args: n.args, rawArgs: n.rawArgs, openArgs: n.openArgs, children: plain(n.children) },
  );
}

describe("any input yields a tree or a ConfigError", () => {
  it("configuration text from reader fragments", () => {
    fc.assert(fc.property(configText, (t) => void parseOrError(() => parseConfig(t, opts))), { numRuns: 3000 });
  });
  it("arbitrary bytes", () => {
    fc.assert(fc.property(bytes, (t) => void parseOrError(() => parseConfig(t, opts))), { numRuns: 2000 });
  });
  it("arbitrary .htaccess under any AllowOverride", () => {
    const allow = fc.constantFrom("All" as const, "None" as const, new Set(["FileInfo" as const]), new Set(["Options" as const, "AuthConfig" as const]));
    fc.assert(
      fc.property(fc.oneof(configText, bytes), allow, (t, a) =>
        void parseOrError(() => parseHtaccess(t, { file: "/r/htdocs/.htaccess", allowOverride: a, fs, serverRoot: "/r", env: {} })),
      ),
      { numRuns: 2000 },
    );
  });
});

describe("print then read again is the identity on trees", () => {
  /** Returns whether the first reading was accepted (only then is there a tree to print). */
  const roundTrip = (t: string, validate: boolean): boolean => {
    const first = parseOrError(() => parseConfig(t, { ...opts, validate }));
    if (first instanceof ConfigError) return false;
    const text = printConfig(first);
    const again = parseConfig(text, { ...opts, validate, loadedModules: first.loadedModules, file: "/r/conf/printed.conf" });
    expect(plain(again.children)).toEqual(plain(first.children));
    return true;
  };
  // Each property only means something when enough generated inputs are read successfully.
  it("on read-only trees of arbitrary input (unknown directives, odd names and quoting)", () => {
    let trees = 0;
    fc.assert(fc.property(fc.oneof(configText, bytes), (t) => void (roundTrip(t, false) && trees++)), { numRuns: 3000 });
    expect(trees).toBeGreaterThan(1000);
  });
  it("on checked trees", () => {
    let trees = 0;
    fc.assert(fc.property(configText, (t) => void (roundTrip(t, true) && trees++)), { numRuns: 3000 });
    expect(trees).toBeGreaterThan(50);
  });
});
