/**
 * `RewriteCond expr "…"`: the commonly used subset of Apache's ap_expr language.
 *
 * Supported: `true`, `false`, `!`, `&&`, `||`, parentheses; string comparisons `== != < <= > >=`;
 * integer comparisons `-eq -ne -lt -le -gt -ge`; `=~` / `!~` against `/regex/[i]` or `m#regex#[i]`
 * (the last successful match feeds `$N` inside the expression and `%N` after it); unary tests
 * `-f -s -d -e -L -h -x -n -z -T -U -F`; `word in { w1, w2 }`; words: quoted strings (with `%{VAR}`
 * and `$N` interpolation), numbers, `%{VAR}`, `%{func:arg}`, `$N`, `func(word)` for tolower,
 * toupper, escape, unescape, req/http, reqenv, env, osenv, note, and `.` concatenation.
 * Anything else is refused at compile time with a message that names the construct.
 */
import { createHash } from "node:crypto";
import { execCharged } from "./budget.js";
import { asciiLower, asciiUpper } from "../util/bytes.js";
import type { ByteString } from "../util/bytes.js";
import type { Backrefs, RewriteContext } from "./context.js";
import { escapeUri, unescapeUrl } from "./escape.js";
import { compilePattern } from "./pattern.js";
import type { CompiledPattern } from "./types.js";
import { lookupVariable, subrequestAllowed } from "./variables.js";
import { APACHE_EXPR_STACK, MAX_EXPR_DEPTH } from "../config/limits.js";

/** A parsed word (string-valued). */
export type ExprWord =
  | { type: "string"; parts: ExprWord[] }
  | { type: "text"; value: string }
  | { type: "var"; name: string }
  | { type: "func"; name: string; arg: ExprWord }
  | { type: "backref"; n: number }
  | { type: "concat"; parts: ExprWord[] };

/** A parsed boolean expression. */
export type ExprNode =
  | { type: "const"; value: boolean }
  | { type: "not"; arg: ExprNode }
  | { type: "and" | "or"; left: ExprNode; right: ExprNode }
  | { type: "cmp"; op: string; left: ExprWord; right: ExprWord }
  | { type: "match"; negate: boolean; word: ExprWord; regex: CompiledPattern; source: string }
  | { type: "unary"; op: string; word: ExprWord }
  | { type: "in"; word: ExprWord; list: ExprWord[] };

/** Raised for expressions outside the supported subset or with syntax errors. */
export class ExprSyntaxError extends Error {}

/**
 * The variables ap_expr knows (util_expr_eval.c: connection, request, header and misc lists),
 * compared case-insensitively; any other `%{NAME}` is a compile error "Variable 'NAME' does not
 * exist" (measured on 2.4.71 for %{HTTP_X_FOO} and %{NOPE}).
 */
const EXPR_VARIABLES = new Set(
  `HTTPS IPV6 CONN_LOG_ID CONN_REMOTE_ADDR HTTP2 REQUEST_METHOD REQUEST_SCHEME REQUEST_URI REQUEST_FILENAME
REMOTE_HOST REMOTE_IDENT REMOTE_USER SERVER_ADMIN SERVER_NAME SERVER_PORT SERVER_PROTOCOL SCRIPT_FILENAME
PATH_INFO QUERY_STRING IS_SUBREQ DOCUMENT_ROOT AUTH_TYPE THE_REQUEST CONTENT_TYPE HANDLER REQUEST_LOG_ID
SCRIPT_USER SCRIPT_GROUP DOCUMENT_URI LAST_MODIFIED CONTEXT_PREFIX CONTEXT_DOCUMENT_ROOT REQUEST_STATUS
REMOTE_ADDR REMOTE_PORT HTTP_USER_AGENT HTTP_PROXY_CONNECTION HTTP_REFERER HTTP_COOKIE HTTP_FORWARDED
HTTP_HOST HTTP_ACCEPT TIME_YEAR TIME_MON TIME_DAY TIME_HOUR TIME_MIN TIME_SEC TIME_WDAY TIME SERVER_SOFTWARE
API_VERSION`.split(/\s+/),
);

/** ap_expr variables mod_rewrite's own list does not have. */
const EXPR_ONLY: Readonly<Record<string, (ctx: RewriteContext) => string>> = {
  DOCUMENT_URI: (ctx) => ctx.req.uri,
  CONTENT_TYPE: (ctx) => ctx.req.contentType ?? "",
  HANDLER: (ctx) => ctx.req.handler ?? "",
  REQUEST_STATUS: (ctx) => (ctx.req.status ? String(ctx.req.status) : ""),
  REQUEST_LOG_ID: () => "",
  CONN_LOG_ID: () => "",
  LAST_MODIFIED: () => "",
  HTTP2: () => "off",
};

const STRING_FUNCS = new Set([
  "tolower", "toupper", "escape", "unescape", "req", "http", "req_novary", "reqenv", "env", "osenv", "note",
  "base64", "unbase64", "md5", "sha1", "file", "filesize",
]);
/** Functions that read files: refused when parsing an .htaccess expression (2.4.67+, restricted mode). */
const FILE_FUNCS = new Set(["file", "filesize"]);
const UNARY_OPS = new Set(["-f", "-s", "-d", "-e", "-L", "-h", "-x", "-n", "-z", "-T", "-U", "-F"]);
const CMP_OPS = ["==", "!=", "<=", ">=", "<", ">", "=~", "!~"];
const INT_OPS = new Set(["-eq", "-ne", "-lt", "-le", "-gt", "-ge"]);
/** Wildcard matches: -strmatch (case-sensitive), -strcmatch (case-insensitive), -fnmatch (`/` literal). */
const WILDCARD_OPS = new Set(["-strmatch", "-strcmatch", "-fnmatch"]);
/** Other binary operators: `-ipmatch` (address in CIDR), `-in` (word in a list). */
const OTHER_BINARY = new Set(["-ipmatch"]);

function ipv4ToInt(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (m === null) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** `addr -ipmatch net[/bits]` for IPv4 (IPv6 compares exactly); a bad network is an error. */
export function ipMatch(addr: string, net: string): boolean {
  const [base, bitsText] = net.split("/");
  const n = ipv4ToInt(base);
  if (n === null) {
    if (base.includes(":")) return addr.toLowerCase() === base.toLowerCase();
    throw new ExprSyntaxError(`Bad IP address/netmask '${net}'`);
  }
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const a = ipv4ToInt(addr.replace(/^::ffff:/i, ""));
  if (a === null || !(bits >= 0 && bits <= 32)) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((a & mask) >>> 0) === ((n & mask) >>> 0);
}

/** apr_fnmatch-style wildcard match: `*`, `?`, `[set]`, `\x`; `pathname` keeps `/` out of wildcards. */
export function wildcardMatch(pattern: string, s: string, nocase: boolean, pathname: boolean): boolean {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") re += pathname ? "[^/]*" : "[\\s\\S]*";
    else if (c === "?") re += pathname ? "[^/]" : "[\\s\\S]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        let set = pattern.slice(i + 1, end).replace(/\\/g, "\\\\");
        if (set[0] === "!") set = "^" + set.slice(1);
        re += `[${set}]`;
        i = end;
      }
    } else if (c === "\\" && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(re + "$", nocase ? "i" : "").test(s);
}

class Parser {
  private i = 0;
  /** Depth of the tree being built (parentheses, `!`, function calls, `&&`/`||` chain links). */
  private depth = 0;
  constructor(
    private readonly s: string,
    private readonly restricted: boolean,
  ) {}

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }
  private peek(t: string): boolean {
    this.ws();
    return this.s.startsWith(t, this.i);
  }
  private peekWord(t: string): boolean {
    if (!this.peek(t)) return false;
    const after = this.s[this.i + t.length];
    return after === undefined || !/[A-Za-z0-9_]/.test(after);
  }
  private eat(t: string): void {
    if (!this.peek(t)) throw new ExprSyntaxError(`syntax error: expected '${t}' at position ${this.i}`);
    this.i += t.length;
  }

  /**
   * One level deeper; the parser and the evaluator recurse per level, so the depth is bounded.
   * httpd's own parser gives up at 9,996 nested parentheses ("memory exhausted", measured);
   * htrewrite stops earlier, at MAX_EXPR_DEPTH, with its own message.
   */
  private enter(): void {
    if (++this.depth <= MAX_EXPR_DEPTH) return;
    if (apacheParserStack(this.s) >= APACHE_EXPR_STACK) throw new ExprSyntaxError("memory exhausted");
    throw new ExprSyntaxError(`htrewrite: expression nested deeper than ${MAX_EXPR_DEPTH} levels (HTR_CONFIG_LIMIT)`);
  }

  parse(): ExprNode {
    const node = this.or();
    this.ws();
    if (this.i < this.s.length) throw new ExprSyntaxError(`syntax error, unexpected '${this.s.slice(this.i)}'`);
    return node;
  }

  private or(): ExprNode {
    const base = this.depth;
    let left = this.and();
    while (this.peek("||")) {
      this.i += 2;
      this.enter(); // each link makes the left-leaning tree one level deeper
      left = { type: "or", left, right: this.and() };
    }
    this.depth = base;
    return left;
  }
  private and(): ExprNode {
    const base = this.depth;
    let left = this.not();
    while (this.peek("&&")) {
      this.i += 2;
      this.enter();
      left = { type: "and", left, right: this.not() };
    }
    this.depth = base;
    return left;
  }
  private not(): ExprNode {
    if (this.peek("!") && !this.peek("!=") && !this.peek("!~")) {
      this.i++;
      this.enter();
      const arg = this.not();
      this.depth--;
      return { type: "not", arg };
    }
    return this.primary();
  }
  private primary(): ExprNode {
    if (this.peek("(")) {
      this.i++;
      this.enter();
      const e = this.or();
      this.eat(")");
      this.depth--;
      return e;
    }
    if (this.peekWord("true")) {
      this.i += 4;
      return { type: "const", value: true };
    }
    if (this.peekWord("false")) {
      this.i += 5;
      return { type: "const", value: false };
    }
    this.ws();
    const m = /^-[A-Za-z]+/.exec(this.s.slice(this.i));
    if (m !== null && !INT_OPS.has(m[0]) && !WILDCARD_OPS.has(m[0]) && !OTHER_BINARY.has(m[0]) && m[0] !== "-in") {
      if (!UNARY_OPS.has(m[0])) throw new ExprSyntaxError(`unary operator '${m[0]}' is not supported by htrewrite`);
      this.i += m[0].length;
      return { type: "unary", op: m[0], word: this.word() };
    }
    const left = this.word();
    this.ws();
    const binOp = /^-[a-z]+\b/.exec(this.s.slice(this.i));
    if (binOp !== null && binOp[0] === "-in") {
      this.i += 3;
      return this.inList(left);
    }
    if (binOp !== null && (INT_OPS.has(binOp[0]) || WILDCARD_OPS.has(binOp[0]) || OTHER_BINARY.has(binOp[0]))) {
      this.i += binOp[0].length;
      return { type: "cmp", op: binOp[0], left, right: this.word() };
    }
    if (binOp !== null) throw new ExprSyntaxError(`binary operator '${binOp[0]}' is not supported by htrewrite`);
    if (this.peekWord("in")) {
      this.i += 2;
      return this.inList(left);
    }
    for (const op of CMP_OPS) {
      if (this.peek(op)) {
        this.i += op.length;
        if (op === "=~" || op === "!~") {
          const { source, nocase } = this.regex();
          const regex = compilePattern(source, nocase);
          if (regex === null) throw new ExprSyntaxError(`Failed to compile regular expression '${source}'`);
          return { type: "match", negate: op === "!~", word: left, regex, source };
        }
        return { type: "cmp", op, left, right: this.word() };
      }
    }
    throw new ExprSyntaxError(`syntax error: a comparison or test is needed at position ${this.i}`);
  }
  private inList(word: ExprWord): ExprNode {
    this.eat("{");
    const list: ExprWord[] = [this.word()];
    while (this.peek(",")) {
      this.i++;
      list.push(this.word());
    }
    this.eat("}");
    return { type: "in", word, list };
  }
  private regex(): { source: string; nocase: boolean } {
    this.ws();
    let delim: string;
    if (this.s[this.i] === "/") delim = "/";
    else if (this.s[this.i] === "m" && this.i + 1 < this.s.length) {
      this.i++;
      delim = this.s[this.i];
    } else throw new ExprSyntaxError("syntax error: regular expression expected");
    this.i++;
    let source = "";
    while (this.i < this.s.length && this.s[this.i] !== delim) {
      if (this.s[this.i] === "\\" && this.s[this.i + 1] === delim) {
        source += delim;
        this.i += 2;
        continue;
      }
      source += this.s[this.i++];
    }
    if (this.i >= this.s.length) throw new ExprSyntaxError("syntax error: unterminated regular expression");
    this.i++;
    let nocase = false;
    while (this.i < this.s.length && /[a-z]/.test(this.s[this.i])) {
      if (this.s[this.i] !== "i") throw new ExprSyntaxError(`regex flag '${this.s[this.i]}' is not supported by htrewrite`);
      nocase = true;
      this.i++;
    }
    return { source, nocase };
  }
  private word(): ExprWord {
    const parts = [this.atom()];
    while (this.peek(".")) {
      this.i++;
      parts.push(this.atom());
    }
    return parts.length === 1 ? parts[0] : { type: "concat", parts };
  }
  private atom(): ExprWord {
    this.ws();
    const ch = this.s[this.i];
    if (ch === '"' || ch === "'") {
      this.i++;
      const parts: ExprWord[] = [];
      let text = "";
      while (this.i < this.s.length && this.s[this.i] !== ch) {
        const c = this.s[this.i];
        if (c === "\\" && this.i + 1 < this.s.length) {
          text += this.s[this.i + 1];
          this.i += 2;
        } else if (c === "%" && this.s[this.i + 1] === "{") {
          if (text) parts.push({ type: "text", value: text });
          text = "";
          parts.push(this.variable());
        } else if (c === "$" && /[0-9]/.test(this.s[this.i + 1] ?? "")) {
          if (text) parts.push({ type: "text", value: text });
          text = "";
          parts.push({ type: "backref", n: Number(this.s[this.i + 1]) });
          this.i += 2;
        } else {
          text += c;
          this.i++;
        }
      }
      if (this.i >= this.s.length) throw new ExprSyntaxError("syntax error: unterminated string");
      this.i++;
      if (text) parts.push({ type: "text", value: text });
      return { type: "string", parts };
    }
    if (ch === "%" && this.s[this.i + 1] === "{") return this.variable();
    if (ch === "$" && /[0-9]/.test(this.s[this.i + 1] ?? "")) {
      this.i += 2;
      return { type: "backref", n: Number(this.s[this.i - 1]) };
    }
    const num = /^-?[0-9]+/.exec(this.s.slice(this.i));
    if (num !== null) {
      this.i += num[0].length;
      return { type: "text", value: num[0] };
    }
    const fn = /^([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(this.s.slice(this.i));
    if (fn !== null) {
      const name = fn[1].toLowerCase();
      if (!STRING_FUNCS.has(name)) throw new ExprSyntaxError(`function '${fn[1]}' is not supported by htrewrite`);
      if (this.restricted && FILE_FUNCS.has(name)) throw new ExprSyntaxError(`${name} not available in restricted context`);
      this.i += fn[0].length;
      this.enter();
      const arg = this.word();
      this.eat(")");
      this.depth--;
      return { type: "func", name, arg };
    }
    throw new ExprSyntaxError(`syntax error at position ${this.i}: '${this.s.slice(this.i)}'`);
  }
  private variable(): ExprWord {
    this.i += 2;
    const end = this.s.indexOf("}", this.i);
    if (end < 0) throw new ExprSyntaxError("syntax error: unterminated variable");
    const body = this.s.slice(this.i, end);
    this.i = end + 1;
    const colon = body.indexOf(":");
    if (colon > 0) {
      const fname = body.slice(0, colon).toLowerCase();
      if (STRING_FUNCS.has(fname)) return { type: "func", name: fname, arg: { type: "text", value: body.slice(colon + 1) } };
    }
    if (!EXPR_VARIABLES.has(body.toUpperCase())) throw new ExprSyntaxError(`Variable '${body}' does not exist`);
    return { type: "var", name: body };
  }
}

/**
 * Parse an expression (throws ExprSyntaxError). `restricted` = parsed for an .htaccess file, where
 * 2.4.67+ refuses functions that read files (CVE-2026-24072).
 */
/**
 * An estimate of how deep httpd's (bison) parser stack grows on `s`, to tell whether httpd itself
 * would refuse it with "memory exhausted" (its stack holds 10,000 entries). Measured on 2.4.71:
 * 9,996 nested parentheses, 10,000 `!`, 5,000 `&&` links or 5,000 nested function calls exhaust
 * it; 9,995 parentheses, 9,000 `!`, 4,000 links do not. Used only once htrewrite's own, lower
 * bound has tripped, to pick the wording.
 */
function apacheParserStack(s: string): number {
  let depth = 0;
  let maxParens = 0;
  let others = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "(") {
      maxParens = Math.max(maxParens, ++depth);
      if (i > 0 && /[A-Za-z0-9_]/.test(s[i - 1])) others += 1; // a function call: name and `(`
    } else if (c === ")") depth--;
    else if ((c === "&" && s[i + 1] === "&") || (c === "|" && s[i + 1] === "|")) {
      others += 2;
      i++;
    } else if (c === "!" && s[i + 1] !== "=" && s[i + 1] !== "~") others += 1;
  }
  return maxParens + others;
}

export function parseExpr(source: string, restricted = false): ExprNode {
  return new Parser(source, restricted).parse();
}

interface EvalState {
  ctx: RewriteContext;
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
    case "var": {
      const only = EXPR_ONLY[w.name.toUpperCase()];
      return only !== undefined ? only(st.ctx) : lookupVariable(w.name, st.ctx);
    }
    case "func": {
      const a = evalWord(w.arg, st);
      const { req, server } = st.ctx;
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
          return lookupVariable("HTTP:" + a, st.ctx);
        case "reqenv":
        case "env":
          return req.notes.get(a) ?? req.subprocessEnv.get(a) ?? (w.name === "env" ? server.getenv(a) : undefined) ?? "";
        case "osenv":
          return server.getenv(a) ?? "";
        case "note":
          return req.notes.get(a) ?? "";
        case "req_novary":
          return req.headersIn.get(a) ?? "";
        case "base64":
          return Buffer.from(a, "latin1").toString("base64");
        case "unbase64":
          return Buffer.from(a, "base64").toString("latin1");
        case "md5":
          return createHash("md5").update(Buffer.from(a, "latin1")).digest("hex");
        case "sha1":
          return createHash("sha1").update(Buffer.from(a, "latin1")).digest("hex");
        case "file": {
          const f = server.readFile(a);
          if (f === null) throw new ExprSyntaxError(`Unable to open file ${a}`);
          return f.data.toString("latin1");
        }
        case "filesize": {
          const st = server.stat(a);
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
      const m = execCharged(n.regex, evalWord(n.word, st), st.ctx.req.pool.budget, "expression", n.source);
      if (m !== null && !n.negate) st.refs = m;
      return (m !== null) !== n.negate;
    }
    case "unary": {
      const v = evalWord(n.word, st);
      const { ctx } = st;
      switch (n.op) {
        case "-n":
          return v !== "";
        case "-z":
          return v === "";
        case "-T":
          return truthy(v);
        case "-U":
          return subrequestAllowed(ctx.req) && ctx.server.subrequestUri(ctx.req, v).status < 400;
        case "-F": {
          if (!subrequestAllowed(ctx.req)) return false;
          const sub = ctx.server.subrequestFile(ctx.req, v);
          return sub.status < 300 && sub.filename !== null && ctx.server.stat(sub.filename) !== null;
        }
        case "-L":
        case "-h":
          return ctx.server.lstat(v)?.type === "symlink";
      }
      const st2 = ctx.server.stat(v);
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
export function evaluateExpr(
  node: ExprNode,
  ctx: RewriteContext,
): { ok: boolean; error: string | null; refs: Backrefs | null } {
  const st: EvalState = { ctx, refs: null };
  try {
    const ok = evalNode(node, st);
    return { ok, error: null, refs: st.refs };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e), refs: null };
  }
}
