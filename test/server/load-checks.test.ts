// `check` and `createEngine` run the same regex and condition checks (they are options of the
// load, not hooks a surface installs), so one configuration gets one verdict everywhere.
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/api/evaluate.js";
import { checkConfigText } from "../../src/cli/check.js";
import { ConfigError, memoryFs, parseConfig } from "../../src/config/index.js";
import { ENGINE_CONFIG_CHECKS } from "../../src/expr/config-checks.js";
import { MemoryFs } from "../../src/server/fs.js";

const BASE = "ServerName t\nDocumentRoot /srv\n";

// Each refused by apache2 -t: a PCRE-only error JavaScript would accept, a JS-valid pattern PCRE
// refuses, an <If> condition with an unknown variable.
const REFUSED = [
  { what: "a PCRE-only regex error (\\k without a name)", text: '<LocationMatch "\\k">\n</LocationMatch>\n' },
  { what: "a lookbehind PCRE2 refuses (unbounded)", text: '<LocationMatch "(?<=a+)b">\n</LocationMatch>\n' },
  { what: "an <If> on a variable ap_expr does not have", text: '<If "%{NO_SUCH_VARIABLE} == \'x\'">\n</If>\n' },
];

function engineVerdict(text: string): string | null {
  const fs = new MemoryFs("/", null);
  fs.addDir("/srv");
  try {
    createEngine(text, { file: "/etc/apache2/t.conf", fs });
    return null;
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
}

describe("one configuration, one verdict", () => {
  for (const c of REFUSED) {
    it(`check and createEngine both refuse ${c.what}`, () => {
      const text = BASE + c.text;
      const report = checkConfigText(text, "/etc/apache2/t.conf", { fs: memoryFs({ "/srv/": null }), serverRoot: "/etc/apache2", env: {}, defines: [], modules: [] });
      const engine = engineVerdict(text);
      expect(report.accepted, report.error).toBe(false);
      expect(engine).not.toBeNull();
      expect(engine).toContain(report.error!.split("\n")[0].replace(/^.*?: /, "").slice(0, 20));
    });
  }
  it("a reader without the engines refuses only what every regex engine refuses", () => {
    const pcreOnly = BASE + '<LocationMatch "\\k">\n</LocationMatch>\n';
    expect(() => parseConfig(pcreOnly, { file: "/t.conf", fs: memoryFs({ "/srv/": null }), env: {} })).not.toThrow();
    expect(() => parseConfig(pcreOnly, { file: "/t.conf", fs: memoryFs({ "/srv/": null }), env: {}, checks: ENGINE_CONFIG_CHECKS })).toThrow(ConfigError);
  });
});
