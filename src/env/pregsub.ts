/**
 * ap_pregsub: `$0`–`$9` become the captured text (empty for a group that did not participate),
 * a backslash makes the next character literal. Used by SetEnvIf values and AliasMatch targets.
 */
export function pregsub(template: string, captures: ReadonlyArray<string | undefined>): string {
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    const next = template[i + 1];
    if (c === "$" && next !== undefined && next >= "0" && next <= "9") {
      out += captures[Number(next)] ?? "";
      i++;
    } else if (c === "\\" && next !== undefined) {
      out += next;
      i++;
    } else out += c;
  }
  return out;
}
