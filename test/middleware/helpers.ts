/** Loopback servers and a raw HTTP client for the middleware tests (127.0.0.1 only). */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface Listening {
  port: number;
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

export function listen(handler: http.RequestListener, path?: string): Promise<Listening> {
  const server = http.createServer(handler);
  return new Promise((resolve) => {
    const done = () => {
      const a = server.address();
      const port = typeof a === "object" && a ? (a as AddressInfo).port : 0;
      resolve({
        port,
        url: `http://127.0.0.1:${port}`,
        server,
        close: () =>
          new Promise<void>((ok) => {
            server.closeAllConnections();
            server.close(() => ok());
          }),
      });
    };
    if (path) server.listen(path, done);
    else server.listen(0, "127.0.0.1", done);
  });
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request with exactly the given headers (Host included), body optional. */
export function request(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method: opts.method ?? "GET", headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("latin1") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** An echo backend: answers JSON with what it received (method, url, headers, body). */
export function echoBackend(name: string, path?: string): Promise<Listening> {
  return listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.stringify({ name, method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "application/json", connection: "keep-alive", "keep-alive": "timeout=17", "x-backend": name });
      res.end(body);
    });
  }, path);
}
