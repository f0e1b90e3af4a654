/**
 * A case's sandbox on disk: the folders every case has (htdocs, run, logs, conf), the probe at
 * @ROOT@/probe.wsgi, the case's files, directories, symbolic links and .htaccess files, and the
 * complete httpd.conf. Everything is world-readable because Apache's children run as www-data.
 */
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildBaseConfig } from "../../../src/case/base-config.js";
import { substitutePlaceholders, textOf, type PlaceholderValues } from "../../../src/case/load.js";
import { PROBE_TOKEN, type CaseFile, type FileSpec } from "../../../src/case/types.js";
import { PROBE_SOURCE } from "./probe.js";

/** A built sandbox. */
export interface Sandbox {
  root: string;
  confPath: string;
  errorLog: string;
  pidFile: string;
  /** Removes the sandbox. */
  remove(): void;
}

/**
 * A fresh, short sandbox root: under /tmp (or HTR_SANDBOX_DIR), not $TMPDIR, because every parent
 * must be searchable by www-data and mod_wsgi's socket paths must stay under the 108-byte
 * sun_path limit.
 */
export function makeSandboxRoot(): string {
  const root = realpathSync(mkdtempSync(join(process.env.HTR_SANDBOX_DIR ?? "/tmp", "htr-")));
  chmodSync(root, 0o755);
  return root;
}

function mkdirs(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o755 });
}

/** A case path (relative to the root, or starting with @ROOT@) → absolute path. */
function absolute(path: string, values: PlaceholderValues): string {
  const p = substitutePlaceholders(path, values);
  return p.startsWith("/") ? p : join(values.root, p);
}

function writeEntry(path: string, spec: FileSpec, values: PlaceholderValues): void {
  const target = absolute(path, values);
  if (spec === null || path.endsWith("/")) {
    mkdirs(target);
    return;
  }
  mkdirs(dirname(target));
  if (typeof spec === "object" && !Array.isArray(spec)) {
    rmSync(target, { force: true, recursive: true });
    symlinkSync(substitutePlaceholders(spec.symlink, values), target);
    return;
  }
  const text = textOf(spec);
  const content = text === PROBE_TOKEN ? PROBE_SOURCE : substitutePlaceholders(text, values);
  writeFileSync(target, content, { mode: 0o644 });
}

/**
 * Writes the sandbox for `c` under `root` with the given listener ports. Files are written in
 * the case's order after the standard folders; symbolic links last, so a link may point at a
 * file the case creates further down.
 */
export function buildSandbox(c: CaseFile, root: string, ports: number[]): Sandbox {
  const values = { root, ports };
  for (const d of ["htdocs", "run", "logs", "conf"]) mkdirs(join(root, d));
  writeFileSync(join(root, "probe.wsgi"), PROBE_SOURCE, { mode: 0o644 });
  const entries = Object.entries(c.files);
  const isLink = (s: FileSpec) => typeof s === "object" && s !== null && !Array.isArray(s);
  for (const [path, spec] of entries) if (!isLink(spec)) writeEntry(path, spec, values);
  for (const [dir, text] of Object.entries(c.htaccess)) {
    const d = absolute(dir, values);
    mkdirs(d);
    writeFileSync(join(d, ".htaccess"), substitutePlaceholders(textOf(text), values) + "\n", { mode: 0o644 });
  }
  for (const [path, spec] of entries) if (isLink(spec)) writeEntry(path, spec, values);
  const conf = buildBaseConfig({
    root,
    ports,
    modules: c.modules,
    extraConfig: c.config.map((l) => substitutePlaceholders(l, values)),
  });
  const confPath = join(root, "conf", "httpd.conf");
  writeFileSync(confPath, conf, { mode: 0o644 });
  return {
    root,
    confPath,
    errorLog: join(root, "logs", "error.log"),
    pidFile: join(root, "run", "httpd.pid"),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
