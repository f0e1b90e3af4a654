/**
 * The log formats a configuration itself declares: `LogFormat "fmt" nickname` and
 * `CustomLog file fmt-or-nickname`. Replaying a site's own logs should use the format its server
 * wrote them with, so `--format NAME` resolves nicknames against these first, then the presets.
 */
import { readFileSync } from "node:fs";
import { parseConfig } from "../config/index.js";
import type { ConfigNode } from "../config/types.js";
import { PRESET_FORMATS } from "./log-format.js";

export interface ConfigLogFormats {
  /** nickname → format string (LogFormat with a nickname). */
  named: Map<string, string>;
  /** The formats CustomLog lines write with, resolved, in order (file → format). */
  customLogs: Array<{ file: string; format: string }>;
}

function walk(nodes: readonly ConfigNode[], out: ConfigLogFormats): void {
  for (const n of nodes) {
    if (n.type === "section") {
      walk(n.children, out);
      continue;
    }
    if (n.key === "logformat" && n.args.length >= 2) out.named.set(n.args[1], n.args[0]);
    else if (n.key === "customlog" && n.args.length >= 2) {
      const f = n.args[1];
      // A CustomLog argument with a % is a format string, else a nickname (mod_log_config's rule).
      const format = f.includes("%") ? f : (out.named.get(f) ?? PRESET_FORMATS[f]);
      if (format !== undefined) out.customLogs.push({ file: n.args[0], format });
    }
  }
}

/** Read the LogFormat/CustomLog directives of a configuration file (not validated: only read). */
export function configLogFormats(file: string): ConfigLogFormats {
  const tree = parseConfig(readFileSync(file, "latin1"), { file, validate: false, serverRoot: file.includes("/") ? file.slice(0, file.lastIndexOf("/")) || "/" : undefined });
  const out: ConfigLogFormats = { named: new Map(), customLogs: [] };
  walk(tree.children, out);
  return out;
}

/** A `--format` value: a format string (has %), a nickname of the config, or a preset. */
export function resolveFormat(spec: string, fromConfig: ConfigLogFormats | null): string {
  if (spec.includes("%")) return spec;
  const f = fromConfig?.named.get(spec) ?? PRESET_FORMATS[spec];
  if (f === undefined) throw new Error(`log format '${spec}' is neither a format string, a LogFormat nickname of the config, nor a preset (${Object.keys(PRESET_FORMATS).join(", ")})`);
  return f;
}
