/**
 * `int:` maps: Apache's four built-in functions. They never report "not found".
 */
import { asciiLower, asciiUpper } from "../../util/bytes.js";
import type { ByteString } from "../../util/bytes.js";
import { escapeUri, unescapeUrl } from "../escape.js";
import type { MapLookupEnv, RewriteMapDefinition } from "./types.js";

/** The internal functions, by their (case-sensitive) names. */
export const INTERNAL_MAP_FUNCTIONS: ReadonlyMap<string, (key: ByteString) => ByteString> = new Map([
  ["toupper", asciiUpper],
  ["tolower", asciiLower],
  ["escape", escapeUri],
  ["unescape", unescapeUrl],
]);

/** An `int:NAME` map. */
export class InternalMap implements RewriteMapDefinition {
  readonly type = "int" as const;
  constructor(
    readonly name: string,
    readonly source: string,
    private readonly fn: (key: ByteString) => ByteString,
  ) {}

  lookup(key: ByteString, env: MapLookupEnv): ByteString | null {
    const value = this.fn(key);
    env.trace?.(5, `map lookup OK: map=${this.name} key=${key} -> val=${value}`);
    return value;
  }
}
