/**
 * One server of bench/middleware.ts, in its own process so the load generator does not share its
 * event loop: `bare` (a node:http handler that answers 200), `middleware` (the same handler behind
 * createMiddleware on a WordPress-style .htaccess), `backend` (an echo backend), `proxy`
 * (a [P] front to the backend on argv[3]). Prints its port on stdout; exits when stdin closes.
 */
import * as http from "node:http";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { createMiddleware } from "../dist/middleware/index.js";

export const WORDPRESS = `RewriteEngine On
RewriteBase /
RewriteRule ^index\\.php$ - [L]
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{REQUEST_FILENAME} !-d
RewriteRule . /index.php [L]
`;

const mode = process.argv[2];
const app: http.RequestListener = (req, res) => {
  res.setHeader("content-type", "text/plain");
  res.end(`ok ${req.url}\n`);
};
let handler: http.RequestListener = app;
if (mode === "middleware" || mode === "proxy") {
  const root = mkdtempSync(join(tmpdir(), "htr-bench-mw-"));
  mkdirSync(join(root, "wp-content"));
  writeFileSync(join(root, "index.php"), "<?php\n");
  const htaccess = mode === "proxy" ? `RewriteEngine On\nRewriteRule ^(.*)$ http://127.0.0.1:${process.argv[3]}/$1 [P]\n` : WORDPRESS;
  const mw = createMiddleware({ htaccess, root });
  handler = (req, res) => mw(req, res, () => app(req, res));
}
const server = http.createServer(handler);
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
