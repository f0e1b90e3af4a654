/**
 * Reading an assertion file of `htrewrite test`: YAML (`.yaml`/`.yml`, through the `yaml`
 * package, YAML 1.2 core schema) or JSON (anything else). Every problem is one line naming
 * `FILE:LINE` — a syntax error where the parser stopped, a field of the wrong type where that
 * field is written — so a CI log points at the line to fix.
 */
import { LineCounter, parseDocument, type Document } from "yaml";
import { HtrError } from "../util/errors.js";
import { readInput } from "../util/read-input.js";

/** A parsed spec file: its data and the line of any field, for error messages. */
export interface SpecFile {
  file: string;
  data: unknown;
  /** `FILE:LINE` of the value at `path` (keys and indices), or `FILE` when it has no position. */
  where(path: ReadonlyArray<string | number>): string;
}

/** Whether `file` is read as YAML (by its extension; JSON otherwise). */
export function isYamlFile(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

/** Read and parse one spec file; HtrError HTR_USAGE naming FILE:LINE when it does not parse. */
export function readSpecFile(file: string): SpecFile {
  const text = readInput(file).toString("utf8");
  const yaml = isYamlFile(file);
  let data: unknown;
  if (!yaml) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      // Node 22 says "(line L column C)"; Node 20 names no position at all.
      const m = /line (\d+) column (\d+)/.exec((e as Error).message);
      throw new HtrError("HTR_USAGE", `${file}${m ? `:${m[1]}` : ""}: not valid JSON: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  // Positions come from the YAML parser for both formats (JSON is YAML 1.2 flow syntax).
  const lines = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: yaml });
  if (yaml) {
    const err = doc.errors[0];
    if (err) {
      const line = lines.linePos(err.pos[0]).line;
      throw new HtrError("HTR_USAGE", `${file}:${line}: not valid YAML: ${err.message.split("\n")[0]}`);
    }
    try {
      // The yaml package refuses alias expansion beyond this count ("billion laughs").
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new HtrError("HTR_USAGE", `${file}: not valid YAML: ${(e as Error).message}`);
    }
  }
  // A missing field is reported at the nearest enclosing value that is written.
  const where = (path: ReadonlyArray<string | number>): string => {
    if (doc.errors.length) return file;
    for (let n = path.length; n >= 0; n--) {
      let node: unknown;
      try {
        node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      } catch {
        node = undefined;
      }
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return `${file}:${lines.linePos(range[0]).line}`;
    }
    return file;
  };
  return { file, data, where };
}
