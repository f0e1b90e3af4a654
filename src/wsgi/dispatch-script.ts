/**
 * WSGIDispatchScript (wsgi.md R10 step 3): mod_wsgi imports the script and calls its
 * `process_group(environ)`, `application_group(environ)` and `callable_object(environ)` when it
 * defines them; a string result replaces that value (expanded like the directive), None leaves it.
 * htrewrite has no Python of its own, so it runs the script with the machine's python3 — the same
 * code the server would run — feeding it the environ as JSON.
 */
import { execFileSync } from "node:child_process";

export interface DispatchAnswers {
  processGroup: string | null;
  applicationGroup: string | null;
  callableObject: string | null;
}

export type DispatchScriptResult = { ok: true; answers: DispatchAnswers } | { ok: false; error: string };

/** The driver: byte strings travel as latin-1, as in a WSGI environ (PEP 3333). */
const DRIVER = String.raw`
import json, sys, types
req = json.load(sys.stdin)
mod = types.ModuleType("_wsgi_dispatch")
mod.__file__ = req["file"]
out = {}
try:
    exec(compile(req["source"].encode("latin-1"), req["file"], "exec"), mod.__dict__)
    environ = dict(req["environ"])
    for name in ("process_group", "application_group", "callable_object"):
        fn = getattr(mod, name, None)
        if fn is None:
            out[name] = None
            continue
        v = fn(environ)
        if v is None:
            out[name] = None
        elif isinstance(v, str):
            v.encode("latin-1")
            out[name] = v
        else:
            raise TypeError("%s() must return a string or None, not %s" % (name, type(v).__name__))
except Exception as e:
    out = {"error": "%s: %s" % (type(e).__name__, e)}
sys.stdout.write(json.dumps(out))
`;

/** Run the dispatch script's functions for one request's environ. */
export function runDispatchScript(source: string, file: string, environ: Record<string, string>, python = "python3"): DispatchScriptResult {
  let stdout: string;
  try {
    stdout = execFileSync(python, ["-c", DRIVER], {
      input: JSON.stringify({ source, file, environ }),
      encoding: "utf8",
      timeout: 10_000,
      stdio: ["pipe", "pipe", "pipe"],
    });
  } catch (e) {
    return { ok: false, error: `WSGIDispatchScript '${file}' could not be run with ${python}: ${(e as Error).message.split("\n")[0]}` };
  }
  let parsed: Record<string, string | null>;
  try {
    parsed = JSON.parse(stdout) as Record<string, string | null>;
  } catch {
    return { ok: false, error: `WSGIDispatchScript '${file}' gave no answer` };
  }
  if (typeof parsed.error === "string") return { ok: false, error: `Exception occurred processing WSGI dispatch script '${file}': ${parsed.error}` };
  return {
    ok: true,
    answers: {
      processGroup: parsed.process_group ?? null,
      applicationGroup: parsed.application_group ?? null,
      callableObject: parsed.callable_object ?? null,
    },
  };
}
