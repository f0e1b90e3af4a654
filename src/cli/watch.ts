/**
 * `--watch` for `route` and `test`: run once, then again whenever one of the inputs changes
 * (a configuration and the files it includes, an .htaccess, a document root, a case or spec
 * file), until SIGINT or SIGTERM. The inputs are listed again after every run, so a file that a
 * new Include names is watched from then on.
 *
 * Each input's directory is watched rather than the file itself: editors save by writing a new
 * file and renaming it over the old one, which ends a watch on the file. Changes arriving within
 * DEBOUNCE_MS of each other make one run. A run's own errors (a spec that no longer parses, a
 * configuration Apache would refuse) are printed as the command prints them and the watch goes
 * on; the exit code is the last run's.
 */
import { watch, type FSWatcher } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { parseConfig, type ConfigNode } from "../config/index.js";
import { readInput } from "../util/read-input.js";
import { describeUserError } from "./usage-error.js";

const DEBOUNCE_MS = 150;

export interface WatchInputs {
  /** Files whose change means a new run. */
  files: string[];
  /** Directories whose content (recursively) is an input, e.g. a document root. */
  dirs: string[];
}

/** Remove `--watch` from the arguments; tells whether it was there. */
export function takeWatch(argv: readonly string[]): { watch: boolean; rest: string[] } {
  const rest = argv.filter((a) => a !== "--watch");
  return { watch: rest.length !== argv.length, rest };
}

/**
 * Run `once` now and after every change of `inputs()`, until a signal.
 * @param command the command's name, for error lines ("htrewrite test: …").
 */
export function watchAndRun(command: string, inputs: () => WatchInputs, once: () => Promise<number>): Promise<number> {
  return new Promise((done) => {
    let last = 0;
    let watchers: FSWatcher[] = [];
    let timer: NodeJS.Timeout | null = null;
    let running = false;
    let again = false;
    let changed = new Set<string>();

    const close = (): void => {
      for (const w of watchers) w.close();
      watchers = [];
    };
    const arm = (): void => {
      close();
      let listed: WatchInputs;
      try {
        listed = inputs();
      } catch {
        listed = { files: [], dirs: [] };
      }
      const byDir = new Map<string, Set<string>>();
      for (const f of listed.files) {
        const p = resolve(f);
        const names = byDir.get(dirname(p)) ?? new Set<string>();
        names.add(basename(p));
        byDir.set(dirname(p), names);
      }
      const add = (dir: string, recursive: boolean, wanted: Set<string> | null): void => {
        try {
          const w = watch(dir, { recursive, persistent: true }, (_event, name) => {
            const n = name === null ? null : String(name);
            if (wanted !== null && n !== null && !wanted.has(n)) return;
            changed.add(n === null ? dir : resolve(dir, n));
            schedule();
          });
          w.on("error", () => w.close());
          watchers.push(w);
        } catch {
          // A directory that vanished: the next run reports the missing input; nothing to watch.
        }
      };
      for (const [dir, names] of byDir) add(dir, false, names);
      for (const d of listed.dirs) add(resolve(d), true, null);
    };
    const run = async (): Promise<void> => {
      running = true;
      try {
        last = await once();
      } catch (e) {
        const user = describeUserError(e);
        process.stderr.write(`htrewrite ${command}: ${user ? user.message : `internal error (please report): ${e instanceof Error ? e.stack : String(e)}`}\n`);
        last = user ? user.exit : 70;
      }
      running = false;
      arm();
      process.stderr.write(`htrewrite ${command}: watching ${watchers.length} location${watchers.length === 1 ? "" : "s"} for changes (Ctrl-C stops)\n`);
      if (again) {
        again = false;
        schedule();
      }
    };
    const schedule = (): void => {
      if (running) {
        again = true;
        return;
      }
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        const what = [...changed].join(", ");
        changed = new Set();
        process.stderr.write(`htrewrite ${command}: changed: ${what}; running again\n`);
        void run();
      }, DEBOUNCE_MS);
    };
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      if (timer) clearTimeout(timer);
      close();
      done(last);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    void run();
  });
}

/**
 * A configuration file and every file it Includes (read as the engine reads it, ServerRoot its
 * folder); just the file when it does not read.
 */
export function configFiles(file: string): string[] {
  const path = resolve(file);
  const out = new Set<string>([path]);
  try {
    const tree = parseConfig(readInput(path).toString("latin1"), { file: path, validate: false, serverRoot: dirname(path) });
    const stack: ConfigNode[] = [...tree.children];
    for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
      out.add(n.pos.file);
      if (n.type === "section") stack.push(...n.children);
    }
  } catch {
    // The run reports why it does not read; the file itself is still watched.
  }
  return [...out];
}
