/**
 * ap_expr's syntax tree (util_expr_parse.y): words (strings, variables, function calls,
 * back-references) and conditions, as every module that evaluates an expression uses it —
 * <If>/<ElseIf>, `RewriteCond expr`, SetEnvIfExpr.
 */
import type { RegexRun } from "../regex/index.js";

/** A compiled `=~` pattern (the regex layer's CompiledRegex is one). */
export interface ExprRegex {
  exec(subject: string): (string | undefined)[] | null;
  /** The full outcome (a match-limit hit told apart), for the request's work budget. */
  run?(subject: string): RegexRun;
}


/** A parsed word (string-valued). */
export type ExprWord =
  | { type: "string"; parts: ExprWord[] }
  | { type: "text"; value: string }
  | { type: "var"; name: string }
  | { type: "func"; name: string; arg: ExprWord }
  | { type: "backref"; n: number }
  | { type: "concat"; parts: ExprWord[] };

/** A parsed boolean expression. */
export type ExprNode =
  | { type: "const"; value: boolean }
  | { type: "not"; arg: ExprNode }
  | { type: "and" | "or"; left: ExprNode; right: ExprNode }
  | { type: "cmp"; op: string; left: ExprWord; right: ExprWord }
  | { type: "match"; negate: boolean; word: ExprWord; regex: ExprRegex; source: string }
  | { type: "unary"; op: string; word: ExprWord }
  | { type: "in"; word: ExprWord; list: ExprWord[] };

/** Raised for expressions outside the supported subset or with syntax errors. */
export class ExprSyntaxError extends Error {}
