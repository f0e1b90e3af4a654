/**
 * `htrewrite playground [--port N]`: the web playground (rules, requests, each line met or not,
 * share links) served on 127.0.0.1. The page evaluates everything in the browser with the same
 * engine as the CLI; the server only hands out its static files.
 */
import { startPlaygroundServer } from "./playground-server.js";
import { HtrError } from "../util/errors.js";

export const HELP = `usage: htrewrite playground [--port N]

Serves the web playground on http://127.0.0.1:N/ (default port 8377; 0 picks a free one): paste
an .htaccess or a whole Apache configuration, list the files that exist and the requests, and see
per request every line met or not, the final status, Location, file, environment and WSGI groups.
The rules never leave the browser; the page's URL (after #) holds the session as a share link.
The same files (dist/web in the package) work from any static web host.

options:
  --port N   the port to listen on (127.0.0.1 only)`;

export async function run(argv: string[]): Promise<number> {
  let port = 8377;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = a === "--port" ? argv[++i] : a.startsWith("--port=") ? a.slice(7) : undefined;
    if (v === undefined) throw new HtrError("HTR_USAGE", `playground: ${a === "--port" ? "--port needs a value" : `unknown argument '${a}'`} (htrewrite playground --help)`);
    if (!/^\d+$/.test(v) || Number(v) > 65535) throw new HtrError("HTR_USAGE", `playground: --port '${v}' is not a port number`);
    port = Number(v);
  }
  const server = await startPlaygroundServer({ port });
  process.stdout.write(`htrewrite playground: open ${server.url}\n`);
  await new Promise<void>((done) => {
    const stop = (): void => void server.close().then(done);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}
