/**
 * Where a WSGI request goes: its process group (mod_wsgi's WSGIProcessGroup, a pool of daemon
 * processes) picks a pool of backends, and within the pool its application group (the Python
 * sub-interpreter) picks one backend by rendezvous (highest-random-weight) hashing. Every Node
 * process on every machine computes the same answer from the same backend list, with no shared
 * state; adding or removing one of n backends moves only the groups that backend wins or won
 * (about 1/n of them). A backend that fails its health check is left out until it passes again.
 */
import { createHash } from "node:crypto";

/** A backend: an HTTP base URL ("http://10.0.0.5:8000") or a unix socket path ("/run/app.sock"). */
export interface Backend {
  /** As given; also the hash key, so every process must spell a backend the same way. */
  id: string;
  /** For URLs: host and port; for sockets: null. */
  host: string | null;
  port: number | null;
  socketPath: string | null;
  /** Path prefix of the URL ("" for none), prepended to the request path. */
  basePath: string;
}

/** Parse "http://host:port[/prefix]" or an absolute unix socket path ("unix:/p" also accepted). */
export function parseBackend(spec: string): Backend {
  const s = spec.trim();
  if (s.startsWith("/") || s.startsWith("unix:")) {
    const p = s.startsWith("unix:") ? s.slice(5) : s;
    if (!p.startsWith("/")) throw new Error(`backend '${spec}': a unix socket needs an absolute path`);
    return { id: s, host: null, port: null, socketPath: p, basePath: "" };
  }
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new Error(`backend '${spec}': not an http:// URL or an absolute socket path`);
  }
  if (u.protocol !== "http:") throw new Error(`backend '${spec}': only http:// backends are supported`);
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  return { id: s, host, port: u.port ? Number(u.port) : 80, socketPath: null, basePath: u.pathname.replace(/\/+$/, "") };
}

/**
 * The weight of a backend for a key: the first 8 bytes of SHA-1(backend id, NUL, key) as an
 * unsigned 64-bit integer. SHA-1 is in every Node build and gives the same bytes on every machine.
 */
export function rendezvousWeight(backendId: string, key: string): bigint {
  return createHash("sha1").update(backendId, "latin1").update("\0").update(key, "latin1").digest().readBigUInt64BE(0);
}

/** The backend with the highest weight for `key` (ties broken by id, so the choice is total). */
export function rendezvousPick(backends: readonly Backend[], key: string): Backend | null {
  let best: Backend | null = null;
  let bestW = -1n;
  for (const b of backends) {
    const w = rendezvousWeight(b.id, key);
    if (w > bestW || (w === bestW && best !== null && b.id < best.id)) {
      best = b;
      bestW = w;
    }
  }
  return best;
}

export interface PlacementOptions {
  /** Process group → backend specs. The key "" is embedded mode (no WSGIProcessGroup); "*" is the default pool. */
  pools: Record<string, readonly string[]>;
  /** Most (process group, application group) → backend answers remembered (default 10,000). */
  maxEntries?: number;
}

/** The answer for one request. */
export interface Placement {
  pool: string;
  backend: Backend;
}

/**
 * Pools of backends with health state and a bounded memo of placements. The memo is only a
 * cache (the hash decides); it is cleared whenever a pool's live set changes, and capped so a
 * flood of distinct groups (`/~x` userdir interpreters) cannot grow it without bound.
 */
export class BackendPlacement {
  private readonly pools = new Map<string, Backend[]>();
  private readonly down = new Set<string>();
  private readonly memo = new Map<string, Backend>();
  readonly maxEntries: number;

  constructor(options: PlacementOptions) {
    this.maxEntries = options.maxEntries ?? 10_000;
    for (const [group, specs] of Object.entries(options.pools)) {
      if (!specs.length) throw new Error(`backend pool '${group}' has no backends`);
      this.pools.set(group, specs.map(parseBackend));
    }
  }

  /** Every backend of every pool, once. */
  backends(): Backend[] {
    const seen = new Map<string, Backend>();
    for (const list of this.pools.values()) for (const b of list) seen.set(b.id, b);
    return [...seen.values()];
  }

  /** Number of remembered placements (bounded by maxEntries). */
  get size(): number {
    return this.memo.size;
  }

  /** Mark a backend up or down (health checks call this). */
  setHealthy(id: string, healthy: boolean): void {
    const changed = healthy ? this.down.delete(id) : !this.down.has(id);
    if (!healthy) this.down.add(id);
    if (changed) this.memo.clear();
  }

  isHealthy(id: string): boolean {
    return !this.down.has(id);
  }

  /** The pool serving a process group: its own, else "*", else none. */
  poolFor(processGroup: string): string | null {
    if (this.pools.has(processGroup)) return processGroup;
    return this.pools.has("*") ? "*" : null;
  }

  /** Where (processGroup, applicationGroup) goes, or null when its pool has no live backend. */
  place(processGroup: string, applicationGroup: string): Placement | null {
    const pool = this.poolFor(processGroup);
    if (pool === null) return null;
    const key = `${processGroup}\0${applicationGroup}`;
    const hit = this.memo.get(key);
    if (hit) return { pool, backend: hit };
    const live = this.pools.get(pool)!.filter((b) => !this.down.has(b.id));
    // The application group alone is hashed, so one interpreter name lands on the same backend
    // whichever process group name is used for the pool lookup.
    const backend = rendezvousPick(live, applicationGroup);
    if (!backend) return null;
    if (this.memo.size >= this.maxEntries) this.memo.delete(this.memo.keys().next().value as string);
    this.memo.set(key, backend);
    return { pool, backend };
  }
}
