import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { answer, run } from "../../src/cli/regex.js";

function capture(): { out: () => string; restore: () => void } {
  let text = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("latin1");
    return true;
  });
  return { out: () => text, restore: () => spy.mockRestore() };
}

describe("htrewrite regex", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prints match, captures and engine; exit 0 on match, 1 otherwise", async () => {
    const c = capture();
    expect(await run(["^/(.*)/(x)?$", "/foo/"])).toBe(0);
    expect(c.out()).toBe('match: yes\nengine: v8\n$0 = "/foo/"\n$1 = "foo"\n$2 = (unset)\n');
    c.restore();
    const d = capture();
    expect(await run(["^ab$", "ab\n"])).toBe(1);
    expect(d.out()).toContain("match: no");
    d.restore();
  });

  it("--nc folds ASCII only; arguments are UTF-8 text (é is two bytes)", async () => {
    const c = capture();
    expect(await run(["^CAF", "caf\u00e9", "--nc"])).toBe(0);
    expect(await run(["^caf.$", "caf\u00e9"])).toBe(1); // é is 2 bytes: . matches one
    expect(await run(["^caf..$", "caf\u00e9"])).toBe(0);
    c.restore();
  });

  it("reports compile errors with PCRE's message and offset (exit 3)", async () => {
    const c = capture();
    expect(await run(["a(b", "x"])).toBe(3);
    expect(c.out()).toBe("error: missing closing parenthesis at offset 3\n");
    c.restore();
  });

  it("answers --batch lines with byte strings", async () => {
    const dir = mkdtempSync(join(tmpdir(), "htr-regex-"));
    const file = join(dir, "in.jsonl");
    const lines = [
      { pattern: "^(a+)+$", subject: "a".repeat(3000) + "b" },
      { pattern: "\u00e9", subject: "\u00c9", nocase: true },
      { pattern: "(", subject: "" },
      { pattern: "(a)|b", subject: "b" },
      { pattern: "\u0100", subject: "" },
    ];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join("\n") + "\nnot json\n", "utf8");
    const c = capture();
    expect(await run(["--batch", file])).toBe(0);
    const out = c.out().trimEnd().split("\n").map((l) => JSON.parse(l) as unknown);
    c.restore();
    expect(out).toEqual([
      { match: false, groups: null, error: "PCRE2_ERROR_MATCHLIMIT", engine: "pcre2" },
      { match: false, groups: null, error: null, engine: "v8" },
      { match: false, groups: null, error: "missing closing parenthesis at offset 1", engine: "pcre2" },
      { match: true, groups: ["b", null], error: null, engine: "v8" },
      { match: false, groups: null, error: "pattern and subject must be byte strings (U+0000-U+00FF)", engine: "pcre2" },
      { match: false, groups: null, error: "line 6: not JSON", engine: "pcre2" },
    ]);
  });

  it("answer() matches byte strings on either engine", () => {
    expect(answer("\\xe9", "\xe9", false)).toEqual({ match: true, groups: ["\xe9"], error: null, engine: "v8" });
    expect(answer("a\\Kb", "ab", false)).toEqual({ match: true, groups: ["b"], error: null, engine: "pcre2" });
  });

  it("refuses bad usage", async () => {
    await expect(run(["only-one"])).rejects.toMatchObject({ code: "HTR_USAGE" });
    await expect(run(["--batch"])).rejects.toMatchObject({ code: "HTR_USAGE" });
  });
});
