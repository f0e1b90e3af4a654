/** `htrewrite merge A.json B.json… [--json OUT] [--html OUT]` — one summary of many replay shards. */
import { readFileSync, writeFileSync } from "node:fs";
import { mergeAll } from "../replay/merge.js";
import { renderHtml } from "../replay/report-html.js";
import { renderText } from "../replay/report-text.js";
import { ReplaySummary, type SummaryJson } from "../replay/summary.js";
import { HtrError } from "../util/errors.js";

export const HELP = "usage: htrewrite merge A.json B.json… [--json OUT] [--html OUT]";

export async function run(argv: string[]): Promise<number> {
  const files: string[] = [];
  let json: string | null = null;
  let html: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json" || a === "--html") {
      const v = argv[++i];
      if (v === undefined) throw new HtrError("HTR_USAGE", `${a} needs a value\n${HELP}`);
      if (a === "--json") json = v;
      else html = v;
    } else if (a.startsWith("-")) throw new HtrError("HTR_USAGE", `unknown option ${a}\n${HELP}`);
    else files.push(a);
  }
  if (files.length === 0) throw new HtrError("HTR_USAGE", `no summary file\n${HELP}`);
  const parts = files.map((f) => {
    let j: unknown;
    try {
      j = JSON.parse(readFileSync(f, "utf8"));
    } catch (e) {
      throw new HtrError("HTR_USAGE", `${f}: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      return ReplaySummary.fromJSON(j as SummaryJson, f);
    } catch (e) {
      throw new HtrError("HTR_USAGE", e instanceof Error ? e.message : String(e));
    }
  });
  let merged;
  try {
    merged = mergeAll(parts);
  } catch (e) {
    throw new HtrError("HTR_USAGE", e instanceof Error ? e.message : String(e));
  }
  if (json !== null) writeFileSync(json, JSON.stringify(merged.toJSON()) + "\n");
  if (html !== null) writeFileSync(html, renderHtml(merged, `htrewrite merge: ${files.length} summaries`));
  process.stdout.write(renderText(merged) + "\n");
  return 0;
}
