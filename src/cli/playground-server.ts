/**
 * The static server behind `htrewrite playground`: the page's files (dist/web) on 127.0.0.1 and
 * nothing else — GET and HEAD of files inside that folder. The page needs no server logic (it
 * works from any static host), so this is only a convenience for trying it locally.
 */
import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { HtrError } from "../util/errors.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
};

/** Where the page's files are: dist/web beside dist/cli (installed package, or a built checkout). */
export function playgroundDir(): string {
  return fileURLToPath(new URL(import.meta.url.includes("/dist/") ? "../web/" : "../../dist/web/", import.meta.url));
}

export interface PlaygroundServer {
  url: string;
  close(): Promise<void>;
}

/** The file a request path names inside `dir`, or null (outside it, or a malformed path). */
function fileFor(dir: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split("?")[0]);
  } catch {
    return null;
  }
  if (path.includes("\0")) return null;
  const full = resolve(dir, "." + (path.endsWith("/") ? `${path}index.html` : path));
  return full === dir || full.startsWith(dir.endsWith(sep) ? dir : dir + sep) ? full : null;
}

export async function startPlaygroundServer(opts: { port: number; dir?: string }): Promise<PlaygroundServer> {
  const dir = resolve(opts.dir ?? playgroundDir());
  try {
    await stat(join(dir, "index.html"));
  } catch {
    throw new HtrError("HTR_USAGE", `playground: the page's files are missing (${join(dir, "index.html")}); run npm run build`);
  }
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: string | Buffer, type = "text/plain; charset=utf-8"): void => {
      res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body), "X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache" });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      send(405, "method not allowed\n");
      return;
    }
    const file = fileFor(dir, req.url ?? "/");
    if (file === null) {
      send(404, "not found\n");
      return;
    }
    readFile(file).then(
      (data) => send(200, data, TYPES[extname(file)] ?? "application/octet-stream"),
      () => send(404, "not found\n"),
    );
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", (e) => fail(new HtrError("HTR_USAGE", `playground: cannot listen on 127.0.0.1:${opts.port}: ${e.message}`)));
    // Loopback only: the page is for the person at this machine.
    server.listen(opts.port, "127.0.0.1", () => ok());
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr !== null ? addr.port : opts.port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}
