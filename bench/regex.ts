/**
 * Regex layer benchmark: the real-world corpus through
 *   - compileRegex (V8 fast path where provably equivalent, PCRE2 otherwise),
 *   - PCRE2 in WebAssembly only,
 *   - raw V8 RegExp on the untranslated pattern (flags "s", + "i" for [NC]; not Apache-exact,
 *     the speed reference),
 * plus the share of real-world patterns on the fast path and worst-case hostile timings.
 * Run: npx tsx bench/regex.ts
 */
import { compileUncached, resolveOptions } from "../dist/regex/compile.js";
import { compilePcre2 } from "../dist/regex/pcre2/pcre2-regex.js";
import { FastRegex } from "../dist/regex/v8/fast-regex.js";
import { translateToV8 } from "../dist/regex/v8/translate.js";
import { REAL_WORLD } from "../test/regex/corpus/real-world.js";
import { SHARED_SUBJECTS } from "../test/regex/corpus/subjects.js";

type Matcher = (s: string) => unknown;

// Subjects as requests carry them (the trap bytes of the shared pool are for correctness tests).
const SUBJECTS = SHARED_SUBJECTS.filter((s) => s.length > 0 && /^[\x20-\x7e]*$/.test(s) && s.length <= 120);

/** ns per call for each scenario: rounds interleave the scenarios, the best round counts (the
 * machine may be shared; the minimum is the least disturbed measurement). */
function timeScenarios(scenarios: Record<string, Matcher[]>, rounds = 9): Record<string, number> {
  const best: Record<string, number> = {};
  for (const [name, ms] of Object.entries(scenarios)) {
    for (const m of ms) for (const s of SUBJECTS) m(s); // warm up
    best[name] = Infinity;
  }
  for (let r = 0; r < rounds; r++) {
    for (const [name, ms] of Object.entries(scenarios)) {
      const start = performance.now();
      for (const m of ms) for (const s of SUBJECTS) m(s);
      const ns = ((performance.now() - start) * 1e6) / (ms.length * SUBJECTS.length);
      best[name] = Math.min(best[name], ns);
    }
  }
  return best;
}

const fast: Matcher[] = [];
const pcre: Matcher[] = [];
const raw: Matcher[] = [];
const refused: Record<string, number> = {};
let onFastPath = 0;
let compiled = 0;
const lengths: number[] = [];

for (const c of REAL_WORLD) {
  const opts = resolveOptions({ nocase: c.nocase });
  let chosen;
  try {
    chosen = compileUncached(c.pattern, opts);
  } catch {
    continue;
  }
  compiled++;
  const exact = compilePcre2(c.pattern, opts);
  if (chosen instanceof FastRegex) {
    onFastPath++;
    lengths.push(chosen.maxSubjectLength);
  } else {
    const t = translateToV8(c.pattern, opts, exact.captureCount);
    if (!t.ok) refused[t.reason] = (refused[t.reason] ?? 0) + 1;
  }
  let native: RegExp | undefined;
  try {
    native = new RegExp(c.pattern, c.nocase ? "si" : "s");
  } catch {
    native = undefined;
  }
  if (!native) continue; // only patterns all three can run are timed
  fast.push((s) => chosen.exec(s));
  pcre.push((s) => exact.exec(s));
  const re = native;
  raw.push((s) => re.exec(s));
}

const ns = timeScenarios({ raw, fast, pcre });

// Which engine actually answered each real-world (pattern, subject) pair.
let pairs = 0;
let pairsOnV8 = 0;
for (const c of REAL_WORLD) {
  let re;
  try {
    re = compileUncached(c.pattern, resolveOptions({ nocase: c.nocase }));
  } catch {
    continue;
  }
  for (const s of SUBJECTS) {
    pairs++;
    if (re.run(s).engine === "v8") pairsOnV8++;
  }
}

function hostile(pattern: string, subject: string, nocase = false): string {
  const re = compileUncached(pattern, resolveOptions({ nocase }));
  const start = performance.now();
  const r = re.run(subject);
  const ms = performance.now() - start;
  return `${JSON.stringify(pattern).padEnd(44)} ${String(subject.length).padStart(6)} B  ${r.kind.padEnd(8)} ${r.engine.padEnd(6)} ${ms.toFixed(1).padStart(8)} ms`;
}

/** V8 at the edge of its bound: the longest subject it may answer, built to fail late. */
function atBound(pattern: string, make: (n: number) => string): string {
  const re = compileUncached(pattern, resolveOptions({}));
  if (!(re instanceof FastRegex)) return `${pattern}: not on the fast path`;
  const subject = make(re.maxSubjectLength);
  const start = performance.now();
  const r = re.run(subject);
  const ms = performance.now() - start;
  return `${JSON.stringify(pattern).padEnd(44)} ${String(subject.length).padStart(6)} B  ${r.kind.padEnd(8)} ${r.engine.padEnd(6)} ${ms.toFixed(1).padStart(8)} ms`;
}

lengths.sort((a, b) => a - b);
const pct = (q: number): number => lengths[Math.min(lengths.length - 1, Math.floor(q * lengths.length))];
const out = [
  `real-world corpus: ${compiled} patterns × ${SUBJECTS.length} subjects (${fast.length} timed: those raw V8 also accepts)`,
  `fast path share: ${onFastPath}/${compiled} = ${((100 * onFastPath) / compiled).toFixed(1)}%   (goal ≥ 95%)`,
  `  not on the fast path: ${JSON.stringify(refused)}`,
  `  (pattern, subject) pairs answered by V8: ${pairsOnV8}/${pairs} = ${((100 * pairsOnV8) / pairs).toFixed(1)}%`,
  `  longest subject V8 may answer (work bound): min ${lengths[0]}, p10 ${pct(0.1)}, median ${pct(0.5)} bytes`,
  "",
  "scenario                          ns/match   × raw V8",
  `raw V8 RegExp (not exact)        ${ns.raw.toFixed(0).padStart(8)}   1.00`,
  `compileRegex (fast path + PCRE2) ${ns.fast.toFixed(0).padStart(8)}   ${(ns.fast / ns.raw).toFixed(2)}   (goal ≤ 1.5)`,
  `PCRE2 WebAssembly only           ${ns.pcre.toFixed(0).padStart(8)}   ${(ns.pcre / ns.raw).toFixed(2)}`,
  "",
  "worst case, hostile subjects (compileRegex):",
  hostile("^(a+)+$", "a".repeat(5000) + "b"),
  hostile("(x+x+)+y", "x".repeat(5000)),
  hostile("^((gzip|deflate)\\s*,?\\s*)+|[X~-]{4,13}$", "gzip,".repeat(2000) + "x", true),
  hostile("(<|%3C)([^s]*s)+cript.*(>|%3E)", "<" + "s".repeat(5000), true),
  hostile("^(.*)/(.*)::\\2$", "/" + "a/".repeat(4000) + "::b"),
  hostile("(.*)(.*)(.*)(.*)(.*)x", "a".repeat(8000)),
  "",
  "worst case on the V8 path (subject as long as the work bound allows, failing late):",
  atBound("^(.*),(.*),(.*);$", (n) => ",".repeat(n - 2) + ";x"),
  atBound("^(.*)/(.*)::\\2$", (n) => "/" + "a/".repeat((n - 4) >> 1) + "::b"),
  atBound("(.*)(.*)(.*)x", (n) => "a".repeat(n - 1) + "x").replace(/match/, "match"),
  atBound("^(a+)+$", (n) => "a".repeat(n - 1) + "b"),
];
process.stdout.write(out.join("\n") + "\n");
