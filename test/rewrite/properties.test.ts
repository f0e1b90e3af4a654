/**
 * Invariants of the engine, checked with fast-check over generated requests and rule sets.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitQuery } from "../../src/rewrite/query.js";
import { DOCROOT, runServer } from "./fake.js";

/** Bytes of a decoded URL path segment (anything but `/`, `?` and NUL). */
const segment = fc.string({ unit: fc.integer({ min: 1, max: 255 }).filter((c) => c !== 0x2f && c !== 0x3f).map((c) => String.fromCharCode(c)), maxLength: 8 });
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => "/" + s.join("/"));
const encode = (p: string): string => p.replace(/[^A-Za-z0-9/._~-]/g, (c) => "%" + c.charCodeAt(0).toString(16).padStart(2, "0"));
const query = fc.option(fc.stringMatching(/^[a-z0-9=&%]{0,12}$/), { nil: undefined });
const flagSets = fc.subarray(["L", "QSA", "QSD", "QSL", "NE", "B", "NC", "R", "END", "C", "UNC"]);

describe("properties", () => {
  it("a rule set where nothing matches leaves the request unchanged", () => {
    fc.assert(
      fc.property(path, query, fc.array(flagSets, { maxLength: 4 }), (p, q, flagsList) => {
        const rules = flagsList.map((f, i) => `RewriteRule ^/never-${i}/x$ /elsewhere${f.length ? ` [${f.join(",")}]` : ""}`);
        const target = encode(p) + (q !== undefined ? `?${q}` : "");
        const r = runServer(rules, target);
        expect(r.result.outcome.kind).toBe("declined");
        expect(r.req.args).toBe(q ?? null);
        expect(r.req.uri).toBe(p);
        expect(r.req.status).toBe(200);
        expect(r.req.headersOut.size).toBe(0);
        expect(r.req.subprocessEnv.pairs().map(([k]) => k).sort()).toEqual(["SCRIPT_URI", "SCRIPT_URL"]);
      }),
      { numRuns: 150 },
    );
  });

  it("[L] and [END] stop the pass: later rules never apply", () => {
    fc.assert(
      fc.property(path, fc.constantFrom("L", "END"), fc.array(flagSets, { maxLength: 3 }), (p, stop, later) => {
        const rules = [`RewriteRule ^ /stopped [${stop}]`, ...later.map((f) => `RewriteRule ^ /later${f.length ? ` [${f.join(",")}]` : ""}`)];
        const r = runServer(rules, encode(p));
        expect(r.result.outcome.kind).toBe("ok");
        expect(r.req.filename).toBe(`${DOCROOT}/stopped`);
        expect(r.req.pool.endFlag).toBe(stop === "END");
      }),
      { numRuns: 100 },
    );
  });

  it("no CR or LF ever reaches a Location", () => {
    fc.assert(
      fc.property(path, fc.subarray(["NE", "B", "BNP", "QSA", "UnsafeAllow3F"]), fc.constantFrom("http://example.com/x/$1", "/local/$1", "http://example.com/?q=$1", "mailto:$1"), (p, flags, subst) => {
        const r = runServer([`RewriteRule ^/(.*)$ ${subst} [R,${["L", ...flags].join(",")}]`], encode(p));
        const o = r.result.outcome;
        if (o.kind === "redirect") {
          expect(o.location).not.toMatch(/[\r\n]/);
          expect(r.req.headersOut.get("Location")).toBe(o.location);
        } else expect(o.kind).toBe("status");
      }),
      { numRuns: 300 },
    );
  });

  it("never crashes: any rule text either compiles (and runs) or is refused with HTR_CONFIG_SYNTAX", () => {
    const piece = fc.constantFrom("$1", "%1", "${m:$1|d}", "%{REQUEST_URI}", "%{HTTP:X}", "\\", "?", "&", "/", "a", "//", "%{", "${", "}", "http://h/", "-", "#", " ");
    const text = fc.array(piece, { maxLength: 8 }).map((a) => a.join(""));
    const flag = fc.constantFrom("L", "R", "R=301", "R=404", "N=3", "C", "S=1", "QSA", "QSD", "QSL", "NE", "B", "BNP", "BCTLS", "E=V:$1", "CO=n:v:d", "T=x/y", "END", "PT", "F", "UNC", "DPI", "Q", "");
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text, fc.subarray(["L", "R", "N=3", "C", "QSA", "QSD", "QSL", "NE", "B", "E=V:$1", "CO=n:v:d", "END", "PT", "F", "UNC", "S=1"]), fc.option(flag)), { maxLength: 4 }), path, (rules, p) => {
        const lines = ["RewriteMap m int:tolower", ...rules.map(([pat, sub, flags, extra]) => {
          const f = [...flags, ...(extra !== null ? [extra] : [])];
          return `RewriteRule "^${pat.replace(/"/g, "")}" "${sub.replace(/"/g, "") || "-"}"${f.length ? ` [${f.join(",")}]` : ""}`;
        })];
        try {
          const r = runServer(lines, encode(p));
          expect(["ok", "declined", "status", "redirect"]).toContain(r.result.outcome.kind);
        } catch (e) {
          expect((e as { code?: string }).code).toBe("HTR_CONFIG_SYNTAX");
        }
      }),
      { numRuns: 300 },
    );
  });

  describe("query algebra (splitQuery)", () => {
    const q = fc.stringMatching(/^[a-z0-9=]{1,6}$/);
    const orig = fc.option(fc.stringMatching(/^[a-z0-9=]{1,6}$/), { nil: null });
    const none = { qsNone: false, qsAppend: false, qsDiscard: false, qsLast: false };

    it("no ? in the result keeps the original query (QSD drops it)", () => {
      fc.assert(
        fc.property(orig, fc.boolean(), (o, qsd) => {
          expect(splitQuery("/a", o, { ...none, qsDiscard: qsd }).args).toBe(qsd ? null : o);
        }),
      );
    });
    it("a new query replaces; with QSA the original follows after &", () => {
      fc.assert(
        fc.property(q, orig, fc.boolean(), (nq, o, qsa) => {
          const r = splitQuery(`/a?${nq}`, o, { ...none, qsAppend: qsa });
          expect(r.filename).toBe("/a");
          expect(r.args).toBe(qsa && o !== null ? `${nq}&${o}` : nq);
        }),
      );
    });
    it("QSD with QSA keeps only the new query", () => {
      fc.assert(
        fc.property(q, orig, (nq, o) => {
          expect(splitQuery(`/a?${nq}`, o, { ...none, qsAppend: true, qsDiscard: true }).args).toBe(nq);
        }),
      );
    });
    it("QSL splits at the last ?, otherwise at the first", () => {
      fc.assert(
        fc.property(q, q, (a, b) => {
          expect(splitQuery(`/x?${a}?${b}`, null, { ...none, qsLast: true })).toMatchObject({ filename: `/x?${a}`, args: b });
          expect(splitQuery(`/x?${a}?${b}`, null, none)).toMatchObject({ filename: "/x", args: `${a}?${b}` });
        }),
      );
    });
    it("the no-query marker always empties the query", () => {
      fc.assert(
        fc.property(q, orig, (nq, o) => {
          expect(splitQuery(`/a?${nq}`, o, { ...none, qsNone: true }).args).toBeNull();
        }),
      );
    });
    it("an empty result query is NULL and one trailing & is dropped", () => {
      fc.assert(
        fc.property(q, (nq) => {
          expect(splitQuery("/a?", null, none).args).toBeNull();
          expect(splitQuery(`/a?${nq}&`, null, none).args).toBe(nq);
        }),
      );
    });
  });
});
