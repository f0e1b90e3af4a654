/**
 * RewriteCond: pattern-type detection at compile time (cmd_rewritecond) and evaluation
 * (apply_rewrite_cond), spec §2.3, §7.3, §7.4.
 */
import { execCharged } from "./budget.js";
import type { ByteString } from "../util/bytes.js";
import { asciiLower } from "../util/bytes.js";
import { trace } from "./context.js";
import type { RewriteContext } from "./context.js";
import { expandPlain } from "./expand.js";
import { evaluateExpr } from "../expr/index.js";
import { rewriteExprHost } from "./expr-host.js";
import type { FileStat } from "./host.js";
import type { CompiledCondition, ConditionKind } from "./types.js";
import { subrequestAllowed } from "./variables.js";
import { requestTag, stepPos } from "./trace.js";

/** C atoi: leading whitespace, optional sign, digits up to the first non-digit; nothing → 0. */
export function atoi(s: string): number {
  let i = 0;
  while (i < s.length && (s[i] === " " || (s[i] >= "\t" && s[i] <= "\r"))) i++;
  let sign = 1;
  if (s[i] === "+" || s[i] === "-") {
    if (s[i] === "-") sign = -1;
    i++;
  }
  let n = 0;
  while (i < s.length && s[i] >= "0" && s[i] <= "9") {
    n = n * 10 + (s.charCodeAt(i) - 48);
    i++;
  }
  // int overflow is undefined in C; clamp to 32 bits as glibc's strtol-based atoi effectively does.
  return Math.max(-2147483648, Math.min(2147483647, sign * n));
}

/** compare_lexicography: a longer string is greater; equal lengths compare bytes. */
export function compareLexicography(a: ByteString, b: ByteString): number {
  if (a.length !== b.length) return a.length > b.length ? 1 : -1;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x > y ? 1 : -1;
  }
  return 0;
}

/** strcasecmp in the C locale, reduced to its sign. */
export function strcasecmp(a: ByteString, b: ByteString): number {
  const x = asciiLower(a);
  const y = asciiLower(b);
  const len = Math.min(x.length, y.length);
  for (let i = 0; i < len; i++) {
    const d = x.charCodeAt(i) - y.charCodeAt(i);
    if (d !== 0) return d > 0 ? 1 : -1;
  }
  return x.length === y.length ? 0 : x.length > y.length ? 1 : -1;
}

/** The detected kind of a CondPattern and its operand (after `!` and operator). */
export interface DetectedPattern {
  kind: ConditionKind;
  operand: string;
  negate: boolean;
}

const FILE_TESTS: Readonly<Record<string, ConditionKind>> = {
  f: "file-exists",
  s: "file-size",
  d: "file-dir",
  x: "file-xbit",
  h: "file-link",
  L: "file-link",
  l: "file-link",
  U: "lookup-url",
  F: "lookup-file",
};

const INT_OPS: Readonly<Record<string, ConditionKind>> = {
  lt: "int-lt",
  le: "int-le",
  gt: "int-gt",
  ge: "int-ge",
  eq: "int-eq",
  ne: "int-eq",
};

/**
 * Detect the pattern type as cmd_rewritecond does: `!` first; then, only for patterns of at least
 * two bytes, `-X` file tests (exactly two bytes), `-op` integer tests (at least four bytes,
 * lower-case operators; `-ne` is a negated `-eq`), `<`, `<=`, `>`, `>=`, `=` (`=""` means the
 * empty string). Everything else is a regex. A TestString of `expr` makes it an ap_expr.
 */
export function detectPattern(testString: string, pattern: string): DetectedPattern {
  let negate = false;
  let p = pattern;
  if (p[0] === "!") {
    negate = true;
    p = p.slice(1);
  }
  if (testString.toLowerCase() === "expr") return { kind: "expr", operand: p, negate };
  if (p.length >= 2) {
    if (p[0] === "-") {
      if (p.length === 2) {
        const k = FILE_TESTS[p[1]];
        if (k !== undefined) return { kind: k, operand: "", negate };
      } else if (p.length >= 4) {
        const k = INT_OPS[p.slice(1, 3)];
        if (k !== undefined) {
          return { kind: k, operand: p.slice(3), negate: p.slice(1, 3) === "ne" ? !negate : negate };
        }
      }
    } else if (p[0] === ">" || p[0] === "<") {
      const orEqual = p[1] === "=";
      const kind: ConditionKind =
        p[0] === ">" ? (orEqual ? "str-ge" : "str-gt") : orEqual ? "str-le" : "str-lt";
      return { kind, operand: p.slice(orEqual ? 2 : 1), negate };
    } else if (p[0] === "=") {
      const rest = p.slice(1);
      return { kind: "str-eq", operand: rest === '""' ? "" : rest, negate };
    }
  }
  return { kind: "regex", operand: p, negate };
}

/** Kinds for which [NC] means something (regex and the string comparisons). */
export function supportsNocase(kind: ConditionKind): boolean {
  return kind === "regex" || kind.startsWith("str-");
}

/**
 * stat() as POSIX answers it: a path with a trailing slash names a directory, so `file/` fails
 * with ENOTDIR (pinned by a fuzzing case: per-dir `-s` on `x.html/` is not-matched).
 */
export function posixStat(ctx: RewriteContext, path: ByteString): FileStat | null {
  const st = ctx.server.stat(path);
  if (st !== null && path.length > 1 && path.endsWith("/") && st.type !== "dir") return null;
  return st;
}

function statTest(ctx: RewriteContext, kind: ConditionKind, input: ByteString): boolean {
  if (kind === "file-link") return ctx.server.lstat(input)?.type === "symlink";
  const st = posixStat(ctx, input);
  if (st === null) return false;
  switch (kind) {
    case "file-exists":
      return st.type === "file";
    case "file-size":
      return st.type === "file" && st.size > 0;
    case "file-dir":
      return st.type === "dir";
    case "file-xbit":
      return (st.mode & 0o111) !== 0;
    default:
      return false;
  }
}

/** Evaluate one condition; updates `%N` (ctx.condRefs) on a successful non-negated match. */
export function evaluateCondition(cond: CompiledCondition, ctx: RewriteContext): boolean {
  const input = cond.kind === "expr" ? null : expandPlain(cond.testString, ctx);
  let rc = false;
  const s = input ?? "";
  switch (cond.kind) {
    case "file-exists":
    case "file-size":
    case "file-link":
    case "file-dir":
    case "file-xbit":
      rc = statTest(ctx, cond.kind, s);
      break;
    case "lookup-url":
      if (s !== "" && subrequestAllowed(ctx.req)) {
        const sub = ctx.server.subrequestUri(ctx.req, s);
        rc = sub.status < 400;
        trace(ctx, 5, null, `RewriteCond URI (-U check: path=${s} -> status=${sub.status}`);
      }
      break;
    case "lookup-file":
      if (s !== "" && subrequestAllowed(ctx.req)) {
        const sub = ctx.server.subrequestFile(ctx.req, s);
        // The default status of a file sub-request is 200, so the file must really exist.
        rc = sub.status < 300 && sub.filename !== null && posixStat(ctx, sub.filename) !== null;
        trace(ctx, 5, null, `RewriteCond file (-F check: path=${s} -> file=${sub.filename ?? "(null)"} status=${sub.status}`);
      }
      break;
    case "str-gt":
    case "str-ge": {
      const c = cond.nocase ? strcasecmp(s, cond.operand) : compareLexicography(s, cond.operand);
      rc = c >= (cond.kind === "str-gt" ? 1 : 0);
      break;
    }
    case "str-lt":
    case "str-le": {
      const c = cond.nocase ? strcasecmp(s, cond.operand) : compareLexicography(s, cond.operand);
      rc = c <= (cond.kind === "str-lt" ? -1 : 0);
      break;
    }
    case "str-eq":
      rc = cond.nocase ? strcasecmp(s, cond.operand) === 0 : s === cond.operand;
      break;
    case "int-lt":
      rc = atoi(s) < atoi(cond.operand);
      break;
    case "int-le":
      rc = atoi(s) <= atoi(cond.operand);
      break;
    case "int-eq":
      rc = atoi(s) === atoi(cond.operand);
      break;
    case "int-gt":
      rc = atoi(s) > atoi(cond.operand);
      break;
    case "int-ge":
      rc = atoi(s) >= atoi(cond.operand);
      break;
    case "expr": {
      const result = cond.expr === null ? { ok: false, error: "no expression", refs: null } : evaluateExpr(cond.expr, rewriteExprHost(ctx));
      if (result.error === null && ctx.tracer !== null && cond.pos !== null) {
        // ap_expr logs its own verdict (un-negated), without mod_rewrite's request tag.
        ctx.tracer.trace({
          level: 4,
          tag: null,
          perdir: null,
          message: `Evaluation of expression from ${cond.pos.file}:${cond.pos.line} gave: ${result.ok ? 1 : 0}`,
        });
      }
      if (result.error !== null) {
        trace(ctx, 1, ctx.perdir, `RewriteCond: expr='${cond.patternText}' evaluation failed: ${result.error}`);
        rc = false;
      } else rc = result.ok;
      if (rc && !cond.negate && result.refs !== null) ctx.condRefs = result.refs;
      break;
    }
    case "regex": {
      const m = cond.regex === null ? null : execCharged(cond.regex, s, ctx.req.pool.budget, "RewriteCond", cond.patternText);
      rc = m !== null;
      if (rc && !cond.negate && m !== null) ctx.condRefs = m;
      break;
    }
  }
  if (cond.negate) rc = !rc;
  if (ctx.tracer?.step) {
    ctx.tracer.step({
      type: "cond", tag: requestTag(ctx.req), perdir: ctx.perdir, pos: stepPos(cond.pos), pattern: cond.patternText,
      input: input ?? null, matched: rc, ornext: cond.ornext, captures: rc && ctx.condRefs !== null && cond.kind === "regex" ? ctx.condRefs.map((g) => g ?? null) : [],
    });
  }
  if (ctx.tracer) {
    trace(
      ctx,
      4,
      ctx.perdir,
      `RewriteCond: input='${input ?? "(null)"}' pattern='${cond.patternText}'${cond.nocase ? " [NC]" : ""} => ${rc ? "matched" : "not-matched"}`,
    );
  }
  return rc;
}
