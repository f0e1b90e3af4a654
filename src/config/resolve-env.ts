/**
 * `${NAME}` substitution (httpd's ap_resolve_env), applied to every logical line before it is
 * split into words — so it also reaches inside quotes and into RewriteRule arguments.
 *
 * - A name is looked up first among the values given by `Define NAME VALUE`, then in the
 *   process environment (an empty value counts as defined).
 * - An unknown name leaves `${NAME}` in the text and logs the warning
 *   `AH00111: Config variable ${NAME} is not defined` — unless the name contains `:`, which is
 *   how RewriteRule map references `${map:key}` stay silent (measured with apache2 -t).
 * - `Define NAME` without a value defines NAME for <IfDefine> only; `${NAME}` stays unresolved.
 * - A `$` not followed by `{…}` is kept; a substituted value is never re-scanned.
 */

/** Looks a variable up; undefined when it has no value. */
export type VariableLookup = (name: string) => string | undefined;

export interface ResolveResult {
  text: string;
  /** Names that were not defined (and not silent), in order of appearance. */
  undefinedNames: string[];
  /** True when the result would reach `maxLength`; `text` is then incomplete. */
  overflow?: boolean;
}

export function resolveEnv(line: string, lookup: VariableLookup, maxLength = Infinity): ResolveResult {
  const undefinedNames: string[] = [];
  if (line.indexOf("$") === -1) return { text: line, undefinedNames };
  let out = "";
  let i = 0;
  for (;;) {
    const d = line.indexOf("$", i);
    if (d === -1) {
      out += line.slice(i);
      break;
    }
    out += line.slice(i, d);
    const close = line[d + 1] === "{" ? line.indexOf("}", d + 2) : -1;
    if (close === -1) {
      out += "$";
      i = d + 1;
      continue;
    }
    const name = line.slice(d + 2, close);
    const value = lookup(name);
    if (value !== undefined) {
      // Values that double each other (`Define B ${A}${A}`) grow without bound: stop first.
      if (out.length + value.length >= maxLength) return { text: out, undefinedNames, overflow: true };
      out += value;
    }
    else {
      if (name.indexOf(":") === -1) undefinedNames.push(name);
      out += line.slice(d, close + 1);
    }
    i = close + 1;
  }
  return { text: out, undefinedNames };
}
