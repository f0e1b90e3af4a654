/**
 * The documented shard-and-merge recipe (README "Replay and diff"), run for real with GNU parallel
 * when it is installed: `--pipepart` cuts a local log into byte ranges at line ends, each job
 * replays its range from stdin into a summary, `htrewrite merge` joins them.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const hasParallel = spawnSync("parallel", ["--version"], { encoding: "utf8" }).status === 0;
const root = new URL("../..", import.meta.url).pathname;
const htr = `${process.execPath} --import ${join(root, "node_modules/tsx/dist/esm/index.mjs")} ${join(root, "src/cli/main.ts")}`;
const dir = mkdtempSync(join(tmpdir(), "htr-parallel-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasParallel)("GNU parallel shard + merge recipe", () => {
  it("parallel --pipepart shards merged equal one pass", () => {
    const seedCase = join(root, "rules/01-userdir-groups.json");
    const log = join(dir, "access.log");
    const sh = (cmd: string) => execFileSync("sh", ["-c", cmd], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 26 });
    sh(`${htr} gen-log --lines 2000 --seed 21 --user-names alice,bob > ${log}`);
    sh(`parallel --will-cite --pipepart -a ${log} --block -4 -j 2 '${htr} replay --top 1000 --quiet --case ${seedCase} --json shard-{#}.json - > /dev/null'`);
    const shards = readdirSync(dir).filter((f) => /^shard-\d+\.json$/.test(f));
    expect(shards.length).toBeGreaterThan(1);
    sh(`${htr} merge --json merged.json shard-*.json > /dev/null`);
    sh(`${htr} replay --top 1000 --quiet --case ${seedCase} --json single.json ${log} > /dev/null`);
    const merged = readFileSync(join(dir, "merged.json"), "utf8");
    expect(JSON.parse(merged).lines).toBe(2000);
    expect(merged).toBe(readFileSync(join(dir, "single.json"), "utf8"));
  });
});
