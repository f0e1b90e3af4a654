/**
 * A bounded registry of the Python interpreters a stream of requests creates.
 *
 * mod_wsgi creates a sub-interpreter lazily the first time a request names it, in every process
 * that serves such a request, and never frees it (wsgi.md R26). A site whose group name comes
 * from request data (a userdir rule, a Host-header port under UseCanonicalName Off) can therefore
 * grow without bound (R33–R36). htrewrite keeps the same bookkeeping for capacity planning, but in
 * an LRU with a cap, so that feeding it hostile URLs cannot grow htrewrite's own memory.
 */
import { LRUCache } from "lru-cache";

/** Measured: about 2 MB resident per trivial sub-interpreter on Python 3.11 (wsgi.md R27). */
export const DEFAULT_INTERPRETER_BYTES = 2 * 1024 * 1024;

export interface GroupRegistryOptions {
  /** Most (process group, application group) pairs kept; the least recently used are evicted. Default 10,000. */
  maxEntries?: number;
  /** Memory estimate per interpreter, bytes. Default 2 MiB; real frameworks cost tens of MB. */
  interpreterBytes?: number;
}

export interface GroupEntry {
  processGroup: string;
  applicationGroup: string;
  /** Requests seen for this pair. */
  requests: number;
  /**
   * Interpreters of this name that can exist: one per process that may serve it (the whole
   * daemon group, since any process may accept a request; embedded mode: one per Apache child,
   * counted here as 1 per child seen = 1 without a child model).
   */
  interpreters: number;
  /** interpreters × interpreterBytes, or 0 for the main interpreter (""), which always exists. */
  estimatedBytes: number;
}

export interface RegistrySnapshot {
  entries: GroupEntry[];
  /** Pairs ever recorded, evicted ones included. */
  distinctSeen: number;
  /** Pairs dropped by the cap. */
  evicted: number;
  estimatedBytes: number;
}

export class GroupRegistry {
  private readonly cache: LRUCache<string, GroupEntry>;
  private readonly interpreterBytes: number;
  private seen = 0;
  private evicted = 0;

  constructor(opts: GroupRegistryOptions = {}) {
    const max = opts.maxEntries ?? 10_000;
    if (!Number.isInteger(max) || max < 1) throw new RangeError("GroupRegistry: maxEntries must be a positive integer");
    this.interpreterBytes = opts.interpreterBytes ?? DEFAULT_INTERPRETER_BYTES;
    this.cache = new LRUCache<string, GroupEntry>({
      max,
      dispose: (_v, _k, reason) => {
        if (reason === "evict") this.evicted += 1;
      },
    });
  }

  /** Record one request served by `applicationGroup` inside `processGroup` ("" = embedded). */
  record(processGroup: string, applicationGroup: string, processes = 1): GroupEntry {
    const key = `${processGroup}\u0000${applicationGroup}`;
    let e = this.cache.get(key);
    if (!e) {
      this.seen += 1;
      const interpreters = Math.max(1, processes);
      e = {
        processGroup,
        applicationGroup,
        requests: 0,
        interpreters,
        estimatedBytes: applicationGroup === "" ? 0 : interpreters * this.interpreterBytes,
      };
      this.cache.set(key, e);
    }
    e.requests += 1;
    return e;
  }

  snapshot(): RegistrySnapshot {
    const entries = [...this.cache.values()].sort(
      (a, b) => a.processGroup.localeCompare(b.processGroup) || a.applicationGroup.localeCompare(b.applicationGroup),
    );
    return {
      entries,
      distinctSeen: this.seen,
      evicted: this.evicted,
      estimatedBytes: entries.reduce((s, e) => s + e.estimatedBytes, 0),
    };
  }

  get size(): number {
    return this.cache.size;
  }
}
