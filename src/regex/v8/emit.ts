/**
 * Write a tree (ast.ts) as JavaScript RegExp source for flags "" (no i, m, s or u). Every byte
 * is written as an escape or an explicit class, so the source means the same whatever V8's
 * defaults for case, dot or whitespace; subjects are Latin-1 strings (one unit per byte).
 */
import type { Node } from "./ast.js";
import type { ByteSet } from "./byte-set.js";

const hex2 = (c: number): string => "\\x" + c.toString(16).padStart(2, "0");

function byteLiteral(c: number): string {
  return /[0-9A-Za-z]/.test(String.fromCharCode(c)) ? String.fromCharCode(c) : hex2(c);
}

function setSource(bytes: ByteSet): string {
  const size = bytes.size();
  if (size === 256) return "[^]";
  if (size === 0) return "[]";
  if (size === 1) return byteLiteral(bytes.ranges()[0][0]);
  const body = bytes
    .ranges()
    .map(([lo, hi]) => (lo === hi ? hex2(lo) : hi === lo + 1 ? hex2(lo) + hex2(hi) : `${hex2(lo)}-${hex2(hi)}`))
    .join("");
  return `[${body}]`;
}

/** Source that is a single quantifiable atom. */
function atom(node: Node): string {
  const s = emit(node);
  if (node.type === "char" || node.type === "set" || node.type === "group" || node.type === "backref") return s;
  return `(?:${s})`;
}

export function emit(node: Node): string {
  switch (node.type) {
    case "empty":
      return "";
    case "char": {
      if (!node.caseless) return byteLiteral(node.code);
      const lower = String.fromCharCode(node.code).toLowerCase();
      return `[${lower}${lower.toUpperCase()}]`;
    }
    case "set":
      return setSource(node.bytes);
    case "seq":
      return node.items.map(emit).join("");
    case "alt":
      return `(?:${node.branches.map(emit).join("|")})`;
    case "group":
      return node.capture === null ? `(?:${emit(node.body)})` : `(${emit(node.body)})`;
    case "look":
      return `(?${node.behind ? "<" : ""}${node.negate ? "!" : "="}${emit(node.body)})`;
    case "repeat": {
      const q =
        node.min === 0 && node.max === Infinity
          ? "*"
          : node.min === 1 && node.max === Infinity
            ? "+"
            : node.min === 0 && node.max === 1
              ? "?"
              : node.max === Infinity
                ? `{${node.min},}`
                : node.min === node.max
                  ? `{${node.min}}`
                  : `{${node.min},${node.max}}`;
      return atom(node.body) + q + (node.lazy ? "?" : "");
    }
    case "assert":
      switch (node.kind) {
        case "start":
          return "^";
        case "end":
          return "$";
        case "endOrNewline":
          return "(?=\\n?$)";
        case "word":
          return "\\b";
        case "notWord":
          return "\\B";
      }
      break;
    case "backref":
      return `(?:\\${node.group})`;
  }
  throw new Error("unreachable");
}
