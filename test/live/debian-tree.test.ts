/**
 * The machine's own Debian tree, as installed (`npm run test:live`): /etc/apache2/apache2.conf
 * with every module the packages enabled (.ci/run installs Debian's apache2 and 56
 * libapache2-mod-* packages, whose install scripts enable their modules and confs). Nobody here
 * wrote it, so it checks the directive table against what the packages really ship — a module
 * whose structure is not named `*_module` (mod_shib) was missing until this test. `htrewrite
 * check` must give `apache2ctl -t`'s verdict, and when Apache refuses, its message.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkFile } from "../../src/cli/check.js";

const CONF = "/etc/apache2/apache2.conf";
const CTL = "/usr/sbin/apache2ctl";
const present = existsSync(CONF) && existsSync(CTL);

function apacheVerdict(): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(CTL, ["-t"], { timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === "number" ? err.code : 1;
      resolve({ code, output: stdout + stderr });
    });
  });
}

describe.skipIf(!present)("the installed Debian tree", () => {
  it("htrewrite check gives apache2ctl -t's verdict on /etc/apache2/apache2.conf", async () => {
    const apache = await apacheVerdict();
    const ours = checkFile(CONF);
    const summary = `apache2ctl -t exit ${apache.code}:\n${apache.output}\nhtrewrite: ${ours.accepted ? "Syntax OK" : ours.error}`;
    expect(ours.accepted, summary).toBe(apache.code === 0);
    if (apache.code !== 0) {
      // Apache's message is the last line it printed; htrewrite's ends with the same text.
      const last = apache.output.trim().split("\n").pop() ?? "";
      expect(ours.error ?? "", summary).toContain(last.trim());
    }
  }, 120_000);
});
