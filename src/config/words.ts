/**
 * Core argument splitting (httpd's ap_getword_conf), the rule every directive except
 * RewriteRule/RewriteCond uses for its arguments and for the directive name itself.
 *
 * - Leading C whitespace is skipped; a word starting with `"` or `'` runs to the next unescaped
 *   same quote (or the end of the line: an unterminated quote is not an error). Inside it `\"`
 *   (resp. `\'`) and `\\` stand for the quote and the backslash; any other backslash is kept.
 *   The closing quote ends the word even when text follows directly (`"a"b` is two words).
 * - An unquoted word ends at whitespace; `\\` inside it still stands for one backslash.
 * - Whitespace after the word is skipped, so "is there more?" is `rest !== ""`.
 * (Measured: `DocumentRoot "/tmp/a\"b"` → `/tmp/a"b`; `DocumentRoot "/tmp/a"b` → takes one argument.)
 */
import { isCSpace } from "./lines.js";

/** A word and what remains of the line after it (leading whitespace already skipped). */
export interface Word {
  word: string;
  rest: string;
  /** Offset of the word's first byte (its quote, if quoted) in the input. */
  start: number;
}

/** Split one word off `line`. At the end of the line the word is "" and rest is "". */
export function getWordConf(line: string): Word {
  let i = 0;
  const n = line.length;
  while (i < n && isCSpace(line.charCodeAt(i))) i++;
  const start = i;
  if (i >= n) return { word: "", rest: "", start };
  const q = line[i];
  let word: string;
  let end: number;
  if (q === '"' || q === "'") {
    let j = i + 1;
    while (j < n && line[j] !== q) {
      if (line[j] === "\\" && j + 1 < n && (line[j + 1] === q || line[j + 1] === "\\")) j += 2;
      else j++;
    }
    word = unescapeWord(line.slice(i + 1, j), q);
    end = j < n ? j + 1 : j;
  } else {
    let j = i;
    while (j < n && !isCSpace(line.charCodeAt(j))) j++;
    word = unescapeWord(line.slice(i, j), "");
    end = j;
  }
  while (end < n && isCSpace(line.charCodeAt(end))) end++;
  return { word, rest: line.slice(end), start };
}

/** httpd's substring_conf: `\\` → `\`, and inside quotes `\<quote>` → `<quote>`. */
function unescapeWord(s: string, quote: string): string {
  if (s.indexOf("\\") === -1) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\\" && i + 1 < s.length && (s[i + 1] === "\\" || (quote !== "" && s[i + 1] === quote))) {
      out += s[++i];
    } else out += c;
  }
  return out;
}

/** All words of a line, the way TAKE_ARGV directives receive them (inner empty quoted words kept). */
export function splitWordsConf(line: string): string[] {
  const words: string[] = [];
  let rest = line;
  for (;;) {
    const w = getWordConf(rest);
    // httpd stops at an empty word with nothing after it, so a trailing "" is dropped.
    if (w.word === "" && w.rest === "") break;
    words.push(w.word);
    rest = w.rest;
  }
  return words;
}

/** Skip leading C whitespace (what httpd hands a RAW_ARGS directive). */
export function skipSpace(s: string): string {
  let i = 0;
  while (i < s.length && isCSpace(s.charCodeAt(i))) i++;
  return i === 0 ? s : s.slice(i);
}
