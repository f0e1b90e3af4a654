/**
 * WSGIDispatchScript (wsgi.md R10 step 3): mod_wsgi imports the script and calls its
 * `process_group(environ)`, `application_group(environ)` and `callable_object(environ)` when it
 * defines them; a string result replaces that value (expanded like the directive), None leaves it.
 * htrewrite has no Python of its own, so it runs the script with the machine's python3 — the same
 * code the server would run. One python3 child per engine serves every request (util/line-process.ts):
 * a script is imported once and again only when its source changed, as mod_wsgi reloads a changed
 * script, so module-level state lives across requests as it does in the server.
 */
import { LineProcess } from "../util/line-process.js";

export interface DispatchAnswers {
  processGroup: string | null;
  applicationGroup: string | null;
  callableObject: string | null;
}

export type DispatchScriptResult = { ok: true; answers: DispatchAnswers } | { ok: false; error: string };

/**
 * The driver: one JSON request per line, one JSON answer per line. Byte strings travel as latin-1,
 * as in a WSGI environ (PEP 3333). Imported scripts are kept by (file, source), a bounded number.
 */
const DRIVER = String.raw`
import json, sys, types
modules = {}
def load(path, source):
    key = (path, source)
    mod = modules.get(key)
    if mod is None:
        mod = types.ModuleType("_wsgi_dispatch")
        mod.__file__ = path
        exec(compile(source.encode("latin-1"), path, "exec"), mod.__dict__)
        if len(modules) >= 64:
            modules.clear()
        modules[key] = mod
    return mod
for line in sys.stdin:
    out = {}
    try:
        req = json.loads(line)
        mod = load(req["file"], req["source"])
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
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
`;

/** How long one request may wait for the script's answer. */
const TIMEOUT_MS = 10_000;

/** The dispatch-script child of one engine; closed with it. */
export class DispatchScriptRunner {
  private child: LineProcess | null = null;

  constructor(private readonly python = "python3") {}

  /** Run the script's functions for one request's environ. */
  run(source: string, file: string, environ: Record<string, string>): DispatchScriptResult {
    this.child ??= new LineProcess([this.python, "-u", "-c", DRIVER], TIMEOUT_MS);
    // JSON.stringify escapes every newline, so a request is exactly one line; non-ASCII is escaped
    // too, so the line is ASCII whatever the child's stdin encoding.
    const line = JSON.stringify({ source, file, environ }).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    const reply = this.child.ask(line);
    if (reply === null) return { ok: false, error: `WSGIDispatchScript '${file}' could not be run with ${this.python}: no answer within ${TIMEOUT_MS} ms` };
    let parsed: Record<string, string | null>;
    try {
      parsed = JSON.parse(reply) as Record<string, string | null>;
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

  /** Stop the child (its whole process group); used again, it starts afresh. */
  close(): void {
    this.child?.close();
    this.child = null;
  }
}
