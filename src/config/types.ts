/**
 * The parsed configuration tree. Every node keeps where it came from (file, line, column) and its
 * raw text, so errors, `check` and traces can point at the source. The tree is produced once by
 * the reader (`parse.ts`) and consumed by every later layer: rewrite compiles its directives,
 * server builds vhosts and sections, wsgi reads its own directives.
 */

import type { RegexDefaults } from "../regex/default-options.js";

/** A position in a configuration source. Lines and columns are 1-based. */
export interface SourcePos {
  /** File path as Apache would name it in an error (absolute for httpd.conf and .htaccess). */
  file: string;
  line: number;
  column: number;
  /**
   * The last physical line of a directive continued with `\` over several lines, when it differs
   * from `line`. httpd names this line in its errors (its line counter has moved on by then).
   */
  lastLine?: number;
}

/** One directive line, after continuation joining, `${VAR}` substitution and argument splitting. */
export interface DirectiveNode {
  type: "directive";
  /** The directive name as written (case preserved); compare with `key`. */
  name: string;
  /** Lower-cased name, for case-insensitive lookup. */
  key: string;
  /** Arguments split per the directive's own rules (core quoting, or mod_rewrite's tokenizer). */
  args: string[];
  /** The argument text exactly as on the logical line after `${}` substitution (what Apache echoes). */
  rawArgs: string;
  pos: SourcePos;
  /** The whole logical line as read. */
  raw: string;
  /**
   * The RegexDefaultOptions flags in force where this node stands, when they differ from
   * Apache's (DOTALL | DOLLAR_ENDONLY): the flags a pattern it compiles takes (regex-defaults.ts).
   */
  regexDefaults?: RegexDefaults;
}

/** A section: `<VirtualHost>`, `<Directory>`, `<IfModule>` … with its children in order. */
export interface SectionNode {
  type: "section";
  /** Section name without `<`, case preserved (e.g. "Directory", "IfModule"). */
  name: string;
  /** Lower-cased name. */
  key: string;
  /** Arguments of the opening tag, split with core quoting rules (quotes removed). */
  args: string[];
  /** Argument text of the opening tag as written (without the closing `>`). */
  rawArgs: string;
  /**
   * The opening tag's argument text exactly as httpd keeps it, up to and including the last `>`
   * (`">"` when the tag had no arguments). httpd refuses the section later when it has no `>`.
   * Optional for trees built by hand; the printer then writes `rawArgs` + `>`.
   */
  openArgs?: string;
  children: ConfigNode[];
  pos: SourcePos;
  /** Position of the closing tag. */
  endPos: SourcePos;
  raw: string;
  /**
   * The RegexDefaultOptions flags in force where this node stands, when they differ from
   * Apache's (DOTALL | DOLLAR_ENDONLY): the flags a pattern it compiles takes (regex-defaults.ts).
   */
  regexDefaults?: RegexDefaults;
}

export type ConfigNode = DirectiveNode | SectionNode;

/** A warning httpd logs while still accepting the configuration (AH00111 …). */
export interface ConfigWarning {
  message: string;
  pos: SourcePos;
}

/**
 * A parsed file (httpd.conf with its includes resolved, or one .htaccess). Directives httpd
 * executes while reading (Define, Include, LoadModule, <IfModule> …) leave no node: included
 * files and true conditional sections are spliced in place, false ones are dropped.
 */
export interface ConfigTree {
  file: string;
  children: ConfigNode[];
  /** Warnings httpd would log (set by the reader). */
  warnings?: ConfigWarning[];
  /** Module identifiers loaded at the end of reading, built-ins first (set by the reader). */
  loadedModules?: string[];
  /** ServerRoot in effect at the end of reading (set by the reader). */
  serverRoot?: string;
  /**
   * RegexDefaultOptions as the whole configuration left it, when not Apache's default: what
   * .htaccess patterns, compiled per request, take.
   */
  regexDefaults?: RegexDefaults;
}

/** Where a directive stands, as Apache's cmd_parms context checks see it. */
export type ConfigContext =
  | "server" // main server config, outside any section
  | "virtualhost"
  | "directory" // <Directory>, <DirectoryMatch>
  | "location" // <Location>, <LocationMatch>
  | "files" // <Files>, <FilesMatch> (also nested in <Directory>)
  | "if" // <If>, <ElseIf>, <Else>
  | "htaccess";

/** AllowOverride classes (Apache's OR_* override bits). */
export type OverrideClass = "AuthConfig" | "FileInfo" | "Indexes" | "Limit" | "Options";
