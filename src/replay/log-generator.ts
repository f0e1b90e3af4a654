/**
 * Synthetic access logs with the shapes of real traffic, deterministic for a seed: Zipf-popular
 * pages, static assets, per-user `/~name/` paths (the seed's per-user interpreters), query strings,
 * bots and scanners, a few HEAD/POST, and malformed lines (truncated, binary garbage, an empty
 * request line) at a chosen rate. Written in the combined format unless told otherwise.
 */
export interface GeneratorOptions {
  seed?: number;
  lines: number;
  /** Share of malformed lines (default 0.002). */
  malformed?: number;
  users?: number;
  /** User names for `/~name/` paths (default user0 … user{users-1}). */
  userNames?: readonly string[];
  pages?: number;
  format?: "combined" | "common" | "vhost_combined";
  host?: string;
}

/** mulberry32: small, fast, good enough for traffic shapes, reproducible everywhere. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Zipf(s≈1) over 1..n by inverse CDF on precomputed cumulative weights. */
function zipf(n: number, s: number): (u: number) => number {
  const cum = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cum[i] = sum += 1 / (i + 1) ** s;
  return (u) => {
    const x = u * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const AGENTS = [
  "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
];
const BOTS = ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "python-requests/2.31.0", "curl/8.5.0"];
const SCANS = ["/wp-login.php", "/.env", "/xmlrpc.php", "/admin/config.php", "/phpmyadmin/index.php", "/cgi-bin/../../etc/passwd", "/.git/config"];
const ASSETS = ["css/site.css", "js/app.js", "img/logo.png", "favicon.ico", "img/hero.jpg", "fonts/inter.woff2"];

function timeText(t: number): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, "0");
  return `[${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000]`;
}

/** Yield `lines` log lines (without newlines). */
export function* generateLog(o: GeneratorOptions): Generator<string> {
  const r = rng(o.seed ?? 1);
  const names = o.userNames ?? null;
  const users = names?.length ?? o.users ?? 500;
  const pages = o.pages ?? 2000;
  const pagePick = zipf(pages, 1.05);
  const userPick = zipf(users, 0.9);
  const malformed = o.malformed ?? 0.002;
  const host = o.host ?? "www.example.com";
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  let t = Date.UTC(2026, 10, 23, 0, 0, 0);
  for (let n = 0; n < o.lines; n++) {
    t += Math.floor(r() * 40);
    if (r() < malformed) {
      const k = r();
      yield k < 0.4 ? `10.0.${n % 256}.1 - - ${timeText(t)} "GET /trunc` : k < 0.7 ? `\x16\x03\x01 garbage ${n}` : `10.0.0.${n % 256} - - ${timeText(t)} "-" 408 0 "-" "-"`;
      continue;
    }
    const ip = `${10 + Math.floor(r() * 200)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`;
    const kind = r();
    let method = "GET";
    let path: string;
    let status = 200;
    let agent = pick(AGENTS);
    if (kind < 0.35) {
      path = `/page/${pagePick(r())}`;
      if (r() < 0.25) path += `?ref=${Math.floor(r() * 50)}&utm_source=${pick(["mail", "social", "ads"])}`;
    } else if (kind < 0.65) {
      path = `/static/${pick(ASSETS)}`;
      if (r() < 0.1) status = 304;
    } else if (kind < 0.85) {
      const ui = userPick(r());
      const u = names ? names[ui] : `user${ui}`;
      path = r() < 0.6 ? `/~${u}/wsgi-scripts/app.wsgi/${pick(["", "login", "feed", "api/items"])}` : `/~${u}/${pick(["", "index.html", "photo.jpg"])}`;
      if (r() < 0.15) path += `?page=${Math.floor(r() * 20)}`;
      if (r() < 0.05) method = "POST";
    } else if (kind < 0.95) {
      agent = pick(BOTS);
      path = r() < 0.5 ? "/robots.txt" : `/page/${pagePick(r())}`;
      if (r() < 0.2) method = "HEAD";
    } else {
      agent = pick(BOTS);
      path = pick(SCANS);
      status = 404;
    }
    const bytes = status === 304 || method === "HEAD" ? "-" : String(200 + Math.floor(r() * 40000));
    const req = `"${method} ${path} HTTP/1.1"`;
    const ref = r() < 0.4 ? `"https://${host}/page/${pagePick(r())}"` : '"-"';
    const common = `${ip} - - ${timeText(t)} ${req} ${status} ${bytes}`;
    if (o.format === "common") yield common;
    else if (o.format === "vhost_combined") yield `${host}:80 ${common} ${ref} "${agent}"`;
    else yield `${common} ${ref} "${agent}"`;
  }
}
