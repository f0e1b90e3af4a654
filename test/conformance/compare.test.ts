import { describe, expect, it } from "vitest";
import type { ResultRecord } from "../../src/case/types.js";
import { compareRecord, compareResults, PROBE_MARKER } from "./compare.js";

const probe = (over: Record<string, unknown> = {}): ResultRecord => ({
  case: "c",
  index: 0,
  request: { path: "/s", method: "GET" },
  status: 200,
  location: null,
  body_kind: "probe",
  body: {
    application_group: "localhost|/s",
    process_group: "",
    probe_file: "@ROOT@/probe.wsgi",
    SCRIPT_NAME: "/s",
    PATH_INFO: "",
    QUERY_STRING: "",
    REQUEST_URI: "/s",
    SCRIPT_FILENAME: "@ROOT@/probe.wsgi",
    SERVER_NAME: "localhost",
    SERVER_PORT: "80",
    DOCUMENT_ROOT: "@ROOT@/htdocs",
    CONTEXT_PREFIX: "",
    CONTEXT_DOCUMENT_ROOT: "@ROOT@/htdocs",
    env: { A: "1" },
    ...over,
  },
});

describe("the comparison that counts", () => {
  it("agrees on identical records and ignores fields that do not count", () => {
    const other = probe({ REQUEST_URI: "/different", SERVER_NAME: "x" });
    other.trace = ["trace1 something"];
    expect(compareRecord(probe(), other)).toEqual([]);
  });
  it.each(["application_group", "process_group", "probe_file", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "SCRIPT_FILENAME"])(
    "notices a different %s",
    (field) => {
      expect(compareRecord(probe(), probe({ [field]: "zzz" })).map((d) => d.field)).toEqual([field]);
    },
  );
  it("compares env as a whole, whatever the key order", () => {
    expect(compareRecord(probe({ env: { A: "1", B: "2" } }), probe({ env: { B: "2", A: "1" } }))).toEqual([]);
    expect(compareRecord(probe(), probe({ env: { A: "1", REDIRECT_A: "1" } })).map((d) => d.field)).toEqual(["env"]);
  });
  it("compares only status and location for non-2xx answers", () => {
    const e: ResultRecord = { case: "c", index: 0, request: { path: "/" }, status: 404, location: null, body_kind: "text", body: "a" };
    expect(compareRecord(e, { ...e, body: "b", body_kind: "probe" })).toEqual([]);
    expect(compareRecord(e, { ...e, status: 403 }).map((d) => d.field)).toEqual(["status"]);
  });
  it("compares a served file's body, reading the probe's text as @PROBE@", () => {
    const e: ResultRecord = { case: "c", index: 0, request: { path: "/" }, status: 200, location: null, body_kind: "text", body: "@PROBE@" };
    expect(compareRecord(e, { ...e, body: `${PROBE_MARKER}\nimport json\n` })).toEqual([]);
    expect(compareRecord(e, { ...e, body: "other" }).map((d) => d.field)).toEqual(["body"]);
  });
  it("reports a missing record as a difference", () => {
    expect(compareResults([probe()], [])).toHaveLength(1);
  });
  it("treats a refused config (status null) by its status", () => {
    const e: ResultRecord = { case: "c", index: 0, request: { path: "/" }, status: null, error: "apache did not start: x" };
    expect(compareRecord(e, { ...e, error: "other words" })).toEqual([]);
    expect(compareRecord(e, probe()).map((d) => d.field)).toEqual(["status"]);
  });
});
