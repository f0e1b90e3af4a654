/**
 * `[CO=…]` (add_cookie, spec §8.3): builds the Set-Cookie value, once per cookie name for the
 * whole request (internal redirects and sub-requests share the pool).
 */
import type { ByteString } from "../util/bytes.js";
import { atoi } from "./conditions.js";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** apr_strtok: tokens between separators, empty tokens collapse. */
function strtok(s: string, sep: string): string[] {
  return s.split(sep).filter((t) => t !== "");
}

const p2 = (n: number): string => String(n).padStart(2, "0");

/** `Www, DD-Mon-YYYY HH:MM:SS GMT`. */
export function cookieDate(d: Date): string {
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${String(d.getUTCFullYear()).padStart(4, "0")} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} GMT`;
}

/** A parsed cookie spec: its name and the Set-Cookie value, or null when name/value/domain are missing. */
export interface CookieSpec {
  name: string;
  header: ByteString;
}

/**
 * Build the Set-Cookie value of an expanded `CO=` spec. `;` as first byte switches the separator.
 * HttpOnly only follows a `secure` (Apache's string concatenation stops at the first missing piece);
 * SameSite is independent.
 */
export function buildCookie(spec: ByteString, now: Date): CookieSpec | null {
  let sep = ":";
  let s = spec;
  if (s[0] === ";") {
    sep = ";";
    s = s.slice(1);
  }
  const [name, value, domain, expires, path, secure, httponly, samesite] = strtok(s, sep);
  if (name === undefined || value === undefined || domain === undefined) return null;
  let header = `${name}=${value}; path=${path ?? "/"}; domain=${domain}`;
  if (expires !== undefined) {
    const minutes = atoi(expires);
    if (minutes !== 0) header += `; expires=${cookieDate(new Date(now.getTime() + minutes * 60000))}`;
  }
  const yes = (v: string | undefined, word: string): boolean =>
    v !== undefined && (v.toLowerCase() === "true" || v === "1" || v.toLowerCase() === word.toLowerCase());
  if (yes(secure, "secure")) {
    header += "; secure";
    if (yes(httponly, "HttpOnly")) header += "; HttpOnly";
  }
  if (samesite !== undefined && samesite !== "0" && samesite.toLowerCase() !== "false") {
    header += `; SameSite=${samesite}`;
  }
  return { name, header };
}
