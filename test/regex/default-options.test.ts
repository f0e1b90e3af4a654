/**
 * RegexDefaultOptions as core.c reads it. Each row is a golden case recorded with real Apache
 * (test/conformance/cases/rdo_value_* and rdo_refused_*): the flags below the line, or the error.
 */
import { describe, expect, it } from "vitest";
import { markRegexDefaults } from "../../src/config/regex-defaults.js";
import { parseConfig, memoryFs } from "../../src/config/index.js";
import { APACHE_REGEX_DEFAULTS, applyRegexDefaultOptions, regexOptionsUnder } from "../../src/regex/default-options.js";
import { splitWordsConf } from "../../src/config/words.js";

const F = false;
const T = true;

describe("applyRegexDefaultOptions", () => {
  it.each([
    // [case, argument text, icase, dotall, dollarEndOnly]
    ["rdo_value_none", "none", F, F, F],
    ["rdo_value_icase", "ICASE", T, F, F],
    ["rdo_value_dotall", "DOTALL", F, T, F],
    ["rdo_value_dollar", "DOLLAR_ENDONLY", F, F, T],
    ["rdo_value_plus_icase", "+ICASE", T, T, T],
    ["rdo_value_minus_dotall", "-DOTALL", F, F, T],
    ["rdo_value_minus_dollar", "-DOLLAR_ENDONLY", F, T, F],
    ["rdo_value_minus_icase", "-ICASE", F, T, T],
    ["rdo_value_plus_dotall", "+DOTALL", F, T, T],
    ["rdo_value_none_plus", "none +dotall", F, T, F],
    ["rdo_value_two_bare", "ICASE DOTALL", F, T, F],
    ["rdo_value_bare_after_plus", "+ICASE DOLLAR_ENDONLY", F, F, T],
    ["rdo_value_lower", "-dollar_endonly +Icase", T, T, F],
    ["rdo_value_minus_none", "NONE -DOTALL +DOLLAR_ENDONLY", F, F, T],
    ["rdo_value_quoted", "\"-DOTALL\" '+ICASE'", T, F, T],
    ["rdo_value_empty", "", F, T, T],
  ])("%s: RegexDefaultOptions %s", (_case, text, icase, dotall, dollarEndOnly) => {
    expect(applyRegexDefaultOptions(APACHE_REGEX_DEFAULTS, splitWordsConf(text))).toEqual({ icase, dotall, dollarEndOnly });
  });

  it.each([
    ["rdo_refused_extended", "EXTENDED", "EXTENDED"],
    ["rdo_refused_plus_extended", "+EXTENDED", "EXTENDED"],
    ["rdo_refused_plus_none", "+none", "none"],
    ["rdo_refused_sign_only", "+", ""],
    ["rdo_refused_unknown_after_valid", "ICASE MULTILINE", "MULTILINE"],
    ["rdo_refused_quoted_pair", "\"+ICASE -DOTALL\"", "ICASE -DOTALL"],
  ])("%s: RegexDefaultOptions %s is refused naming '%s'", (_case, text, named) => {
    expect(applyRegexDefaultOptions(APACHE_REGEX_DEFAULTS, splitWordsConf(text))).toEqual({
      error: `RegexDefaultOptions: option '${named}' unknown`,
    });
  });

  it("[NC] adds ICASE to whatever the defaults are; the defaults' ICASE cannot be taken away per pattern", () => {
    expect(regexOptionsUnder(undefined, false)).toEqual({ nocase: false, dotall: true, dollarEndOnly: true });
    expect(regexOptionsUnder(undefined, true)).toEqual({ nocase: true, dotall: true, dollarEndOnly: true });
    expect(regexOptionsUnder({ icase: true, dotall: false, dollarEndOnly: false }, false)).toEqual({ nocase: true, dotall: false, dollarEndOnly: false });
  });
});

describe("where a pattern stands relative to RegexDefaultOptions (rdo_order, rdo_twice)", () => {
  const conf = [
    "RewriteRule ^/before /x",
    "<LocationMatch ^/lm>",
    "</LocationMatch>",
    "RegexDefaultOptions -DOTALL",
    "<VirtualHost 127.0.0.1:80>",
    "  RewriteRule ^/in-vhost /x",
    "</VirtualHost>",
    "RegexDefaultOptions +ICASE",
    "RewriteRule ^/after /x",
  ].join("\n");
  const tree = parseConfig(conf, { file: "/c.conf", fs: memoryFs({}), loadedModules: ["rewrite_module"] });
  const [before, lm, , vhost, , after] = tree.children;

  it("marks nothing above the first line, and each node below with the value in force there", () => {
    expect(before.regexDefaults).toBeUndefined();
    expect(lm.regexDefaults).toBeUndefined();
    expect(vhost.regexDefaults).toEqual({ icase: false, dotall: false, dollarEndOnly: true });
    expect(vhost.type === "section" && vhost.children[0].regexDefaults).toEqual({ icase: false, dotall: false, dollarEndOnly: true });
    expect(after.regexDefaults).toEqual({ icase: true, dotall: false, dollarEndOnly: true });
  });

  it("leaves the final value for .htaccess patterns", () => {
    expect(tree.regexDefaults).toEqual({ icase: true, dotall: false, dollarEndOnly: true });
    const htaccess = [{ type: "directive" as const, name: "RewriteRule", key: "rewriterule", args: [], rawArgs: "^a b", pos: { file: "/h", line: 1, column: 1 }, raw: "" }];
    expect(markRegexDefaults(htaccess, tree.regexDefaults)).toEqual(tree.regexDefaults);
    expect(htaccess[0]).toHaveProperty("regexDefaults", tree.regexDefaults);
  });

  it("refuses an unknown word with core's message", () => {
    expect(() => parseConfig("RegexDefaultOptions EXTENDED", { file: "/c.conf", fs: memoryFs({}) })).toThrow("RegexDefaultOptions: option 'EXTENDED' unknown");
  });
});
