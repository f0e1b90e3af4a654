// WSGIDispatchScript runs in one python3 child per engine: the script is imported once (its
// module state lives across requests, as in mod_wsgi's process), again when its source changes.
import { afterAll, describe, expect, it } from "vitest";
import { DispatchScriptRunner } from "../../src/wsgi/dispatch-script.js";

const COUNTER = "n = 0\ndef process_group(environ):\n    global n\n    n += 1\n    return 'g%d' % n\n";

describe("the dispatch-script child", () => {
  const runner = new DispatchScriptRunner();
  afterAll(() => runner.close());

  it("keeps the imported script between requests", () => {
    const a = runner.run(COUNTER, "/srv/d.py", {});
    const b = runner.run(COUNTER, "/srv/d.py", {});
    expect(a).toEqual({ ok: true, answers: { processGroup: "g1", applicationGroup: null, callableObject: null } });
    expect(b.ok && b.answers.processGroup).toBe("g2");
  });

  it("imports a changed script afresh", () => {
    const changed = COUNTER + "# edited\n";
    const r = runner.run(changed, "/srv/d.py", {});
    expect(r.ok && r.answers.processGroup).toBe("g1");
  });

  it("passes byte strings as latin-1 both ways", () => {
    const echo = "def application_group(environ):\n    return environ['HTTP_X']\n";
    const r = runner.run(echo, "/srv/e.py", { HTTP_X: "caf\xe9\u00ff" });
    expect(r.ok && r.answers.applicationGroup).toBe("caf\xe9\u00ff");
  });

  it("reports the script's exception and keeps serving", () => {
    const bad = runner.run("def process_group(environ):\n    return 1/0\n", "/srv/bad.py", {});
    expect(bad).toEqual({ ok: false, error: "Exception occurred processing WSGI dispatch script '/srv/bad.py': ZeroDivisionError: division by zero" });
    expect(runner.run(COUNTER + "#2\n", "/srv/d.py", {}).ok).toBe(true);
  });

  it("close() ends the child; the next request starts a new one", () => {
    runner.close();
    const r = runner.run(COUNTER, "/srv/d.py", {});
    expect(r.ok && r.answers.processGroup).toBe("g1");
  });
});
