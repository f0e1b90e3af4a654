#!/usr/bin/env node
/**
 * htrewrite's command line. Each command lives in its own module exporting `HELP` (its usage
 * text) and `run(argv): Promise<number>` (the exit code); this file only dispatches, prints help
 * and the version, and turns errors into one line and an exit code (./usage-error.ts).
 *
 * Adding a command is one line in COMMANDS.
 */
import { describeUserError, EXIT_CODES_HELP, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from "./usage-error.js";
import { versionText } from "./version.js";

export interface CommandModule {
  /** Usage and options, starting "usage: htrewrite NAME …". */
  HELP: string;
  run(argv: string[]): Promise<number>;
}

interface Command {
  summary: string;
  /** Loaded on use, so start-up only pays for the command that runs. */
  load: () => Promise<CommandModule>;
}

const COMMANDS: Record<string, Command> = {
  route: { summary: "what Apache does with URLs: status, redirect, file, env, WSGI groups", load: () => import("./route.js") },
  check: { summary: "would Apache accept this config / .htaccess / case?", load: () => import("./check.js") },
  eval: { summary: "answer a conformance case's requests as Apache would (JSON lines)", load: () => import("./eval.js") },
  regex: { summary: "match a subject with PCRE2 as Apache compiles the pattern", load: () => import("./regex.js") },
  explain: { summary: "the compiled rewrite rule sets of a config or .htaccess", load: () => import("./explain.js") },
  test: { summary: "assert what Apache does with requests (CI: --reporter tap|junit)", load: () => import("./test.js") },
  replay: { summary: "what the rules do to logged traffic (rule hits, statuses, groups)", load: () => import("./replay.js") },
  merge: { summary: "merge replay shard summaries", load: () => import("./merge.js") },
  diff: { summary: "which logged requests change decision between two configs", load: () => import("./diff.js") },
  "gen-log": { summary: "a synthetic access log for tests and benchmarks", load: () => import("./gen-log.js") },
  playground: { summary: "the web playground on 127.0.0.1 (rules and requests, each line met or not, share links)", load: () => import("./playground.js") },
  serve: { summary: "a front server on 127.0.0.1 acting on the rules (static files, redirects, WSGI pools)", load: () => import("./serve.js") },
};

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    "usage: htrewrite COMMAND [options] …",
    "       htrewrite help COMMAND | htrewrite COMMAND --help | htrewrite --version",
    "",
    "commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    EXIT_CODES_HELP,
  ].join("\n");
}

async function commandHelp(name: string): Promise<string> {
  return `${(await COMMANDS[name].load()).HELP}\n\n${EXIT_CODES_HELP}`;
}

/** Help is asked for by -h/--help anywhere before a `--` separator. */
function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === "-h" || a === "--help");
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === "--version" || cmd === "-V") {
    process.stdout.write(versionText() + "\n");
    return EXIT_OK;
  }
  if (cmd === undefined || cmd === "-h" || cmd === "--help") {
    (cmd ? process.stdout : process.stderr).write(mainHelp() + "\n");
    return cmd ? EXIT_OK : EXIT_USAGE;
  }
  if (cmd === "help") {
    const topic = rest[0];
    if (topic === undefined) process.stdout.write(mainHelp() + "\n");
    else if (!Object.hasOwn(COMMANDS, topic)) throw new UsageError(`help: unknown command '${topic}' (htrewrite --help lists them)`);
    else process.stdout.write((await commandHelp(topic)) + "\n");
    return EXIT_OK;
  }
  if (!Object.hasOwn(COMMANDS, cmd)) {
    throw new UsageError(cmd.startsWith("-") ? `unknown option '${cmd}' (htrewrite --help)` : `unknown command '${cmd}' (htrewrite --help lists them)`);
  }
  if (wantsHelp(rest)) {
    process.stdout.write((await commandHelp(cmd)) + "\n");
    return EXIT_OK;
  }
  return (await COMMANDS[cmd].load()).run(rest);
}

// `htrewrite … | head` closes stdout early: stop quietly, as other Unix tools do.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(EXIT_OK);
  throw err;
});

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const cmd = argv[0] !== undefined && Object.hasOwn(COMMANDS, argv[0]) ? ` ${argv[0]}` : "";
    if (err instanceof UsageError) {
      process.stderr.write(`htrewrite: ${err.message}\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    const user = describeUserError(err);
    if (user) {
      process.stderr.write(`htrewrite${cmd}: ${user.message}\n`);
      process.exitCode = user.exit;
    } else {
      process.stderr.write(`htrewrite${cmd}: internal error (please report): ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = EXIT_INTERNAL;
    }
  },
);
