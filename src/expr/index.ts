/** ap_expr: parse once, evaluate per request through a host (src/expr/host.ts). */
export { ExprSyntaxError, type ExprNode, type ExprRegex, type ExprWord } from "./ast.js";
export { parseExpr } from "./parse.js";
export { evaluateExpr } from "./evaluate.js";
export type { Backrefs, ExprFileStat, ExprHost } from "./host.js";
export { ipMatch, wildcardMatch } from "./operators.js";
