/**
 * Header-heavy conditions: 30 mobile/language rules, each with User-Agent, Cookie and
 * Accept-Language conditions, against requests that carry 25 headers. Only the last rule applies.
 */
import { forcePcre2 } from "../baselines/pcre2-forced.js";
import { decision, expectAnswer, loadDeployment, type Deployment } from "../harness/deployment.js";
import type { InputKind } from "../harness/variant.js";
import { runVariant } from "../harness/variant.js";
import type { Scenario, VariantResult } from "../harness/types.js";

const RULES = 30;
const LANGS = Array.from({ length: RULES }, (_, i) => `l${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}`);

function config(): string[] {
  const out = ["RewriteEngine On"];
  for (const lang of LANGS) {
    out.push(
      "RewriteCond %{HTTP_USER_AGENT} (iPhone|Android|BlackBerry|Opera\\sMini|Mobile) [NC]",
      "RewriteCond %{HTTP_COOKIE} !(^|;\\s*)desktop=1",
      `RewriteCond %{HTTP:Accept-Language} ^${lang}\\b [NC]`,
      `RewriteRule ^/shop/(.*)$ /m/${lang}/shop/$1 [L]`,
    );
  }
  return out;
}

function kinds(d: Deployment): InputKind[] {
  const last = LANGS[RULES - 1];
  const headers: Array<[string, string]> = [
    ["User-Agent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"],
    ["Accept-Language", `${last},en;q=0.8`],
    ["Cookie", "session=0123456789abcdef; theme=dark; consent=yes; cart=3"],
    ["Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"],
    ["Accept-Encoding", "gzip, deflate, br"],
  ];
  for (let i = headers.length; i < 25; i++) headers.push([`X-Extra-${i}`, `value-${i}-${"x".repeat(20)}`]);
  const raw = d.request("/shop/item.html", headers);
  return [
    {
      input: "last-rule",
      decide: () => void d.serve(raw),
      check: () => expectAnswer("mobile shop", decision(d.serve(raw)).status, 200),
    },
  ];
}

export const headerConditions: Scenario = {
  name: "header-conditions",
  description: `${RULES} rules × 3 header conditions (User-Agent, Cookie, Accept-Language), 25 request headers`,
  async run(opts) {
    const files = { [`htdocs/m/${LANGS[RULES - 1]}/shop/item.html`]: "mobile item\n" };
    const variants: VariantResult[] = [];
    variants.push(...runVariant("htrewrite", opts, () => loadDeployment({ config: config(), files }), kinds));
    variants.push(
      ...runVariant(
        "htrewrite-pcre2",
        opts,
        () => {
          const d = loadDeployment({ config: config(), files });
          forcePcre2(d.engine);
          return d;
        },
        kinds,
        "every pattern on PCRE2-wasm",
      ),
    );
    return { size: RULES, baseline: "htrewrite", targets: [], variants, figures: {} };
  },
};
