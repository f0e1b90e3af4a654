/**
 * Debian's /etc/apache2/envvars, read as apache2ctl reads it: apache2ctl sets APACHE_CONFDIR
 * (the directory of apache2.conf) as a shell variable, sources envvars, and starts apache2 with
 * the variables envvars exported — which is where `${APACHE_LOG_DIR}`, `${APACHE_RUN_USER}` …
 * in apache2.conf come from.
 *
 * envvars is a shell script; htrewrite does not run it but interprets the part of the shell
 * language such files use: assignments (`A=b`, `export A=b`, `export A`), `unset`,
 * `: ${A:=b}`, `if [ X = Y ]; then … else … fi` (also `!=`, `-z`, `-n`, `test`), quoting and
 * the expansions `$A`, `${A}`, `${A#p}`, `${A##p}`, `${A%p}`, `${A%%p}`, `${A:-w}`, `${A:=w}`,
 * `${A-w}`. A line outside that subset is skipped and reported, never executed.
 */

/** What reading envvars gave. */
export interface EnvvarsResult {
  /** The exported variables, to add to the server process's environment. */
  exported: Record<string, string>;
  /** Lines not understood (skipped), with their line numbers. */
  skipped: { line: number; text: string }[];
}

/**
 * Interpret `text` (the envvars file) with the shell variables `vars` set beforehand
 * (apache2ctl: APACHE_CONFDIR) and the inherited environment `env` (exported already).
 */
export function readEnvvars(
  text: string, vars: Readonly<Record<string, string>>, env: Readonly<Record<string, string | undefined>>,
): EnvvarsResult {
  const shell = new Map<string, string>();
  const exported = new Set<string>();
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined) {
      shell.set(k, v);
      exported.add(k);
    }
  }
  for (const [k, v] of Object.entries(vars)) shell.set(k, v);
  const skipped: EnvvarsResult["skipped"] = [];
  // One frame per open `if`: whether its commands run now, and whether a branch already ran.
  const frames: { active: boolean; taken: boolean; parentActive: boolean }[] = [];
  const active = (): boolean => frames.length === 0 || frames[frames.length - 1].active;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    for (const cmd of splitCommands(lines[i])) {
      const words = splitWords(cmd, shell);
      if (words === null) {
        if (active()) skipped.push({ line: i + 1, text: cmd });
        continue;
      }
      if (words.length === 0) continue;
      const [head, ...rest] = words;
      if (head.raw === "if" || head.raw === "elif") {
        const cond = rest.map((w) => w.value).filter((w, j, a) => !(w === "then" && j === a.length - 1));
        const result = testCommand(cond);
        if (head.raw === "if") {
          const parentActive = active();
          frames.push({ active: parentActive && result === true, taken: result === true, parentActive });
        } else if (frames.length) {
          const f = frames[frames.length - 1];
          f.active = f.parentActive && !f.taken && result === true;
          f.taken ||= result === true;
        }
        if (result === null && active()) skipped.push({ line: i + 1, text: cmd });
        continue;
      }
      if (head.raw === "then") continue;
      if (head.raw === "else") {
        const f = frames[frames.length - 1];
        if (f) {
          f.active = f.parentActive && !f.taken;
          f.taken = true;
        }
        continue;
      }
      if (head.raw === "fi") {
        frames.pop();
        continue;
      }
      if (!active()) continue;
      if (head.raw === ":") continue; // its ${A:=b} expansions already assigned
      if (head.raw === "unset") {
        for (const w of rest) {
          shell.delete(w.value);
          exported.delete(w.value);
        }
        continue;
      }
      const isExport = head.raw === "export";
      const assigns = isExport ? rest : words;
      let ok = true;
      for (const w of assigns) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(w.raw);
        if (m) {
          shell.set(m[1], w.value.slice(m[1].length + 1));
          if (isExport) exported.add(m[1]);
        } else if (isExport && /^[A-Za-z_][A-Za-z0-9_]*$/.test(w.raw)) {
          exported.add(w.raw);
        } else ok = false;
      }
      if (!ok) skipped.push({ line: i + 1, text: cmd });
    }
  }
  const out: Record<string, string> = {};
  for (const k of exported) {
    const v = shell.get(k);
    if (v !== undefined) out[k] = v;
  }
  return { exported: out, skipped };
}

/** `[ a = b ]`, `test -z a` …: true/false, or null when not understood. */
function testCommand(words: string[]): boolean | null {
  let w = words;
  if (w[0] === "[" && w[w.length - 1] === "]") w = w.slice(1, -1);
  else if (w[0] === "test") w = w.slice(1);
  else return null;
  let negate = false;
  if (w[0] === "!") {
    negate = true;
    w = w.slice(1);
  }
  let r: boolean | null = null;
  if (w.length === 3 && (w[1] === "=" || w[1] === "==")) r = w[0] === w[2];
  else if (w.length === 3 && w[1] === "!=") r = w[0] !== w[2];
  else if (w.length === 2 && w[0] === "-z") r = w[1] === "";
  else if (w.length === 2 && w[0] === "-n") r = w[1] !== "";
  else if (w.length === 1) r = w[0] !== "";
  return r === null ? null : negate ? !r : r;
}

/** The commands of a line: split at `;` outside quotes, comments dropped. */
function splitCommands(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      cur += c;
      if (c === quote) quote = "";
      else if (c === "\\" && quote === '"' && i + 1 < line.length) cur += line[++i];
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    if (c === "#" && (cur === "" || /\s$/.test(cur))) break;
    if (c === ";") {
      out.push(cur.trim());
      cur = "";
      continue;
    }
    cur += c;
  }
  if (cur.trim() !== "") out.push(cur.trim());
  return out.filter((c) => c !== "");
}

interface Word {
  /** As written (for keywords and `NAME=` detection). */
  raw: string;
  /** After quote removal and expansion. */
  value: string;
}

/** Split into words, expanding parameters; null when a construct is outside the subset. */
function splitWords(cmd: string, shell: Map<string, string>): Word[] | null {
  const words: Word[] = [];
  let i = 0;
  while (i < cmd.length) {
    while (i < cmd.length && /\s/.test(cmd[i])) i++;
    if (i >= cmd.length) break;
    let raw = "";
    let value = "";
    while (i < cmd.length && !/\s/.test(cmd[i])) {
      const c = cmd[i];
      if (c === "'") {
        const end = cmd.indexOf("'", i + 1);
        if (end === -1) return null;
        raw += cmd.slice(i, end + 1);
        value += cmd.slice(i + 1, end);
        i = end + 1;
      } else if (c === '"') {
        let j = i + 1;
        while (j < cmd.length && cmd[j] !== '"') {
          if (cmd[j] === "\\" && j + 1 < cmd.length) {
            value += cmd[j + 1];
            j += 2;
          } else if (cmd[j] === "$") {
            const e = expand(cmd, j, shell);
            if (!e) return null;
            value += e.value;
            j = e.end;
          } else value += cmd[j++];
        }
        if (j >= cmd.length) return null;
        raw += cmd.slice(i, j + 1);
        i = j + 1;
      } else if (c === "$") {
        const e = expand(cmd, i, shell);
        if (!e) return null;
        raw += cmd.slice(i, e.end);
        value += e.value;
        i = e.end;
      } else if (c === "`" || c === "(" || c === ")" || c === "|" || c === "&" || c === "<" || c === ">") {
        return null;
      } else if (c === "\\" && i + 1 < cmd.length) {
        raw += cmd.slice(i, i + 2);
        value += cmd[i + 1];
        i += 2;
      } else {
        raw += c;
        value += c;
        i++;
      }
    }
    words.push({ raw, value });
  }
  return words;
}

/** `$NAME` or `${NAME[op word]}` at `at`; null for forms outside the subset ($(…), $1 …). */
function expand(s: string, at: number, shell: Map<string, string>): { value: string; end: number } | null {
  if (s[at + 1] !== "{") {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(at + 1));
    if (!m) return null;
    return { value: shell.get(m[0]) ?? "", end: at + 1 + m[0].length };
  }
  const close = s.indexOf("}", at + 2);
  if (close === -1) return null;
  const body = s.slice(at + 2, close);
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(##|#|%%|%|:-|:=|-|=)(.*))?$/.exec(body);
  if (!m) return null;
  const [, name, op, rawWord = ""] = m;
  const word = expandPlain(rawWord, shell);
  if (word === null) return null;
  const v = shell.get(name);
  let value: string;
  switch (op) {
    case undefined: value = v ?? ""; break;
    case ":-": value = v === undefined || v === "" ? word : v; break;
    case "-": value = v === undefined ? word : v; break;
    case ":=":
    case "=":
      if (v === undefined || (op === ":=" && v === "")) {
        shell.set(name, word);
        value = word;
      } else value = v;
      break;
    default: value = strip(v ?? "", op, word);
  }
  return { value, end: close + 1 };
}

/** The word of `${A op word}`: quotes removed, parameters expanded. */
function expandPlain(w: string, shell: Map<string, string>): string | null {
  const words = splitWords(w.replace(/\s/g, "\\ "), shell);
  if (words === null) return null;
  return words.map((x) => x.value).join("");
}

/** `#`/`##` remove the shortest/longest matching prefix, `%`/`%%` the suffix (glob `*`, `?`). */
function strip(v: string, op: string, pattern: string): string {
  const re = new RegExp("^" + pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^]*").replace(/\?/g, "[^]") + "$");
  const lens = Array.from({ length: v.length + 1 }, (_, i) => i);
  if (op === "#" || op === "##") {
    for (const n of op === "#" ? lens : lens.reverse()) if (re.test(v.slice(0, n))) return v.slice(n);
  } else {
    for (const n of op === "%" ? lens : lens.reverse()) if (re.test(v.slice(v.length - n))) return v.slice(0, v.length - n);
  }
  return v;
}
