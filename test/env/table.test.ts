import { describe, expect, it } from "vitest";
import { ApacheTable } from "../../src/env/table.js";

describe("ApacheTable (apr_table_t semantics)", () => {
  it("looks keys up case-insensitively and returns the first entry", () => {
    const t = new ApacheTable();
    t.add("MyGroup", "first");
    t.add("MYGROUP", "second");
    expect(t.get("mygroup")).toBe("first");
    expect(t.getAll("MyGroup")).toEqual(["first", "second"]);
  });
  it("set replaces every entry of the key, keeping the first position", () => {
    const t = ApacheTable.from([["A", "1"], ["B", "2"], ["a", "3"]]);
    t.set("A", "x");
    expect(t.pairs()).toEqual([["A", "x"], ["B", "2"]]);
  });
  it("unset removes all entries of the key", () => {
    const t = ApacheTable.from([["A", "1"], ["a", "3"]]);
    t.unset("A");
    expect(t.get("a")).toBeUndefined();
    expect(t.size).toBe(0);
  });
  it("only folds ASCII letters, like apr's strcasecmp", () => {
    const t = ApacheTable.from([["\xe9", "1"]]);
    expect(t.get("\xc9")).toBeUndefined();
  });
});
