/**
 * Evaluating an ap_expr tree for one request. What the expression reads of the request and the
 * server comes through an ExprHost, which each module that evaluates expressions provides
 * (mod_rewrite's variables for `RewriteCond expr` and <If>, SetEnvIfExpr's).
 */
import { createHash } from "node:crypto";
import { asciiLower, asciiUpper, type ByteString } from "../util/bytes.js";
import { escapeUri, unescapeUrl } from "../util/escape.js";
import { ExprSyntaxError, type ExprNode, type ExprWord } from "./ast.js";
import type { Backrefs, ExprHost } from "./host.js";
import { INT_OPS, WILDCARD_OPS, ipMatch, wildcardMatch } from "./operators.js";

interface EvalState {
  host: ExprHost;
  refs: Backrefs | null;
}

function evalWord(w: ExprWord, st: EvalState): ByteString {
  switch (w.type) {
    case "text":
      return w.value;
    case "string":
    case "concat":
      return w.parts.map((p) => evalWord(p, st)).join("");
    case "backref":
      return st.refs?.[w.n] ?? "";
    case "var":
      return st.host.variable(w.name);
    case "func": {
      const a = evalWord(w.arg, st);
      const { host } = st;
      switch (w.name) {
        case "tolower":
          return asciiLower(a);
        case "toupper":
          return asciiUpper(a);
        case "escape":
          return escapeUri(a);
        case "unescape":
          return unescapeUrl(a);
        case "req":
        case "http":
          return host.variable("HTTP:" + a);
        case "reqenv":
        case "env":
          return host.note(a) ?? host.env(a) ?? (w.name === "env" ? host.osenv(a) : undefined) ?? "";
        case "osenv":
          return host.osenv(a) ?? "";
        case "note":
          return host.note(a) ?? "";
        case "req_novary":
          return host.header(a) ?? "";
        case "base64":
          return Buffer.from(a, "latin1").toString("base64");
        case "unbase64":
          return Buffer.from(a, "base64").toString("latin1");
        case "md5":
          return createHash("md5").update(Buffer.from(a, "latin1")).digest("hex");
        case "sha1":
          return createHash("sha1").update(Buffer.from(a, "latin1")).digest("hex");
        case "file": {
          const f = host.readFile(a);
          if (f === null) throw new ExprSyntaxError(`Unable to open file ${a}`);
          return f.toString("latin1");
        }
        case "filesize": {
          const st = host.stat(a);
          return st !== null && st.type === "file" ? String(st.size) : "0";
        }
      }
      return "";
    }
  }
}

function truthy(s: string): boolean {
  const l = s.toLowerCase();
  return !(l === "" || l === "0" || l === "off" || l === "false" || l === "no");
}

function evalNode(n: ExprNode, st: EvalState): boolean {
  switch (n.type) {
    case "const":
      return n.value;
    case "not":
      return !evalNode(n.arg, st);
    case "and":
      return evalNode(n.left, st) && evalNode(n.right, st);
    case "or":
      return evalNode(n.left, st) || evalNode(n.right, st);
    case "in": {
      const v = evalWord(n.word, st);
      return n.list.some((w) => evalWord(w, st) === v);
    }
    case "match": {
      const m = st.host.match(n.regex, evalWord(n.word, st), n.source);
      if (m !== null && !n.negate) st.refs = m;
      return (m !== null) !== n.negate;
    }
    case "unary": {
      const v = evalWord(n.word, st);
      const { host } = st;
      switch (n.op) {
        case "-n":
          return v !== "";
        case "-z":
          return v === "";
        case "-T":
          return truthy(v);
        case "-U":
          return host.uriAccessible(v);
        case "-F":
          return host.fileAccessible(v);
        case "-L":
        case "-h":
          return host.lstat(v)?.type === "symlink";
      }
      const st2 = host.stat(v);
      if (st2 === null) return false;
      if (n.op === "-f") return st2.type === "file";
      if (n.op === "-s") return st2.type === "file" && st2.size > 0;
      if (n.op === "-d") return st2.type === "dir";
      if (n.op === "-x") return (st2.mode & 0o111) !== 0;
      return true; // -e
    }
    case "cmp": {
      const a = evalWord(n.left, st);
      const b = evalWord(n.right, st);
      if (WILDCARD_OPS.has(n.op)) return wildcardMatch(b, a, n.op === "-strcmatch", n.op === "-fnmatch");
      if (n.op === "-ipmatch") return ipMatch(a, b);
      if (INT_OPS.has(n.op)) {
        if (!/^\s*[-+]?[0-9]+\s*$/.test(a) || !/^\s*[-+]?[0-9]+\s*$/.test(b)) {
          throw new ExprSyntaxError(`Integer comparison of non-numbers '${a}' and '${b}'`);
        }
        const x = parseInt(a, 10);
        const y = parseInt(b, 10);
        return { "-eq": x === y, "-ne": x !== y, "-lt": x < y, "-le": x <= y, "-gt": x > y, "-ge": x >= y }[n.op] ?? false;
      }
      switch (n.op) {
        case "==":
          return a === b;
        case "!=":
          return a !== b;
        case "<":
          return a < b;
        case "<=":
          return a <= b;
        case ">":
          return a > b;
        case ">=":
          return a >= b;
      }
      return false;
    }
  }
}

/** Evaluate; `refs` are the captures of the last successful regex match (for `%N`). */
export function evaluateExpr(node: ExprNode, host: ExprHost): { ok: boolean; error: string | null; refs: Backrefs | null } {
  const st: EvalState = { host, refs: null };
  try {
    const ok = evalNode(node, st);
    return { ok, error: null, refs: st.refs };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e), refs: null };
  }
}
