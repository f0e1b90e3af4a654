/**
 * An estimate of the heap a stored answer holds, so that caches of answers (the decision memo)
 * can be bounded in bytes rather than in entries: one answer is a 404 of 1 KB, another a WSGI
 * environ with a trace of 20 KB, and a bound in entries is a bound in neither.
 *
 * The walk counts plain data — strings, numbers, arrays, plain objects, Buffers — and stops at
 * anything else (class instances, maps, functions): those are the engine's own shared objects
 * (a request record, a configuration), which an answer points at but does not own. The figures
 * are V8's layout on a 64-bit build without pointer compression (Node's default): a string is a
 * 16-byte header and its characters, an object a 24-byte header and 8 bytes per field, an array
 * the same plus its backing store. test/server/approximate-size.test.ts holds the estimate
 * against the heap measured for the memo's own answers.
 */

const HEADER = 24;
const POINTER = 8;
/** Past this many keys V8 keeps an object as a hash table (about three words per entry). */
const FAST_KEYS = 32;

const roundUp = (n: number) => (n + 7) & ~7;

function stringBytes(s: string): number {
  return 16 + roundUp(s.length);
}

/**
 * The slots V8 has most likely reserved for an array of `length` elements. The answers' arrays
 * are built by push, and a push onto a full backing store grows it to 1.5 × its size + 16, so
 * an array of 3 holds 17 slots; counting only the length under-counted the memo's heap by a
 * third (the busy mix: 7.0 MiB estimated, 9.8 MiB measured).
 */
function arrayCapacity(length: number): number {
  if (length === 0) return 0;
  let capacity = 17;
  while (capacity < length) capacity = capacity + (capacity >> 1) + 16;
  return capacity;
}

/**
 * About how many bytes `value` holds that nothing outside it shares, stopping once the count
 * passes `limit` (the caller only needs to know it is over).
 */
export function approximateSize(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let total = 0;
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0 && total <= limit) {
    const v = stack.pop();
    switch (typeof v) {
      case "string":
        total += stringBytes(v);
        continue;
      case "number":
        // A small integer lives in the pointer; any other number is a boxed double.
        total += Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 0 : 16;
        continue;
      case "object":
        break;
      default:
        continue;
    }
    if (v === null || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      total += HEADER + 16 + POINTER * arrayCapacity(v.length);
      for (let i = 0; i < v.length; i++) stack.push(v[i]);
      continue;
    }
    if (ArrayBuffer.isView(v)) {
      total += 96 + v.byteLength;
      continue;
    }
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) continue;
    const rec = v as Record<string, unknown>;
    const keys = Object.keys(rec);
    if (keys.length <= FAST_KEYS) total += HEADER + POINTER * keys.length;
    else {
      // Dictionary mode: key, value and details per entry, in a table kept at most half full;
      // the keys are names made per request (HTTP_X_…), so they count too.
      total += HEADER + 16 + 6 * POINTER * keys.length;
      for (const k of keys) total += stringBytes(k);
    }
    for (const k of keys) stack.push(rec[k]);
  }
  return total;
}
