/**
 * A bound on backtracking work, so that the V8 path is both exact and bounded.
 *
 * PCRE2 gives up after 10,000,000 match() steps (Apache treats that as no match); V8 never
 * gives up. For a tree whose backtracking search is provably smaller than that limit, PCRE2
 * cannot hit it, so V8's answer is PCRE2's answer and V8's time is bounded too. The bound:
 *
 *   work(n) ≤ starts(n) × ways(n) × (pathLength(n) + 1)
 *
 * where n is the subject length, starts the number of start positions tried, ways the number of
 * distinct choice sequences (quantifier counts, alternatives) — the leaves of the search tree —
 * and pathLength the number of steps along one of them. Repeating anything but a single byte
 * with several ways per iteration is exponential: no bound, such patterns always run on PCRE2.
 * (the +1: PCRE2 also counts entering each attempt). The bound is computed per subject length;
 * longer subjects go to PCRE2. test/live/regex-differential.test.ts checks it against the match
 * limits pcre2test's find_limits measures.
 */
import type { Node } from "./ast.js";

/**
 * Work budget for the V8 path: half of PCRE2's default match limit (10,000,000, Debian's and
 * Apache's — no match context is passed). workBound over-approximates PCRE2's counter (which
 * counts backtracking points, at most one per search-tree node), so below it the limit is
 * unreachable; the margin absorbs per-start-position bookkeeping.
 */
export const V8_WORK_BUDGET = 5_000_000;

function isSingleByte(node: Node): boolean {
  return node.type === "char" || node.type === "set";
}

function ways(node: Node, n: number): number {
  switch (node.type) {
    case "seq":
      return node.items.reduce((acc, item) => acc * ways(item, n), 1);
    case "alt":
      return node.branches.reduce((acc, b) => acc + ways(b, n), 0);
    case "group":
    case "look":
      return ways(node.body, n);
    case "repeat": {
      // Every iteration consumes at least one byte (nullable bodies never reach here).
      const most = Math.min(node.max, n);
      if (most < node.min) return 1;
      if (isSingleByte(node.body)) return most - node.min + 1;
      const perIteration = ways(node.body, n);
      if (perIteration === 1) return most - node.min + 1;
      let total = 0;
      for (let k = node.min; k <= most; k++) {
        total += perIteration ** k;
        if (!Number.isFinite(total) || total > 1e15) return Infinity;
      }
      return total;
    }
    default:
      return 1;
  }
}

function pathLength(node: Node, n: number): number {
  switch (node.type) {
    case "seq":
      return node.items.reduce((acc, item) => acc + pathLength(item, n), 0);
    case "alt":
      return 1 + Math.max(...node.branches.map((b) => pathLength(b, n)));
    case "group":
    case "look":
      return 1 + pathLength(node.body, n);
    case "repeat":
      return 1 + Math.min(node.max, n) * pathLength(node.body, n);
    case "backref":
      return 1 + n;
    default:
      return 1;
  }
}

/** Is every match attempt anchored at the start of the subject (^, \A)? */
function anchoredAtStart(node: Node): boolean {
  switch (node.type) {
    case "assert":
      return node.kind === "start";
    case "seq":
      return node.items.length > 0 && anchoredAtStart(node.items[0]);
    case "alt":
      return node.branches.every(anchoredAtStart);
    case "group":
      return anchoredAtStart(node.body);
    default:
      return false;
  }
}

/** Upper bound on backtracking steps for a subject of length n. */
export function workBound(root: Node, n: number): number {
  const starts = anchoredAtStart(root) ? 1 : n + 1;
  return starts * ways(root, n) * (pathLength(root, n) + 1);
}

/**
 * The longest subject for which the V8 path is within budget (−1: never, e.g. exponential).
 * workBound grows with n, so a binary search finds it.
 */
export function maxFastLength(root: Node, budget = V8_WORK_BUDGET, ceiling = 1 << 20): number {
  if (!(workBound(root, 0) <= budget)) return -1;
  let lo = 0;
  let hi = ceiling;
  if (workBound(root, hi) <= budget) return hi;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (workBound(root, mid) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
