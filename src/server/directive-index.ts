/**
 * Directives of one name in a directive list, looked up by name instead of scanned.
 */
import type { DirectiveNode } from "../config/types.js";

const keyIndexes = new WeakMap<readonly DirectiveNode[], Map<string, DirectiveNode[]>>();
const NONE: readonly DirectiveNode[] = [];

/**
 * The directives of one key in a directive list, in order. Lists come from the parsed tree and
 * never change, so each is indexed once: a request then costs per key looked up, not per
 * directive in the configuration (a server level with 10,000 RewriteRules is scanned once).
 */
export function directivesByKey(list: readonly DirectiveNode[], key: string): readonly DirectiveNode[] {
  let index = keyIndexes.get(list);
  if (!index) {
    index = new Map();
    for (const d of list) {
      const arr = index.get(d.key);
      if (arr) arr.push(d);
      else index.set(d.key, [d]);
    }
    keyIndexes.set(list, index);
  }
  return index.get(key) ?? NONE;
}

