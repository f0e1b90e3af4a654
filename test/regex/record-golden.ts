/**
 * Record pcre2test's answers for the regex corpus into test/regex/golden/corpus.jsonl.
 * Run: npx tsx test/regex/record-golden.ts   (needs pcre2test from Debian's pcre2-utils)
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { REAL_WORLD } from "./corpus/real-world.js";
import { SHARED_SUBJECTS } from "./corpus/subjects.js";
import { TRAPS } from "./corpus/traps.js";
import { GOLDEN_CORPUS, type GoldenHeader, type GoldenPattern, type GoldenResult } from "./golden-format.js";
import { askPcre2test } from "./oracle/pcre2test.js";

const corpus = [...REAL_WORLD, ...TRAPS];
const version = /PCRE2 version (\S+)/.exec(execFileSync("pcre2test", ["-C"], { encoding: "utf8" }))?.[1] ?? "unknown";
const answers = askPcre2test(
  corpus.map((c) => ({ pattern: c.pattern, nocase: c.nocase ?? false, subjects: [...SHARED_SUBJECTS, ...(c.subjects ?? [])] })),
);

const header: GoldenHeader = { kind: "header", oracle: `pcre2test ${version} (8-bit, dotall dollar_endonly dupnames)`, subjects: SHARED_SUBJECTS };
const lines = [JSON.stringify(header)];
let ambiguous = 0;
corpus.forEach((c, i) => {
  const a = answers[i];
  const first = a[0];
  const error = first?.kind === "error" ? { message: first.message, offset: first.offset } : null;
  const results: GoldenResult[] = error
    ? []
    : a.map((x) => {
        if (x.kind === "match") return x.groups;
        if (x.kind === "limit") return "limit";
        if (x.kind === "ambiguous") {
          ambiguous++;
          throw new Error(`ambiguous pcre2test output for ${JSON.stringify(c.pattern)}: ${x.line}`);
        }
        return null;
      });
  const line: GoldenPattern = { kind: "pattern", pattern: c.pattern, nocase: c.nocase ?? false, source: c.source, error, subjects: c.subjects ?? [], results };
  lines.push(JSON.stringify(line));
});
writeFileSync(fileURLToPath(GOLDEN_CORPUS), lines.join("\n") + "\n", "latin1");
process.stdout.write(`recorded ${corpus.length} patterns × ${SHARED_SUBJECTS.length}+ subjects (${ambiguous} ambiguous) into ${fileURLToPath(GOLDEN_CORPUS)}\n`);
