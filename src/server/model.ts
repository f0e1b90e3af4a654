/**
 * The server model: what Apache builds from its configuration at start-up, in the shape the
 * request pipeline needs. One `ServerRec` for the main server and one per <VirtualHost>; every
 * per-directory section (<Directory>, <Location>, <Files> …) flattened into `Section` records
 * that keep their directives in order. Module-specific meaning is read from those directives by
 * the consumers (server/per-dir.ts, rewrite, wsgi), so the tree is interpreted in one place each.
 */
import type { ConfigNode, DirectiveNode, SectionNode, SourcePos } from "../config/types.js";
import type { CompiledRegex, RegexDefaults } from "../regex/index.js";
import { directivesByKey } from "./directive-index.js";

export type SectionKind = "directory" | "directorymatch" | "files" | "filesmatch" | "location" | "locationmatch" | "if";

/** A per-directory section, with the directives written directly inside it. */
export interface Section {
  /** Unique, in configuration order. */
  id: number;
  kind: SectionKind;
  /** The path/pattern argument as written (quotes removed). For <Directory> a trailing "/" is ensured. */
  arg: string;
  /** For the regex forms (…Match, or `~`): the compiled pattern. */
  regex: CompiledRegex | null;
  /** Non-regex <Directory>/<Files>/<Location> containing wildcard characters (fnmatch). */
  wildcard: boolean;
  /** Number of "/"-separated components of a non-regex <Directory> (Apache sorts by it). */
  components: number;
  directives: DirectiveNode[];
  /** For <If>/<ElseIf>/<Else>: which one. */
  ifKind: "if" | "elseif" | "else" | null;
  /** <Files>/<If> nested inside this section, in order. */
  nested: Section[];
  /** The server this section was written in (0 = main server). */
  serverId: number;
  node: SectionNode;
}

export interface VhostAddress {
  host: string;
  /** null = "*" (any port). */
  port: number | null;
}

/** The main server or one <VirtualHost>. */
export interface ServerRec {
  id: number;
  isMain: boolean;
  addresses: VhostAddress[];
  /** s->server_hostname. */
  serverHostname: string;
  /** s->port (0 when the ServerName has no port; see wsgi.md §1). */
  port: number;
  /** s->server_scheme: the scheme written in ServerName (https://…), or null. */
  scheme: string | null;
  aliases: string[];
  /** Directives written at this server's level, outside any per-directory section. */
  directives: DirectiveNode[];
  /** Per-directory sections written inside this server (for a vhost: only its own). */
  sections: Section[];
  pos: SourcePos | null;
}

export interface ServerModel {
  main: ServerRec;
  vhosts: ServerRec[];
  /** Every server, main first. */
  all: ServerRec[];
  /** The ports the server listens on (Listen directives), in order. */
  listenPorts: number[];
}

const SECTION_KINDS: Record<string, SectionKind> = {
  directory: "directory",
  directorymatch: "directorymatch",
  files: "files",
  filesmatch: "filesmatch",
  location: "location",
  locationmatch: "locationmatch",
  if: "if",
  elseif: "if",
  else: "if",
};

/** Compiles a section regex under the RegexDefaultOptions in force where the section stands. */
export type RegexCompiler = (pattern: string, nocase: boolean, defaults?: RegexDefaults) => CompiledRegex;

/**
 * The sections an .htaccess file holds (<Files>, <FilesMatch>, <If> and what nests in them;
 * <IfModule>/<IfDefine> are already resolved by the reader). They apply like the same sections
 * nested in a <Directory> of that folder (measured: the real-world corpus, e.g. FreshRSS,
 * Laravel, h5bp file access, which deny files from .htaccess).
 */
export function htaccessSections(children: readonly ConfigNode[], compile: RegexCompiler): Section[] {
  const builder = new ModelBuilder(compile);
  const out: Section[] = [];
  for (const child of children) {
    if (child.type !== "section") continue;
    const k = SECTION_KINDS[child.key];
    if (k === "files" || k === "filesmatch" || k === "if") out.push(builder.section(child, k, HTACCESS_SERVER_ID));
  }
  return out;
}

/** Sections read from an .htaccess belong to no server of the model. */
const HTACCESS_SERVER_ID = -1;

function hasWildcard(s: string): boolean {
  return /[?*[]/.test(s);
}

function lastArg(d: DirectiveNode): string | undefined {
  return d.args[d.args.length - 1];
}

/** Apache's `ServerName [scheme://]host[:port]`. */
export function parseServerName(value: string): { host: string; port: number; scheme: string | null } {
  const sm = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  const scheme = sm ? sm[1].toLowerCase() : null;
  let v = value.slice(sm ? sm[0].length : 0);
  let port = 0;
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(v);
  if (m) {
    v = m[1];
    port = m[2] ? Number(m[2]) : 0;
  }
  return { host: v, port, scheme };
}

function parseVhostAddress(arg: string): VhostAddress {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\*|\d+))?$/.exec(arg);
  if (!m) return { host: arg, port: null };
  return { host: m[1], port: m[2] === undefined || m[2] === "*" ? null : Number(m[2]) };
}

class ModelBuilder {
  private nextSectionId = 1;
  constructor(private readonly compile: RegexCompiler) {}

  section(node: SectionNode, kind: SectionKind, serverId: number): Section {
    let arg = node.args[0] ?? "";
    let regex: CompiledRegex | null = null;
    const tilde = node.args[0] === "~" && node.args.length > 1;
    if (tilde) arg = node.args[1];
    const isRegex = kind.endsWith("match") || tilde;
    if (kind === "if") arg = node.rawArgs.trim().replace(/^"(.*)"$/s, "$1").replace(/^'(.*)'$/s, "$1");
    if (isRegex) regex = this.compile(arg, false, node.regexDefaults);
    if (kind === "directory" && !isRegex && !arg.endsWith("/")) arg += "/";
    const normalisedKind: SectionKind =
      tilde && kind === "directory" ? "directorymatch" : tilde && kind === "files" ? "filesmatch" : tilde && kind === "location" ? "locationmatch" : kind;
    const s: Section = {
      id: this.nextSectionId++,
      kind: normalisedKind,
      arg,
      regex,
      wildcard: !isRegex && kind !== "if" && hasWildcard(arg),
      components: kind === "directory" && !isRegex ? arg.split("/").length - 1 : 0,
      directives: [],
      ifKind: kind === "if" ? (node.key as "if" | "elseif" | "else") : null,
      nested: [],
      serverId,
      node,
    };
    for (const child of node.children) {
      if (child.type === "directive") s.directives.push(child);
      else {
        const k = SECTION_KINDS[child.key];
        if (k) s.nested.push(this.section(child, k, serverId));
      }
    }
    return s;
  }

  /** Walk a server's children: directives stay, sections become Section records. */
  collect(children: ConfigNode[], server: ServerRec, onVhost: ((n: SectionNode) => void) | null): void {
    for (const child of children) {
      if (child.type === "directive") {
        server.directives.push(child);
        continue;
      }
      if (child.key === "virtualhost") {
        if (onVhost) onVhost(child);
        continue;
      }
      const kind = SECTION_KINDS[child.key];
      if (kind) server.sections.push(this.section(child, kind, server.id));
      else this.collect(child.children, server, onVhost); // containers the reader kept (none after IfModule/IfDefine evaluation)
    }
  }
}

/** Build the server model from a parsed configuration tree. */
export function buildServerModel(children: ConfigNode[], compile: RegexCompiler): ServerModel {
  const builder = new ModelBuilder(compile);
  const main: ServerRec = {
    id: 0,
    isMain: true,
    addresses: [],
    serverHostname: "localhost",
    port: 0,
    scheme: null,
    aliases: [],
    directives: [],
    sections: [],
    pos: null,
  };
  const vhostNodes: SectionNode[] = [];
  builder.collect(children, main, (n) => vhostNodes.push(n));
  applyServerNames(main, null);

  const vhosts: ServerRec[] = vhostNodes.map((node, i) => {
    const v: ServerRec = {
      id: i + 1,
      isMain: false,
      addresses: node.args.map(parseVhostAddress),
      serverHostname: "",
      port: 0,
      scheme: null,
      aliases: [],
      directives: [],
      sections: [],
      pos: node.pos,
    };
    builder.collect(node.children, v, null);
    applyServerNames(v, main);
    return v;
  });

  const listenPorts: number[] = [];
  for (const d of main.directives) {
    if (d.key === "listen") {
      const m = /(\d+)$/.exec(d.args[0] ?? "");
      if (m) listenPorts.push(Number(m[1]));
    }
  }
  return { main, vhosts, all: [main, ...vhosts], listenPorts };
}

/**
 * ServerName/ServerAlias of one server. A vhost starts with the main server's port, takes the
 * port of its first non-wildcard address, and a ServerName inside it overrides the port (0 when
 * it has none) — ap_init_virtual_host / ap_fini_vhost_config, wsgi.md §1 item 2.
 */
function applyServerNames(s: ServerRec, main: ServerRec | null): void {
  if (main) {
    s.serverHostname = main.serverHostname;
    s.port = main.port;
    s.scheme = main.scheme;
    const first = s.addresses[0];
    if (first && first.port !== null) s.port = first.port;
  }
  for (const d of s.directives) {
    if (d.key === "servername") {
      const v = lastArg(d);
      if (v !== undefined) {
        const { host, port, scheme } = parseServerName(v);
        s.serverHostname = host;
        s.port = port;
        s.scheme = scheme;
      }
    } else if (d.key === "serveralias") {
      s.aliases.push(...d.args);
    }
  }
}

/** Directives of a given name at a server's level, in order. */
export function serverDirectives(s: ServerRec, key: string): readonly DirectiveNode[] {
  return directivesByKey(s.directives, key);
}

/** The last value of a single-valued directive at server level, falling back to the main server. */
export function serverSetting(s: ServerRec, main: ServerRec, key: string): DirectiveNode | undefined {
  const own = serverDirectives(s, key);
  if (own.length) return own[own.length - 1];
  if (s === main) return undefined;
  const inherited = serverDirectives(main, key);
  return inherited[inherited.length - 1];
}
