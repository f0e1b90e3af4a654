/**
 * `connect-modrewrite` (npm), where its feature subset allows (server-style rules: pattern,
 * substitution, [R=…], [L], [NC]; no conditions, maps or per-directory context). It is not a
 * dependency of htrewrite: when the module is missing, the variant is reported as skipped.
 */
import { createRequire } from "node:module";

type Middleware = (req: FakeReq, res: FakeRes, next: () => void) => void;

interface FakeReq {
  url: string;
  method: string;
  headers: Record<string, string>;
  connection: { encrypted: boolean };
}

interface FakeRes {
  statusCode: number;
  location: string | null;
  setHeader(name: string, value: string): void;
  writeHead(status: number, headers?: Record<string, string>): void;
  end(): void;
}

export type ConnectDecide = (path: string, host: string) => { status: number; location: string | null; url: string };

/** Load the middleware for `lines` (RewriteRule syntax without the directive name), or a reason why not. */
export function loadConnectModrewrite(lines: readonly string[]): { decide: ConnectDecide } | { skipped: string } {
  let factory: (rules: string[]) => Middleware;
  try {
    factory = createRequire(import.meta.url)("connect-modrewrite") as (rules: string[]) => Middleware;
  } catch {
    return { skipped: "connect-modrewrite is not installed (npm i -D connect-modrewrite to compare)" };
  }
  const mw = factory(lines.map((l) => l.replace(/^RewriteRule\s+/, "")));
  return {
    decide(path, host) {
      const req: FakeReq = { url: path, method: "GET", headers: { host }, connection: { encrypted: false } };
      const res: FakeRes = {
        statusCode: 200,
        location: null,
        setHeader(name, value) {
          if (name.toLowerCase() === "location") this.location = value;
        },
        writeHead(status, headers) {
          this.statusCode = status;
          if (headers?.Location !== undefined) this.location = headers.Location;
          if (headers?.location !== undefined) this.location = headers.location;
        },
        end() {},
      };
      mw(req, res, () => {});
      return { status: res.statusCode, location: res.location, url: req.url };
    },
  };
}
