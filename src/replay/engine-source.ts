/**
 * The deployment a replay or diff runs against: an Apache configuration file (`--config`), or a
 * conformance case (`--case`, the format of rules/*.json) built by the case layer. Also yields the
 * parsed tree for rule file:line names and the config's own log formats.
 */
import { FileRoots } from "../config/file-roots.js";
import { readFileSync } from "node:fs";
import { createEngine } from "../api/evaluate.js";
import { loadCase } from "../case/load.js";
import { parseConfig } from "../config/index.js";
import { loadCaseEngine } from "../eval/case.js";
import type { Engine } from "../server/engine.js";
import { indexRules, type RuleIndex } from "./rule-hits.js";

export interface LoadedSource {
  engine: Engine;
  ruleIndex: RuleIndex;
  /** Path whose LogFormat/CustomLog lines apply (null for a case). */
  configFile: string | null;
}

export function loadSource(spec: { config?: string; caseFile?: string; roots?: readonly string[] }): LoadedSource {
  const roots = spec.roots?.length ? new FileRoots(spec.roots) : undefined;
  if (spec.caseFile !== undefined) {
    const c = loadCase(spec.caseFile);
    const { engine } = loadCaseEngine(c, undefined, false, roots);
    // The case's own config lines are its rules: name them as lines of the case's `config` array.
    const tree = parseConfig(c.config.join("\n"), { file: `${spec.caseFile}#config`, validate: false });
    return { engine, ruleIndex: indexRules(tree.children), configFile: null };
  }
  const file = spec.config!;
  const text = readFileSync(file, "latin1");
  const engine = createEngine(text, { file, roots });
  const tree = parseConfig(text, { file, validate: false, serverRoot: file.includes("/") ? file.slice(0, file.lastIndexOf("/")) || "/" : undefined });
  return { engine, ruleIndex: indexRules(tree.children), configFile: file };
}
