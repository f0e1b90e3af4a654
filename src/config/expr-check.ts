/**
 * Whether an ap_expr condition (`<If "…">`, `<ElseIf "…">`) parses. The expression language is
 * implemented by the rewrite layer; a surface that has it installs it with {@link setExprCheck}.
 * Without one, conditions are not checked (accepted), so nothing Apache accepts is refused.
 */
export type ExprCheck = (source: string, restricted: boolean) => string | null;

let check: ExprCheck | null = null;

/** Install the expression parser: it returns the parse error's text, or null when it parses. */
export function setExprCheck(fn: ExprCheck | null): void {
  check = fn;
}

/** The parse error of `source`, or null (also when no parser is installed). */
export function exprError(source: string, restricted: boolean): string | null {
  return check ? check(source, restricted) : null;
}
