/**
 * Apache mod_log_config `LogFormat` strings turned into access-log line parsers.
 *
 * A format is a sequence of literals and `%` directives (`%h`, `%>s`, `%{Referer}i`, `%400,501{X}i`
 * …). A line is split by walking the format: each directive takes the text up to the literal that
 * follows it. Three directive shapes need care because of what Apache writes:
 *   - `%t` is `[day/mon/year:hh:mm:ss zone]`, brackets included, so it ends at the first `]`;
 *   - a directive inside double quotes (`"%r"`, `"%{User-agent}i"`) may hold `\"`: mod_log_config
 *     escapes `"`, `\` and non-printable bytes (ap_escape_logitem), so a quote preceded by an
 *     unescaped backslash does not end the field;
 *   - the last directive takes the rest of the line.
 * Values are unescaped back to bytes (`\xhh`, `\"`, `\\`, `\n` …), one character per byte.
 */

/** One field a format logs. `key` names it independently of modifiers (`>s` → `s`, `{Host}i` → `i:host`). */
export interface LogField {
  key: string;
  /** The directive as written, for messages. */
  directive: string;
}

type Token = { literal: string } | { field: LogField; quoted: boolean; time: boolean };

/** A compiled format: `parse` returns field values by index, or an error saying where it broke. */
export interface LogLineParser {
  readonly format: string;
  readonly fields: readonly LogField[];
  /** Index of a field key, -1 when the format does not log it. */
  indexOf(key: string): number;
  parse(line: string): { values: string[] } | { error: string };
}

/** The formats Apache's default configuration names (Debian's apache2.conf). */
export const PRESET_FORMATS: Readonly<Record<string, string>> = {
  common: '%h %l %u %t "%r" %>s %O',
  combined: '%h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"',
  vhost_combined: '%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"',
  referer: '%{Referer}i -> %U',
  agent: "%{User-agent}i",
};

/** Parse the C-style escapes of a LogFormat string itself (`\"`, `\n`, `\t`), as mod_log_config does. */
function formatLiteral(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : c));
}

/** Compile a LogFormat string. Throws Error naming the offending directive. */
export function compileLogFormat(format: string): LogLineParser {
  const tokens: Token[] = [];
  let lit = "";
  let i = 0;
  const pushLit = () => {
    if (lit) tokens.push({ literal: formatLiteral(lit) });
    lit = "";
  };
  while (i < format.length) {
    const c = format[i];
    if (c !== "%") {
      lit += c;
      i++;
      continue;
    }
    const start = i++;
    if (format[i] === "%") {
      lit += "%";
      i++;
      continue;
    }
    // Conditions (`!400,501`) and redirect selectors (`<`, `>`) change which value is logged, not its shape.
    while (i < format.length && /[!<>0-9,]/.test(format[i])) i++;
    let arg: string | null = null;
    if (format[i] === "{") {
      const close = format.indexOf("}", i);
      if (close < 0) throw new Error(`LogFormat: unterminated %{ in '${format}' at offset ${start}`);
      arg = format.slice(i + 1, close);
      i = close + 1;
    }
    const letter = format[i++];
    if (letter === undefined || !/[a-zA-Z^]/.test(letter)) throw new Error(`LogFormat: bad directive '${format.slice(start, i)}' in '${format}'`);
    let name = letter;
    if (letter === "^") {
      name = format.slice(i - 1, i + 2);
      i += 2;
    }
    pushLit();
    const key = arg !== null && /^[ioneCcx]$/.test(name) ? `${name}:${arg.toLowerCase()}` : arg !== null ? `${name}:${arg}` : name;
    const prev = tokens[tokens.length - 1];
    const quoted = prev !== undefined && "literal" in prev && prev.literal.endsWith('"') && format[i] === '"';
    tokens.push({ field: { key, directive: format.slice(start, i) }, quoted, time: name === "t" && arg === null });
  }
  pushLit();
  const fields = tokens.flatMap((t) => ("field" in t ? [t.field] : []));
  const index = new Map<string, number>();
  fields.forEach((f, n) => {
    if (!index.has(f.key)) index.set(f.key, n);
  });
  return {
    format,
    fields,
    indexOf: (key) => index.get(key) ?? -1,
    parse: compileSteps(tokens),
  };
}

/** How a step finds its end: a literal to match, or a field ended by time brackets, the line end, a quoted or a plain delimiter. */
const enum Kind { Literal, Time, Rest, Quoted, Plain }

interface Step {
  kind: Kind;
  /** The literal (Literal) or the delimiter that ends the field (Quoted, Plain). */
  text: string;
  directive: string;
}

/** The tokens flattened into steps with each field's delimiter resolved once, not per line. */
function compileSteps(tokens: readonly Token[]): (line: string) => { values: string[] } | { error: string } {
  const steps: Step[] = tokens.map((tok, t) => {
    if ("literal" in tok) return { kind: Kind.Literal, text: tok.literal, directive: "" };
    const next = tokens[t + 1];
    const delim = next !== undefined && "literal" in next ? next.literal : null;
    const kind = tok.time ? Kind.Time : delim === null ? Kind.Rest : tok.quoted ? Kind.Quoted : Kind.Plain;
    return { kind, text: delim ?? "", directive: tok.field.directive };
  });
  return (line) => parseWith(steps, line);
}

function parseWith(steps: readonly Step[], line: string): { values: string[] } | { error: string } {
  const values: string[] = [];
  let pos = 0;
  for (let t = 0; t < steps.length; t++) {
    const tok = steps[t];
    const kind = tok.kind;
    if (kind === Kind.Literal) {
      if (!line.startsWith(tok.text, pos)) return { error: `expected '${tok.text}' at column ${pos + 1}` };
      pos += tok.text.length;
      continue;
    }
    const delim = tok.text;
    let end: number;
    if (kind === Kind.Time) {
      if (line.charCodeAt(pos) !== 0x5b) return { error: `expected '[' of ${tok.directive} at column ${pos + 1}` };
      end = line.indexOf("]", pos);
      if (end < 0) return { error: `unterminated ${tok.directive} at column ${pos + 1}` };
      end++;
    } else if (kind === Kind.Rest) {
      end = line.length;
    } else if (kind === Kind.Quoted) {
      end = pos;
      for (;;) {
        const q = line.indexOf(delim, end);
        if (q < 0) return { error: `unterminated quoted ${tok.directive} at column ${pos + 1}` };
        let bs = 0;
        for (let k = q - 1; k >= pos && line.charCodeAt(k) === 0x5c; k--) bs++;
        if (bs % 2 === 0) {
          end = q;
          break;
        }
        end = q + 1;
      }
    } else {
      end = line.indexOf(delim, pos);
      if (end < 0) return { error: `no '${delim}' after ${tok.directive} at column ${pos + 1}` };
    }
    const raw = line.slice(pos, end);
    values.push(raw.includes("\\") ? unescapeLogItem(raw) : raw);
    pos = end;
  }
  if (pos !== line.length) return { error: `unexpected text at column ${pos + 1}` };
  return { values };
}

/** Undo ap_escape_logitem: `\xhh` → byte, `\"` `\\` → the character, `\n \r \t \b \v \f` → controls. */
export function unescapeLogItem(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
    if (e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
    switch (e) {
      case "n": return "\n";
      case "r": return "\r";
      case "t": return "\t";
      case "b": return "\b";
      case "v": return "\v";
      case "f": return "\f";
      default: return e;
    }
  });
}
