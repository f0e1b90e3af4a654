// docs/playground.png, the README's picture of the playground: a WordPress-style .htaccess with
// a redirect, three requests, taken with the system chromium (node scripts/screenshot-playground.mjs
// [OUT.png] after npm run build; HTR_CHROMIUM names another browser binary). The committed file
// is then reduced with Debian's pngquant (pngquant --quality 70-90 --force --output F F).
import puppeteer from "puppeteer-core";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { startPlaygroundServer } = await import(join(root, "dist/cli/playground-server.js"));
const { encodeState } = await import(join(root, "dist/browser/fragment.js"));

const state = {
  v: 1,
  mode: "htaccess",
  source: [
    "RewriteEngine On",
    "RewriteBase /",
    "# Old blog addresses move for good",
    "RewriteRule ^blog/(\\d{4})/(.*)$ /posts/$2?year=$1 [R=301,L]",
    "RewriteCond %{REQUEST_FILENAME} !-f",
    "RewriteCond %{REQUEST_FILENAME} !-d",
    "RewriteRule . /index.php [L]",
    "",
  ].join("\n"),
  files: [
    { path: "index.php", kind: "file", text: "" },
    { path: "wp-content/uploads/logo.png", kind: "file", text: "" },
  ],
  users: "",
  env: "",
  requests: [
    { method: "GET", url: "/blog/2019/hello-world", headers: "", port: null, version: "1.1" },
    { method: "GET", url: "/about-us/", headers: "Accept-Language: de", port: null, version: "1.1" },
  ],
};

const out = resolve(process.argv[2] ?? join(root, "docs/playground.png"));
const server = await startPlaygroundServer({ port: 0 });
const browser = await puppeteer.launch({
  executablePath: process.env.HTR_CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1360, height: 1180, deviceScaleFactor: 1 });
  await page.goto(`${server.url}#${await encodeState(state)}`);
  await page.waitForFunction(() => Number(document.body.dataset.runs ?? "0") > 0, { timeout: 30000 });
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
