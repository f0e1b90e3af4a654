/**
 * HTTP throughput of the middleware against a bare node:http handler, and of a [P] proxy hop
 * against a direct request to the backend, on loopback, one run, ratios:
 *
 *   npx tsx bench/middleware.ts [--requests N] [--concurrency C]
 *
 * Each server runs in its own child process (bench/middleware-server.ts); this process is the
 * load generator (keep-alive node:http clients, C connections, N requests after N/10 warm-up,
 * capped at 60 s per server). Writes bench/results/middleware.md.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as http from "node:http";
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const REQUESTS = arg("--requests", 20_000);
const CONCURRENCY = arg("--concurrency", 16);
const TIME_CAP_MS = 60_000;

async function startServer(mode: string, extra: string[] = []): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(here, "middleware-server.ts"), mode, ...extra], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once("data", (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once("exit", (c) => reject(new Error(`${mode} server exited ${c}`)));
  });
  return { port, child };
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  done: number;
}

async function load(port: number, paths: readonly string[], count: number): Promise<Run> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const lat: number[] = [];
  let next = 0;
  const started = performance.now();
  const one = (path: string) =>
    new Promise<void>((resolve, reject) => {
      const t = performance.now();
      http
        .get({ host: "127.0.0.1", port, path, agent, headers: { Host: "bench.example" } }, (res) => {
          res.resume();
          res.on("end", () => {
            if (res.statusCode !== 200) reject(new Error(`${path}: status ${res.statusCode}`));
            lat.push(performance.now() - t);
            resolve();
          });
        })
        .on("error", reject);
    });
  const worker = async () => {
    while (next < count && performance.now() - started < TIME_CAP_MS) await one(paths[next++ % paths.length]);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const secs = (performance.now() - started) / 1000;
  agent.destroy();
  lat.sort((a, b) => a - b);
  return { rps: lat.length / secs, p50: lat[Math.floor(lat.length * 0.5)], p99: lat[Math.floor(lat.length * 0.99)], done: lat.length };
}

async function measure(mode: string, paths: readonly string[], extra: string[] = []): Promise<Run> {
  const s = await startServer(mode, extra);
  try {
    await load(s.port, paths, Math.ceil(REQUESTS / 10));
    return await load(s.port, paths, REQUESTS);
  } finally {
    s.child.stdin!.end();
  }
}

const PATHS = ["/", "/2024/05/hello/", "/category/news?page=2", "/index.php", "/shop/item/42", "/about-us"];

async function main(): Promise<void> {
  const bare = await measure("bare", PATHS);
  const mw = await measure("middleware", PATHS);
  const backend = await startServer("bare");
  let direct: Run;
  let proxied: Run;
  try {
    direct = await measure("bare", PATHS);
    proxied = await measure("proxy", PATHS, [String(backend.port)]);
  } finally {
    backend.child.stdin!.end();
  }
  const row = (name: string, r: Run, base: Run | null) =>
    `| ${name} | ${r.done} | ${r.rps.toFixed(0)} | ${base ? (r.rps / base.rps).toFixed(2) : "1.00"} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} |`;
  const md = [
    "# Middleware over HTTP (bench/middleware.ts)",
    "",
    `One run on ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}; ${REQUESTS} requests after ${Math.ceil(REQUESTS / 10)} warm-up, ${CONCURRENCY} keep-alive connections, loopback; the load generator shares the machine.`,
    "",
    "| server | requests | req/s | × baseline | p50 ms | p99 ms |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    row("bare node:http handler", bare, null),
    row("createMiddleware (WordPress .htaccess) + same handler", mw, bare),
    row("backend direct", direct, null),
    row("[P] front → backend", proxied, direct),
    "",
  ].join("\n");
  writeFileSync(join(here, "results", "middleware.md"), md);
  process.stdout.write(md);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench/middleware: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
