/**
 * htrewrite's case evaluator as the live conformance tests call it:
 * `evalCase(caseFile, { casePath }) → Promise<ResultRecord[]>` from src/eval/case.ts.
 */
import type { CaseFile, ResultRecord } from "../../src/case/types.js";
import { evalCase } from "../../src/eval/case.js";

/** The evaluator's signature. */
export type EvalCase = (caseFile: CaseFile, opts: { casePath?: string }) => Promise<ResultRecord[]>;

/**
 * htrewrite's evaluator (kept behind a function so the tests can say where a failure came from).
 * The corpus's cases are the project's own, so the programs they name (prg: maps,
 * WSGIDispatchScript) run with consent, as Apache ran them when the case was recorded.
 */
export async function loadEvaluator(): Promise<EvalCase> {
  return (c, opts) => evalCase(c, { ...opts, allowExec: true });
}

/** Runs the evaluator; an exception becomes a record per request saying so, so it is compared, not fatal. */
export async function evalSafely(evaluate: EvalCase, c: CaseFile, casePath?: string): Promise<ResultRecord[]> {
  try {
    return await evaluate(c, casePath ? { casePath } : {});
  } catch (e) {
    const error = `htrewrite threw: ${(e as Error).message}`;
    return c.requests.map((request, index) => ({ case: c.name, index, request, status: null, error }));
  }
}
