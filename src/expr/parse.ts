/**
 * The ap_expr parser: the commonly used subset of Apache's expression language.
 *
 * Supported: `true`, `false`, `!`, `&&`, `||`, parentheses; string comparisons `== != < <= > >=`;
 * integer comparisons `-eq -ne -lt -le -gt -ge`; `=~` / `!~` against `/regex/[i]` or `m#regex#[i]`
 * (the last successful match feeds `$N` inside the expression and `%N` after it); unary tests
 * `-f -s -d -e -L -h -x -n -z -T -U -F`; `word in { w1, w2 }`, `-in`, `-ipmatch`, `-strmatch`,
 * `-strcmatch`, `-fnmatch`; words: quoted strings (with `%{VAR}` and `$N` interpolation), numbers,
 * `%{VAR}`, `%{func:arg}`, `$N`, `func(word)` and `.` concatenation.
 * Anything else is refused at parse time with a message that names the construct.
 */
import { APACHE_EXPR_STACK, MAX_EXPR_DEPTH } from "../config/limits.js";
import { compileRegex, regexOptionsUnder, type RegexDefaults } from "../regex/index.js";
import { ExprSyntaxError, type ExprNode, type ExprRegex, type ExprWord } from "./ast.js";
import { CMP_OPS, EXPR_VARIABLES, FILE_FUNCS, INT_OPS, OTHER_BINARY, STRING_FUNCS, UNARY_OPS, WILDCARD_OPS } from "./operators.js";

/** Compile `source`; null when PCRE refuses it (the parser words ap_expr's error). */
function compilePattern(source: string, nocase: boolean, defaults: RegexDefaults | undefined): ExprRegex | null {
  try {
    return compileRegex(source, regexOptionsUnder(defaults, nocase));
  } catch {
    return null;
  }
}

class Parser {
  private i = 0;
  /** Depth of the tree being built (parentheses, `!`, function calls, `&&`/`||` chain links). */
  private depth = 0;
  constructor(
    private readonly s: string,
    private readonly restricted: boolean,
    private readonly defaults: RegexDefaults | undefined,
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
          const regex = compilePattern(source, nocase, this.defaults);
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

/**
 * Parse an expression. `defaults` is the RegexDefaultOptions in force where the expression is
 * written: ap_expr compiles its `=~` patterns under them (measured: golden case rdo_order).
 */
export function parseExpr(source: string, restricted = false, defaults?: RegexDefaults): ExprNode {
  return new Parser(source, restricted, defaults).parse();
}
