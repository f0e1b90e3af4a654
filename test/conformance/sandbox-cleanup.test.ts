/**
 * On-disk case sandboxes go away: at exit, on SIGTERM/SIGINT, and — left by a killed run — at
 * the next start.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sweepStaleSandboxes } from "../../src/eval/sandbox.js";

const TSX = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;
const SANDBOX = new URL("../../src/eval/sandbox.ts", import.meta.url).pathname;

/** Start a process that makes a sandbox and waits; resolves with its folder once printed. */
function holder(): Promise<{ dir: string; child: ReturnType<typeof spawn> }> {
  const code = `import { makeSandbox } from ${JSON.stringify(SANDBOX)}; console.log(makeSandbox()); setTimeout(() => {}, 60000);`;
  const child = spawn(TSX, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve({ dir: out.trim(), child });
    });
    child.on("error", reject);
  });
}

function exited(child: ReturnType<typeof spawn>): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.on("exit", () => resolve())));
}

describe("case sandboxes", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("are removed when the process gets %s", async (signal) => {
    const { dir, child } = await holder();
    expect(existsSync(dir)).toBe(true);
    child.kill(signal);
    await exited(child);
    // The signal still ends the process (tsx, the wrapper here, reports it as 128 + signal number).
    const code = { SIGINT: 130, SIGTERM: 143 }[signal];
    expect(child.signalCode === signal || child.exitCode === code).toBe(true);
    expect(existsSync(dir)).toBe(false);
  }, 30_000);

  it("left by a killed process are swept at the next start", () => {
    const base = mkdtempSync(join(tmpdir(), "htr-sweep-"));
    try {
      const stale = join(base, "htrewrite-case-999999999-abc");
      const mine = join(base, `htrewrite-case-${process.pid}-abc`);
      const other = join(base, "unrelated-999999999-abc");
      for (const d of [stale, mine, other]) mkdirSync(d);
      expect(sweepStaleSandboxes(base)).toBe(1);
      expect([existsSync(stale), existsSync(mine), existsSync(other)]).toEqual([false, true, true]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
