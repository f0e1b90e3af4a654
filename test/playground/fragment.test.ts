import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeState, encodeState, FRAGMENT_PREFIX, fromBase64Url, toBase64Url } from "../../src/browser/fragment.js";
import { DEFAULT_STATE, StateError, validateState, type PlaygroundState } from "../../src/browser/state.js";

const text = fc.string({ unit: "grapheme", maxLength: 200 });
const stateArb: fc.Arbitrary<PlaygroundState> = fc.record({
  v: fc.constant(1 as const),
  mode: fc.constantFrom("htaccess" as const, "config" as const),
  source: text,
  files: fc.array(fc.record({ path: text, kind: fc.constantFrom("file" as const, "dir" as const, "link" as const), text }), { maxLength: 5 }),
  users: text,
  env: text,
  requests: fc.array(
    fc.record({ method: text, url: text, headers: text, port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: null }), version: fc.constantFrom("1.1" as const, "1.0" as const) }),
    { maxLength: 5 },
  ),
});

describe("the session in the URL fragment", () => {
  it("round-trips any session, every character included", async () => {
    await fc.assert(
      fc.asyncProperty(stateArb, async (s) => {
        const f = await encodeState(s);
        expect(f.startsWith(FRAGMENT_PREFIX)).toBe(true);
        expect(f).toMatch(/^[A-Za-z0-9._-]+$/);
        expect(await decodeState(`#${f}`)).toEqual(s);
      }),
      { numRuns: 60 },
    );
  });

  it("is compressed: a long repetitive config makes a short link", async () => {
    const source = Array.from({ length: 400 }, (_, i) => `RewriteRule ^old/page-${i}$ /new/page-${i} [R=301,L]`).join("\n");
    const f = await encodeState({ ...DEFAULT_STATE, source });
    expect(f.length).toBeLessThan(source.length / 5);
  });

  it("base64url round-trips every byte value", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect([...fromBase64Url(toBase64Url(all))]).toEqual([...all]);
  });

  it.each([
    ["", "does not start with 's1.'"],
    ["#x1.abc", "does not start with 's1.'"],
    ["#s1.ab$cd", "not base64url"],
    ["#s1.AAAA", "damaged (it does not inflate)"],
  ])("refuses a damaged link %j, saying why", async (f, words) => {
    await expect(decodeState(f)).rejects.toThrow(StateError);
    await expect(decodeState(f)).rejects.toThrow(words);
  });

  it("refuses a link whose JSON is not a session, naming the field", async () => {
    const bad = { ...DEFAULT_STATE, requests: [{ method: "GET", url: "/", headers: "", port: 70000, version: "1.1" }] };
    const f = await encodeState(bad as unknown as PlaygroundState);
    await expect(decodeState(f)).rejects.toThrow("requests[0].port must be a port number or null");
  });

  it.each([
    [{ ...DEFAULT_STATE, v: 2 }, "unknown session version 2"],
    [{ ...DEFAULT_STATE, mode: "nginx" }, "mode must be 'htaccess' or 'config'"],
    [{ ...DEFAULT_STATE, files: [{ path: "a", kind: "fifo", text: "" }] }, "files[0].kind must be file, dir or link"],
    [{ ...DEFAULT_STATE, source: 1 }, "session.source must be text"],
    [{ ...DEFAULT_STATE, requests: [{ method: "GET", url: "/", headers: "", port: null, version: "2" }] }, 'requests[0].version must be "1.1" or "1.0"'],
  ])("validation names what is wrong (%#)", (value, words) => {
    expect(() => validateState(value)).toThrow(words);
  });
});
