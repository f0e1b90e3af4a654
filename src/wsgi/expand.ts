/**
 * mod_wsgi's three expanders for WSGIApplicationGroup, WSGIProcessGroup and WSGICallableObject
 * (wsgi.md R12, R13, R15). Tokens are matched exactly and case-sensitively; anything that is not
 * a known token is a literal name.
 */
import { hostName, resourceName, serverName, type WsgiNameInputs } from "./names.js";

/** notes → subprocess_env (both case-insensitive, first entry) → process environment (exact). */
export type EnvLookup = (name: string) => string | undefined;

type Expander = (value: string | null, n: WsgiNameInputs, lookup: EnvLookup) => string;

/**
 * The shared shape of the application-group and process-group expanders: `%{GLOBAL}` is "",
 * `%{RESOURCE}`/`%{SERVER}`/`%{HOST}` the built names, `%{ENV:x}` the looked-up value, which is
 * expanded once more when it starts with "%" but not with "%{ENV:" (so at most two levels).
 * An unresolved `%{ENV:x}` and every other string stay literal.
 */
function groupExpander(onNull: (n: WsgiNameInputs) => string): Expander {
  const expand: Expander = (value, n, lookup) => {
    if (value === null) return onNull(n);
    if (!value.startsWith("%")) return value;
    const t = value.slice(1);
    if (t === "") return value;
    if (t === "{GLOBAL}") return "";
    if (t === "{RESOURCE}") return resourceName(n);
    if (t === "{SERVER}") return serverName(n);
    if (t === "{HOST}") return hostName(n);
    if (t.startsWith("{ENV:") && t.endsWith("}") && t.length >= 6) {
      const found = lookup(t.slice(5, -1));
      if (found !== undefined) {
        if (found.startsWith("%") && !found.startsWith("%{ENV:")) return expand(found, n, lookup);
        return found;
      }
    }
    return value;
  };
  return expand;
}

/** WSGIApplicationGroup; null (nothing configured) means %{RESOURCE}. */
export const expandApplicationGroup: Expander = groupExpander(resourceName);

/** WSGIProcessGroup; null means "" (embedded mode). */
export const expandProcessGroup: Expander = groupExpander(() => "");

/**
 * WSGICallableObject (directive form): only a resolvable `%{ENV:x}` is expanded (verbatim, no
 * second level); every other string starting with "%" means "application".
 */
export function expandCallableObject(value: string | null, lookup: EnvLookup): string {
  if (value === null) return "application";
  if (!value.startsWith("%")) return value;
  if (value.startsWith("%{ENV:") && value.endsWith("}") && value.length >= 7) {
    const found = lookup(value.slice(6, -1));
    if (found !== undefined) return found;
  }
  return "application";
}
