/**
 * `explain`: what each compiled rule reads and does.
 */
import { describe, expect, it } from "vitest";
import { compileServerContext, explainServer } from "../../src/rewrite/index.js";
import { renderExplanation } from "../../src/rewrite/explain.js";
import { directives } from "./fake.js";

describe("explain", () => {
  const conf = compileServerContext(
    directives([
      "RewriteEngine On",
      "RewriteMap lc int:tolower",
      "RewriteCond %{HTTP_HOST} ^www\\. [NC,OR]",
      "RewriteCond %{ENV:X} -f",
      "RewriteRule ^/u/(\\w+)$ /app?u=${lc:$1}&t=%{TIME} [L,QSA,E=G:%{REMOTE_ADDR},R=301]",
      "RewriteRule !^/keep - [F]",
    ]),
    "main",
    { serverRoot: "/", exists: () => true },
  ).server!;
  const ex = explainServer(conf);

  it("lists maps, flags, conditions and what each rule reads", () => {
    expect(ex.maps).toEqual([{ name: "lc", type: "int", source: "int:tolower" }]);
    expect(ex.rules[0]).toMatchObject({
      pattern: "^/u/(\\w+)$",
      flags: ["E=G:%{REMOTE_ADDR}", "L", "QSA", "R=301"],
      maps: ["lc"],
      conditions: [
        { testString: "%{HTTP_HOST}", kind: "regex", flags: ["NC", "OR"] },
        { testString: "%{ENV:X}", kind: "file-exists", flags: [] },
      ],
    });
    expect(new Set(ex.rules[0].variables)).toEqual(new Set(["TIME", "REMOTE_ADDR", "HTTP_HOST", "ENV:X"]));
    expect(ex.rules[1]).toMatchObject({ negate: true, substitution: "-", flags: ["F"] });
  });

  it("renders readable lines", () => {
    const lines = renderExplanation(ex.rules);
    expect(lines[0]).toBe("rule 1 (/srv/conf/httpd.conf:5): ^/u/(\\w+)$ -> /app?u=${lc:$1}&t=%{TIME} [E=G:%{REMOTE_ADDR},L,QSA,R=301]");
    expect(lines).toContain("  if %{HTTP_HOST} ^www\\. (regex) [NC,OR]");
    expect(lines).toContain("rule 2 (/srv/conf/httpd.conf:6): !^/keep -> - [F]");
  });
});
