/**
 * The complete httpd.conf a case runs under: the base configuration of spec/case-format.md plus
 * what Apache needs to run standalone, followed by the case's own lines. The recorder hands this
 * exact text to real Apache and the offline engine parses the same text, so a line number in an
 * error ("Syntax error on line 62 of …/conf/httpd.conf") means the same line for both.
 *
 * Layout: the base part is always BASE_CONFIG_LINES (59) lines, so a case's config line N is file
 * line 59 + N — the numbering the recorded example x_config_refused shows (its config line 3 is
 * "line 62"). Listeners and extra modules vary in number, so they fill reserved slots (unused
 * slots are comment lines); only a case with more than LISTEN_SLOTS ports or MODULE_SLOTS extra
 * modules pushes its config further down.
 */

/** Modules every case loads (case-format.md "The base configuration"); unixd and log_config are built in. */
export const BASE_MODULES: readonly string[] = [
  "mpm_prefork",
  "authz_core",
  "authz_host",
  "mime",
  "dir",
  "alias",
  "env",
  "setenvif",
  "rewrite",
  "headers",
  "userdir",
  "wsgi",
];

/** Where Debian's apache2 package keeps module shared objects. */
export const DEFAULT_MODULE_DIR = "/usr/lib/apache2/modules";

/** Number of lines before the case's config when the reserved slots suffice. */
export const BASE_CONFIG_LINES = 59;
const LISTEN_SLOTS = 8;
const MODULE_SLOTS = 6;

/** Inputs of `buildBaseConfig`. */
export interface BaseConfigOptions {
  /** The sandbox root, absolute, no trailing slash (`@ROOT@` already substituted). */
  root: string;
  /** The actual port of each listener. */
  ports: number[];
  /** Extra modules of the case (short names, e.g. "cgi"); loaded after the base ones. */
  modules?: string[];
  /** The case's config lines (already placeholder-substituted), appended last. */
  extraConfig?: string[];
  /** Where the module .so files are; default DEFAULT_MODULE_DIR. */
  moduleDir?: string;
  /** The account Apache's children run as; default www-data (only effective when started as root). */
  user?: string;
  group?: string;
}

/** Debian names most modules mod_<name>.so; the module symbol is <name>_module. */
function loadModuleLine(name: string, dir: string): string {
  return `LoadModule ${name}_module ${dir}/mod_${name}.so`;
}

function slots(lines: string[], count: number, filler: (i: number) => string): string[] {
  const out = [...lines];
  for (let i = lines.length; i < count; i++) out.push(filler(i));
  return out;
}

/** The full configuration text (ends with a newline). */
export function buildBaseConfig(opts: BaseConfigOptions): string {
  const dir = opts.moduleDir ?? DEFAULT_MODULE_DIR;
  const root = opts.root;
  const extraModules = (opts.modules ?? []).filter((m) => !BASE_MODULES.includes(m));
  const lines: string[] = [
    "# htrewrite conformance sandbox: the base configuration of spec/case-format.md.",
    `# Built by src/case/base-config.ts; the case's own config starts at line ${BASE_CONFIG_LINES + 1}.`,
    `ServerRoot "${root}"`,
    ...BASE_MODULES.map((m) => loadModuleLine(m, dir)),
    ...slots(
      extraModules.map((m) => loadModuleLine(m, dir)),
      MODULE_SLOTS,
      (i) => `# (module slot ${i} unused)`,
    ),
    "ServerName localhost",
    // The address Apache's error pages show; the one the shared example recordings carry.
    "ServerAdmin oracle@localhost",
    ...slots(
      opts.ports.map((p) => `Listen 127.0.0.1:${p}`),
      LISTEN_SLOTS,
      (i) => `# (listener slot ${i} unused)`,
    ),
    `PidFile "${root}/run/httpd.pid"`,
    `DefaultRuntimeDir "${root}/run"`,
    `Mutex file:${root}/run default`,
    `ErrorLog "${root}/logs/error.log"`,
    // One line per message, module and level first, so the recorder can split the trace off.
    'ErrorLogFormat "[%-m:%l] [pid %P] %M"',
    "LogLevel warn rewrite:trace8 wsgi:info",
    `User ${opts.user ?? "www-data"}`,
    `Group ${opts.group ?? "www-data"}`,
    "TypesConfig /etc/mime.types",
    // Few children: a case is a handful of sequential requests, and start-up time is what counts.
    "StartServers 1",
    "MinSpareServers 1",
    "MaxSpareServers 2",
    "Timeout 20",
    `DocumentRoot "${root}/htdocs"`,
    "DirectoryIndex index.html",
    "KeepAlive Off",
    "<Directory />",
    "    AllowOverride None",
    "    Require all denied",
    "</Directory>",
    `<Directory "${root}">`,
    "    AllowOverride None",
    "    Require all granted",
    "</Directory>",
    `WSGISocketPrefix ${root}/run/wsgi`,
  ];
  while (lines.length < BASE_CONFIG_LINES) lines.push("#");
  return [...lines, ...(opts.extraConfig ?? [])].join("\n") + "\n";
}
