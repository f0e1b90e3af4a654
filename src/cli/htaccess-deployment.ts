/**
 * The deployment `route --htaccess` runs a bare .htaccess under: one default virtual host whose
 * document root has `AllowOverride All` and the case modules loaded (mod_rewrite, mod_alias,
 * mod_env, mod_setenvif, mod_dir, mod_mime, mod_headers, mod_wsgi …), as a typical shared host
 * reads a site's .htaccess.
 *
 * Without --docroot the site lives in memory: the .htaccess files at their directories (the
 * document root is their common ancestor), and each requested path exists or not as the user
 * says (--exists / --missing before it), so `RewriteCond %{REQUEST_FILENAME} !-f` tests what the
 * user means. With --docroot the site is the real directory tree.
 */
import type { FileRoots } from "../config/file-roots.js";
import { dirname, resolve } from "node:path";
import { BASE_MODULES, DEFAULT_MODULE_DIR } from "../case/base-config.js";
import { createEngine } from "../api/evaluate.js";
import type { Engine } from "../server/engine.js";
import { DiskFs, MemoryFs, type VirtualFs } from "../server/fs.js";
import { utf8ToBytes } from "../util/bytes.js";
import { HtrError } from "../util/errors.js";
import { readInput } from "../util/read-input.js";

/** The origin requests are sent to: scheme, host and port of --url-base (default http://localhost). */
export interface UrlBase {
  scheme: "http" | "https";
  host: string;
  port: number;
}

export interface HtaccessSite {
  /** .htaccess files as the user named them (absolute). */
  htaccess: string[];
  /** The real document root (--docroot), or null for the in-memory site. */
  docroot: string | null;
  base: UrlBase;
  /** Per requested path (in-memory site only): does the file it names exist? */
  requested: Array<{ path: string; exists: boolean }>;
  /** --root: where the site's configuration may read from disk. */
  roots?: FileRoots;
}

export interface HtaccessDeployment {
  engine: Engine;
  documentRoot: string;
  /** Where each .htaccess sits in the deployment → the file the user named (for display). */
  files: Map<string, string>;
}

export function parseUrlBase(text: string): UrlBase {
  const m = /^(https?):\/\/([^/:?#]+)(?::(\d+))?\/?$/i.exec(text);
  if (!m) throw new HtrError("HTR_USAGE", `--url-base wants scheme://host[:port], got '${text}' (htrewrite route --help)`);
  const scheme = m[1].toLowerCase() as "http" | "https";
  const port = m[3] ? Number(m[3]) : scheme === "https" ? 443 : 80;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new HtrError("HTR_USAGE", `--url-base: bad port in '${text}'`);
  return { scheme, host: m[2].toLowerCase(), port };
}

function commonAncestor(dirs: string[]): string {
  let common = dirs[0].split("/");
  for (const d of dirs.slice(1)) {
    const segs = d.split("/");
    let i = 0;
    while (i < common.length && i < segs.length && common[i] === segs[i]) i++;
    common = common.slice(0, i);
  }
  return common.join("/") || "/";
}

/**
 * The configuration text: Debian's defaults where they matter to rewriting, AllowOverride All on
 * the site. The playground's htaccess mode runs under the same text.
 */
export function htaccessConfigText(documentRoot: string, base: UrlBase): string {
  const name = base.scheme === "https" ? `https://${base.host}` : base.host;
  return [
    ...BASE_MODULES.map((m) => `LoadModule ${m}_module ${DEFAULT_MODULE_DIR}/mod_${m}.so`),
    `ServerName ${name}${base.port === (base.scheme === "https" ? 443 : 80) ? "" : `:${base.port}`}`,
    `Listen 127.0.0.1:${base.port}`,
    "TypesConfig /etc/mime.types",
    `DocumentRoot "${documentRoot}"`,
    // Debian's dir.conf.
    "DirectoryIndex index.html index.cgi index.pl index.php index.xhtml index.htm",
    "<Directory />",
    "    AllowOverride None",
    "    Require all denied",
    "</Directory>",
    `<Directory "${documentRoot}">`,
    "    Options Indexes FollowSymLinks",
    "    AllowOverride All",
    "    Require all granted",
    "</Directory>",
  ].join("\n") + "\n";
}

/** Strip the query and decode nothing: the path names the file as the request does. */
function pathOf(url: string): string {
  const noScheme = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "");
  return noScheme.split("?")[0] || "/";
}

export function htaccessDeployment(site: HtaccessSite): HtaccessDeployment {
  const files = new Map<string, string>();
  let fs: VirtualFs;
  let documentRoot: string;
  if (site.docroot !== null) {
    documentRoot = resolve(site.docroot).replace(/\/+$/, "") || "/";
    for (const h of site.htaccess) {
      const p = resolve(h);
      if (!p.startsWith(documentRoot + "/") || !p.endsWith("/.htaccess")) {
        throw new HtrError("HTR_USAGE", `${h}: with --docroot, --htaccess names a .htaccess file inside ${documentRoot}`);
      }
      readInput(p);
      files.set(p, h);
    }
    fs = new DiskFs();
  } else {
    if (site.htaccess.length === 0) throw new HtrError("HTR_USAGE", "route --htaccess needs at least one FILE (htrewrite route --help)");
    const abs = site.htaccess.map((h) => resolve(h));
    documentRoot = commonAncestor(abs.map((p) => dirname(p)));
    // Nothing of the real disk shows through below the document root: the site is what the user said.
    const mem = new MemoryFs(documentRoot);
    abs.forEach((p, i) => {
      const at = `${dirname(p)}/.htaccess`;
      if (files.has(at)) throw new HtrError("HTR_USAGE", `${site.htaccess[i]}: a second .htaccess for ${dirname(p)}`);
      mem.addFile(at, readInput(p));
      files.set(at, site.htaccess[i]);
    });
    for (const r of site.requested) {
      const path = utf8ToBytes(pathOf(r.path));
      if (!r.exists || path === "/") continue;
      const full = documentRoot.replace(/\/$/, "") + path;
      if (path.endsWith("/")) mem.addDir(full.replace(/\/+$/, ""));
      else mem.addFile(full, "");
    }
    fs = mem;
  }
  const file = `${documentRoot.replace(/\/$/, "")}/.htrewrite-vhost.conf`;
  const engine = createEngine(htaccessConfigText(documentRoot, site.base), {
    file,
    fs,
    serverRoot: "/etc/apache2",
    env: { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C" },
    roots: site.roots,
  });
  return { engine, documentRoot, files };
}
