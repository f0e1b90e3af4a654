/**
 * Wildcards of Include/IncludeOptional, as APR's apr_fnmatch with APR_FNM_PERIOD: `*` and `?`
 * never match `/`, a leading `.` must be matched literally, `[...]` classes (`!` or `^` negate),
 * `\x` escapes x.
 */

/** apr_fnmatch_test: does the text contain an unescaped wildcard? */
export function hasWildcard(s: string): boolean {
  let bracket = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "?" || c === "*") return true;
    if (c === "[") bracket = true;
    else if (c === "]" && bracket) return true;
  }
  return false;
}

const cache = new Map<string, RegExp>();

/** Does the file name `name` match the pattern (one path segment)? */
export function fnmatch(pattern: string, name: string): boolean {
  let re = cache.get(pattern);
  if (!re) {
    try {
      re = new RegExp("^" + translate(pattern) + "$", "s");
    } catch {
      re = /(?!)/; // a class APR would reject as malformed (`[z-a]`) matches nothing
    }
    cache.set(pattern, re);
  }
  if (name.startsWith(".") && !pattern.startsWith(".")) return false;
  return re.test(name);
}

function escapeRe(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? "\\" + c : c;
}

function translate(p: string): string {
  let out = "";
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "\\" && i + 1 < p.length) out += escapeRe(p[++i]);
    else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const close = p.indexOf("]", i + 2);
      if (close === -1) {
        out += "\\[";
        continue;
      }
      let body = p.slice(i + 1, close);
      let neg = false;
      if (body.startsWith("!") || body.startsWith("^")) {
        neg = true;
        body = body.slice(1);
      }
      let cls = "";
      for (let j = 0; j < body.length; j++) {
        const b = body[j];
        if (b === "\\" && j + 1 < body.length) cls += escapeRe(body[++j]);
        else if (b === "-" && j > 0 && j < body.length - 1) cls += "-";
        else cls += escapeRe(b);
      }
      out += (neg ? "[^/" : "[") + cls + "]";
      i = close;
    } else out += escapeRe(c);
  }
  return out;
}
