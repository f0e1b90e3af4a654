/**
 * prg: map programs run as their own process group: a timeout or close() kills the program and
 * everything it started (a shell's background `sleep`), and a program that died is started again.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ProgramMap } from "../../src/rewrite/maps/program.js";

const dir = mkdtempSync(join(tmpdir(), "htr-prg-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { trace: null, readFile: () => null, random: Math.random };

function script(name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, "#!/bin/sh\n" + body);
  chmodSync(p, 0o755);
  return p;
}

/** Running (a killed child not yet reaped is a zombie: dead for our purpose). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

async function until(cond: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}

describe("prg: map programs", () => {
  it("answers from an ES module host (the worker is an ES module of its own)", () => {
    const m = new ProgramMap("m", "prg:/bin/cat", ["/bin/cat"], 5000);
    try {
      expect(m.lookup("hello", env)).toBe("hello");
      expect(m.lookup("again", env)).toBe("again");
    } finally {
      m.close();
    }
  });

  it("a timed-out look-up kills the program's whole group, its children included", async () => {
    const pidFile = join(dir, "bg.pid");
    // The first look-up answers, so the program is known to be up (and its background child
    // started) before the second one times out, however loaded the machine is.
    const p = script("slow.sh", `sleep 300 &\necho $! > ${pidFile}\nwhile read k; do [ "$k" = slow ] && sleep 30; echo "$k"; done\n`);
    const m = new ProgramMap("m", "prg:" + p, [p], 2000);
    try {
      expect(m.lookup("fast", env)).toBe("fast");
      expect(m.lookup("slow", env)).toBeNull();
      expect(await until(() => readFileSafe(pidFile) !== "")).toBe(true);
      const bg = Number(readFileSafe(pidFile));
      expect(await until(() => !alive(bg))).toBe(true);
    } finally {
      m.close();
    }
  });

  it("close() kills the program's group at once", async () => {
    const pidFile = join(dir, "bg2.pid");
    const p = script("echo.sh", `sleep 300 &\necho $! > ${pidFile}\nwhile read k; do echo "$k"; done\n`);
    const m = new ProgramMap("m", "prg:" + p, [p], 5000);
    expect(m.lookup("x", env)).toBe("x");
    const leader = m.programPid;
    expect(leader).not.toBeNull();
    const bg = Number(readFileSafe(pidFile));
    m.close();
    expect(await until(() => !alive(bg) && !alive(leader ?? 0))).toBe(true);
    expect(m.programPid).toBeNull();
  });

  it("a program that exits is started again on the next look-up", () => {
    const p = script("once.sh", `read k\necho "$k"\n`);
    const m = new ProgramMap("m", "prg:" + p, [p], 5000);
    try {
      expect(m.lookup("a", env)).toBe("a");
      expect(m.lookup("b", env)).toBe("b");
    } finally {
      m.close();
    }
  });
});

function readFileSafe(p: string): string {
  try {
    return readFileSync(p, "utf8").trim();
  } catch {
    return "";
  }
}
