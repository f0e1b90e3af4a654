/**
 * The naive baseline: what typical npm rewrite middlewares do. Each rule is a JavaScript RegExp
 * tried in order against the path; the first match is substituted (`$n` back-references), `[R]`
 * answers a redirect, `[L]` stops, anything else goes on with the new path. No conditions, no
 * per-directory prefixes, no PCRE semantics, no bound on backtracking.
 */

/** One rule in `pattern substitution [flags]` form, as written in a RewriteRule line. */
export interface NaiveRule {
  regex: RegExp;
  substitution: string;
  redirect: number | null;
  last: boolean;
}

export interface NaiveAnswer {
  status: number;
  location: string | null;
  path: string;
}

/** Parse `RewriteRule PATTERN SUBST [FLAGS]` lines (quotes not supported, like most middlewares). */
export function compileNaive(lines: readonly string[]): NaiveRule[] {
  return lines.map((line) => {
    const [, pattern, substitution, flagText = ""] = /^RewriteRule\s+(\S+)\s+(\S+)(?:\s+\[([^\]]*)\])?/.exec(line) ?? [];
    if (pattern === undefined) throw new Error(`naive baseline cannot read: ${line}`);
    const flags = flagText.split(",").map((f) => f.trim().toUpperCase());
    const r = flags.find((f) => f === "R" || f.startsWith("R="));
    return {
      regex: new RegExp(pattern, flags.includes("NC") ? "i" : ""),
      substitution,
      redirect: r === undefined ? null : r === "R" ? 302 : Number(r.slice(2)),
      last: flags.includes("L") || r !== undefined,
    };
  });
}

/** Apply the rules to `path` in order. */
export function naiveDecide(rules: readonly NaiveRule[], path: string, host: string): NaiveAnswer {
  let current = path;
  for (const rule of rules) {
    const m = rule.regex.exec(current);
    if (m === null) continue;
    const out = rule.substitution === "-" ? current : rule.substitution.replace(/\$(\d)/g, (_, d: string) => m[Number(d)] ?? "");
    if (rule.redirect !== null) {
      return { status: rule.redirect, location: /^[a-z]+:\/\//i.test(out) ? out : `http://${host}${out}`, path: current };
    }
    current = out;
    if (rule.last) break;
  }
  return { status: 200, location: null, path: current };
}
