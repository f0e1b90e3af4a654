/**
 * Consent to run programs. A configuration (or a conformance case, which carries one) can name
 * programs htrewrite would start: `RewriteMap NAME prg:…` and `WSGIDispatchScript` (run with
 * python3). Loading a file must not be enough to run code, so both need the caller's explicit
 * `allowExec` (CLI `--allow-exec`); without it the configuration is refused at load, naming the
 * directive and its file and line. Apache itself has no such switch — it trusts its own config.
 */
import { ConfigError } from "../config/errors.js";
import type { ConfigNode, DirectiveNode } from "../config/types.js";

/** The directive that would run a program, or null. */
function execDirective(d: DirectiveNode): string | null {
  if (d.key === "rewritemap" && /^prg:/i.test(d.args[1] ?? "")) return `RewriteMap ${d.args[0]} ${d.args[1]}`;
  if (d.key === "wsgidispatchscript") return "WSGIDispatchScript";
  return null;
}

/** The refusal for a directive (also used at request time for one met in an .htaccess file). */
export function execRefusal(what: string, file: string, line: number): string {
  return `${what} (${file}:${line}) runs a program; htrewrite runs programs from a configuration only when allowed (--allow-exec, library option allowExec: true)`;
}

/** Throw ConfigError HTR_EXEC_REFUSED at the first directive that would run a program. */
export function assertNoExec(nodes: readonly ConfigNode[]): void {
  const stack: ConfigNode[] = [...nodes].reverse();
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    if (n.type === "section") {
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
      continue;
    }
    const what = execDirective(n);
    if (what === null) continue;
    const line = n.pos.lastLine ?? n.pos.line;
    const detail = execRefusal(what, n.pos.file, line);
    throw new ConfigError("HTR_EXEC_REFUSED", detail, n.pos, "process", `htrewrite: ${detail}`);
  }
}
