/**
 * A load test of the middleware with autocannon (one run, loopback, bounded in count and time):
 *
 *   npx tsx bench/middleware-load.ts [--connections C] [--seconds S] [--amount N]
 *
 * Each server runs in its own child process (bench/middleware-server.ts): a bare node:http
 * handler, the same handler behind createMiddleware on the WordPress .htaccess, a backend
 * answered directly and through a [P] front. autocannon drives C keep-alive connections for S
 * seconds (default 10), or for N requests when --amount is given (autocannon then ignores the
 * duration), after a 2-second warm-up. Reports requests/s,
 * latency p50/p99/max, errors and non-2xx answers, each server's RSS after the run, and the
 * ratios the issue asks for. Writes bench/results/middleware-load.md.
 */
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const CONNECTIONS = arg("--connections", 16);
const SECONDS = arg("--seconds", 10);
const AMOUNT = arg("--amount", 0);
const PATHS = ["/", "/2024/05/hello/", "/category/news?page=2", "/index.php", "/shop/item/42", "/about-us"];

interface Server {
  port: number;
  child: ChildProcess;
}

async function startServer(mode: string, extra: string[] = []): Promise<Server> {
  const child = spawn(process.execPath, ["--import", "tsx", join(here, "middleware-server.ts"), mode, ...extra], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once("data", (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once("exit", (c) => reject(new Error(`${mode} server exited ${c}`)));
  });
  return { port, child };
}

function rssOf(pid: number): number {
  try {
    // /proc/PID/status: VmRSS in kB (Linux; 0 elsewhere).
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  non2xx: number;
  rssMiB: number;
}

async function drive(s: Server, seconds: number, amount: number): Promise<Run> {
  const r = await autocannon({
    url: `http://127.0.0.1:${s.port}`,
    connections: CONNECTIONS,
    duration: seconds,
    ...(amount > 0 ? { amount } : {}),
    headers: { host: "bench.example" },
    requests: PATHS.map((path) => ({ method: "GET", path })),
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    requests: r.requests.total,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    rssMiB: rssOf(s.child.pid!),
  };
}

async function measure(mode: string, extra: string[] = []): Promise<Run> {
  const s = await startServer(mode, extra);
  try {
    await drive(s, 2, 0); // warm-up: JIT, caches, connection set-up
    return await drive(s, SECONDS, AMOUNT);
  } finally {
    s.child.stdin!.end();
  }
}

async function main(): Promise<void> {
  const bare = await measure("bare");
  const mw = await measure("middleware");
  const backend = await startServer("bare");
  let direct: Run;
  let proxied: Run;
  try {
    direct = await measure("bare");
    proxied = await measure("proxy", [String(backend.port)]);
  } finally {
    backend.child.stdin!.end();
  }
  const row = (name: string, r: Run, base: Run | null) =>
    `| ${name} | ${r.requests} | ${r.rps.toFixed(0)} | ${base ? (r.rps / base.rps).toFixed(2) : "1.00"} | ${r.p50} | ${r.p99} | ${r.max} | ${r.errors} | ${r.non2xx} | ${r.rssMiB.toFixed(0)} |`;
  const md = [
    "# Middleware under load (bench/middleware-load.ts, autocannon)",
    "",
    `One run on ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}; autocannon with ${CONNECTIONS} keep-alive connections for ${AMOUNT > 0 ? `${AMOUNT} requests` : `${SECONDS} s`} after a 2 s warm-up, loopback; the load generator shares the machine with the server.`,
    "",
    "| server | requests | req/s | × baseline | p50 ms | p99 ms | max ms | errors | non-2xx | server RSS MiB |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    row("bare node:http handler", bare, null),
    row("createMiddleware (WordPress .htaccess) + same handler", mw, bare),
    row("backend direct", direct, null),
    row("[P] front → backend", proxied, direct),
    "",
  ].join("\n");
  writeFileSync(join(here, "results", "middleware-load.md"), md);
  process.stdout.write(md);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench/middleware-load: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
