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
    // One watcher per directory, kept across runs (re-creating them would leave a gap in which a
    // save goes unseen); `wanted` is updated in place, null = every name (a recursive input).
    const watchers = new Map<string, { w: FSWatcher; wanted: Set<string> | null }>();
    let timer: NodeJS.Timeout | null = null;
    let running = false;
    let again = false;
    let changed = new Set<string>();

    const close = (): void => {
      for (const { w } of watchers.values()) w.close();
      watchers.clear();
    };
    const arm = (): void => {
      let listed: WatchInputs;
      try {
        listed = inputs();
      } catch {
        listed = { files: [], dirs: [] };
      }
      const want = new Map<string, { dir: string; recursive: boolean; wanted: Set<string> | null }>();
      for (const f of listed.files) {
        const p = resolve(f);
        const key = `f:${dirname(p)}`;
        const entry = want.get(key) ?? { dir: dirname(p), recursive: false, wanted: new Set<string>() };
        entry.wanted!.add(basename(p));
        want.set(key, entry);
      }
      for (const d of listed.dirs) want.set(`d:${resolve(d)}`, { dir: resolve(d), recursive: true, wanted: null });
      for (const [key, { w }] of watchers) {
        if (!want.has(key)) {
          w.close();
          watchers.delete(key);
        }
      }
      for (const [key, { dir, recursive, wanted }] of want) {
        const have = watchers.get(key);
        if (have) {
          have.wanted = wanted;
          continue;
        }
        try {
          const entry = { w: null as unknown as FSWatcher, wanted };
          entry.w = watch(dir, { recursive, persistent: true }, (_event, name) => {
            const n = name === null ? null : String(name);
            if (entry.wanted !== null && n !== null && !entry.wanted.has(n)) return;
            changed.add(n === null ? dir : resolve(dir, n));
            schedule();
          });
          entry.w.on("error", () => {
            entry.w.close();
            watchers.delete(key);
          });
          watchers.set(key, entry);
        } catch {
          // A directory that vanished: the next run reports the missing input; nothing to watch.
        }
      }
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
      process.stderr.write(`htrewrite ${command}: watching ${watchers.size} location${watchers.size === 1 ? "" : "s"} for changes (Ctrl-C stops)\n`);
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
