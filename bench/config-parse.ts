/**
 * Bench: read and check a 10,000-rule configuration (parseConfig: reading, ${} substitution,
 * tokenizing, directive table lookups, context/arity checks and validators). Target ≤ 300 ms.
 *
 *   npx tsx bench/config-parse.ts [RULES]
 *
 * Prints the median and best of several runs after a warm-up; the figure is reported, not asserted.
 */
import { CASE_BASE_MODULES, memoryFs, parseConfig } from "../dist/config/index.js";

const RULES = Number(process.argv[2] ?? 10_000);

function buildConfig(rules: number): string {
  const out = ["Define ROOT /srv", "ServerName localhost", "DocumentRoot ${ROOT}/htdocs", "RewriteEngine On"];
  for (let i = 0; i < rules; i++) {
    // A realistic mix: conditions, quoting, flags, sections every 500 rules.
    if (i % 500 === 0) out.push(`<VirtualHost *:80>`, `    ServerName vh${i}.example`, `    RewriteEngine On`);
    if (i % 3 === 0) out.push(`    RewriteCond %{HTTP_HOST} ^www\\.example${i}\\.com$ [NC,OR]`);
    if (i % 7 === 0) out.push(`    RewriteCond %{REQUEST_URI} "!^/static/${i}/"`);
    out.push(`    RewriteRule ^/section${i}/(.*)$ /target/${i}/$1?x=\${ROOT} [R=301,L,QSA]`);
    if (i % 500 === 499) out.push(`</VirtualHost>`);
  }
  if (RULES % 500 !== 0) out.push("</VirtualHost>");
  out.push("<Directory ${ROOT}/htdocs>", "    AllowOverride FileInfo", "    Options +ExecCGI", "</Directory>");
  return out.join("\n") + "\n";
}

const text = buildConfig(RULES);
const fs = memoryFs({ "/srv/htdocs/": null });
const run = (): number => {
  const t0 = process.hrtime.bigint();
  const tree = parseConfig(text, { file: "/srv/conf/httpd.conf", fs, serverRoot: "/srv", loadedModules: CASE_BASE_MODULES, env: {} });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (tree.children.length === 0) throw new Error("empty tree");
  return ms;
};
for (let i = 0; i < 3; i++) run();
const times = Array.from({ length: 15 }, run).sort((a, b) => a - b);
const lines = text.split("\n").length - 1;
const median = times[Math.floor(times.length / 2)];
console.log(`config-parse: ${RULES} rules, ${lines} lines, ${(text.length / 1024).toFixed(0)} KiB`);
console.log(`  parse+validate median ${median.toFixed(1)} ms, best ${times[0].toFixed(1)} ms (target ≤ 300 ms)`);
