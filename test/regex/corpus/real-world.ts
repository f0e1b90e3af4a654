/**
 * Patterns as they appear in widely deployed .htaccess / Apache configs (RewriteRule,
 * RewriteCond, SetEnvIf, BrowserMatch, *Match sections), grouped by project.
 */
import type { CorpusPattern } from "./types.js";

const r = String.raw;

function from(source: string, patterns: (string | [string, "nc"])[]): CorpusPattern[] {
  return patterns.map((p) => (typeof p === "string" ? { pattern: p, source } : { pattern: p[0], nocase: true, source }));
}

export const REAL_WORLD: CorpusPattern[] = [
  ...from("WordPress", [
    r`^index\.php$`, r`.`, r`^wp-admin$`, r`^([_0-9a-zA-Z-]+/)?wp-admin$`,
    r`^([_0-9a-zA-Z-]+/)?(wp-(content|admin|includes).*)`, r`^([_0-9a-zA-Z-]+/)?(.*\.php)$`,
    r`^(.*)?/?files/(.*)`, r`^[_0-9a-zA-Z-]+/(wp-(content|admin|includes).*)`, r`^[_0-9a-zA-Z-]+/(.*\.php)$`,
    r`.*`, r`^wp-admin/includes/`, r`^wp-includes/[^/]+\.php$`, r`^wp-includes/js/tinymce/langs/.+\.php`,
    r`^wp-includes/theme-compat/`, r`^(wp-config\.php|xmlrpc\.php)$`, r`\.(htaccess|htpasswd|ini|log|sh|inc|bak)$`,
    r`^/?wp-json/(.*)`, r`^sitemap_index\.xml$`, r`^([^/]+?)-sitemap([0-9]+)?\.xml$`, r`([a-z]+)?-?sitemap\.xsl$`,
    r`^/?wc-api/v([1-3]{1})/?$`,
    r`!^.*[^/]$`, r`^.*//.*$`, r`.*=.*`,
    r`^(wp-(app|cron|login|register|mail).php|wp-.*\.php|/feed/|index\.php|wp-comments-popup\.php|wp-links-opml\.php|wp-locations\.php|sitemap(_index)?\.xml|[a-z0-9_\-]+-sitemap([0-9]+)?\.xml)`,
    r`(.*)(comment_author_|wordpress_logged_in|wp-postpass_)`, r`^.*(comment_author_|wordpress_logged_in|wp-postpass_).*$`,
    r`(w3tc_preview|wordpress_logged_in)`, r`\.(css|htc|less|js|js2|js3|js4)$`, r`\/$`,
  ]),
  ...from("Drupal", [
    r`\.(engine|inc|install|make|module|profile|po|sh|.*sql|theme|twig|tpl(\.php)?|xtmpl|yml)(~|\.sw[op]|\.bak|\.orig|\.save)?$|/(\.(?!well-known).*|Entries.*|Repository|Root|Tag|Template|composer\.(json|lock)|web\.config)$|/#.*#$|\.php(~|\.sw[op]|\.bak|\.orig|\.save)$`,
    r`\.(engine|inc|info|install|make|module|profile|test|po|sh|.*sql|theme|tpl(\.php)?|xtmpl)(~|\.sw[op]|\.bak|\.orig|\.save)?$|^(\..*|Entries.*|Repository|Root|Tag|Template)$|^#.*#$|\.php(~|\.sw[op]|\.bak|\.orig|\.save)$`,
    r`/\.|^\.(?!well-known/)`, ["^www\\.", "nc"], r`^`, r`on`, r`^(.*)$`,
    r`/core/[^/]*\.php$`, r`/core/modules/system/tests/https?\.php`, r`/core/modules/statistics/statistics\.php$`,
    r`\.css\.gz$`, r`\.js\.gz$`, r`^(.*)\.css`, r`^(.*)\.js`, r`gzip`, r`^core/install\.php`, r`^/?(.*)`,
  ]),
  ...from("Laravel", [r`(.+)/$`, r`^(.*)/$`, r`^`, r`^(?!public/)(.*)$`, r`^public`, r`.+`]),
  ...from("Magento", [
    r`^api/rest`, r`^api/([a-z][0-9a-z_]+)/?$`, r`^TRAC[EK]`, r`^/(media|skin|js)/`, r`^/mobiledirectoryhere/.*$`,
    ["android|blackberry|ipad|iphone|ipod|iemobile|opera mobile|palmos|webos|googlebot-mobile", "nc"],
    r`^version.+?/(.+)$`, r`.+\.(ph(p[3457]?|t|tml)|[aj]sp|p[ly]|sh|cgi|shtml?|html?)$`,
    r`\.(ico|jpg|jpeg|png|gif|svg|js|css|swf|eot|ttf|otf|woff|woff2|json)$`, r`\.(zip|gz|gzip|bz2|csv|xml)$`,
    r`^/?(?:bin|dev|lib|setup|update|var|vendor)/`, r`^media/(.*)$`,
  ]),
  ...from("h5bp server-configs-apache", [
    r`^(.*)\.(\d+)\.(bmp|css|cur|gif|ico|jpe?g|m?js|png|svgz?|webp|webmanifest)$`, r`(^|/)\.(?!well-known/)`,
    r`(?:\.(?:bak|conf|dist|fla|in[ci]|log|orig|psd|sh|sql|sw[op])|~)$`, r`\.(avifs?|bmp|cur|gif|ico|jpe?g|jxl|a?png|svgz?|webp)$`,
    r`\.(eot|otf|tt[cf]|woff2?)$`, [r`^www\.(.+)$`, "nc"], [r`!^www\.`, "nc"], r`^(.*)\.(css|ics|js|json|html|svg)`, r`\.css\.br$`,
    r`\.(appcache|atom|bbaw|bmp|br|crx|css|cur|eot|f4[abpv]|flv|geojson|gif|glb|gltf|htc|ic[os]|jpe?g|m?js|json(ld)?|m4[av]|manifest|map|markdown|md|mp4|oex|og[agv]|opus|otf|pdf|png|rdf|rss|safariextz|svgz?|swf|topojson|tt[cf]|txt|vcard|vcf|vtt|wasm|webapp|web[mp]|webmanifest|woff2?|xloc|xml|xpi)$`,
    r`(\.js\.gz|\.css\.gz)$`, r`MSIE [2-6]`, r`^Mozilla/4`, r`^Mozilla/4\.0[678]`, r`\bMSI[E]`, r`:`,
    [r`^(Accept-EncodXng|X-cept-Encoding|X{15}|~{15}|-{15})$`, "nc"], [r`^((gzip|deflate)\s*,?\s*)+|[X~-]{4,13}$`, "nc"],
    r`br`, r`=on`, r`https`,
  ]),
  ...from("Joomla", [
    r`base64_encode[^(]*\([^)]*\)`, [r`(<|%3C)([^s]*s)+cript.*(>|%3E)`, "nc"], r`GLOBALS(=|\[|\%[0-9A-Z]{0,2})`,
    r`_REQUEST(=|\[|\%[0-9A-Z]{0,2})`, r`^/index\.php`, [r`/component/|(/[^.]*|\.(php|html?|feed|pdf|vcf|raw))$`, "nc"],
    r`^(.*)\.js`, r`(^|/)\.(?!well-known\/)`,
  ]),
  ...from("CodeIgniter", [
    r`^(index\.php|images|robots\.txt)`, r`^system.*`, r`^application.*`, [r`^www\.(.+)$`, "nc"], [r`^([\s\S]*)$`, "nc"],
  ]),
  ...from("Symfony", [
    r`^(/.+)/(.*)::\2$`, r`.+`, r`^index\.php(?:/(.*)|$)`, r`^app\.php(/(.*)|$)`, r`^$`,
  ]),
  ...from("Nextcloud", [
    r`^\.well-known/carddav`, r`^\.well-known/host-meta\.json`, r`^\.well-known/(?!acme-challenge|pki-validation)`,
    r`\.(css|js|svg|gif|png|html|ttf|woff2?|ico|jpg|jpeg|map|webm|mp4|mp3|ogg|wav|wasm|tflite)$`, r`/core/ajax/update\.php`,
    r`^ocm-provider/?$`, r`^(?:build|tests|config|lib|3rdparty|templates)/.*`, r`^(?:\.|autotest|occ|issue|indie|db_|console).*`,
    r`DavClnt`, r`\.(?:css|js|mjs|svg|gif|png|jpg|ico|wasm|tflite)$`, r`^/\.well-known/acme-challenge/.*`,
  ]),
  ...from("MediaWiki", [r`^/?wiki(/.*)?$`, r`^/*$`, r`^/?$`]),
  ...from("PrestaShop", [
    r`^([0-9])(\-[_a-zA-Z0-9-]*)?(-[0-9]+)?/.+\.jpg$`, r`^([0-9])([0-9])(\-[_a-zA-Z0-9-]*)?(-[0-9]+)?/.+\.jpg$`,
    r`^c/([0-9]+)(\-[\.*_a-zA-Z0-9-]*)(-[0-9]+)?/.+\.jpg$`, r`^c/([a-zA-Z_-]+)(-[0-9]+)?/.+\.jpg$`,
    r`^images_ie/?([^/]+)\.(jpe?g|png|gif)$`,
  ]),
  ...from("OpenCart", [r`^sitemap.xml$`, r`^googlebase.xml$`, r`^system/storage/(.*)`, r`^([^?]*)`, r`.*\.(ico|gif|jpg|jpeg|png|js|css)`]),
  ...from("Moodle", [r`(\/vendor\/)`, r`(\/node_modules\/)`, r`(composer\.json)`, r`(\.lock)`, r`(\/environment.xml)`, r`(\/upgrade\.txt)`, r`(phpunit\.xml\.dist)`, r`(\/tests\/behat\/)`]),
  ...from("Grav", [
    r`^(\.git|cache|bin|logs|backup|webserver-configs|tests)/(.*)`,
    r`^(system|vendor)/(.*)\.(txt|xml|md|html|htm|yaml|yml|php|pl|py|cgi|twig|sh|bat)$`,
    r`^(user)/(.*)\.(txt|md|yaml|yml|php|pl|py|cgi|twig|sh|bat)$`, r`\.md$`, r`(^|/)\.(?!well-known)`,
    r`^(LICENSE\.txt|composer\.lock|composer\.json|\.htaccess)$`,
  ]),
  ...from("Roundcube", [
    r`^favicon\.ico$`, r`(?i)^(?!installer|\.well-known\/|[a-zA-Z0-9]{16})(\.?[^\.]+)$`,
    r`^/?(\.git|\.tx|SQL|bin|config|logs|temp|tests|vendor|program\/(include|lib|localization|steps))`,
    r`/?(README.*|meta\.json|composer\..*|jsdeps.json)$`,
  ]),
  ...from("TYPO3", [
    r`^(.+)\.(\d+)\.(php|js|css|png|jpg|gif|gzip)$`, r`^typo3/(.*)$`,
    r`(?:typo3conf/ext|typo3/sysext|typo3/ext)/[^/]+/(?:Configuration|Resources/Private|Tests?|Documentation|docs?)/`,
    r`^(?:vendor|typo3_src|typo3temp/var)`, r`(?:^|/)\.`, r`^(.*/)?(\.git|\.svn|\.hg|\.bzr|\.cvs)`, r`^(/.+)(.+)::\2$`,
  ]),
  ...from("Kirby / October / Shopware / Matomo", [
    r`^content/(.*)`, r`^site/(.*)`, r`^kirby/(.*)`, r`^bootstrap/.*`, r`^storage/cms/.*`, r`^modules/.*/assets/.*`,
    r`\.(jpg|jpeg|bmp|png|gif|svg|ico|webp|js|css|less|scss|map)`, r`^(media|files)/(.*)`, r`^(.*)\.[0-9]+\.(css|js)$`,
    r`\.(php|php4|php5|inc|tpl|in|twig)$`, r`^(?:piwik|matomo)\.(?:js|php)$`,
  ]),
  ...from("5G/7G firewall (Perishable Press)", [
    [r`(eval\()`, "nc"], [r`(127\.0\.0\.1)`, "nc"], [r`([a-z0-9]{2000,})`, "nc"], [r`(javascript:)(.*)(;)`, "nc"],
    [r`(base64_encode)(.*)(\()`, "nc"], [r`(GLOBALS|REQUEST)(=|\[|%)`, "nc"], [r`(<|%3C)(.*)script(.*)(>|%3)`, "nc"],
    ["(\\\\|\\.\\.\\.|\\.\\./|~|`|<|>|\\|)", "nc"], [r`(boot\.ini|etc/passwd|self/environ)`, "nc"],
    [r`(thumbs?(_editor|open)?|tim(thumb)?)\.php`, "nc"], [r`(\'|\")(.*)(drop|insert|md5|select|union)`, "nc"],
    [r`(&lt;|%0a|%0d|%27|%3c|%3e|%00|0x00)`, "nc"], [r`(ahrefs|alexibot|majestic|mj12bot|rogerbot)`, "nc"],
    [r`((c99|php|web)shell|remoteview|site((.){0,2})copier)`, "nc"], [r`^(connect|debug|move|put|trace|track)`, "nc"],
    [r`(,,,)`, "nc"], [r`(-------)`, "nc"], ["(\\^|`|<|>|\\\\|\\|)", "nc"], [r`(=?\\(\'|%27)/?)(\.)`, "nc"],
    [r`(/)(\*|\"|\'|\.|%0|%20|%22|%27|%2a|%2e|%3c|%3e)`, "nc"],
  ]),
  ...from("bot blocking / hotlinking / https", [
    [r`^.*(SemrushBot|AhrefsBot|MJ12bot|DotBot).*$`, "nc"], [r`(libwww-perl|wget|python|nikto|curl|scan|java|winhttp|clshttp|loader)`, "nc"],
    r`!^$`, [r`^https?://(www\.)?example\.com`, "nc"], [r`\.(jpg|jpeg|png|gif)$`, "nc"], r`off`, r`^80$`, r`!https`, r`^https$`,
  ]),
  ...from("common recipes", [
    r`(.*)/$`, r`^(.*[^/])$`, r`^(.+)/$`, [r`^([^\.]+)$`, "nc"], [r`^[A-Z]{3,}\s([^.]+)\.php`, "nc"], r`^(.*)\.php$`,
    r`^[A-Z]{3,9}\ /([^\ ]+)\.php`, r`^[A-Z]{3,9}\ /index\.php\ HTTP/`, [r`\s/+(.+?)\.php[\s?]`, "nc"], r`^(.+?)/?$`,
    r`[A-Z]`, r`!^123\.456\.789\.000`, r`/maintenance.html$`, r`\.(jpe?g?|png|gif)`, r`^id=([0-9]+)$`,
    r`(^|&)page=([^&]*)(&|$)`, r`^(.*)&?utm_[a-z]+=[^&]*&?(.*)$`, r`^192\.168\.`, r`^(10|172\.(1[6-9]|2[0-9]|3[01])|192\.168)\.`,
    r`^(en|de|fr)(-[a-z]{2})?/(.*)$`, r`^([a-z]{2})(?:-[A-Z]{2})?(?:,|;|$)`, [r`^de`, "nc"],
    [r`(android|bb\d+|meego).+mobile|avantgo|bada\/|blackberry|blazer|compal|elaine|fennec|hiptop|iemobile|ip(hone|od)|iris|kindle|lge |maemo|midp|mmp|netfront|opera m(ob|in)i|palm( os)?|phone|p(ixi|re)\/|plucker|pocket|psp|series(4|6)0|symbian|treo|up\.(browser|link)|vodafone|wap|windows (ce|phone)|xda|xiino`, "nc"],
    r`(^|;\s*)lang=([a-z]{2})`, r`mycookie=([^;]+)`,
  ]),
  ...from("Apache documentation / mod_wsgi deployments", [
    r`^/~([^/]+)/?(.*)`, r`^/somepath(.*)`, r`^/(.+)\.html$`, r`^/foo\.html$`, r`^localhost$`, r`^192\.168\.1\.1$`,
    r`^Mozilla`, r`^Lynx`, r`^/(?:[^/]+/){2}(.*)`, [r`!^www\.example\.com$`, "nc"], r`^(.*)(?:\.jpe?g|\.png)$`,
    r`^/(.*)/(.*)/(.*)$`, r`^/~([^/]+)`, r`^/([^/]+)/`, r`^/static/(.*)$`, r`^/admin/`, r`^/home/[^/]+/public_html`,
    r`^/api/`, r`^/~([^/]+)(/.*)?$`, r`^/~(\w+)`, r`^/([uvwxyz])[a-z]+/(.*)$`,
  ]),
];
