/**
 * The context fuzzer's model of Apache, taken from Apache itself and not from htrewrite: the
 * modules are the LoadModule lines of the installed packages' /etc/apache2/mods-available/*.load
 * files, the directives are what `apache2 -L` lists with all of them loaded, and the arguments
 * are drawn from a fixed pool of words. Only the placement (which section, which AllowOverride)
 * is chosen here; what is allowed where is for Apache to say.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import fc from "fast-check";

/** One directive as `apache2 -L` lists it. */
export interface ListedDirective {
  /** As listed: "RewriteRule", "<Directory". */
  name: string;
  /** The module's source file name: "mod_rewrite.c". */
  source: string;
}

/** Where a probe places its directive. */
export type ProbeContext =
  | "server" | "virtualhost" | "directory" | "location" | "files" | "if" | "ifmodule" | "limit"
  | "htaccess";

export const MAIN_CONTEXTS: readonly ProbeContext[] = [
  "server", "virtualhost", "directory", "location", "files", "if", "ifmodule", "limit",
];

/** AllowOverride values a probe's .htaccess directory is given. */
export const ALLOW_OVERRIDES: readonly string[] = [
  "All", "None", "AuthConfig", "FileInfo", "Indexes", "Limit", "Options", "FileInfo AuthConfig",
];

/** Argument words: values many handlers accept, and some most refuse. `@ROOT@` is the sandbox. */
export const ARG_POOL: readonly string[] = [
  "x", "On", "Off", "1", "0", "-1", "100", "none", "All", "@ROOT@/htdocs", "@ROOT@/htdocs/f.txt", "/",
  "/x", "*", "GET", "text/html", "^/a(.*)$", "\"a b\"", "http://127.0.0.1/", "env=X", "default",
];

export interface Probe {
  directive: ListedDirective;
  context: ProbeContext;
  /** Only for "htaccess". */
  allowOverride: string;
  args: string[];
}

/** The probes: a fixed-seed sample over the listed directives. */
export function probeArbitrary(list: readonly ListedDirective[]): fc.Arbitrary<Probe> {
  return fc.record({
    directive: fc.constantFrom(...list),
    context: fc.constantFrom<ProbeContext>(...MAIN_CONTEXTS, "htaccess", "htaccess"),
    allowOverride: fc.constantFrom(...ALLOW_OVERRIDES),
    // One argument most often (the commonest arity), none to three otherwise.
    args: fc.oneof(
      { weight: 3, arbitrary: fc.array(fc.constantFrom(...ARG_POOL), { minLength: 1, maxLength: 1 }) },
      { weight: 2, arbitrary: fc.array(fc.constantFrom(...ARG_POOL), { minLength: 0, maxLength: 3 }) },
    ),
  });
}

/** The directive line(s) of a probe, with `root` for @ROOT@. */
export function directiveLines(p: Probe, root: string): string[] {
  const args = p.args.map((a) => a.replace("@ROOT@", root)).join(" ");
  if (p.directive.name.startsWith("<")) {
    const name = p.directive.name.slice(1);
    return [`<${name}${args ? " " + args : ""}>`, `</${name}>`];
  }
  return [`${p.directive.name}${args ? " " + args : ""}`];
}

/** The probe placed in its main-configuration context. */
export function placed(p: Probe, root: string): string[] {
  const body = directiveLines(p, root);
  switch (p.context) {
    case "server": return body;
    case "virtualhost": return ["<VirtualHost 127.0.0.1:*>", ...body, "</VirtualHost>"];
    case "directory": return [`<Directory ${root}/htdocs>`, ...body, "</Directory>"];
    case "location": return ["<Location /x>", ...body, "</Location>"];
    case "files": return ["<Files x.txt>", ...body, "</Files>"];
    case "if": return ["<If \"true\">", ...body, "</If>"];
    case "ifmodule": return ["<IfModule mod_alias.c>", ...body, "</IfModule>"];
    case "limit": return [`<Directory ${root}/htdocs>`, "<Limit GET POST>", ...body, "</Limit>", "</Directory>"];
    case "htaccess": return [];
  }
}

/** The probe as it is printed in reports and keyed in the expectations file. */
export function probeKey(p: Probe): string {
  const where = p.context === "htaccess" ? `htaccess[AllowOverride ${p.allowOverride}]` : p.context;
  return `${where}: ${directiveLines(p, "@ROOT@").join(" ")}`;
}

const MODS_AVAILABLE = "/etc/apache2/mods-available";
/** Only one MPM loads; prefork is the one the conformance cases use. */
const OTHER_MPMS = /^mpm_(event|worker)_module$/;

/**
 * Every module the installed packages ship (one LoadModule line each), in an order httpd can
 * load them in: a module whose .so needs another module's symbols is moved after it, as often
 * as `apache2 -t` reports "Cannot load".
 */
export function loadableModules(scratchConf: string, header: readonly string[]): string[] {
  const seen = new Set<string>();
  let lines: string[] = [];
  for (const f of readdirSync(MODS_AVAILABLE).filter((n) => n.endsWith(".load")).sort()) {
    for (const l of readFileSync(`${MODS_AVAILABLE}/${f}`, "latin1").split("\n")) {
      const m = /^\s*LoadModule\s+(\S+)\s+(\S+)/.exec(l);
      if (!m || OTHER_MPMS.test(m[1]) || seen.has(m[1])) continue;
      seen.add(m[1]);
      lines.push(`LoadModule ${m[1]} ${m[2]}`);
    }
  }
  for (let round = 0; round < lines.length; round++) {
    writeFileSync(scratchConf, [...header, ...lines].join("\n") + "\n");
    let out = "";
    try {
      execFileSync("apache2", ["-t", "-f", scratchConf], { stdio: "pipe", env: { PATH: "/usr/sbin:/usr/bin:/bin", LANG: "C" } });
      return lines;
    } catch (e) {
      out = String((e as { stderr?: Buffer }).stderr ?? "");
    }
    const m = /Cannot load (\S+) into server/.exec(out);
    if (!m) throw new Error(`all modules do not load together:\n${out}`);
    const i = lines.findIndex((l) => l.endsWith(` ${m[1]}`));
    if (i === -1 || i === lines.length - 1) throw new Error(`module cannot be loaded:\n${out}`);
    lines = [...lines.slice(0, i), ...lines.slice(i + 1), lines[i]];
  }
  throw new Error("no load order found");
}

/**
 * The modules a real start (for the .htaccess probes) loads: those of Apache's own package and
 * mod_wsgi. With every package's module loaded httpd does not start without per-module set-up
 * (mod_passenger wants PassengerRoot, mod_auth_cas a cookie directory, mod_python refuses to run
 * beside mod_wsgi, mod_rivet crashes), which a .htaccess probe has no use for.
 */
export function startableModules(lines: readonly string[]): string[] {
  const own = new Set(
    execFileSync("dpkg", ["-L", "apache2-bin", "libapache2-mod-wsgi-py3"], { env: { PATH: "/usr/bin:/bin" } })
      .toString("latin1").split("\n").filter((f) => f.endsWith(".so")),
  );
  return lines.filter((l) => own.has(l.split(" ")[2]));
}

/** `apache2 -L` with the configuration's modules loaded: every directive and its module. */
export function listDirectives(conf: string): ListedDirective[] {
  const out = execFileSync("apache2", ["-f", conf, "-L"], { env: { PATH: "/usr/sbin:/usr/bin:/bin", LANG: "C" }, maxBuffer: 64 << 20 }).toString("latin1");
  const list: ListedDirective[] = [];
  for (const line of out.split("\n")) {
    const m = /^(<?[A-Za-z][\w.-]*) \(([^()]+\.c)\)$/.exec(line);
    if (m) list.push({ name: m[1], source: m[2] });
  }
  return list;
}
