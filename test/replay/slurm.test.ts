/**
 * The Slurm recipe (scripts/slurm/), as far as it runs without a cluster: each array task of
 * replay-shard.sbatch is run here with the variables Slurm gives it (SLURM_ARRAY_TASK_ID, _COUNT,
 * _MIN, _MAX), for a log cut by bytes and for one task per file, and the merged shards must equal
 * one pass. submit.sh is run against a stand-in `sbatch` that executes each job at once and records
 * its options, so the array size, the dependency of the merge job and the merge itself are checked.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = new URL("../..", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "htr-slurm-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The htrewrite the scripts call: this checkout's CLI under tsx.
const htr = join(dir, "htrewrite");
writeFileSync(htr, `#!/bin/sh\nexec "${process.execPath}" --import "${join(root, "node_modules/tsx/dist/esm/index.mjs")}" "${join(root, "src/cli/main.ts")}" "$@"\n`);
chmodSync(htr, 0o755);
const shardScript = join(root, "scripts/slurm/replay-shard.sbatch");
const seedCase = join(root, "rules/01-userdir-groups.json");
const sh = (cmd: string, env: Record<string, string> = {}) => execFileSync("bash", ["-c", cmd], { cwd: dir, encoding: "utf8", env: { ...process.env, HTREWRITE: htr, ...env }, maxBuffer: 1 << 26 });

const log = join(dir, "access.log");
sh(`"${htr}" gen-log --lines 3000 --seed 5 --user-names alice,bob --malformed 0.01 > "${log}"`);
sh(`"${htr}" replay --quiet --top 1000 --case "${seedCase}" --json single.json "${log}" > /dev/null`);
const single = readFileSync(join(dir, "single.json"), "utf8");

function runArray(out: string, n: number, logs: string[]): void {
  for (let i = 0; i < n; i++) {
    sh(`bash "${shardScript}" "${out}" --case "${seedCase}" --top 1000 -- ${logs.map((l) => `"${l}"`).join(" ")}`, {
      SLURM_ARRAY_TASK_ID: String(i + 3), SLURM_ARRAY_TASK_MIN: "3", SLURM_ARRAY_TASK_MAX: String(n + 2), SLURM_ARRAY_TASK_COUNT: String(n),
    });
  }
}

describe("Slurm job-array recipe", () => {
  it("array tasks over byte ranges of one log, merged, equal one pass", () => {
    const out = join(dir, "bytes");
    runArray(out, 3, [log]);
    expect(readdirSync(out).filter((f) => f.endsWith(".json")).sort()).toEqual([0, 1, 2].map((i) => `shard-${i}.json`));
    const lines = [0, 1, 2].map((i) => JSON.parse(readFileSync(join(out, `shard-${i}.json`), "utf8")).lines as number);
    expect(lines.every((l) => l > 800 && l < 1200)).toBe(true);
    sh(`"${htr}" merge "${out}"/shard-*.json --json "${out}/all.json" > /dev/null`);
    expect(readFileSync(join(out, "all.json"), "utf8")).toBe(single);
  }, 120_000);

  it("one array task per file (gzip logs), merged, equal one pass", () => {
    const text = readFileSync(log, "latin1").split("\n");
    text.pop();
    const parts = [text.slice(0, 1000), text.slice(1000, 1700), text.slice(1700)].map((p, i) => {
      const f = join(dir, `day${i}.log`);
      writeFileSync(f, p.join("\n") + "\n", "latin1");
      sh(`gzip -f "${f}"`);
      return `${f}.gz`;
    });
    const out = join(dir, "files");
    runArray(out, 3, parts);
    sh(`"${htr}" merge "${out}"/shard-*.json --json "${out}/all.json" > /dev/null`);
    expect(readFileSync(join(out, "all.json"), "utf8")).toBe(single);
    // A task count that does not match the files is refused, not silently partial.
    expect(() => runArray(join(dir, "bad"), 2, parts)).toThrow(/2 array tasks for 3 logs/);
  }, 120_000);

  it("submit.sh queues the array and a merge job that depends on it", () => {
    const bin = join(dir, "bin");
    sh(`mkdir -p "${bin}"`);
    // A stand-in for sbatch: records its options and runs the job at once, as a one-node cluster would.
    writeFileSync(
      join(bin, "sbatch"),
      `#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$SBATCH_LOG"
array=""; wrap=""; chdir=.
while [ $# -gt 0 ]; do case "$1" in
  --parsable) shift ;;
  --array) array=$2; shift 2 ;;
  --chdir) chdir=$2; shift 2 ;;
  --wrap) wrap=$2; shift 2 ;;
  --dependency|--export|--job-name|--output) shift 2 ;;
  -*) shift ;;
  *) break ;;
esac; done
id=$(( $(wc -l < "$SBATCH_LOG") + 4100 ))
cd "$chdir"
if [ -n "$wrap" ]; then sh -c "$wrap"; else
  lo=\${array%-*}; hi=\${array#*-}
  for ((t=lo; t<=hi; t++)); do
    SLURM_ARRAY_TASK_ID=$t SLURM_ARRAY_TASK_MIN=$lo SLURM_ARRAY_TASK_MAX=$hi SLURM_ARRAY_TASK_COUNT=$((hi-lo+1)) bash "$@" > /dev/null
  done
fi
echo "$id;cluster0"
`,
    );
    chmodSync(join(bin, "sbatch"), 0o755);
    const out = join(dir, "submitted");
    const record = join(dir, "sbatch.log");
    const said = sh(`"${join(root, "scripts/slurm/submit.sh")}" -n 3 "${out}" --case "${seedCase}" --top 1000 -- "${log}"`, {
      PATH: `${bin}:${process.env.PATH}`, SBATCH_LOG: record, SBATCH_ARGS: "--partition=batch",
    });
    expect(said).toMatch(/^replay array job 4101 \(3 tasks\), merge job 4102: results in /);
    const calls = readFileSync(record, "utf8").trim().split("\n");
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatch(/^--parsable --partition=batch --chdir \S+ --array 0-2 /);
    expect(calls[1]).toMatch(/--dependency afterok:4101 /);
    expect(readFileSync(join(out, "all.json"), "utf8")).toBe(single);
    expect(readFileSync(join(out, "report.html"), "utf8")).toMatch(/<svg /);
    expect(readFileSync(join(out, "report.txt"), "utf8")).toMatch(/^lines 3000 /);
  }, 120_000);
});
