/**
 * htrewrite's case evaluator, as the conformance tests call it:
 * `evalCase(caseFile, { casePath }) → Promise<ResultRecord[]>` from src/eval/case.ts.
 *
 * It is loaded by a computed specifier so that this folder type-checks while src/eval is still
 * being written; a missing evaluator is reported as a failure by the tests that need it.
 */
import { fileURLToPath } from "node:url";
import type { CaseFile, ResultRecord } from "../../src/case/types.js";

/** The evaluator's signature. */
export type EvalCase = (caseFile: CaseFile, opts: { casePath?: string }) => Promise<ResultRecord[]>;

/** Loads `evalCase`; throws with a clear message when src/eval/case.ts is not there. */
export async function loadEvaluator(): Promise<EvalCase> {
  // An absolute path: a bare relative specifier in a computed import is not resolved against this file.
  const specifier = fileURLToPath(new URL(["..", "..", "src", "eval", "case.js"].join("/"), import.meta.url));
  let mod: { evalCase?: unknown };
  try {
    mod = (await import(specifier)) as { evalCase?: unknown };
  } catch (e) {
    throw new Error(`htrewrite's evaluator (src/eval/case.ts) cannot be loaded: ${(e as Error).message}`);
  }
  if (typeof mod.evalCase !== "function") throw new Error("src/eval/case.ts exports no evalCase function");
  return mod.evalCase as EvalCase;
}

/** Runs the evaluator; an exception becomes a record per request saying so, so it is compared, not fatal. */
export async function evalSafely(evalCase: EvalCase, c: CaseFile, casePath?: string): Promise<ResultRecord[]> {
  try {
    return await evalCase(c, casePath ? { casePath } : {});
  } catch (e) {
    const error = `htrewrite threw: ${(e as Error).message}`;
    return c.requests.map((request, index) => ({ case: c.name, index, request, status: null, error }));
  }
}
