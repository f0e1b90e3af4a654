// The error-log lines of the handler-phase refusals read as Apache's (recorded log, module and
// level prefix dropped): mod_wsgi's chunked-body refusals and core's AH00135 with the request
// line escaped as a log item. The golden comparison does not cover the log; this pins these lines.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCase } from "../../src/case/load.js";
import type { ResultRecord } from "../../src/case/types.js";
import { evalCase } from "../../src/eval/case.js";

const here = fileURLToPath(new URL(".", import.meta.url));

describe.each(["rh_framing", "rh_methods", "rh_fuzz_found_default"])("%s: refusal log lines", (name) => {
  it("are Apache's wording for 411 and 501", async () => {
    const apache = readFileSync(join(here, "results", `${name}.jsonl`), "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as ResultRecord);
    const ours = await evalCase(loadCase(join(here, "cases", `${name}.json`)), { allowExec: true });
    let checked = 0;
    for (const a of apache) {
      if ((a.status !== 411 && a.status !== 501) || !a.log?.length) continue;
      const want = a.log[a.log.length - 1].replace(/^\[[a-z_]+:[a-z0-9]+\] /, "");
      const got = ours.find((o) => o.index === a.index)?.log ?? [];
      expect(got, `${name}#${a.index}`).toContain(want);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
});
