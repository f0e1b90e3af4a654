import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { versionText } from "../../src/cli/version.js";

const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

describe("htrewrite --version", () => {
  it("names htrewrite's version, the PCRE2 the module reports, and the modelled Apache and mod_wsgi", () => {
    expect(versionText()).toBe(
      `htrewrite ${version}\nPCRE2 10.42 2022-12-11 (8-bit, Unicode, WebAssembly)\nmodels Apache httpd 2.4.71 with mod_rewrite, mod_wsgi 4.9.4`,
    );
  });
});
