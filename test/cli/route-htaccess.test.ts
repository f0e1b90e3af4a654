/**
 * `route --htaccess`: a bare .htaccess under a default virtual host, through the built binary,
 * compared with real Apache's answers for the same .htaccess (fixtures/htaccess-site.apache.jsonl,
 * recorded from fixtures/htaccess-site.json with test/conformance/record.ts: the case base
 * configuration plus AllowOverride All on the document root).
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runBin } from "./bin.js";

interface Recorded {
  index: number;
  request: { path: string; host: string };
  status: number;
  location: string | null;
  body_sha256: string;
}
interface Answer {
  status: number;
  kind: string;
  location: string | null;
  filename: string | null;
}

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const site = JSON.parse(readFileSync(fixture("htaccess-site.json"), "utf8")) as { files: Record<string, string>; htaccess: { htdocs: string[] } };
const recorded = readFileSync(fixture("htaccess-site.apache.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Recorded);
const work = mkdtempSync(join(tmpdir(), "htrewrite-htaccess-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PORT = 8123;
const sha = (s: string): string => createHash("sha256").update(s).digest("hex");
/** Which fixture file Apache served, by the body it sent. */
const servedBy = new Map(Object.entries(site.files).map(([path, text]) => [sha(text), path.replace(/^htdocs\//, "")]));

function answers(args: string[]): Answer[] {
  const r = runBin(["route", ...args, "--json"]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return r.out.trim().split("\n").map((l) => JSON.parse(l) as Answer);
}

function expectAsApache(got: Answer[], docroot: string, requests: Recorded[]): void {
  expect(got).toHaveLength(requests.length);
  requests.forEach((rec, i) => {
    const want = { status: rec.status, location: rec.location?.replace("@PORT0@", String(PORT)) ?? null };
    expect({ status: got[i].status, location: got[i].location }, rec.request.path).toEqual(want);
    if (rec.location !== null) expect(got[i].kind).toBe("redirect");
    const served = servedBy.get(rec.body_sha256);
    if (rec.status === 200 && served !== undefined) expect(got[i].filename).toBe(join(docroot, served));
  });
}

describe("route --htaccess FILE (in-memory site)", () => {
  const dir = join(work, "mem");
  mkdirSync(dir);
  writeFileSync(join(dir, ".htaccess"), site.htaccess.htdocs.join("\n") + "\n");
  const plain = recorded.filter((r) => r.request.host === "localhost:@PORT0@");
  // The files of the recorded site: index.php and real.css exist, /sub/ is a directory; the rest do not.
  const urls = plain.flatMap((r) => (r.request.path === "/real.css" || r.request.path === "/sub/" ? ["--exists", r.request.path, "--missing"] : [r.request.path]));

  it("answers as Apache did, with --file for the files the rules rewrite to", () => {
    const got = answers(["--htaccess", join(dir, ".htaccess"), "--url-base", `http://localhost:${PORT}`, "--file", "index.php", "--file", "real.css", ...urls]);
    expectAsApache(got, dir, plain);
  });

  it("takes the Host from --url-base (the www. redirect)", () => {
    const www = recorded.filter((r) => r.request.host === "www.example.com");
    const got = answers(["--htaccess", join(dir, ".htaccess"), "--url-base", "http://www.example.com", ...www.map((r) => r.request.path)]);
    expect(got.map((g) => [g.status, g.location])).toEqual(www.map((r) => [r.status, r.location]));
  });

  it("without --file the front controller is missing too: Apache's 404", () => {
    const [foo] = answers(["--htaccess", join(dir, ".htaccess"), "/foo/bar"]);
    expect(foo).toMatchObject({ status: 404, filename: join(dir, "index.php") });
  });
});

describe("route --docroot DIR (the site on disk)", () => {
  it("answers as Apache did from the real files", () => {
    const root = join(work, "disk");
    for (const [path, text] of Object.entries(site.files)) {
      const p = join(root, path.replace(/^htdocs\//, ""));
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
    }
    writeFileSync(join(root, ".htaccess"), site.htaccess.htdocs.join("\n") + "\n");
    const plain = recorded.filter((r) => r.request.host === "localhost:@PORT0@");
    const got = answers(["--docroot", root, "--url-base", `http://localhost:${PORT}`, ...plain.map((r) => r.request.path)]);
    expectAsApache(got, root, plain);
  });
});

describe("route --htaccess usage errors", () => {
  it.each([
    [["--htaccess", "/nonexistent/.htaccess", "/"], "/nonexistent/.htaccess: no such file or directory"],
    [["--htaccess", fixture("htaccess-site.json"), "--url-base", "ftp://x", "/"], "--url-base wants scheme://host[:port]"],
    [["--htaccess", fixture("htaccess-site.json")], "at least one URL"],
  ])("%j", (args, message) => {
    const r = runBin(["route", ...args]);
    expect(r.code).toBe(2);
    expect(r.err.trimEnd().split("\n")).toHaveLength(1);
    expect(r.err).toContain(message);
  });
});
