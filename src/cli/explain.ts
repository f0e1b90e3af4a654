/**
 * `htrewrite explain FILE [--json]` — the compiled mod_rewrite rule sets of a configuration: for
 * the main server, each <VirtualHost> and each per-directory section (or one .htaccess file), the
 * engine state, options, maps, and every rule with its conditions, flags, the maps it calls and
 * the variables it reads.
 */
import { assertReadsInRoots, confineReads, realDiskPath } from "../config/file-roots.js";
import { diskFs } from "../config/fs.js";
import { ROOT_HELP, takeRoots } from "./roots-option.js";
import { existsSync } from "node:fs";
import { basename, dirname } from "node:path";
import { CASE_BASE_MODULES, parseConfig, parseHtaccess } from "../config/index.js";
import type { ConfigNode, DirectiveNode } from "../config/types.js";
import { compilePerDirContext, compileServerContext } from "../rewrite/compile.js";
import type { RewriteCompileOptions } from "../rewrite/compile.js";
import { explainPerDir, explainServer, renderExplanation } from "../rewrite/explain.js";
import { HtrError } from "../util/errors.js";
import { readInput } from "../util/read-input.js";

/** Sections whose directives form a per-directory context, and how Apache names their PERDIR. */
const PER_DIR_SECTIONS = new Set(["directory", "directorymatch", "location", "locationmatch", "files", "filesmatch", "if", "elseif", "else"]);

interface ContextReport {
  context: string;
  report: unknown;
  lines: string[];
}

function directivesOf(children: readonly ConfigNode[]): DirectiveNode[] {
  return children.filter((c): c is DirectiveNode => c.type === "directive");
}

function walkSections(children: readonly ConfigNode[], where: string, opts: RewriteCompileOptions, out: ContextReport[]): void {
  for (const node of children) {
    if (node.type !== "section") continue;
    if (node.key === "virtualhost") continue;
    if (PER_DIR_SECTIONS.has(node.key)) {
      const path = node.key === "if" || node.key === "elseif" || node.key === "else" ? "*If" : (node.args[0] ?? "");
      const { config } = compilePerDirContext(directivesOf(node.children), path, opts);
      if (config !== null) {
        const report = explainPerDir(config);
        out.push({
          context: `${where}<${node.name} ${node.rawArgs}> (${node.pos.file}:${node.pos.line})`,
          report,
          lines: [`engine ${config.engine ? "on" : "off"}${config.base ? `, RewriteBase ${config.base}` : ""}${config.options.size ? `, options ${[...config.options].join(" ")}` : ""}`, ...renderExplanation(report.rules)],
        });
      }
    }
    walkSections(node.children, where, opts, out);
  }
}

function serverContext(children: readonly ConfigNode[], name: string, opts: RewriteCompileOptions, out: ContextReport[]): void {
  const { server } = compileServerContext(directivesOf(children), name, opts);
  if (server !== null) {
    const report = explainServer(server);
    out.push({
      context: name,
      report,
      lines: [
        `engine ${server.engine ? "on" : "off"}${server.options.size ? `, options ${[...server.options].join(" ")}` : ""}`,
        ...report.maps.map((m) => `map ${m.name}: ${m.source}`),
        ...renderExplanation(report.rules),
      ],
    });
  }
}

export const HELP = `usage: htrewrite explain FILE [--json]

The compiled mod_rewrite rule sets of a configuration: for the main server, each <VirtualHost>
and each per-directory section (or one .htaccess file, by its name), the engine state, options,
maps, and every rule with its conditions, flags, the maps it calls and the variables it reads.

options:
  --json   the same as one JSON document
${ROOT_HELP}`;

/** Entry point. */
export async function run(argv: string[]): Promise<number> {
  const { roots, rest } = takeRoots(argv, "explain");
  argv = rest;
  const fs = roots ? confineReads(diskFs, roots, realDiskPath) : diskFs;
  const json = argv.includes("--json");
  const unknown = argv.find((a) => a.startsWith("-") && a !== "--json");
  if (unknown !== undefined) throw new HtrError("HTR_USAGE", `unknown option '${unknown}' (htrewrite explain --help)`);
  const files = argv.filter((a) => !a.startsWith("-"));
  if (files.length !== 1) throw new HtrError("HTR_USAGE", "explain takes exactly one FILE (htrewrite explain --help)");
  const file = files[0];
  const text = readInput(file).toString("latin1");
  const out: ContextReport[] = [];
  if (basename(file) === ".htaccess") {
    const tree = parseHtaccess(text, { file, allowOverride: "All", loadedModules: CASE_BASE_MODULES, fs });
    if (roots) assertReadsInRoots(tree.children, roots, realDiskPath, "/etc/apache2");
    const opts: RewriteCompileOptions = { serverRoot: "/etc/apache2", exists: existsSync, htaccess: true };
    const { config } = compilePerDirContext(directivesOf(tree.children), dirname(file), opts);
    if (config !== null) {
      const report = explainPerDir(config);
      out.push({ context: file, report, lines: renderExplanation(report.rules) });
    }
  } else {
    // The modules of htrewrite's deployment model are taken as loaded (LoadModule lines add more).
    const tree = parseConfig(text, { file, loadedModules: CASE_BASE_MODULES, fs });
    if (roots) assertReadsInRoots(tree.children, roots, realDiskPath, tree.serverRoot ?? "/etc/apache2");
    const opts: RewriteCompileOptions = { serverRoot: tree.serverRoot ?? "/etc/apache2", exists: existsSync };
    serverContext(tree.children, "main server", opts, out);
    walkSections(tree.children, "", opts, out);
    for (const node of tree.children) {
      if (node.type === "section" && node.key === "virtualhost") {
        const name = `<VirtualHost ${node.rawArgs}> (${node.pos.file}:${node.pos.line})`;
        serverContext(node.children, name, opts, out);
        walkSections(node.children, `${name} `, opts, out);
      }
    }
  }
  if (json) process.stdout.write(JSON.stringify(out.map(({ context, report }) => ({ context, ...(report as object) })), null, 2) + "\n");
  else {
    for (const c of out) {
      process.stdout.write(`== ${c.context}\n`);
      for (const l of c.lines) process.stdout.write(`  ${l}\n`);
    }
    if (out.length === 0) process.stdout.write("no mod_rewrite directives\n");
  }
  return 0;
}
