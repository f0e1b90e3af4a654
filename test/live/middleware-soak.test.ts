/**
 * A bounded soak of `htrewrite serve`'s front server (createMiddleware with files and backend
 * pools): HTR_MIDDLEWARE_SOAK_REQUESTS requests (default 20,000; at most 150 s) on 16 keep-alive connections,
 * mixing static files, redirects, 404s and WSGI requests proxied to two loopback backends, with a
 * flood of distinct `/~userN` application groups (one new group every fourth request) so that
 * every bounded cache (placement memo, group registry) fills and must stay full, not grow.
 *
 * Memory must stay flat: after a warm-up the heap is measured after a full GC, then again after
 * each quarter of the run; no quarter may end more than HEAP_BOUND_MIB above the warm-up heap
 * (a leak of 1 KiB per request would pass that bound within the first quarter), and RSS may not
 * grow by more than RSS_BOUND_MIB.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFrontServer, type FrontServer } from "../../src/middleware/front-server.js";
import { echoBackend, type Listening } from "../middleware/helpers.js";
import { siteConfigHead } from "../middleware/site-config.js";

const REQUESTS = Number(process.env.HTR_MIDDLEWARE_SOAK_REQUESTS ?? 20_000);
const TIME_CAP_MS = 150_000;
const CONNECTIONS = 16;
const HEAP_BOUND_MIB = 12;
const RSS_BOUND_MIB = 48;
const MAX_PLACEMENTS = 2_000;

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const heapMiB = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

describe("soak: the front server under a bounded stream of requests", () => {
  let dir: string;
  let front: FrontServer;
  const pools: Listening[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "htr-soak-"));
    mkdirSync(join(dir, "htdocs/static"), { recursive: true });
    writeFileSync(join(dir, "htdocs/static/site.css"), "body{}\n".repeat(100));
    mkdirSync(join(dir, "home/shared/public_html/wsgi-scripts"), { recursive: true });
    writeFileSync(join(dir, "home/shared/public_html/wsgi-scripts/app.wsgi"), "def application(e, s): pass\n");
    const file = join(dir, "httpd.conf");
    writeFileSync(
      file,
      [
        ...siteConfigHead(dir, ["mpm_prefork", "authz_core", "alias", "mime", "rewrite", "wsgi"]),
        "RewriteEngine On",
        "RewriteRule ^/old/(.*)$ /static/$1 [R=301,L]",
        // Every /~name/ is one user's application group, all served by one script (a flood of names).
        "RewriteRule ^/~([^/]+)/app(.*)$ /users/app$2 [E=APPLICATION_GROUP:~$1,PT]",
        "WSGIDaemonProcess users processes=2",
        `WSGIScriptAlias /users ${dir}/home/shared/public_html/wsgi-scripts/app.wsgi process-group=users application-group=%{ENV:APPLICATION_GROUP}`,
        "",
      ].join("\n"),
    );
    pools.push(await echoBackend("users-1"), await echoBackend("users-2"));
    front = await startFrontServer({ file, port: 0, health: false, maxGroups: MAX_PLACEMENTS, backends: { users: pools.map((p) => p.url) } });
  });
  afterAll(async () => {
    await front?.close();
    await Promise.all(pools.map((p) => p.close()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`${REQUESTS} requests: answers as configured, heap within ${HEAP_BOUND_MIB} MiB and RSS within ${RSS_BOUND_MIB} MiB of the warm-up`, async () => {
    const port = Number(new URL(front.url).port);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const started = Date.now();
    const statuses = new Map<number, number>();
    let sent = 0;
    const pathOf = (n: number): [string, number] => {
      switch (n % 4) {
        case 0: return [`/~user${n}/app/feed`, 200]; // a new application group every time
        case 1: return ["/static/site.css", 200];
        case 2: return [`/old/x${n % 50}.css`, 301];
        default: return [`/missing/${n % 100}`, 404];
      }
    };
    const one = (path: string, want: number) =>
      new Promise<void>((resolve, reject) => {
        const req = http.get({ host: "127.0.0.1", port, path, agent, timeout: 10_000, headers: { Host: "localhost" } }, (res) => {
          res.resume();
          res.on("end", () => {
            statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
            if (res.statusCode !== want) reject(new Error(`${path}: ${res.statusCode}, expected ${want}`));
            else resolve();
          });
        });
        req.on("timeout", () => req.destroy(new Error(`${path}: timeout`)));
        req.on("error", reject);
      });
    const run = async (count: number) => {
      const end = sent + count;
      const worker = async () => {
        while (sent < end && Date.now() - started < TIME_CAP_MS) {
          const [p, want] = pathOf(sent++);
          await one(p, want);
        }
      };
      await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    };
    // The placement memo is capped at MAX_PLACEMENTS groups; the first measured quarter alone
    // brings 5,000 new groups, so the memo is full for most of the run and must stay at its cap.
    expect(front.middleware.placement).not.toBeNull();
    await run(Math.min(2_000, REQUESTS / 10));
    const heap0 = heapMiB();
    const rss0 = process.memoryUsage().rss / 2 ** 20;
    const heaps: number[] = [];
    for (let q = 0; q < 4; q++) {
      await run(REQUESTS / 4);
      heaps.push(heapMiB());
    }
    agent.destroy();
    const rss1 = process.memoryUsage().rss / 2 ** 20;
    const report = `heap after warm-up ${heap0.toFixed(1)} MiB, after each quarter ${heaps.map((h) => h.toFixed(1)).join(", ")} MiB; RSS ${rss0.toFixed(0)} → ${rss1.toFixed(0)} MiB; ${sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`;
    console.log(`soak: ${report}`);
    expect(Date.now() - started, "time cap reached before the requests were sent").toBeLessThan(TIME_CAP_MS);
    expect(sent).toBeGreaterThanOrEqual(REQUESTS);
    for (const h of heaps) expect(h - heap0, report).toBeLessThan(HEAP_BOUND_MIB);
    expect(rss1 - rss0, report).toBeLessThan(RSS_BOUND_MIB);
    expect(front.middleware.placement!.size).toBe(MAX_PLACEMENTS);
    expect(statuses.get(200)).toBeGreaterThan(REQUESTS / 2);
  }, 200_000);
});
