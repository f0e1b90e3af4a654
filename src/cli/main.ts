#!/usr/bin/env node
/**
 * htrewrite's command line. Each command lives in its own module exporting
 * `run(argv): Promise<number>` (the exit code); this file only dispatches.
 */
import { HtrError } from "../util/errors.js";

type CommandModule = { run(argv: string[]): Promise<number> };

// Command modules are loaded by name (./<name>.js) so that start-up only pays for the one used.
const COMMANDS: Record<string, string> = {
  check: "check FILE… — would Apache accept this config / .htaccess / case?",
  eval: "eval CASE.json… — answer a conformance case's requests as Apache would (JSON lines)",
  route: "route --config FILE URL… — rewrite outcome, environment, application and process group",
  regex: "regex PATTERN SUBJECT [--nc] | regex --batch FILE.jsonl — PCRE2 as Apache compiles it",
  explain: "explain FILE — the compiled rewrite rule sets of a config",
  serve: "serve --config FILE [--listen 127.0.0.1:PORT] [--backend GROUP=URL…] — a front server acting on the rules",
};

function usage(): string {
  const lines = ["usage: htrewrite <command> [options]", "", "commands:"];
  for (const [name, summary] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(8)} ${summary}`);
  return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === "-h" || cmd === "--help" || cmd === "help") {
    process.stdout.write(usage() + "\n");
    return cmd ? 0 : 2;
  }
  if (!Object.hasOwn(COMMANDS, cmd)) {
    process.stderr.write(`htrewrite: unknown command '${cmd}'\n${usage()}\n`);
    return 2;
  }
  const mod = (await import(`./${cmd}.js`)) as CommandModule;
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof HtrError) {
      process.stderr.write(`htrewrite: ${err.code}: ${err.message}\n`);
      process.exitCode = err.code === "HTR_USAGE" ? 2 : 1;
    } else {
      process.stderr.write(`htrewrite: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 70;
    }
  },
);
