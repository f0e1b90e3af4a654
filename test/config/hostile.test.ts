/**
 * Hostile configurations: every one ends in an htrewrite error (ConfigError / HtrError) or is
 * accepted — never a stack overflow, an "Invalid string length", or a hang. Sizes and Apache's
 * answers were measured with apache2 2.4.71 -t (see src/config/limits.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEngine, evaluate } from "../../src/api/evaluate.js";
import { ENGINE_CONFIG_CHECKS } from "../../src/expr/config-checks.js";
import { ConfigError, memoryFs, parseConfig, parseHtaccess } from "../../src/config/index.js";
import {
  MAX_EXPR_DEPTH, MAX_INCLUDE_DEPTH, MAX_INCLUDED_FILES, MAX_RULES_PER_CONTEXT, MAX_SECTION_DEPTH,
} from "../../src/config/limits.js";
import { MemoryFs } from "../../src/server/fs.js";
import { HtrError } from "../../src/util/errors.js";

const ROOT = "/tmp/htrewrite-hostile";
const HEAD = [
  "LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so",
  "LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so",
  "LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so",
  "ServerName localhost",
  "Listen 127.0.0.1:8080",
  `DocumentRoot ${ROOT}/htdocs`,
];
const rep = (s: string, n: number): string[] => Array.from({ length: n }, () => s);


function load(lines: string[]): { error?: HtrError } {
  const fs = new MemoryFs(ROOT, null);
  fs.addDir(`${ROOT}/htdocs`);
  try {
    createEngine([...HEAD, ...lines].join("\n"), { file: `${ROOT}/httpd.conf`, fs, env: {}, serverRoot: ROOT });
    return {};
  } catch (e) {
    if (e instanceof HtrError) return { error: e };
    throw e;
  }
}

const nestedIfModule = (n: number) => [...rep("<IfModule rewrite_module>", n), "RewriteEngine on", ...rep("</IfModule>", n)];
const nestedIf = (n: number) => ["<Location />", ...rep('<If "true">', n), ...rep("</If>", n), "</Location>"];
const parens = (n: number) => ["<Location />", `<If "${"(".repeat(n)}true${")".repeat(n)}">`, "</If>", "</Location>"];

describe("config bounds (table: construct, size → htrewrite's answer; Apache's in the comment)", () => {
  const table: Array<[string, string[], string | null]> = [
    // Apache: accepted up to 8,000 levels, segfault at 9,000.
    ["true <IfModule> nested to the bound", nestedIfModule(MAX_SECTION_DEPTH), null],
    ["true <IfModule> nested 2,000 deep", nestedIfModule(2000), "sections nested deeper than 500 levels"],
    // Apache: accepted at 10,000.
    ["<If> nested to the bound inside <Location>", nestedIf(MAX_SECTION_DEPTH - 1), null],
    ["<If> nested 2,000 deep", nestedIf(2000), "sections nested deeper than 500 levels"],
    // Apache: a false section is soaked at any depth tried (10,000).
    ["false <IfModule> nested 20,000 deep", [...rep("<IfModule nosuch_module>", 20000), ...rep("</IfModule>", 20000)], null],
    ["false <IfModule> left open 20,000 deep", rep("<IfModule nosuch_module>", 20000), "Expected </IfModule> before end of configuration"],
    // Apache: 9,995 parentheses accepted, 9,996 "memory exhausted".
    ["<If> with parentheses to the bound", parens(MAX_EXPR_DEPTH), null],
    ["<If> with 2,000 parentheses", parens(2000), "expression nested deeper than 500 levels"],
    ["<If> with 9,996 parentheses", parens(9996), "Cannot parse condition clause: memory exhausted"],
    // Apache: 9,000 `!` accepted, 10,000 "memory exhausted"; && chains: 4,000 links accepted, 5,000
    // refused; 5,000 nested function calls refused.
    ["<If> with 9,000 `!`", ["<Location />", `<If "${"!".repeat(9000)}true">`, "</If>", "</Location>"], "expression nested deeper"],
    ["<If> with 100,000 `!`", ["<Location />", `<If "${"!".repeat(100000)}true">`, "</If>", "</Location>"], "memory exhausted"],
    ["<If> with a 4,000-link && chain", ["<Location />", `<If "${rep("true", 4000).join(" && ")}">`, "</If>", "</Location>"], "expression nested deeper"],
    ["<If> with a 100,000-link && chain", ["<Location />", `<If "${rep("true", 100000).join(" && ")}">`, "</If>", "</Location>"], "memory exhausted"],
    ["<If> with 1,000 nested function calls", ["<Location />", `<If "${"tolower(".repeat(1000)}'a'${")".repeat(1000)} == 'a'">`, "</If>", "</Location>"], "expression nested deeper"],
    ["<If> with 100,000 nested function calls", ["<Location />", `<If "${"tolower(".repeat(100000)}'a'${")".repeat(100000)} == 'a'">`, "</If>", "</Location>"], "memory exhausted"],
    // Apache: no bound; a 128 MiB value accepted after 3.4 s.
    ["Define doubling 30 times", ["Define X0 ab", ...Array.from({ length: 30 }, (_, i) => `Define X${i + 1} \${X${i}}\${X${i}}`)], "${} substitution makes this line 16777216 bytes or longer"],
    // Apache: "Error reading FILE at line N: Line too long" from 16 MiB.
    ["a 16 MiB line", ["#" + "a".repeat(16 * 1024 * 1024)], "Line too long"],
  ];
  it.each(table)("%s", (_name, lines, expected) => {
    const r = load(lines);
    if (expected === null) expect(r.error?.message).toBeUndefined();
    else {
      expect(r.error).toBeInstanceOf(ConfigError);
      expect(r.error?.message).toContain(expected);
    }
  });

  it("names file and line, with a stable code, for htrewrite's own limits", () => {
    const r = load(nestedIfModule(MAX_SECTION_DEPTH + 1));
    expect(r.error?.code).toBe("HTR_CONFIG_LIMIT");
    expect((r.error as ConfigError).pos.line).toBe(HEAD.length + MAX_SECTION_DEPTH + 1);
    expect(r.error?.message).toMatch(/^apache2: Syntax error on line \d+ of \/tmp\/htrewrite-hostile\/httpd\.conf: htrewrite: /);
  });

  it("counts sections across Include: deep in one file, deeper in the included one", () => {
    const fs = memoryFs({ "/c/inner.conf": [...rep("<IfDefine X>", 300), ...rep("</IfDefine>", 300)].join("\n") });
    const text = ["<VirtualHost *:80>", ...rep("<IfDefine X>", 300), "Include /c/inner.conf", ...rep("</IfDefine>", 300), "</VirtualHost>"].join("\n");
    expect(() => parseConfig(text, { file: "/c/main.conf", fs, env: {}, defines: ["X"], checks: ENGINE_CONFIG_CHECKS })).toThrow(/nested deeper than 500/);
    const half = ["<VirtualHost *:80>", ...rep("<IfDefine X>", 100), "Include /c/inner.conf", ...rep("</IfDefine>", 100), "</VirtualHost>"].join("\n");
    expect(() => parseConfig(half, { file: "/c/main.conf", fs, env: {}, defines: ["X"], checks: ENGINE_CONFIG_CHECKS })).not.toThrow();
  });

  it("a request through the deepest accepted nesting is answered", () => {
    const fs = new MemoryFs(ROOT, null);
    fs.addDir(`${ROOT}/htdocs`);
    const text = [...HEAD, ...rep("<IfModule authz_core_module>", MAX_SECTION_DEPTH - 2), "<Location />",
      `<If "${"(".repeat(MAX_EXPR_DEPTH - 1)}true${")".repeat(MAX_EXPR_DEPTH - 1)}">`,
      "Require all denied", "</If>", "</Location>", ...rep("</IfModule>", MAX_SECTION_DEPTH - 2)].join("\n");
    const engine = createEngine(text, { file: `${ROOT}/httpd.conf`, fs, env: {}, serverRoot: ROOT });
    expect(evaluate(engine, { url: "/" }).status).toBe(403);
  });
});

/** Structured hostile lines: sections, closers, conditionals, Defines, expressions, rules. */
const hostileLine = fc.oneof(
  fc.constantFrom(
    "<IfModule rewrite_module>", "</IfModule>", "<IfModule nosuch>", "<Location />", "</Location>", "<If \"true\">", "</If>",
    "<Directory />", "</Directory>", "<VirtualHost *:80>", "</VirtualHost>", "<IfDefine X>", "</IfDefine>", "<Else>", "</Else>",
    "Define A ${A}${A}", "Define A x", "RewriteEngine on", "RewriteRule (a+)+$ - [N]", "RewriteCond %{HTTP_HOST} ^(.*)*$",
    "Include /nope", "Include /c/self.conf", "RewriteMap m prg:/bin/cat", "\\", "<", ">", "</", "<If \"((((\">", "${", "${A",
  ),
  fc.tuple(fc.constantFrom("(", "!", "tolower(", "<IfModule rewrite_module>\n", "<If \"true\">\n"), fc.integer({ min: 1, max: 3000 }))
    .map(([s, n]) => s.repeat(n)),
  fc.string({ maxLength: 40 }),
);

describe("parse/load never throws anything but htrewrite's own errors", () => {
  const fsWithSelf = () => memoryFs({ "/c/self.conf": "Include /c/self.conf\n" });
  const mustBeOurs = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof HtrError)) throw new Error(`not an htrewrite error: ${(e as Error).stack}`);
    }
  };
  it("arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        mustBeOurs(() => parseConfig(Buffer.from(bytes).toString("latin1"), { file: "/c/main.conf", fs: fsWithSelf(), env: {}, checks: ENGINE_CONFIG_CHECKS }));
      }),
      { seed: 1414, numRuns: 300 },
    );
  });
  it("structured hostile configurations, through the full engine load", () => {
    fc.assert(
      fc.property(fc.array(hostileLine, { maxLength: 30 }), (lines) => {
        mustBeOurs(() => load(lines));
      }),
      { seed: 1415, numRuns: 150 },
    );
  });
});

describe("Include and rule-count bounds (Apache's figures in src/config/limits.ts)", () => {
  it("a recursive Include ends with httpd's own message, nested 128 times as httpd prints it", () => {
    // Measured: apache2 -t prints "Syntax error on line 1 of /c/self.conf: " 128 times, then this.
    const fs = memoryFs({ "/c/self.conf": "Include /c/self.conf\n" });
    let err: unknown;
    try {
      parseConfig("ServerName x\nInclude /c/self.conf\n", { file: "/c/main.conf", fs, env: {}, validate: false });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toBe(
      "apache2: Syntax error on line 2 of /c/main.conf: " + "Syntax error on line 1 of /c/self.conf: ".repeat(MAX_INCLUDE_DEPTH)
        + `Exceeded maximum include depth of ${MAX_INCLUDE_DEPTH}, There appears to be a recursion.`,
    );
  });

  it("a doubling Include tree (2^20 files) stops at the included-file bound, naming the Include line", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`/c/l${i}.conf`] = `Include /c/l${i + 1}.conf\nInclude /c/l${i + 1}.conf\n`;
    files["/c/l20.conf"] = "ServerAdmin a@b\n";
    const t0 = Date.now();
    let err: ConfigError | undefined;
    try {
      parseConfig("Include /c/l0.conf\n", { file: "/c/main.conf", fs: memoryFs(files), env: {}, validate: false });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err?.code).toBe("HTR_CONFIG_LIMIT");
    expect(err?.message).toContain(`htrewrite: more than ${MAX_INCLUDED_FILES} included files`);
    expect(err?.message).toMatch(/^apache2: Syntax error on line 1 of \/c\/main\.conf: Syntax error on line \d of \/c\/l0\.conf: /);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it("exactly the bound of included files is read", () => {
    const fs = memoryFs({ "/c/one.conf": "ServerAdmin a@b\n" });
    const text = rep("Include /c/one.conf", MAX_INCLUDED_FILES).join("\n");
    expect(() => parseConfig(text, { file: "/c/main.conf", fs, env: {}, validate: false })).not.toThrow();
    expect(() => parseConfig(text + "\nInclude /c/one.conf", { file: "/c/main.conf", fs, env: {}, validate: false }))
      .toThrow(`more than ${MAX_INCLUDED_FILES} included files`);
  });

  it("RewriteRules per context: the bound is accepted in each of two contexts, one more is refused at its line", () => {
    const rules = rep("RewriteRule ^/a$ /b", MAX_RULES_PER_CONTEXT);
    const two = [...rules, "<VirtualHost *:80>", ...rules, "</VirtualHost>"].join("\n");
    expect(() => parseConfig(two, { file: "/c/main.conf", fs: memoryFs({}), env: {}, validate: false })).not.toThrow();
    let err: ConfigError | undefined;
    try {
      parseConfig(["<VirtualHost *:80>", ...rules, "RewriteRule ^/x$ /y", "</VirtualHost>"].join("\n"), { file: "/c/main.conf", fs: memoryFs({}), env: {}, validate: false });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err?.code).toBe("HTR_CONFIG_LIMIT");
    expect(err?.pos.line).toBe(MAX_RULES_PER_CONTEXT + 2);
    expect(err?.message).toContain(`more than ${MAX_RULES_PER_CONTEXT} RewriteRules in one context`);
  });

  it("counts an .htaccess as one context", () => {
    const text = rep("RewriteRule ^a$ b", MAX_RULES_PER_CONTEXT + 1).join("\n");
    expect(() => parseHtaccess(text, { file: "/srv/.htaccess", allowOverride: "All", fs: memoryFs({}), env: {} }))
      .toThrow(`more than ${MAX_RULES_PER_CONTEXT} RewriteRules`);
  });
});
