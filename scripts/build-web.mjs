// The playground's static files (dist/web): the page and its worker bundled by esbuild from
// src/browser/ui, with the engine's Node-only modules replaced by their browser stand-ins
// (src/browser/platform), PCRE2's module and manifest copied from vendor/pcre2, and the examples
// menu made from rules/*.json. Runs after tsc (it converts the examples with dist/browser).
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist/web");
const platform = join(root, "src/browser/platform");

// Project modules that need Node (the disk, programs) → what the browser uses instead.
const MODULES = {
  "src/regex/pcre2/module-file.ts": "pcre2-module.ts",
  "src/rewrite/maps/program.ts": "program-map.ts",
  "src/wsgi/dispatch-script.ts": "dispatch-script.ts",
  "src/eval/sandbox.ts": "sandbox.ts",
};
// Node built-ins still imported by engine modules the page needs → browser stand-ins.
const BUILTINS = { fs: "no-disk.ts", path: "posix-path.ts", crypto: "hash.ts", os: "tmpdir.ts" };

const browserPlatform = {
  name: "htrewrite-browser-platform",
  setup(b) {
    b.onResolve({ filter: /^node:|^(fs|path|crypto|os|url|child_process|worker_threads)$/ }, (args) => {
      const name = args.path.replace(/^node:/, "");
      const file = BUILTINS[name];
      if (file === undefined) {
        return { errors: [{ text: `${args.path} (imported by ${args.importer.slice(root.length + 1)}) has no browser stand-in: the page's engine must not need it` }] };
      }
      return { path: join(platform, file) };
    });
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const abs = resolve(args.resolveDir, args.path.replace(/\.js$/, ".ts"));
      const rel = abs.slice(root.length + 1);
      const file = MODULES[rel];
      return file === undefined ? undefined : { path: join(platform, file) };
    });
  },
};

mkdirSync(join(out, "pcre2"), { recursive: true });
await build({
  entryPoints: { page: join(root, "src/browser/ui/page.ts"), worker: join(root, "src/browser/ui/worker.ts") },
  outdir: out,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  // No source maps: they would triple the package; the sources are src/browser.
  minify: true,
  legalComments: "linked",
  inject: [join(platform, "buffer-global.ts")],
  plugins: [browserPlatform],
  logLevel: "warning",
});
for (const f of ["index.html", "style.css"]) copyFileSync(join(root, "web", f), join(out, f));
for (const f of ["pcre2.wasm", "manifest.json"]) copyFileSync(join(root, "vendor/pcre2", f), join(out, "pcre2", f));

const { caseJsonToState } = await import(join(root, "dist/browser/case-import.js"));
const examples = readdirSync(join(root, "rules"))
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => {
    const json = JSON.parse(readFileSync(join(root, "rules", f), "utf8"));
    const name = f.replace(/\.json$/, "");
    return { name: json.name ?? name, description: json.description ?? "", state: caseJsonToState(json, name) };
  });
writeFileSync(join(out, "examples.json"), JSON.stringify(examples));
