/**
 * The compiled mod_rewrite rule sets of a configuration (`explain`): for the main server, each
 * <VirtualHost> and each per-directory section (or one .htaccess file), the engine state, options,
 * maps, and every rule with its conditions, flags, the maps it calls and the variables it reads.
 */
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { assertReadsInRoots, realDiskPath, type FileRoots } from "../config/file-roots.js";
import { diskFs, type ConfigFs } from "../config/fs.js";
import { CASE_BASE_MODULES, parseConfig, parseHtaccess } from "../config/index.js";
import type { ConfigNode, DirectiveNode } from "../config/types.js";
import { ENGINE_CONFIG_CHECKS } from "../expr/config-checks.js";
import { compilePerDirContext, compileServerContext } from "../rewrite/compile.js";
import type { RewriteCompileOptions } from "../rewrite/compile.js";
import { explainPerDir, explainServer, renderExplanation } from "../rewrite/explain.js";

/** Sections whose directives form a per-directory context, and how Apache names their PERDIR. */
const PER_DIR_SECTIONS = new Set(["directory", "directorymatch", "location", "locationmatch", "files", "filesmatch", "if", "elseif", "else"]);

/** One rule set: where it is written, its compiled form (JSON-ready), and the same as text lines. */
export interface ContextReport {
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

/** Options of {@link explain}. */
export interface ExplainOptions {
  /** The file's path, as reports name it (default "httpd.conf"). */
  file?: string;
  /** Read the text as one .htaccess file (AllowOverride All) instead of a server configuration. */
  htaccess?: boolean;
  /** The file system Include and friends read (default: the disk). */
  fs?: ConfigFs;
  /** Directories every file the configuration reads must resolve into (default: anywhere). */
  roots?: FileRoots;
}

/**
 * Explain a configuration's rule sets. Throws ConfigError when Apache would refuse the
 * configuration. The modules of htrewrite's deployment model are taken as loaded (LoadModule
 * lines add more).
 */
export function explain(text: string, options: ExplainOptions = {}): ContextReport[] {
  const file = options.file ?? "httpd.conf";
  const out: ContextReport[] = [];
  if (options.htaccess === true) {
    const tree = parseHtaccess(text, { file, allowOverride: "All", loadedModules: CASE_BASE_MODULES, checks: ENGINE_CONFIG_CHECKS, fs: options.fs ?? diskFs });
    if (options.roots) assertReadsInRoots(tree.children, options.roots, realDiskPath, "/etc/apache2");
    const opts: RewriteCompileOptions = { serverRoot: "/etc/apache2", exists: existsSync, htaccess: true };
    const { config } = compilePerDirContext(directivesOf(tree.children), dirname(file), opts);
    if (config !== null) {
      const report = explainPerDir(config);
      out.push({ context: file, report, lines: renderExplanation(report.rules) });
    }
    return out;
  }
  const tree = parseConfig(text, { file, loadedModules: CASE_BASE_MODULES, checks: ENGINE_CONFIG_CHECKS, fs: options.fs ?? diskFs });
  if (options.roots) assertReadsInRoots(tree.children, options.roots, realDiskPath, tree.serverRoot ?? "/etc/apache2");
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
  return out;
}
