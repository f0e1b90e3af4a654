/**
 * Writes the real-world cases (cases/NAME.json) from the verbatim sources (sources/NAME/…) and
 * the deployment described for each in real-world-cases.ts: where the file goes (.htaccess in a
 * directory, or the server config), which paths had to be substituted so it runs in the sandbox,
 * the files the application has on disk, and the requests aimed at what the config is for.
 *
 *     npx tsx test/conformance/real-world/make-cases.ts
 *
 * The source text is embedded unchanged except for the substitutions listed per case (also
 * written into the case's description), so a case always shows the file as its authors wrote it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEPLOYMENTS, type Deployment } from "./real-world-cases.js";

const here = fileURLToPath(new URL(".", import.meta.url));

interface Manifest {
  configs: { name: string; file: string; url: string }[];
}

function substitute(text: string, subs: [string, string][]): string {
  let out = text;
  for (const [from, to] of subs) {
    if (!out.includes(from)) throw new Error(`make-cases: substitution "${from}" does not occur in the source`);
    out = out.split(from).join(to);
  }
  return out;
}

function caseJson(d: Deployment, source: string, url: string, extra: Record<string, string>): Record<string, unknown> {
  const text = substitute(source, d.substitutions ?? []).replace(/\n$/, "");
  const edits = (d.substitutions ?? []).map(([a, b]) => `"${a}" → "${b}"`).join("; ");
  const json: Record<string, unknown> = {
    name: `rw_${d.name}`,
    description: `Real-world: ${url}, embedded ${d.htaccess !== undefined ? `as ${d.htaccess}/.htaccess` : "in the server config"}${edits ? `; substituted: ${edits}` : "; unchanged"}${Object.keys(extra).length ? `; also ${Object.entries(d.extraHtaccess ?? {}).map(([dir, n]) => `${n} as ${dir}/.htaccess`).join(", ")}` : ""}. ${d.about}`,
  };
  if (d.modules?.length) json.modules = d.modules;
  const config = [...(d.before ?? [])];
  if (d.htaccess === undefined) config.push(...text.split("\n"));
  config.push(...(d.after ?? []));
  json.config = config;
  json.files = d.files;
  const htaccess: Record<string, string[]> = {};
  if (d.htaccess !== undefined) htaccess[d.htaccess] = text.split("\n");
  for (const [dir, other] of Object.entries(extra)) htaccess[dir] = other.replace(/\n$/, "").split("\n");
  if (Object.keys(htaccess).length) json.htaccess = htaccess;
  json.requests = d.requests;
  return json;
}

function main(): void {
  const manifest = JSON.parse(readFileSync(join(here, "manifest.json"), "utf8")) as Manifest;
  const byName = new Map(manifest.configs.map((c) => [c.name, c]));
  for (const d of DEPLOYMENTS) {
    const m = byName.get(d.source ?? d.name);
    if (!m) throw new Error(`make-cases: ${d.name}: no manifest entry`);
    const source = readFileSync(join(here, m.file), "utf8");
    if (d.requests.length < 10) throw new Error(`make-cases: ${d.name}: fewer than 10 requests`);
    const extra: Record<string, string> = {};
    for (const [dir, name] of Object.entries(d.extraHtaccess ?? {})) {
      const o = byName.get(name);
      if (!o) throw new Error(`make-cases: ${d.name}: no manifest entry ${name}`);
      extra[dir] = readFileSync(join(here, o.file), "utf8");
    }
    writeFileSync(join(here, "cases", `rw_${d.name}.json`), JSON.stringify(caseJson(d, source, m.url, extra), null, 2) + "\n");
  }
  process.stdout.write(`wrote ${DEPLOYMENTS.length} cases\n`);
}

main();
