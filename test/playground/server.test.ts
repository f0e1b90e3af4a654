import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { playgroundDir, startPlaygroundServer, type PlaygroundServer } from "../../src/cli/playground-server.js";
import { BIN, runBin } from "../cli/bin.js";

describe("htrewrite playground's static server", () => {
  let server: PlaygroundServer;
  beforeAll(async () => {
    server = await startPlaygroundServer({ port: 0 });
  });
  afterAll(() => server.close());

  it("listens on 127.0.0.1 only", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it.each([
    ["", 200, "text/html; charset=utf-8"],
    ["page.js", 200, "text/javascript; charset=utf-8"],
    ["worker.js", 200, "text/javascript; charset=utf-8"],
    ["pcre2/pcre2.wasm", 200, "application/wasm"],
    ["examples.json", 200, "application/json"],
  ])("serves %j", async (path, status, type) => {
    const r = await fetch(server.url + path);
    expect(r.status).toBe(status);
    expect(r.headers.get("content-type")).toBe(type);
  });

  it.each(["../package.json", "%2e%2e/package.json", "%2e%2e%2fpackage.json", "nothing-here", "%E0%A4%A"])("answers 404 for %j (nothing outside dist/web)", async (path) => {
    const r = await fetch(server.url + path);
    expect(r.status).toBe(404);
  });

  it("answers 405 to anything but GET and HEAD", async () => {
    const r = await fetch(server.url, { method: "POST", body: "x" });
    expect(r.status).toBe(405);
    expect(r.headers.get("allow")).toBe("GET, HEAD");
  });

  it("says how to build when the page's files are missing", async () => {
    await expect(startPlaygroundServer({ port: 0, dir: "/nonexistent" })).rejects.toThrow("the page's files are missing (/nonexistent/index.html); run npm run build");
    expect(playgroundDir()).toMatch(/dist\/web\/$/);
  });
});

describe("htrewrite playground on the command line", () => {
  it.each([
    [["--port"], "playground: --port needs a value"],
    [["--port", "70000"], "playground: --port '70000' is not a port number"],
    [["--bogus"], "playground: unknown argument '--bogus'"],
  ])("refuses %j with exit 2", (args, words) => {
    const r = runBin(["playground", ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(words);
  });

  it("prints the address and serves until SIGTERM", async () => {
    const child = spawn(process.execPath, [BIN, "playground", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        const m = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}`)));
    });
    expect((await fetch(url)).status).toBe(200);
    const code = await new Promise<number | null>((resolve) => {
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
  });
});
