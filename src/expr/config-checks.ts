/**
 * The checks every engine load gives the configuration layer (config/checks.ts): section and
 * directive regexes compile with the real PCRE2, <If> conditions parse with the ap_expr parser.
 * Constructs the parser does not support are not held against a configuration (Apache accepts
 * them; htrewrite reports them where it evaluates them).
 */
import type { ConfigChecks } from "../config/checks.js";
import { compileRegex } from "../regex/index.js";
import { HtrError } from "../util/errors.js";
import { ExprSyntaxError } from "./ast.js";
import { parseExpr } from "./parse.js";

export const ENGINE_CONFIG_CHECKS: ConfigChecks = {
  regexCompiles(pattern, nocase) {
    try {
      compileRegex(pattern, { nocase });
      return true;
    } catch (e) {
      if (e instanceof HtrError) return false;
      throw e;
    }
  },
  exprError(source, restricted) {
    try {
      parseExpr(source, restricted);
      return null;
    } catch (e) {
      if (!(e instanceof ExprSyntaxError)) throw e;
      return /not supported by htrewrite/.test(e.message) ? null : e.message;
    }
  },
};
