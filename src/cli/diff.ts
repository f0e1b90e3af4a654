/**
 * `htrewrite diff --config OLD --config NEW (LOG…|--requests FILE) [--format F] [--json OUT] [--html OUT]`
 * (`--case` in place of `--config` for case files). Exit 1 when any request changes decision,
 * 0 when none does, 2 on usage errors. `--requests` lines are URLs or JSON objects
 * `{"url":…,"host":…,"method":…}`.
 */
import { takeRoots } from "./roots-option.js";
import { writeFileSync } from "node:fs";
import type { EvaluateRequest } from "../api/evaluate.js";
import { ConfigDiff, renderDiffText } from "../replay/diff.js";
import { renderDiffHtml } from "../replay/report-diff-html.js";
import { loadSource } from "../replay/engine-source.js";
import { openLog } from "../replay/input.js";
import { rebuildRequest, requestShape } from "../replay/request.js";
import { HtrError } from "../util/errors.js";
import { pickParser, usageError } from "./replay.js";

export const HELP = "usage: htrewrite diff --config OLD --config NEW (LOG…|--requests FILE) [--format FMT] [--json OUT] [--html OUT] [--root DIR]…";

function requestOf(line: string, where: string): EvaluateRequest | null {
  const t = line.trim();
  if (t === "" || t.startsWith("#")) return null;
  if (!t.startsWith("{")) return { url: t };
  try {
    const o = JSON.parse(t) as EvaluateRequest;
    if (typeof o.url !== "string") throw new Error("no url");
    return o;
  } catch (e) {
    throw new HtrError("HTR_USAGE", `${where}: not a URL nor a JSON request: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function run(argv: string[]): Promise<number> {
  const { dirs: roots, rest } = takeRoots(argv, "diff");
  argv = rest;
  const sources: Array<{ config?: string; caseFile?: string }> = [];
  const logs: string[] = [];
  let requests: string | null = null;
  let format: string | null = null;
  let json: string | null = null;
  let html: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw usageError(`${a} needs a value`, HELP);
      return v;
    };
    if (a === "--config") sources.push({ config: value() });
    else if (a === "--case") sources.push({ caseFile: value() });
    else if (a === "--requests") requests = value();
    else if (a === "--format") format = value();
    else if (a === "--json") json = value();
    else if (a === "--html") html = value();
    else if (a === "-" || !a.startsWith("-")) logs.push(a);
    else throw usageError(`unknown option ${a}`, HELP);
  }
  if (sources.length !== 2) throw usageError("give two configurations (--config OLD --config NEW)", HELP);
  if ((requests === null) === (logs.length === 0)) throw usageError("give log files or --requests FILE (not both)", HELP);
  const [oldSrc, newSrc] = sources.map((s) => loadSource({ ...s, roots }));
  const diff = new ConfigDiff(oldSrc.engine, newSrc.engine, oldSrc.ruleIndex, newSrc.ruleIndex);
  try {
    if (requests !== null) {
      let n = 0;
      for await (const line of openLog(requests).lines) {
        n++;
        const r = requestOf(line, `${requests}:${n}`);
        if (r) diff.add(r);
      }
    } else {
      const parser = pickParser(format, oldSrc.configFile);
      const shape = requestShape(parser);
      for (const name of logs) {
        for await (const line of openLog(name).lines) {
          const p = parser.parse(line);
          if ("error" in p) continue;
          const r = rebuildRequest(p.values, shape);
          if (!("error" in r)) diff.add(r.request);
        }
      }
    }
  } catch (e) {
    if (e instanceof HtrError) throw e;
    throw new HtrError("HTR_USAGE", e instanceof Error ? e.message : String(e));
  }
  const d = diff.toJSON();
  if (json !== null) writeFileSync(json, JSON.stringify(d, null, 1) + "\n");
  if (html !== null) {
    const name = (x: { config?: string; caseFile?: string }) => x.config ?? x.caseFile ?? "";
    writeFileSync(html, renderDiffHtml(d, `htrewrite diff: ${name(sources[0])} → ${name(sources[1])}`));
  }
  process.stdout.write(renderDiffText(d) + "\n");
  return d.changed > 0 ? 1 : 0;
}
