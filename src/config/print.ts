/**
 * Printing a tree back as configuration text. Reading the printed text (with the same modules,
 * defines and environment) yields the same tree, apart from positions and raw text: arguments are
 * printed exactly as httpd tokenized them (after `${}` substitution), sections indented by four
 * spaces.
 */
import type { ConfigNode, ConfigTree } from "./types.js";

/** The tree as configuration text, one directive per line. */
export function printConfig(tree: ConfigTree | readonly ConfigNode[]): string {
  const out: string[] = [];
  const nodes = Array.isArray(tree) ? (tree as readonly ConfigNode[]) : (tree as ConfigTree).children;
  printNodes(nodes, "", out);
  return out.length ? out.join("\n") + "\n" : "";
}

function printNodes(nodes: readonly ConfigNode[], indent: string, out: string[]): void {
  for (const n of nodes) {
    if (n.type === "directive") {
      out.push(safeLine(indent + quoteName(n.name) + (n.rawArgs === "" ? "" : " " + n.rawArgs)));
    } else {
      const open = n.openArgs ?? n.rawArgs + ">";
      out.push(safeLine(indent + "<" + quoteName(n.name) + (open === ">" ? ">" : " " + open)));
      printNodes(n.children, indent + "    ", out);
      out.push(indent + "</" + n.name + ">");
    }
  }
}

/** A line ending in `\` would continue onto the next one; a trailing blank stops that. */
function safeLine(line: string): string {
  return line.endsWith("\\") ? line + " " : line;
}

/** Directive names are one core word: quote them when they would not read back as one. */
function quoteName(name: string): string {
  if (name !== "" && !/[\s"'\\]/.test(name) && !name.startsWith("#") && !name.endsWith(">")) return name;
  return '"' + name.replace(/(["\\])/g, "\\$1") + '"';
}
