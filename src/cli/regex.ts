/**
 * `htrewrite regex PATTERN SUBJECT [--nc]` — match one subject as Apache's PCRE2 would, printing
 * the outcome, the captures and the engine that ran.
 * `htrewrite regex --batch FILE.jsonl|-` — one JSON object per line in
 * (`{"pattern", "subject", "nocase"}`), one per line out
 * (`{"match", "groups", "error", "engine"}`). In batch JSON, strings are byte strings: each
 * character U+0000–U+00FF is one byte. On the command line, arguments are UTF-8 text.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { compileRegex, RegexError, type RegexRun } from "../regex/index.js";
import { isByteString, utf8ToBytes } from "../util/bytes.js";
import { HtrError } from "../util/errors.js";

export const HELP = `usage: htrewrite regex PATTERN SUBJECT [--nc]
       htrewrite regex --batch FILE.jsonl|-

Matches SUBJECT against PATTERN as Apache's PCRE2 compiles it (RewriteRule/RewriteCond
semantics: bytes, no UTF), printing the outcome, the captures and the engine that ran.
Exit 0 match, 1 no match, 3 the pattern does not compile.

options:
  --nc, --nocase   case-insensitive, as the [NC] flag
  --batch FILE     one JSON object per line in ({"pattern","subject","nocase"}), one answer per
                   line out ({"match","groups","error","engine"}); - reads stdin`;
const USAGE = "PATTERN SUBJECT or --batch FILE (htrewrite regex --help)";

/** One line of batch output. */
export interface BatchAnswer {
  match: boolean;
  groups: (string | null)[] | null;
  error: string | null;
  engine: "v8" | "pcre2";
}

function describeError(e: unknown): string {
  if (e instanceof RegexError) return `${e.pcreMessage} at offset ${e.offset}`;
  if (e instanceof HtrError) return e.message;
  throw e;
}

/** Answer one batch request (already parsed). */
export function answer(pattern: unknown, subject: unknown, nocase: unknown): BatchAnswer {
  if (typeof pattern !== "string" || typeof subject !== "string") {
    return { match: false, groups: null, error: "pattern and subject must be strings", engine: "pcre2" };
  }
  if (!isByteString(pattern) || !isByteString(subject)) {
    return { match: false, groups: null, error: "pattern and subject must be byte strings (U+0000-U+00FF)", engine: "pcre2" };
  }
  let run: RegexRun;
  try {
    run = compileRegex(pattern, { nocase: nocase === true }).run(subject);
  } catch (e) {
    return { match: false, groups: null, error: describeError(e), engine: "pcre2" };
  }
  if (run.kind === "match") return { match: true, groups: run.groups.map((g) => g ?? null), error: null, engine: run.engine };
  return { match: false, groups: null, error: run.kind === "limit" ? run.error : null, engine: run.engine };
}

async function batch(file: string): Promise<number> {
  const input = file === "-" ? process.stdin : createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let out = "";
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === "") continue;
    let req: { pattern?: unknown; subject?: unknown; nocase?: unknown };
    try {
      req = JSON.parse(line) as typeof req;
    } catch {
      out += JSON.stringify({ match: false, groups: null, error: `line ${lineNo}: not JSON`, engine: "pcre2" }) + "\n";
      continue;
    }
    out += JSON.stringify(answer(req.pattern, req.subject, req.nocase)) + "\n";
    if (out.length > 1 << 16) {
      if (!process.stdout.write(out)) await new Promise((r) => process.stdout.once("drain", r));
      out = "";
    }
  }
  process.stdout.write(out);
  return 0;
}

/** Show a byte string readably: JSON escapes, bytes ≥ 0x80 as \xHH. */
function show(s: string): string {
  return JSON.stringify(s).replace(/[\u0080-\u00ff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

export async function run(argv: string[]): Promise<number> {
  const positional: string[] = [];
  let nocase = false;
  let batchFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--nc" || a === "--nocase") nocase = true;
    else if (a === "--batch") {
      batchFile = argv[++i];
      if (batchFile === undefined) throw new HtrError("HTR_USAGE", "--batch needs a file (or -) (htrewrite regex --help)");
    } else if (a === "--") positional.push(...argv.slice(i + 1)), (i = argv.length);
    else positional.push(a);
  }
  if (batchFile !== undefined) {
    if (positional.length) throw new HtrError("HTR_USAGE", USAGE);
    return batch(batchFile);
  }
  if (positional.length !== 2) throw new HtrError("HTR_USAGE", USAGE);
  const [pattern, subject] = positional.map(utf8ToBytes);
  let result: RegexRun;
  try {
    result = compileRegex(pattern, { nocase }).run(subject);
  } catch (e) {
    process.stdout.write(`error: ${describeError(e)}\n`);
    return 3;
  }
  const lines = [`match: ${result.kind === "match" ? "yes" : "no"}`, `engine: ${result.engine}`];
  if (result.kind === "limit") lines.push(`limit: ${result.error} (Apache treats this as no match)`);
  if (result.kind === "match") result.groups.forEach((g, i) => lines.push(`$${i} = ${g === undefined ? "(unset)" : show(g)}`));
  process.stdout.write(lines.join("\n") + "\n");
  return result.kind === "match" ? 0 : 1;
}
