/**
 * `htrewrite serve` in front of real WSGI servers: gunicorn (Debian's package) processes on
 * 127.0.0.1 stand for mod_wsgi's daemon process groups, one pool per WSGIDaemonProcess. Each
 * request must reach a process of the group Apache + mod_wsgi would run it in (the engine's
 * decision, as `htrewrite eval` gives it), with every application group sticky to one backend —
 * the same one from two independent serve processes — and the WSGI environ gunicorn builds must
 * carry the request as mod_proxy forwards it (method, path, query, body, X-Forwarded-*). A killed
 * backend is taken out by the health checks and only its groups move.
 * Bounded: every process is killed in afterAll, every wait has a deadline.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, evaluate } from "../../src/api/evaluate.js";
import { siteConfigHead } from "../middleware/site-config.js";

const root = new URL("../..", import.meta.url).pathname;
const hasGunicorn = spawnSync("gunicorn", ["--version"], { encoding: "utf8" }).status === 0;
if (!hasGunicorn && process.env.CI) throw new Error("gunicorn is not installed (.ci/run installs Debian's gunicorn package)");

const APP = `import hashlib, json, os
def application(environ, start_response):
    body = environ["wsgi.input"].read()
    keys = ["REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "HTTP_HOST", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_SERVER"]
    out = {k: environ.get(k) for k in keys}
    out.update(backend=os.environ["HTR_BACKEND"], pid=os.getpid(), body_len=len(body), body_sha1=hashlib.sha1(body).hexdigest())
    data = json.dumps(out).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]
`;

interface Proc {
  child: ChildProcess;
  url: string;
}

/** Start a process and wait (bounded) for a line of its output that gives its URL. */
function startProc(cmd: string, args: string[], pattern: RegExp, env: Record<string, string> = {}): Promise<Proc> {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${cmd} did not start within 30 s:\n${seen}`));
    }, 30_000);
    const onData = (b: Buffer) => {
      seen += b.toString();
      const m = pattern.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited (${code}) before listening:\n${seen}`));
    });
  });
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(base: string, path: string, opts: { method?: string; body?: Buffer; host?: string } = {}): Promise<Answer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: Number(u.port), path, method: opts.method ?? "GET", agent: false, timeout: 10_000, headers: { Host: opts.host ?? "localhost" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("timeout", () => req.destroy(new Error(`timeout: ${path}`)));
    req.on("error", reject);
    req.end(opts.body);
  });
}

interface Environ {
  backend: string;
  REQUEST_METHOD: string;
  SCRIPT_NAME: string;
  PATH_INFO: string;
  QUERY_STRING: string;
  HTTP_HOST: string;
  HTTP_X_FORWARDED_FOR: string;
  HTTP_X_FORWARDED_HOST: string;
  HTTP_X_FORWARDED_SERVER: string;
  body_len: number;
  body_sha1: string;
}

const USERS = Array.from({ length: 12 }, (_, i) => `user${i}`);

describe.skipIf(!hasGunicorn)("htrewrite serve in front of gunicorn process groups", () => {
  let dir: string;
  let configFile: string;
  const procs: Proc[] = [];
  const backends = new Map<string, Proc>();
  let fronts: Proc[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "htr-gunicorn-"));
    writeFileSync(join(dir, "app.py"), APP);
    writeFileSync(join(dir, "app.wsgi"), APP);
    mkdirSync(join(dir, "htdocs"), { recursive: true });
    writeFileSync(join(dir, "htdocs/index.html"), "<p>home</p>\n");
    for (const u of USERS) {
      mkdirSync(join(dir, `home/${u}/public_html/wsgi-scripts`), { recursive: true });
      writeFileSync(join(dir, `home/${u}/public_html/wsgi-scripts/app.wsgi`), APP);
    }
    configFile = join(dir, "httpd.conf");
    writeFileSync(
      configFile,
      [
        ...siteConfigHead(dir, ["mpm_prefork", "authz_core", "alias", "mime", "rewrite", "userdir", "wsgi"]),
        "RewriteEngine On",
        "RewriteRule ^/old-blog/(.*)$ /blog/$1 [R=301,L]",
        // The seed's per-user interpreters: the user name becomes the application group.
        "RewriteCond %{REQUEST_URI} ^/~([^/]+)",
        "RewriteRule . - [E=APPLICATION_GROUP:~%1]",
        "WSGIDaemonProcess blog processes=2",
        "WSGIDaemonProcess users processes=2",
        `WSGIScriptAlias /blog ${dir}/app.wsgi process-group=blog application-group=%{GLOBAL}`,
        `UserDir ${dir}/home/*/public_html`,
        `<Directory ${dir}/home/*/public_html/wsgi-scripts/>`,
        "    Options ExecCGI",
        "    SetHandler wsgi-script",
        "    WSGIProcessGroup users",
        "    WSGIApplicationGroup %{ENV:APPLICATION_GROUP}",
        "</Directory>",
        "",
      ].join("\n"),
    );
    const names = ["blog-1", "blog-2", "users-1", "users-2"];
    const started = await Promise.all(
      names.map((n) =>
        startProc("gunicorn", ["--bind", "127.0.0.1:0", "--workers", "1", "--timeout", "30", "--chdir", dir, "--env", `HTR_BACKEND=${n}`, "app:application"], /Listening at: (http:\/\/127\.0\.0\.1:\d+)/),
      ),
    );
    started.forEach((p, i) => {
      procs.push(p);
      backends.set(names[i], p);
    });
    const serveArgs = [
      "--import", "tsx", join(root, "src/cli/main.ts"), "serve", "--config", configFile, "--listen", "127.0.0.1:0", "--no-watch",
      ...names.flatMap((n) => ["--backend", `${n.split("-")[0]}=${backends.get(n)!.url}`]),
    ];
    fronts = await Promise.all([0, 1].map(() => startProc(process.execPath, serveArgs, /listening on (http:\/\/127\.0\.0\.1:\d+)/)));
    procs.push(...fronts);
  }, 90_000);

  // SIGTERM lets gunicorn's master stop its worker; whatever is still running after 5 s is killed.
  afterAll(async () => {
    const running = procs.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    await Promise.all(
      running.map(
        (p) =>
          new Promise<void>((done) => {
            const t = setTimeout(() => {
              p.child.kill("SIGKILL");
              done();
            }, 5_000);
            p.child.once("exit", () => {
              clearTimeout(t);
              done();
            });
            p.child.kill("SIGTERM");
          }),
      ),
    );
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 20_000);

  // The decision `htrewrite eval` gives for a URL on this configuration.
  const decide = (url: string) => evaluate(createEngine(readFileSync(configFile, "latin1"), { file: configFile }), { url, host: "localhost" });

  it("routes every request to a process of the group mod_wsgi would run it in, groups sticky across serve processes", async () => {
    const urls = [...USERS.map((u) => `/~${u}/wsgi-scripts/app.wsgi/feed`), "/blog/", "/blog/2026/post?x=1"];
    const placed = new Map<string, string>();
    const byPool = { blog: new Set<string>(), users: new Set<string>() };
    for (const url of urls) {
      const d = decide(url);
      expect(d.kind, url).toBe("wsgi");
      const pool = d.processGroup as "blog" | "users";
      expect(["blog", "users"]).toContain(pool);
      for (const front of fronts) {
        for (const suffix of ["", "?again=1"]) {
          const r = await get(front.url, url + suffix);
          expect(r.status, `${url}: ${r.body}`).toBe(200);
          const env = JSON.parse(r.body) as Environ;
          expect(env.backend.startsWith(`${pool}-`), `${url} went to ${env.backend}, the engine says process group ${pool}`).toBe(true);
          const key = `${pool}\u0000${d.applicationGroup}`;
          expect(placed.get(key) ?? env.backend, `application group ${d.applicationGroup} moved`).toBe(env.backend);
          placed.set(key, env.backend);
          byPool[pool].add(env.backend);
        }
      }
    }
    expect(decide("/~user3/wsgi-scripts/app.wsgi").applicationGroup).toBe("~user3");
    // Twelve per-user groups over two processes: both get some (rendezvous hashing spreads them).
    expect(byPool.users).toEqual(new Set(["users-1", "users-2"]));
    // One application group (%{GLOBAL}) for the whole blog: one process serves it.
    expect(byPool.blog.size).toBe(1);
  });

  it("the WSGI environ carries the request as mod_proxy forwards it", async () => {
    const body = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251));
    const r = await get(fronts[0].url, "/~user1/wsgi-scripts/app.wsgi/items/7?page=2&q=a%20b", { method: "POST", body, host: "www.example.com" });
    expect(r.status).toBe(200);
    const env = JSON.parse(r.body) as Environ;
    expect(env.REQUEST_METHOD).toBe("POST");
    expect(env.SCRIPT_NAME + env.PATH_INFO).toBe("/~user1/wsgi-scripts/app.wsgi/items/7");
    expect(env.QUERY_STRING).toBe("page=2&q=a%20b");
    expect(env.body_len).toBe(body.length);
    expect(env.body_sha1).toBe(createHash("sha1").update(body).digest("hex"));
    expect(env.HTTP_X_FORWARDED_FOR).toBe("127.0.0.1");
    expect(env.HTTP_X_FORWARDED_HOST).toBe("www.example.com");
    expect(env.HTTP_X_FORWARDED_SERVER).toBe("localhost");
    // Without ProxyPreserveHost the backend sees its own address as Host.
    expect(`http://${env.HTTP_HOST}`).toBe(backends.get(env.backend)!.url);
  });

  it("answers what is not WSGI itself: redirects and static files never reach gunicorn", async () => {
    const r = await get(fronts[0].url, "/old-blog/2026/post", { host: "blog.example" });
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe("http://blog.example/blog/2026/post");
    const s = await get(fronts[0].url, "/index.html");
    expect(s.status).toBe(200);
    expect(s.body).toBe("<p>home</p>\n");
  });

  it("a killed backend is taken out by the health checks; only its groups move", async () => {
    const groupsOn = async (front: string) => {
      const m = new Map<string, string>();
      for (const u of USERS) {
        const r = await get(front, `/~${u}/wsgi-scripts/app.wsgi`);
        m.set(u, r.status === 200 ? (JSON.parse(r.body) as Environ).backend : `status ${r.status}`);
      }
      return m;
    };
    const before = await groupsOn(fronts[1].url);
    const stayers = USERS.filter((u) => before.get(u) === "users-2");
    expect(stayers.length).toBeGreaterThan(0);
    expect(stayers.length).toBeLessThan(USERS.length);
    backends.get("users-1")!.child.kill("SIGKILL");
    // Health checks run every 5 s: wait (at most 20 s) until every group answers again. Meanwhile
    // the groups of the surviving backend must never move nor fail.
    const deadline = Date.now() + 20_000;
    let after = await groupsOn(fronts[1].url);
    for (;;) {
      for (const u of stayers) expect(after.get(u), `${u} was on users-2`).toBe("users-2");
      if ([...after.values()].every((b) => b === "users-2") || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 500));
      after = await groupsOn(fronts[1].url);
    }
    for (const u of USERS) expect(after.get(u), u).toBe("users-2");
  }, 60_000);
});
