/**
 * Where JavaScript's backtracking semantics differ from PCRE's, for trees that both engines can
 * express. A tree passes only when none of these differences can show:
 *
 * - A repeated group whose body can match the empty string: JavaScript rejects an empty
 *   iteration beyond the minimum (so `(a?)?` on "b" leaves group 1 unset), PCRE accepts it once
 *   (group 1 = "").
 * - Captures inside a group repeated more than once: JavaScript resets them at the start of
 *   every iteration, PCRE keeps the value from an earlier iteration (`(?:(a)|b)+` on "ab": JS
 *   group 1 unset, PCRE "a"). Safe only when every iteration sets them.
 * - Back references to a group that has not matched: PCRE fails, JavaScript matches the empty
 *   string. Safe only when the group has certainly matched before the reference is reached.
 *   Caseless back references (PCRE folds them) are refused.
 * - Captures or back references inside lookbehind (JavaScript matches lookbehind right to left).
 */
import type { Node } from "./ast.js";
import { Unsupported } from "./parse.js";

/** Can `node` match the empty string? */
export function nullable(node: Node): boolean {
  switch (node.type) {
    case "empty":
    case "assert":
    case "look":
    case "backref":
      return true;
    case "char":
    case "set":
      return false;
    case "seq":
      return node.items.every(nullable);
    case "alt":
      return node.branches.some(nullable);
    case "group":
      return nullable(node.body);
    case "repeat":
      return node.min === 0 || nullable(node.body);
  }
}

/** Capture groups (numbers) inside `node`. */
function capturesIn(node: Node, out = new Set<number>()): Set<number> {
  switch (node.type) {
    case "seq":
      node.items.forEach((n) => capturesIn(n, out));
      break;
    case "alt":
      node.branches.forEach((n) => capturesIn(n, out));
      break;
    case "group":
      if (node.capture !== null) out.add(node.capture);
      capturesIn(node.body, out);
      break;
    case "look":
    case "repeat":
      capturesIn(node.body, out);
      break;
  }
  return out;
}

function containsBackref(node: Node): boolean {
  switch (node.type) {
    case "backref":
      return true;
    case "seq":
      return node.items.some(containsBackref);
    case "alt":
      return node.branches.some(containsBackref);
    case "group":
    case "look":
    case "repeat":
      return containsBackref(node.body);
    default:
      return false;
  }
}

/**
 * Walk `node` with `set` = groups certainly matched before it; check every back reference;
 * return the groups certainly matched after it. Sets are never changed once made, so most
 * nodes hand their input on (a literal of 40 characters makes no sets at all).
 */
function certainlySet(node: Node, set: ReadonlySet<number>): ReadonlySet<number> {
  switch (node.type) {
    case "backref":
      if (node.caseless) throw new Unsupported("caseless back reference");
      if (!set.has(node.group)) throw new Unsupported(`back reference \\${node.group} may refer to an unset group`);
      return set;
    case "seq": {
      let s = set;
      for (const item of node.items) s = certainlySet(item, s);
      return s;
    }
    case "alt": {
      const outs = node.branches.map((b) => certainlySet(b, set));
      return new Set([...outs[0]].filter((g) => outs.every((o) => o.has(g))));
    }
    case "group": {
      const inner = certainlySet(node.body, set);
      return node.capture !== null && !inner.has(node.capture) ? new Set(inner).add(node.capture) : inner;
    }
    case "look": {
      const inner = certainlySet(node.body, set);
      return node.negate ? set : inner;
    }
    case "repeat": {
      const once = certainlySet(node.body, set);
      return node.min >= 1 ? once : set;
    }
    default:
      return set;
  }
}

function checkNode(node: Node, insideLookbehind: boolean): void {
  switch (node.type) {
    case "seq":
      node.items.forEach((n) => checkNode(n, insideLookbehind));
      return;
    case "alt":
      node.branches.forEach((n) => checkNode(n, insideLookbehind));
      return;
    case "group":
      if (insideLookbehind && node.capture !== null) throw new Unsupported("capture inside lookbehind");
      checkNode(node.body, insideLookbehind);
      return;
    case "look":
      if (node.behind && containsBackref(node.body)) throw new Unsupported("back reference inside lookbehind");
      checkNode(node.body, insideLookbehind || node.behind);
      return;
    case "repeat": {
      if (nullable(node.body)) throw new Unsupported("repeated item that can match empty");
      if (node.max > 1) {
        // Captures strictly inside the repeated item must be set by every iteration.
        const inner = capturesIn(node.body);
        if (node.body.type === "group" && node.body.capture !== null) inner.delete(node.body.capture);
        if (inner.size > 0) {
          const each = certainlySet(node.body, new Set());
          for (const g of inner) if (!each.has(g)) throw new Unsupported(`group ${g} may keep a value from an earlier iteration`);
        }
      }
      checkNode(node.body, insideLookbehind);
      return;
    }
    default:
      return;
  }
}

/** Throw Unsupported when V8 could answer differently from PCRE for this tree. */
export function checkEquivalence(root: Node): void {
  checkNode(root, false);
  // The walk only judges back references.
  if (containsBackref(root)) certainlySet(root, new Set());
}
