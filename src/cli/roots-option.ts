/**
 * `--root DIR` (repeatable, also `--root=DIR`), shared by every command that reads a
 * configuration: taken out of the arguments before the command reads its own options, so each
 * command's parser stays as it was. See config/file-roots.ts for what a root confines.
 */
import { FileRoots } from "../config/file-roots.js";
import { HtrError } from "../util/errors.js";

/** One line for each command's help. */
export const ROOT_HELP = "  --root DIR     every file the configuration reads (Include, maps, AuthUserFile, WSGI scripts,\n                 .htaccess, served files) must resolve inside DIR, links resolved; repeatable";

export interface TakenRoots {
  /** The roots given, or undefined when none was (no restriction). */
  roots: FileRoots | undefined;
  /** The same directories as written, for worker threads. */
  dirs: string[];
  /** The other arguments, in order. */
  rest: string[];
}

export function takeRoots(argv: readonly string[], command: string): TakenRoots {
  const dirs: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--root") {
      const d = argv[i + 1];
      if (d === undefined || d === "") throw new HtrError("HTR_USAGE", `--root wants a directory (htrewrite ${command} --help)`);
      dirs.push(d);
      i++;
    } else if (a.startsWith("--root=")) {
      if (a.length === 7) throw new HtrError("HTR_USAGE", `--root wants a directory (htrewrite ${command} --help)`);
      dirs.push(a.slice(7));
    } else rest.push(a);
  }
  return { roots: dirs.length ? new FileRoots(dirs) : undefined, dirs, rest };
}
