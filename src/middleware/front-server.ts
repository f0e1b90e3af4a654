/**
 * The standalone front server of `htrewrite serve`: a node:http server whose every request goes
 * through createMiddleware with static files served from the mapped filename, WSGI requests
 * proxied to their group's backend and everything else answered as Apache would. Listens on
 * 127.0.0.1 unless told otherwise.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { createMiddleware, type Middleware, type MiddlewareOptions } from "./middleware.js";

export interface FrontServerOptions extends MiddlewareOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8080; 0 = any free port. */
  port?: number;
}

export interface FrontServer {
  server: http.Server;
  middleware: Middleware;
  /** "http://host:port". */
  url: string;
  close(): Promise<void>;
}

export function startFrontServer(options: FrontServerOptions): Promise<FrontServer> {
  const middleware = createMiddleware({ ...options, serveFiles: true });
  const server = http.createServer((req, res) => middleware(req, res));
  return new Promise((resolve, reject) => {
    server.once("error", (e) => {
      middleware.close();
      reject(e);
    });
    server.listen(options.port ?? 8080, options.host ?? "127.0.0.1", () => {
      const a = server.address() as AddressInfo;
      const host = a.family === "IPv6" ? `[${a.address}]` : a.address;
      resolve({
        server,
        middleware,
        url: `http://${host}:${a.port}`,
        close: () =>
          new Promise<void>((done) => {
            middleware.close();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
