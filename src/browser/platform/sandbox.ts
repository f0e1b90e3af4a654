/**
 * Case sandboxes on disk in the browser bundle, standing in for src/eval/sandbox.ts: only a case
 * whose programs read real files wants one (eval/case.ts caseRoot), and the page has neither
 * programs nor a disk.
 */
import { HtrError } from "../../util/errors.js";

export function makeSandbox(): string {
  throw new HtrError("HTR_EXEC_REFUSED", "this case runs programs (RewriteMap prg:), which the playground cannot start; use htrewrite eval --allow-exec");
}

export function removeSandbox(): void {}

export function sweepStaleSandboxes(): number {
  return 0;
}
