/**
 * A deployment to benchmark, described like a conformance case (config lines appended to the
 * base configuration, files and .htaccess texts in an in-memory sandbox) and loaded through the
 * same path `htrewrite eval` uses, so the bench measures what users run.
 */
import type { CaseFile } from "../../dist/case/types.js";
import { loadCaseEngine } from "../../dist/eval/case.js";
import type { RewriteTracer } from "../../dist/rewrite/trace.js";
import type { Engine } from "../../dist/server/engine.js";
import { serveRequest, type RawRequest, type Response } from "../../dist/server/pipeline.js";

export interface DeploymentSpec {
  config: string[];
  files?: Record<string, string | null>;
  htaccess?: Record<string, string[]>;
  env?: Record<string, string>;
}

/** A loaded deployment and a way to send it requests. */
export interface Deployment {
  engine: Engine;
  port: number;
  /** A raw GET (or `method`) for `target` with the default Host header plus `headers`. */
  request(target: string, headers?: Array<[string, string]>, method?: string): RawRequest;
  serve(raw: RawRequest, tracer?: RewriteTracer | null): Response;
}

export function loadDeployment(spec: DeploymentSpec): Deployment {
  const c: CaseFile = {
    name: "bench",
    ports: ["auto"],
    config: spec.config,
    files: spec.files ?? {},
    htaccess: spec.htaccess ?? {},
    env: spec.env ?? {},
    modules: [],
    expect_start_failure: false,
    requests: [],
  };
  const { engine, ports } = loadCaseEngine(c, () => new Date(Date.UTC(2026, 10, 23, 22, 0, 0)));
  const port = ports[0];
  return {
    engine,
    port,
    request: (target, headers = [], method = "GET") => ({
      method,
      target,
      httpVersion: "1.1",
      headers: [["Host", `localhost:${port}`], ...headers],
      conn: { localIp: "127.0.0.1", localPort: port, remoteIp: "127.0.0.1", remotePort: 50000, secure: false },
    }),
    serve: (raw, tracer = null) => serveRequest(engine, raw, tracer),
  };
}

/** Throw when a benchmarked answer is not the expected one: a fast wrong answer is no figure. */
export function expectAnswer(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/** The part of a response a decision consists of. */
export function decision(res: Response): { status: number; location: string | null; group: string | null; processGroup: string | null } {
  return { status: res.status, location: res.location, group: res.wsgi?.applicationGroup ?? null, processGroup: res.wsgi?.processGroup ?? null };
}
