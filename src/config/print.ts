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
      out.push(safeLine(indent + nameToken(n.name) + (n.rawArgs === "" ? "" : " " + n.rawArgs)));
    } else {
      const open = n.openArgs ?? n.rawArgs + ">";
      out.push(safeLine(indent + openTag(n.name, open)));
      printNodes(n.children, indent + "    ", out);
      out.push(indent + quote("</" + n.name + ">"));
    }
  }
}

/** A line ending in `\` would continue onto the next one; a trailing blank stops that. */
function safeLine(line: string): string {
  return line.endsWith("\\") ? line + " " : line;
}

/** `<Name args>`; a tag without arguments is written `<Name>`. */
function openTag(name: string, open: string): string {
  const token = nameToken("<" + name);
  if (open !== ">") return token + " " + open;
  return token.endsWith(">") ? token : token + ">";
}

/**
 * A directive or section name as one core word that reads back to the same name: the reader
 * drops one trailing `>` from a name whose second byte is not `/`, so such a name gets one more.
 */
function nameToken(name: string): string {
  const token = name[1] !== "/" && (name.endsWith(">") || name === "") ? name + ">" : name;
  return quote(token);
}

/** Quote a word when it would not read back as itself (blanks, quotes, backslashes, `#`). */
function quote(word: string): string {
  if (word !== "" && !/[\s"'\\]/.test(word) && !word.startsWith("#")) return word;
  return '"' + word.replace(/(["\\])/g, "\\$1") + '"';
}
