/**
 * The subset of PCRE syntax the V8 fast path understands, as a tree. Every character class is
 * already a byte set, every literal a byte, caseless-ness resolved per literal: the tree means
 * exactly one thing, independent of any engine's flags.
 */
import type { ByteSet } from "./byte-set.js";

export type Node =
  | { type: "empty" }
  | { type: "char"; code: number; caseless: boolean }
  | { type: "set"; bytes: ByteSet }
  | { type: "seq"; items: Node[] }
  | { type: "alt"; branches: Node[] }
  /** capture: group number (1-based), or null for (?:…). */
  | { type: "group"; capture: number | null; body: Node }
  | { type: "look"; behind: boolean; negate: boolean; body: Node }
  | { type: "repeat"; min: number; max: number; lazy: boolean; body: Node }
  /** start: ^ \A \G; end: $ \z (DOLLAR_ENDONLY); endOrNewline: \Z; word / notWord: \b \B. */
  | { type: "assert"; kind: "start" | "end" | "endOrNewline" | "word" | "notWord" }
  /** caseless: PCRE would compare the reference caselessly. */
  | { type: "backref"; group: number; caseless: boolean };

/** A parsed pattern. */
export interface ParsedPattern {
  root: Node;
  captureCount: number;
}
