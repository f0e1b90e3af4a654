/**
 * The per-request work budget: one account shared by every pass, condition, rule, [N] round,
 * sub-request, map lookup and internal redirect of one request, so that no configuration makes a
 * request cost more than a stated bound.
 *
 * Apache has no such account, only per-construct limits: PCRE2's match limit (10,000,000 steps per
 * match), [N]'s 32,000 rounds, LimitInternalRecursion (10). Their product is unbounded in practice:
 * a `[N]` rule whose pattern hits the match limit on every round costs 32,000 × 10,000,000 steps
 * (about 0.9 s per round in htrewrite's PCRE2 and in Apache alike, i.e. hours) before Apache's own
 * "exceeded maximum number of rounds" 500. htrewrite ends such a request the way Apache ends it
 * when a limit trips, with a 500, sooner, and says why in the trace and the error log.
 *
 * Units are regex steps: a match that hits PCRE2's limit is charged the whole limit, any other
 * match its subject length + 1 (the scan it at least makes); the other kinds of work are charged
 * the fixed amounts below, which only matter for loops that involve no costly regex.
 */
import type { RegexRun } from "../regex/types.js";
import { HtrError } from "../util/errors.js";

/** PCRE2's default match limit (Apache sets no match context): the steps one match may take. */
export const PCRE2_MATCH_LIMIT = 10_000_000;

/**
 * Default budget: five matches that exhaust PCRE2's limit (about 4.5 s here), or some 50 million
 * cheap steps. Ordinary requests use well under 0.1 % of it.
 */
export const DEFAULT_WORK_BUDGET = 5 * PCRE2_MATCH_LIMIT;

/** What each kind of non-regex work is charged. */
export const WORK_COST = {
  /** One more round of a rule set after [N]. */
  round: 100,
  /** A sub-request (look-ahead -F/-U, %{LA-U:}, mod_dir …). */
  subrequest: 1_000,
  /** A RewriteMap look-up. */
  mapLookup: 100,
  /** An internal redirect (ErrorDocument, [PT] to a handler, mod_dir …). */
  internalRedirect: 1_000,
} as const;

/** Raised where the budget runs out; the pipeline turns it into a 500. */
export class WorkBudgetExceeded extends HtrError {
  constructor(readonly limit: number, readonly what: string) {
    super("HTR_BUDGET", `request work budget of ${limit} steps exhausted (${what}); the request ends with 500`);
    this.name = "WorkBudgetExceeded";
  }
}

/** One request's account. */
export class WorkBudget {
  private used = 0;
  /** Regex matches that hit PCRE2's match limit, for the trace. */
  limitHits = 0;
  constructor(readonly limit: number = DEFAULT_WORK_BUDGET) {}

  get spent(): number {
    return this.used;
  }

  /** Charge `units` for `what`; throws WorkBudgetExceeded once the account is overdrawn. */
  charge(units: number, what: string): void {
    this.used += units;
    if (this.used > this.limit) throw new WorkBudgetExceeded(this.limit, what);
  }

  /** Charge one regex match by its outcome; `kind` and `pattern` name it (built into text only on failure). */
  chargeRegex(run: RegexRun, subjectLength: number, kind: string, pattern: string): void {
    if (run.kind === "limit") {
      this.limitHits++;
      this.used += PCRE2_MATCH_LIMIT;
    } else this.used += subjectLength + 1;
    if (this.used > this.limit) {
      const hits = this.limitHits ? `, ${this.limitHits} of them hit PCRE2's match limit` : "";
      throw new WorkBudgetExceeded(this.limit, `at ${kind} '${pattern}'${hits}`);
    }
  }
}

/** Something that can be matched: the regex layer's full interface or a bare exec (test doubles). */
export interface BudgetedPattern {
  exec(subject: string): (string | undefined)[] | null;
  run?(subject: string): RegexRun;
}

/**
 * Match `subject` and charge the budget (when there is one). Same answer as `exec`: a match-limit
 * hit is no match, as ap_regexec's callers read it.
 */
export function execCharged(
  re: BudgetedPattern, subject: string, budget: WorkBudget | undefined, kind: string, pattern: string,
): (string | undefined)[] | null {
  if (budget === undefined || re.run === undefined) return re.exec(subject);
  const run = re.run(subject);
  budget.chargeRegex(run, subject.length, kind, pattern);
  return run.kind === "match" ? run.groups : null;
}
