/**
 * Front-controller .htaccess sets (per-directory rules with -f/-d look-ups, internal redirects to
 * index.php): WordPress, Drupal and Laravel, each as its project ships the rewrite part (rules
 * retyped from their documented .htaccess files), with requests for pretty URLs, static files,
 * directories and refused paths.
 */
import { decision, expectAnswer, loadDeployment } from "../harness/deployment.js";
import { runVariant } from "../harness/variant.js";
import type { Scenario } from "../harness/types.js";

interface FrontController {
  name: string;
  description: string;
  htaccess: string[];
  files: Record<string, string | null>;
  /** Request path → expected status. */
  requests: Array<[path: string, status: number]>;
}

export const WORDPRESS: FrontController = {
  name: "wordpress-htaccess",
  description: "WordPress permalinks .htaccess: index.php guard, !-f/!-d, . → /index.php",
  htaccess: [
    "RewriteEngine On",
    "RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]",
    "RewriteBase /",
    "RewriteRule ^index\\.php$ - [L]",
    "RewriteCond %{REQUEST_FILENAME} !-f",
    "RewriteCond %{REQUEST_FILENAME} !-d",
    "RewriteRule . /index.php [L]",
  ],
  files: { "htdocs/index.php": "wordpress front controller\n", "htdocs/wp-content/themes/t/style.css": "body{}\n", "htdocs/wp-admin/index.html": "admin\n" },
  requests: [
    ["/2024/05/hello-world/", 200],
    ["/wp-content/themes/t/style.css", 200],
    ["/wp-admin/", 200],
    ["/category/news/page/2/?orderby=date", 200],
  ],
};

const DRUPAL: FrontController = {
  name: "drupal-htaccess",
  description: "Drupal core .htaccess rewrite block: protossl, hidden-file [F], install.php redirect, !-f/!-d front controller, PHP file guard",
  htaccess: [
    "RewriteEngine on",
    "RewriteRule ^ - [E=protossl]",
    "RewriteCond %{HTTPS} on",
    "RewriteRule ^ - [E=protossl:s]",
    "RewriteRule ^ - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]",
    'RewriteRule "/\\.|^\\.(?!well-known/)" - [F]',
    "RewriteCond %{REQUEST_URI} ^(.*)?/(install\\.php) [OR]",
    "RewriteCond %{REQUEST_URI} ^(.*)?/(rebuild\\.php)",
    "RewriteCond %{REQUEST_URI} !core",
    "RewriteRule ^ %1/core/%2 [L,QSA,R=301]",
    "RewriteRule ^core/install\\.php core/install.php?rewrite=ok [QSA,L]",
    "RewriteCond %{REQUEST_FILENAME} !-f",
    "RewriteCond %{REQUEST_FILENAME} !-d",
    "RewriteCond %{REQUEST_URI} !=/favicon.ico",
    "RewriteRule ^ index.php [L]",
    "RewriteCond %{REQUEST_URI} !/core/[^/]*\\.php$",
    "RewriteCond %{REQUEST_URI} !/core/modules/system/tests/https?\\.php",
    "RewriteCond %{REQUEST_URI} !/core/modules/statistics/statistics\\.php$",
    'RewriteRule "^(.+/.*|autoload)\\.php($|/)" - [F]',
  ],
  files: { "htdocs/index.php": "drupal front controller\n", "htdocs/core/misc/drupal.js": "//js\n", "htdocs/.git/config": "[core]\n" },
  requests: [
    ["/node/1", 200],
    ["/core/misc/drupal.js", 200],
    ["/.git/config", 403],
    ["/install.php", 301],
  ],
};

const LARAVEL: FrontController = {
  name: "laravel-htaccess",
  description: "Laravel public/.htaccess: Authorization pass-through, trailing-slash 301 unless a directory, !-d/!-f → index.php",
  htaccess: [
    "RewriteEngine On",
    "RewriteCond %{HTTP:Authorization} .",
    "RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]",
    "RewriteCond %{HTTP:x-xsrf-token} .",
    "RewriteRule .* - [E=HTTP_X_XSRF_TOKEN:%{HTTP:X-XSRF-Token}]",
    "RewriteCond %{REQUEST_FILENAME} !-d",
    "RewriteCond %{REQUEST_URI} (.+)/$",
    "RewriteRule ^ %1 [L,R=301]",
    "RewriteCond %{REQUEST_FILENAME} !-d",
    "RewriteCond %{REQUEST_FILENAME} !-f",
    "RewriteRule ^ index.php [L]",
  ],
  files: { "htdocs/index.php": "laravel front controller\n", "htdocs/css/app.css": "body{}\n" },
  requests: [
    ["/users/42", 200],
    ["/css/app.css", 200],
    ["/users/", 301],
    ["/api/orders?page=3", 200],
  ],
};

function frontControllerScenario(fc: FrontController): Scenario {
  return {
    name: fc.name,
    description: fc.description,
    async run(opts) {
      const variants = runVariant(
        "htrewrite",
        opts,
        () =>
          loadDeployment({
            config: ["<Directory @ROOT@/htdocs>", "    AllowOverride All", "</Directory>"],
            files: fc.files,
            htaccess: { htdocs: fc.htaccess },
          }),
        (d) => {
          const reqs = fc.requests.map(([path]) => d.request(path, [["Authorization", "Bearer abc"], ["User-Agent", "bench"]]));
          return [
            {
              input: "mixed",
              decide: (i) => void d.serve(reqs[i % reqs.length]),
              check: () => fc.requests.forEach(([path, status], k) => expectAnswer(`${fc.name} ${path}`, decision(d.serve(reqs[k])).status, status)),
            },
          ];
        },
      );
      return { size: fc.htaccess.length, baseline: null, targets: [], variants, figures: {} };
    },
  };
}

export const wordpress = frontControllerScenario(WORDPRESS);
export const drupal = frontControllerScenario(DRUPAL);
export const laravel = frontControllerScenario(LARAVEL);
