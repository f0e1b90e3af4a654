/**
 * Where each pattern stands relative to RegexDefaultOptions. httpd applies the directive while
 * reading, to one process-wide value that ap_regcomp reads when the directive compiling a pattern
 * is processed: a pattern written above the line keeps the old flags, one below (in the main
 * server or in a virtual host that follows) takes the new ones. Measured for RewriteRule,
 * RewriteCond, <LocationMatch>, <DirectoryMatch>, SetEnvIf, RedirectMatch and AliasMatch in
 * golden case rdo_order. Each node is marked with the value in force where it stands (nothing
 * when it is Apache's default), so whichever layer compiles its pattern later uses that value.
 */
import {
  APACHE_REGEX_DEFAULTS, applyRegexDefaultOptions, sameRegexDefaults, type RegexDefaults,
} from "../regex/default-options.js";
import type { ConfigNode } from "./types.js";
import { splitWordsConf } from "./words.js";

/** The words of a RegexDefaultOptions line, as core.c splits its raw arguments. */
export function regexDefaultOptionWords(rawArgs: string): string[] {
  return splitWordsConf(rawArgs);
}

/**
 * Mark `nodes` (in reading order, sections before their contents) with the flags in force,
 * starting from `initial`; returns the value at the end. A line the processing pass refuses
 * leaves the value as it was (such a configuration does not start anyway).
 */
export function markRegexDefaults(nodes: readonly ConfigNode[], initial: RegexDefaults = APACHE_REGEX_DEFAULTS): RegexDefaults {
  let current = initial;
  const visit = (list: readonly ConfigNode[]): void => {
    for (const node of list) {
      if (sameRegexDefaults(current, APACHE_REGEX_DEFAULTS)) delete node.regexDefaults;
      else node.regexDefaults = current;
      if (node.type === "section") {
        visit(node.children);
      } else if (node.key === "regexdefaultoptions") {
        const next = applyRegexDefaultOptions(current, regexDefaultOptionWords(node.rawArgs));
        if (!("error" in next)) current = next;
      }
    }
  };
  visit(nodes);
  return current;
}
