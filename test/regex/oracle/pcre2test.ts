/**
 * Drive Debian's pcre2test (PCRE2 10.42, 8-bit — the library Apache links) as the oracle.
 *
 * Patterns go in as hex (so any byte, newline or delimiter is safe), with Apache's options
 * dotall, dollar_endonly, dupnames (+ caseless); subjects go in with every byte escaped as
 * \x{hh}. pcre2test prints captured text with printable ASCII raw and other bytes as \xhh;
 * since a capture is always a substring of the subject, the one decoding that is a substring
 * is the answer (an ambiguous capture is reported as such and not used).
 */
import { execFileSync } from "node:child_process";

export type OracleAnswer =
  | { kind: "match"; groups: (string | null)[]; matchLimit?: number }
  | { kind: "nomatch"; matchLimit?: number }
  | { kind: "limit"; error: string }
  | { kind: "error"; message: string; offset: number }
  | { kind: "ambiguous"; line: string };

export interface OracleQuery {
  pattern: string;
  nocase: boolean;
  subjects: string[];
  /** RegexDefaultOptions' DOTALL and DOLLAR_ENDONLY; both default to Apache's (on). */
  dotall?: boolean;
  dollarEndOnly?: boolean;
}

export interface OracleOptions {
  /** Also measure the smallest match limit each subject needs (pcre2test find_limits). */
  findLimits?: boolean;
}

const hex = (s: string): string =>
  Array.from(s, (c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join(" ");
// \xhh is one byte even for a (*UTF) pattern (\x{hh} would be the UTF-8 encoding of U+00hh),
// so invalid UTF-8 subjects reach the library as the bytes Apache would pass.
const escapeSubject = (s: string): string =>
  s === "" ? "\\" : Array.from(s, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join("");

/** A code point as its UTF-8 bytes (one code unit per byte). */
const utf8Bytes = (cp: number): string => Buffer.from(String.fromCodePoint(cp), "utf8").toString("latin1");

/** Every byte string whose pcre2test rendering is `text`. */
function decodings(text: string): string[] {
  let out = [""];
  let i = 0;
  while (i < text.length) {
    // In UTF mode pcre2test prints characters above 0x7f as \x{h…}: their UTF-8 bytes — or,
    // for a lone byte \C split off a character, that byte.
    const wide = /^\\x\{([0-9a-f]+)\}/.exec(text.slice(i));
    if (wide) {
      const cp = parseInt(wide[1], 16);
      const literal = wide[0];
      const next: string[] = [];
      for (const o of out) {
        if (cp <= 0x10ffff) next.push(o + utf8Bytes(cp));
        if (cp <= 0xff) next.push(o + String.fromCharCode(cp));
        next.push(o + literal);
      }
      out = next.slice(0, 64);
      i += wide[0].length;
      continue;
    }
    const m = /^\\x([0-9a-f]{2})/.exec(text.slice(i));
    if (m) {
      const asByte = String.fromCharCode(parseInt(m[1], 16));
      const literal = text.slice(i, i + 4);
      const next: string[] = [];
      for (const o of out) {
        next.push(o + asByte);
        if (/^[\x20-\x7e]{4}$/.test(literal)) next.push(o + literal);
      }
      out = next.slice(0, 64);
      i += 4;
    } else {
      out = out.map((o) => o + text[i]);
      i++;
    }
  }
  return out;
}

const FAILED_COMPILE = /^Failed: error (-?\d+) at offset (\d+): (.*)$/;
const FAILED_MATCH = /^Failed: error (-\d+): (.*)$/;
const GROUP = /^ ?(\d+): (.*)$/;

const LIMIT_NAMES: Record<string, string> = {
  "-47": "PCRE2_ERROR_MATCHLIMIT",
  "-48": "PCRE2_ERROR_NOMEMORY",
  "-53": "PCRE2_ERROR_DEPTHLIMIT",
  "-63": "PCRE2_ERROR_HEAPLIMIT",
};

/**
 * Ask pcre2test. Returns, per query, either one compile error or one answer per subject.
 */
export function askPcre2test(queries: OracleQuery[], options: OracleOptions = {}): OracleAnswer[][] {
  const suffix = options.findLimits ? "\\=find_limits" : "";
  const lines: string[] = [];
  const patternLines: string[] = [];
  for (const q of queries) {
    const mods = ["hex", "dupnames", "allcaptures"];
    if (q.dotall !== false) mods.push("dotall");
    if (q.dollarEndOnly !== false) mods.push("dollar_endonly");
    if (q.nocase) mods.push("caseless");
    const pl = q.pattern === "" ? `//${mods.filter((m) => m !== "hex").join(",")}` : `/${hex(q.pattern)}/${mods.join(",")}`;
    patternLines.push(pl);
    lines.push(pl, ...q.subjects.map((s) => escapeSubject(s) + suffix), "");
  }
  const output = execFileSync("pcre2test", ["-q", "-"], {
    input: lines.join("\n") + "\n",
    encoding: "latin1",
    maxBuffer: 1 << 30,
  }).split("\n");

  const answers: OracleAnswer[][] = [];
  let o = 0;
  for (let qi = 0; qi < queries.length; qi++) {
    const q = queries[qi];
    while (o < output.length && output[o] !== patternLines[qi]) o++;
    if (o >= output.length) throw new Error(`pcre2test output lost at pattern ${JSON.stringify(q.pattern)}`);
    o++;
    const failed = FAILED_COMPILE.exec(output[o] ?? "");
    if (failed) {
      answers.push([{ kind: "error", message: failed[3], offset: Number(failed[2]) }]);
      continue;
    }
    const perSubject: OracleAnswer[] = [];
    for (const subject of q.subjects) {
      const echo = escapeSubject(subject) + suffix;
      while (o < output.length && output[o] !== echo) o++;
      o++;
      const groups: (string | null)[] = [];
      let answer: OracleAnswer | undefined;
      let matchLimit: number | undefined;
      for (; o < output.length; o++) {
        const line = output[o];
        const limit = /^Minimum match limit = (\d+)$/.exec(line);
        if (limit) {
          matchLimit = Number(limit[1]);
          continue;
        }
        if (/^Minimum (heap|depth) limit = \d+$/.test(line)) continue;
        if (line === "No match") {
          answer = { kind: "nomatch", matchLimit };
          o++;
          break;
        }
        const fm = FAILED_MATCH.exec(line);
        if (fm) {
          answer = { kind: "limit", error: LIMIT_NAMES[fm[1]] ?? `PCRE2 error ${fm[1]}` };
          o++;
          break;
        }
        const g = GROUP.exec(line);
        if (g && Number(g[1]) === groups.length) {
          if (g[2] === "<unset>") groups.push(null);
          else {
            const fits = [...new Set(decodings(g[2]))].filter((d) => subject.includes(d));
            if (fits.length !== 1) {
              answer = { kind: "ambiguous", line };
              groups.push(null);
            } else groups.push(fits[0]);
          }
          continue;
        }
        if (groups.length > 0 && (line === "" || line === echo || !/^(MK|--->| {2}\+|C)/.test(line))) break;
      }
      if (!answer) answer = { kind: "match", groups, matchLimit };
      perSubject.push(answer);
    }
    answers.push(perSubject);
  }
  return answers;
}
