/**
 * `htrewrite serve --config FILE [--listen 127.0.0.1:PORT] [--backend GROUP=URL…]`
 * (or `--htaccess FILE --root DIR`): a front server that answers as the Apache configuration
 * would — static files, redirects, errors — and proxies WSGI requests to the backend pool of
 * their process group, each application group sticky to one backend (rendezvous hashing).
 * GROUP is a WSGIProcessGroup name, "" (written `=URL`) for embedded mode, "*" for any other.
 * The configuration file is watched; a change that Apache would refuse keeps the old one serving.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { startFrontServer } from "../middleware/front-server.js";
import { HtrError } from "../util/errors.js";

export const HELP = "usage: htrewrite serve --config FILE | --htaccess FILE --root DIR [--listen HOST:PORT] [--backend GROUP=URL]… [--preserve-host] [--no-watch]";

export interface ServeArgs {
  config: string | null;
  htaccess: string | null;
  root: string | null;
  host: string;
  port: number;
  backends: Record<string, string[]>;
  preserveHost: boolean;
  watch: boolean;
}

function usage(msg: string): never {
  throw new HtrError("HTR_USAGE", `serve: ${msg}\n${HELP}`);
}

export function parseServeArgs(argv: string[]): ServeArgs {
  const a: ServeArgs = { config: null, htaccess: null, root: null, host: "127.0.0.1", port: 8080, backends: {}, preserveHost: false, watch: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) usage(`${arg} needs a value`);
      return v;
    };
    if (arg === "--config") a.config = value();
    else if (arg === "--htaccess") a.htaccess = value();
    else if (arg === "--root") a.root = value();
    else if (arg === "--listen") {
      const v = value();
      const m = /^(?:(\[[^\]]+\]|[^:]+):)?(\d+)$/.exec(v);
      if (!m || Number(m[2]) > 65535) usage(`--listen '${v}': expected HOST:PORT or PORT`);
      if (m[1]) a.host = m[1].replace(/^\[(.*)\]$/, "$1");
      a.port = Number(m[2]);
    } else if (arg === "--backend") {
      const v = value();
      const eq = v.indexOf("=");
      if (eq < 0 || eq === v.length - 1) usage(`--backend '${v}': expected GROUP=URL`);
      (a.backends[v.slice(0, eq)] ??= []).push(v.slice(eq + 1));
    } else if (arg === "--preserve-host") a.preserveHost = true;
    else if (arg === "--no-watch") a.watch = false;
    else usage(`unknown option '${arg}'`);
  }
  if ((a.config === null) === (a.htaccess === null)) usage("give exactly one of --config and --htaccess");
  if (a.htaccess !== null && a.root === null) usage("--htaccess needs --root");
  return a;
}

export async function run(argv: string[]): Promise<number> {
  const a = parseServeArgs(argv);
  const file = resolve(a.config ?? a.htaccess!);
  let text: string;
  try {
    text = readFileSync(file, a.htaccess !== null ? "utf8" : "latin1");
  } catch {
    throw new HtrError("HTR_USAGE", `serve: cannot read ${file}`);
  }
  const htaccess = a.htaccess !== null ? text : undefined;
  const front = await startFrontServer({
    ...(htaccess !== undefined ? { htaccess, root: resolve(a.root!) } : { file }),
    backends: Object.keys(a.backends).length ? a.backends : undefined,
    preserveHost: a.preserveHost,
    watch: a.watch && a.config !== null,
    host: a.host,
    port: a.port,
    onReload: (err) => process.stderr.write(err ? `htrewrite serve: reload refused, still serving the previous configuration: ${err.message}\n` : `htrewrite serve: reloaded ${file}\n`),
    health: Object.keys(a.backends).length ? {} : false,
  }).catch((e: unknown) => {
    if (e instanceof HtrError) throw e;
    throw new HtrError("HTR_USAGE", `serve: cannot listen on ${a.host}:${a.port}: ${e instanceof Error ? e.message : String(e)}`);
  });
  process.stdout.write(`htrewrite serve: listening on ${front.url}\n`);
  await new Promise<void>((done) => {
    const stop = () => void front.close().then(done);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}
