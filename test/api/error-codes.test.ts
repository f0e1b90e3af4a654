// Every stable error code, raised where htrewrite detects the error: one scenario per code, and
// no code without one (HTR_ERROR_CODES is the list the type is made of).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/api/evaluate.js";
import { parseHeaderLines } from "../../src/browser/session.js";
import { parseCase } from "../../src/case/load.js";
import { memoryFs, parseConfig } from "../../src/config/index.js";
import { run as explainCli } from "../../src/cli/explain.js";
import { compileRegex } from "../../src/regex/index.js";
import { Pcre2Runtime } from "../../src/regex/pcre2/runtime.js";
import { WorkBudget } from "../../src/rewrite/budget.js";
import { MemoryFs } from "../../src/server/fs.js";
import { HTR_ERROR_CODES, HtrError, type HtrErrorCode } from "../../src/util/errors.js";

function memFs(): MemoryFs {
  const fs = new MemoryFs("/", null);
  fs.addDir("/srv");
  fs.addFile("/srv/cat", "");
  return fs;
}

function load(text: string): void {
  const head = "LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so\nDocumentRoot /srv\n";
  createEngine(`${head}${text}\n`, { file: "/etc/apache2/t.conf", fs: memFs(), env: {} });
}

const SCENARIOS: Record<HtrErrorCode, () => unknown> = {
  HTR_CONFIG_SYNTAX: () => load("RewriteEngine maybe"),
  HTR_CONFIG_INCLUDE: () => load("Include /etc/apache2/no-such.conf"),
  HTR_CONFIG_UNKNOWN_DIRECTIVE: () => load("NoSuchDirective x"),
  HTR_CONFIG_CONTEXT: () => load("<Directory /srv>\nServerName inside\n</Directory>"),
  // No MPM loaded: httpd does not start (AH00534).
  HTR_CONFIG_STARTUP: () => parseConfig("ServerName x\n", { file: "/etc/apache2/t.conf", fs: memoryFs({}), env: {}, startup: true }),
  HTR_CONFIG_LIMIT: () => load("<IfDefine !X>\n".repeat(600) + "</IfDefine>\n".repeat(600)),
  HTR_REGEX_COMPILE: () => compileRegex("(", {}),
  HTR_CASE_BAD: () => parseCase({ requests: "not a list" }, "bad.json"),
  HTR_REQUEST_BAD: () => parseHeaderLines("Host example.com", "request 1"),
  HTR_USAGE: () => explainCli(["--no-such-option"]),
  HTR_BUDGET: () => new WorkBudget(10).charge(11, "sub-requests"),
  // A file on the disk outside the only root the caller allows.
  HTR_FILE_ROOT: () => {
    const dir = mkdtempSync(join(tmpdir(), "htr-codes-"));
    try {
      writeFileSync(join(dir, "inc.conf"), "ServerName x\n");
      mkdirSync(join(dir, "only-here"));
      createEngine(`Include ${dir}/inc.conf\n`, { file: `${dir}/t.conf`, env: {}, roots: [join(dir, "only-here")] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  HTR_EXEC_REFUSED: () => load("RewriteEngine On\nRewriteMap m prg:/srv/cat"),
  // A module without PCRE2's exports (the smallest valid WebAssembly module).
  HTR_INTERNAL: () => Pcre2Runtime.fromBytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])),
};

async function codeOf(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (e) {
    if (e instanceof HtrError) return e.code;
    return `not an HtrError: ${String(e)}`;
  }
  return "nothing thrown";
}

describe("error codes", () => {
  for (const code of HTR_ERROR_CODES) {
    it(`${code} is raised where its error is detected`, async () => {
      expect(await codeOf(SCENARIOS[code])).toBe(code);
    });
  }
  it("the scenario table covers exactly the codes", () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual([...HTR_ERROR_CODES].sort());
  });
});
