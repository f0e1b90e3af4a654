/**
 * What mod_wsgi would find when it loads a WSGI script: htrewrite runs no Python, so it reads the
 * source. A file defines `callable` when a top-level `def`, `class`, assignment or import names
 * it; a file that reads as no Python at all (a line that is not blank, a comment or a statement,
 * such as an HTML page) fails to compile, which mod_wsgi answers with 500.
 */
export type ScriptVerdict = "defined" | "missing" | "invalid";

/** Decides from a script's source (latin1) whether it defines the callable. */
export type ScriptLoader = (source: string, callable: string) => ScriptVerdict;

export const pythonScriptLoader: ScriptLoader = (text, callable) => {
  const name = callable.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
  const defines = new RegExp(
    `^(?:def|class)\\s+${name}\\b|^${name}\\s*=|^from\\s.*\\simport\\s.*\\b${name}\\b|^import\\s+${name}\\b`,
    "m",
  ).test(text);
  if (defines) return "defined";
  return looksLikePython(text) ? "missing" : "invalid";
};

/** A rough Python check: every top-level line is blank, a comment, or starts like a statement. */
function looksLikePython(text: string): boolean {
  const statement = /^(?:[A-Za-z_][A-Za-z0-9_.]*\s*(?:[=(:[,]|\+=|-=|$)|(?:def|class|import|from|if|elif|else|for|while|try|except|finally|with|return|pass|raise|@|async|global|assert|del|print)\b|["'#)\]}])/;
  let inString = false;
  for (const line of text.split("\n")) {
    const triple = (line.match(/"""|'''/g) ?? []).length;
    if (inString) {
      if (triple % 2 === 1) inString = false;
      continue;
    }
    if (triple % 2 === 1) inString = true;
    if (line.trim() === "" || /^\s/.test(line)) continue;
    if (!statement.test(line)) return false;
  }
  return true;
}
