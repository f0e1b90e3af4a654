/**
 * The head of the test sites' Apache configurations: the modules loaded from Debian's module
 * directory, the server name, the listener, the document root and access to the site folder.
 */
export function siteConfigHead(dir: string, modules: readonly string[]): string[] {
  return [
    ...modules.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`),
    "ServerName localhost",
    "Listen 80",
    `DocumentRoot ${dir}/htdocs`,
    `<Directory ${dir}>`,
    "    Require all granted",
    "</Directory>",
  ];
}
