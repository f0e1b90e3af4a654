/**
 * `int:` maps: Apache's four built-in functions. They never report "not found".
 */
import { asciiLower, asciiUpper } from "../../util/bytes.js";
import type { ByteString } from "../../util/bytes.js";
import { escapeUri, unescapeUrl } from "../../util/escape.js";
import type { MapLookupEnv, RewriteMapDefinition } from "./types.js";

/** One internal function; `inPlace` ones rewrite the key buffer itself (it shows in traces). */
export interface InternalFunction {
  fn: (key: ByteString) => ByteString;
  inPlace: boolean;
}

/** The internal functions, by their (case-sensitive) names. */
export const INTERNAL_MAP_FUNCTIONS: ReadonlyMap<string, InternalFunction> = new Map([
  ["toupper", { fn: asciiUpper, inPlace: true }],
  ["tolower", { fn: asciiLower, inPlace: true }],
  ["escape", { fn: escapeUri, inPlace: false }],
  ["unescape", { fn: unescapeUrl, inPlace: true }],
]);

/** An `int:NAME` map. */
export class InternalMap implements RewriteMapDefinition {
  readonly type = "int" as const;
  constructor(
    readonly name: string,
    readonly source: string,
    private readonly fn: InternalFunction,
  ) {}

  lookup(key: ByteString, env: MapLookupEnv): ByteString | null {
    const value = this.fn.fn(key);
    // toupper/tolower/unescape work on the key buffer in place, so Apache's trace shows the result.
    env.trace?.(5, `map lookup OK: map=${this.name} key=${this.fn.inPlace ? value : key} -> val=${value}`);
    return value;
  }
}
