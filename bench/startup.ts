/**
 * Start-up on a Debian tree (/etc/apache2 as the packages installed it, or --conf FILE):
 *   apache2ctl -t            — Apache reading the tree, loading every enabled module, checking it;
 *   htrewrite check (CLI)    — node dist/cli/main.js check FILE: the same verdict, process start included;
 *   in process, cold / warm  — checkFile() of the built package: the tree read, envvars applied,
 *                              the engine loaded (every module's configuration compiled), first
 *                              call and the median of the next ones;
 *   engine heap              — what one loaded engine of the tree retains after a full GC.
 * Each command runs --runs N times (default 5); the table gives medians and the ratio to Apache
 * in the same run. Needs `npm run build`, apache2 and /usr/bin/time.
 * Run: npx tsx bench/startup.ts [--conf FILE] [--runs N] [--out FILE.md]
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { checkFile } from "../dist/cli/check.js";
import { readEnvvars } from "../dist/config/index.js";
import { DiskFs } from "../dist/server/fs.js";
import { loadEngine } from "../dist/server/load.js";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : dflt;
};
const conf = arg("--conf", "/etc/apache2/apache2.conf");
const runs = Math.max(1, Number(arg("--runs", "5")));
const out = arg("--out", new URL("results/startup.md", import.meta.url).pathname);
if (!existsSync(conf)) throw new Error(`${conf}: no such file (give --conf)`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall s, CPU s and peak RSS (KiB) of a command, medians over `runs`, via /usr/bin/time. */
function timed(cmd: string, args: string[]): { wall: number; cpu: number; rssKiB: number; status: string } {
  const wall: number[] = [];
  const cpu: number[] = [];
  const rss: number[] = [];
  let status = "";
  for (let i = 0; i < runs; i++) {
    const r = spawnSync("/usr/bin/time", ["-f", "TIME %e %U %S %M", cmd, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
    const line = (r.stderr ?? "").split("\n").find((l) => l.startsWith("TIME ")) ?? "TIME 0 0 0 0";
    const [, e, u, s, m] = line.split(" ").map(Number);
    wall.push(e);
    cpu.push(u + s);
    rss.push(m);
    status = r.status === 0 ? "accepted" : `refused (exit ${r.status})`;
  }
  return { wall: median(wall), cpu: median(cpu), rssKiB: median(rss), status };
}

const apache = timed("/usr/sbin/apache2ctl", ["-t"]);
const cli = timed(process.execPath, [new URL("../dist/cli/main.js", import.meta.url).pathname, "check", conf]);

const cpuMs = (f: () => unknown) => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const cold = cpuMs(() => checkFile(conf));
const warm = median(Array.from({ length: runs }, () => cpuMs(() => checkFile(conf))));
const accepted = checkFile(conf).accepted;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const dir = dirname(conf);
const env = { ...process.env, ...(existsSync(`${dir}/envvars`) ? readEnvvars(readFileSync(`${dir}/envvars`, "latin1"), { APACHE_CONFDIR: dir }, process.env).exported : {}) };
const h0 = heap();
const engine = loadEngine({ text: readFileSync(conf, "latin1"), file: conf, fs: new DiskFs(), env, serverRoot: dir, defines: [], allowExec: false });
const engineKiB = (heap() - h0) / 1024;
engine.close();

const ratio = (x: number, base: number) => (base > 0 ? `${(x / base).toFixed(2)}×` : "—");
const rows = [
  `| apache2ctl -t | ${apache.status} | ${(apache.wall * 1000).toFixed(0)} | ${(apache.cpu * 1000).toFixed(0)} | ${(apache.rssKiB / 1024).toFixed(1)} | 1 (baseline) |`,
  `| htrewrite check (CLI, node start included) | ${cli.status} | ${(cli.wall * 1000).toFixed(0)} | ${(cli.cpu * 1000).toFixed(0)} | ${(cli.rssKiB / 1024).toFixed(1)} | ${ratio(cli.cpu, apache.cpu)} CPU, ${ratio(cli.wall, apache.wall)} wall |`,
  `| checkFile() in process, first call | ${accepted ? "accepted" : "refused"} | — | ${cold.toFixed(0)} | — | ${ratio(cold / 1000, apache.cpu)} CPU |`,
  `| checkFile() in process, warm (median) | ${accepted ? "accepted" : "refused"} | — | ${warm.toFixed(0)} | — | ${ratio(warm / 1000, apache.cpu)} CPU |`,
  `| one loaded engine of the tree, heap retained | | | | ${(engineKiB / 1024).toFixed(1)} | |`,
];
const includes = spawnSync("sh", ["-c", `ls ${dir}/mods-enabled/*.load 2>/dev/null | wc -l`], { encoding: "utf8" }).stdout.trim();
const md = [
  `## Start-up on a Debian tree (bench/startup.ts, ${conf}, ${includes} modules enabled, medians of ${runs})`,
  "",
  `- Date: ${new Date().toISOString()}; load average at start ${(await import("node:os")).loadavg()[0].toFixed(2)}; Node ${process.version}`,
  "",
  "| what | verdict | wall ms | CPU ms | RSS / heap MiB | vs Apache |",
  "| --- | --- | ---: | ---: | ---: | --- |",
  ...rows,
  "",
].join("\n");
writeFileSync(out, md);
process.stdout.write(md);
