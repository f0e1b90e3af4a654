/**
 * WSGIDispatchScript in the browser bundle, standing in for src/wsgi/dispatch-script.ts (which
 * runs the script with python3). The playground never allows programs, so the configuration is
 * refused at load (server/exec-consent.ts); this answers as a script that cannot be run.
 */
export interface DispatchAnswers {
  processGroup: string | null;
  applicationGroup: string | null;
  callableObject: string | null;
}

export type DispatchScriptResult = { ok: true; answers: DispatchAnswers } | { ok: false; error: string };

export class DispatchScriptRunner {
  run(_source: string, file: string, _environ: Record<string, string>): DispatchScriptResult {
    return { ok: false, error: `WSGIDispatchScript '${file}' could not be run: the browser has no python3` };
  }

  close(): void {}
}
