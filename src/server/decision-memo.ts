/**
 * The decision memo: an answer for a request that repeats one already decided, keyed on exactly
 * the inputs that decision read, so a repeat is answered at hash speed and always as the engine
 * would answer it afresh.
 *
 * A decision is a deterministic function of the loaded configuration and of what it reads from
 * outside it. The engine reports those reads while the memo records a decision
 * (server/decision-observer.ts); the stored answer is reused for a request that agrees on all of
 * them. Because the same inputs lead the same code to the same next read, a request that agrees
 * on every input the first one read would read nothing else: the answer is the same.
 *
 * - Always read, so in the key: method, request-target, HTTP version, the listener's address,
 *   port and TLS, whether a tracer is attached, and the header field names in order.
 * - The protocol layer checks every header line; a line whose name is a token and whose value is
 *   plain field content within LimitRequestFieldSize parses the same whatever its value, so only
 *   the values core itself reads (Host, Content-Length, Transfer-Encoding, Expect), repeated
 *   fields (merged, then size-checked) and lines that are not plain are in the key.
 * - Recorded per answer and compared on a repeat: the values of the header fields modules read
 *   (all of them when a module enumerates the table: the WSGI environ, TRACE, mod_proxy), the
 *   client's address and port when read, and the file-system facts (while the file system's
 *   generation is unchanged, else each fact is checked again).
 * - Never stored: a decision that read the clock, asked a `prg:` program, drew from an `rnd:` map
 *   or ran a WSGIDispatchScript.
 *
 * Side effects are replayed on a repeat: the WSGI groups recorded in the registry and the trace
 * events a tracer receives. Stored answers are shared: callers treat them as read-only.
 */
import { LRUCache } from "lru-cache";
import { isFieldContent, isTchar } from "../http/chars.js";
import type { MapLookupRun } from "../rewrite/host.js";
import { approximateSize } from "./approximate-size.js";
import type { RejectedRules, RewriteStep, RewriteTraceEvent, RewriteTracer } from "../rewrite/trace.js";
import type { DecisionObserver, EchoSource, FsFactKind } from "./decision-observer.js";
import type { Engine } from "./engine.js";
import type { RawRequest } from "./request.js";

/** Default most distinct request-targets kept. */
export const DEFAULT_MEMO_ENTRIES = 10_000;
/**
 * Default bound on the heap the stored answers hold (server/approximate-size.ts estimates it).
 * A flood of distinct requests (a crawler, one new `/~user` per request) fills the memo to this
 * and no further; measured: test/live/middleware-soak.test.ts, test/live/soak.test.ts.
 */
export const DEFAULT_MEMO_BYTES = 8 * 2 ** 20;
/** What one variant costs beyond its answer: its record, probes, facts and trace (estimated). */
const VARIANT_OVERHEAD = 160;
/** What one bucket costs beyond its variants: its record and the header names and values it keys on. */
const BUCKET_OVERHEAD = 200;
/** A target's entry in the cache (lru-cache's own node and the key string come on top). */
const TARGET_OVERHEAD = 120;
/** Most recorded answers kept for one key (requests that differ only in what modules read). */
const VARIANTS_PER_KEY = 8;

type Probe =
  | { kind: "header"; indices: number[]; values: string[] }
  | { kind: "all-headers"; values: string[] }
  | { kind: "remoteIp"; value: string }
  | { kind: "remotePort"; value: number };

interface FsFact {
  kind: FsFactKind | "fingerprint";
  path: string;
  answer: unknown;
}

type TraceEntry = { event: RewriteTraceEvent } | { step: RewriteStep } | { batch: RejectedRules };

interface MapReplay {
  first: MapLookupRun;
  again: () => MapLookupRun;
}

/** An output value that is a copy of the request: put each repeat's own value there. */
type Echo = { name: string; index: number } | { name: string; remote: "remoteIp" | "remotePort" };

/** Puts each request's own values into a stored answer's echoed outputs (name → value). */
export type EchoPatch<T> = (value: T, echoes: ReadonlyArray<readonly [string, string]>) => T;

interface Variant {
  probes: Probe[];
  /** Outputs copied from the request (patched on a repeat). */
  echoes: Echo[];
  /** RewriteMap look-ups, run again on a repeat (their caches are engine state). */
  maps: MapReplay[];
  /** The file system's generation when recorded (undefined: none); `facts` are those it does not cover, checked again. */
  generation: number | undefined;
  facts: FsFact[];
  groups: Array<[string, string, number]>;
  trace: TraceEntry[] | null;
  value: object;
  /** Estimated heap this variant holds. */
  heap: number;
}

export interface DecisionMemoStats {
  hits: number;
  misses: number;
  /** Decisions that read something unrepeatable (not stored), by reason. */
  unrepeatable: Record<string, number>;
  /** Request-targets held now. */
  keys: number;
  /** Estimated heap the stored answers hold now, and its bound. */
  bytes: number;
  maxBytes: number;
}

/** The memo's bounds. */
export interface DecisionMemoLimits {
  /** Most distinct request-targets (default DEFAULT_MEMO_ENTRIES). */
  entries?: number;
  /** Most estimated bytes of stored answers (default DEFAULT_MEMO_BYTES). */
  bytes?: number;
}

/** What one recording collected. */
class Recording implements DecisionObserver {
  readonly headerNames = new Set<string>();
  all = false;
  remoteIp = false;
  remotePort = false;
  readonly facts: FsFact[] = [];
  readonly groups: Array<[string, string, number]> = [];
  readonly maps: MapReplay[] = [];
  headersEchoedFlag = false;
  readonly echoes: Array<{ name: string; source: EchoSource }> = [];
  unrepeatableReason: string | null = null;
  headersEchoed(): void {
    this.headersEchoedFlag = true;
  }
  echoed(name: string, source: EchoSource): void {
    this.echoes.push({ name, source });
  }
  mapLookup(first: MapLookupRun, again: () => MapLookupRun): void {
    this.maps.push({ first, again });
  }
  header(name: string): void {
    this.headerNames.add(name.toLowerCase());
  }
  allHeaders(): void {
    this.all = true;
  }
  remote(field: "remoteIp" | "remotePort"): void {
    if (field === "remoteIp") this.remoteIp = true;
    else this.remotePort = true;
  }
  private readonly factKeys = new Set<string>();
  constructor(private readonly fingerprint: ((path: string) => string | null) | null) {}
  fsFact(kind: FsFactKind, path: string, answer: unknown): void {
    // Only the first answer counts: nothing changes the files while one decision runs.
    const key = `${kind}\u0000${path}`;
    if (this.factKeys.has(key)) return;
    this.factKeys.add(key);
    // A file read is checked again by its fingerprint (one stat) where the file system has one.
    if (kind === "readFile" && this.fingerprint !== null) this.facts.push({ kind: "fingerprint", path, answer: this.fingerprint(path) });
    else this.facts.push({ kind, path, answer });
  }
  unrepeatable(reason: string): void {
    this.unrepeatableReason ??= reason;
  }
  groupRecorded(processGroup: string, applicationGroup: string, processes: number): void {
    this.groups.push([processGroup, applicationGroup, processes]);
  }
}

/** Forwards to the caller's tracer and keeps what it forwarded, for the repeats. */
class RecordingTracer implements RewriteTracer {
  readonly entries: TraceEntry[] = [];
  constructor(private readonly inner: RewriteTracer) {}
  trace(event: RewriteTraceEvent): void {
    this.entries.push({ event });
    this.inner.trace(event);
  }
  step(step: RewriteStep): void {
    this.entries.push({ step });
    this.inner.step?.(step);
  }
  rejected(batch: RejectedRules): void {
    this.entries.push({ batch });
    if (this.inner.rejected) this.inner.rejected(batch);
    else batch.expand(this.inner);
  }
}

/** The header names core reads itself (protocol.c, vhost.c): their values are in the key. */
const CORE_READ = new Set(["host", "content-length", "transfer-encoding", "expect"]);

/** A header line that the protocol layer accepts as (name, value) whatever the value is. */
function plainField(name: string, value: string, fieldSize: number): boolean {
  if (name.length === 0 || name.length + value.length + 2 > fieldSize) return false;
  for (let i = 0; i < name.length; i++) if (!isTchar(name.charCodeAt(i))) return false;
  const n = value.length;
  if (n > 0) {
    const first = value.charCodeAt(0);
    const last = value.charCodeAt(n - 1);
    if (first === 0x20 || first === 0x09 || last === 0x20 || last === 0x09) return false;
  }
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c > 0xff || !isFieldContent(c)) return false;
  }
  return true;
}

function sameName(a: string, b: string): boolean {
  return a.length === b.length && (a === b || a.toLowerCase() === b.toLowerCase());
}

function sameFact(kind: FsFactKind | "fingerprint", recorded: unknown, now: unknown): boolean {
  if (recorded === null || now === null || recorded === undefined || now === undefined) return recorded === now;
  if (kind === "readFile") return Buffer.isBuffer(recorded) && Buffer.isBuffer(now) && recorded.equals(now);
  if (kind === "diskPath" || kind === "fingerprint") return recorded === now;
  if (kind === "readdir") {
    const a = recorded as string[];
    const b = now as string[];
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  const a = recorded as Record<string, unknown>;
  const b = now as Record<string, unknown>;
  return a.type === b.type && a.size === b.size && a.mode === b.mode && a.uid === b.uid && a.gid === b.gid && a.mtimeMs === b.mtimeMs;
}

/**
 * The answers recorded for one request shape: everything but the request-target (the cache's
 * key) that a decision always reads, and the variants recorded under it.
 */
interface Bucket {
  form: string;
  traced: boolean;
  method: string;
  httpVersion: string;
  localPort: number;
  localIp: string;
  secure: boolean;
  /** Requests given as wire bytes: the bytes (their headers are not looked at separately). */
  bytes: string | undefined;
  /** Header field names as sent, in order. */
  names: string[];
  /** Per field: its value when the protocol layer's outcome depends on it, else null (plain, unread by core). */
  keyed: Array<string | null>;
  variants: Variant[];
  /** Estimated heap the bucket holds, its variants included. */
  heap: number;
}

/** What the cache holds per request-target. */
interface TargetEntry {
  buckets: Bucket[];
  /** Estimated heap of the buckets and the target string (the size the cache counts). */
  heap: number;
}

/** Most request shapes kept for one request-target. */
const BUCKETS_PER_TARGET = 16;

export class DecisionMemo {
  /** Request-target → the shapes recorded for it (the target is the one string hashed per look-up). */
  private readonly cache: LRUCache<string, TargetEntry>;
  private readonly fieldSize: number;
  private readonly maxBytes: number;
  private hits = 0;
  private misses = 0;
  private readonly unrepeatableCounts = new Map<string, number>();

  constructor(
    private readonly engine: Engine,
    limits: DecisionMemoLimits = {},
    fieldSize = 8190,
  ) {
    this.maxBytes = Math.max(4096, limits.bytes ?? DEFAULT_MEMO_BYTES);
    // No one target may take more than an eighth of the budget: a few huge answers must not
    // push out everything else. A target over it is simply not kept.
    this.cache = new LRUCache({ max: Math.max(1, limits.entries ?? DEFAULT_MEMO_ENTRIES), maxSize: this.maxBytes, maxEntrySize: Math.floor(this.maxBytes / 8) });
    this.fieldSize = fieldSize;
  }

  /**
   * The answer for `raw`: the stored one when a recorded decision read exactly what this request
   * holds, else `decide(tracer)` run (with the tracer to hand to the engine) and stored when it
   * read nothing unrepeatable. Requests given as wire bytes are keyed on their bytes. `form`
   * names the shape of answer `decide` builds (one shape per form: it is part of the key).
   */
  decide<T extends object>(form: string, raw: RawRequest, tracer: RewriteTracer | null, decide: (tracer: RewriteTracer | null) => T, patch?: EchoPatch<T>): T {
    const entry = this.cache.get(raw.target);
    let bucket: Bucket | null = null;
    if (entry !== undefined) {
      for (const b of entry.buckets) {
        if (!this.sameShape(b, form, tracer !== null, raw)) continue;
        bucket = b;
        for (const v of b.variants) {
          if (this.holds(v, raw) && this.mapsAgree(v, b.traced)) {
            this.hits++;
            this.replay(v, tracer);
            // Stored by `record` below from this same form's `decide`.
            const value = v.value as T;
            return v.echoes.length === 0 || patch === undefined ? value : patch(value, this.echoValues(v.echoes, raw));
          }
        }
        break;
      }
    }
    this.misses++;
    return this.record(entry, bucket, raw, form, tracer, decide, patch !== undefined);
  }

  private echoValues(echoes: readonly Echo[], raw: RawRequest): Array<[string, string]> {
    return echoes.map((e) => [e.name, "index" in e ? raw.headers[e.index][1] : e.remote === "remoteIp" ? raw.conn.remoteIp : String(raw.conn.remotePort)]);
  }

  stats(): DecisionMemoStats {
    return { hits: this.hits, misses: this.misses, unrepeatable: Object.fromEntries(this.unrepeatableCounts), keys: this.cache.size, bytes: this.cache.calculatedSize, maxBytes: this.maxBytes };
  }

  /** Forget every stored answer (a configuration reload or a changed file system the memo cannot see). */
  clear(): void {
    this.cache.clear();
  }

  /** Does `raw` agree with the bucket on everything every decision reads? */
  private sameShape(b: Bucket, form: string, traced: boolean, raw: RawRequest): boolean {
    const c = raw.conn;
    if (b.form !== form || b.traced !== traced || b.method !== raw.method || b.httpVersion !== raw.httpVersion) return false;
    if (b.localPort !== c.localPort || b.localIp !== c.localIp || b.secure !== c.secure || b.bytes !== raw.bytes) return false;
    if (raw.bytes !== undefined) return true;
    const hs = raw.headers;
    if (hs.length !== b.names.length) return false;
    for (let i = 0; i < hs.length; i++) {
      if (hs[i][0] !== b.names[i]) return false;
      const keyed = b.keyed[i];
      if (keyed !== null) {
        if (hs[i][1] !== keyed) return false;
      } else if (!plainField(hs[i][0], hs[i][1], this.fieldSize)) return false;
    }
    return true;
  }

  /** A new, empty bucket for `raw`'s shape. */
  private newBucket(form: string, traced: boolean, raw: RawRequest): Bucket {
    const c = raw.conn;
    const names: string[] = [];
    const keyed: Array<string | null> = [];
    if (raw.bytes === undefined) {
      const hs = raw.headers;
      for (let i = 0; i < hs.length; i++) {
        const [name, value] = hs[i];
        let k = !plainField(name, value, this.fieldSize) || CORE_READ.has(name.toLowerCase());
        for (let j = 0; !k && j < hs.length; j++) if (j !== i && sameName(hs[j][0], name)) k = true;
        names.push(name);
        keyed.push(k ? value : null);
      }
    }
    const b: Bucket = {
      form,
      traced,
      method: raw.method,
      httpVersion: raw.httpVersion,
      localPort: c.localPort,
      localIp: c.localIp,
      secure: c.secure,
      bytes: raw.bytes,
      names,
      keyed,
      variants: [],
      heap: 0,
    };
    let bytes = BUCKET_OVERHEAD + (raw.bytes === undefined ? 0 : 16 + raw.bytes.length);
    for (let i = 0; i < names.length; i++) bytes += 8 + (keyed[i] === null ? 0 : 24 + (keyed[i] as string).length);
    b.heap = bytes;
    return b;
  }

  private holds(v: Variant, raw: RawRequest): boolean {
    for (const p of v.probes) {
      switch (p.kind) {
        case "header":
          for (let i = 0; i < p.indices.length; i++) if (raw.headers[p.indices[i]][1] !== p.values[i]) return false;
          break;
        case "all-headers":
          for (let i = 0; i < p.values.length; i++) if (raw.headers[i][1] !== p.values[i]) return false;
          break;
        case "remoteIp":
          if (raw.conn.remoteIp !== p.value) return false;
          break;
        case "remotePort":
          if (raw.conn.remotePort !== p.value) return false;
          break;
      }
    }
    const fs = this.engine.fs;
    if (v.generation !== undefined && fs.innerGeneration() !== v.generation) return false;
    for (const f of v.facts) {
      const inner = fs.inner;
      let now: unknown;
      switch (f.kind) {
        case "stat":
          now = inner.stat(f.path);
          break;
        case "lstat":
          now = inner.lstat(f.path);
          break;
        case "readFile":
          now = inner.readFile(f.path);
          break;
        case "readdir":
          now = inner.readdir(f.path);
          break;
        case "diskPath":
          now = fs.diskPath(f.path);
          break;
        case "fingerprint":
          now = inner.fingerprint?.(f.path) ?? null;
          break;
      }
      if (!sameFact(f.kind, f.answer, now)) return false;
    }
    return true;
  }

  /**
   * Run the variant's map look-ups again, in order, as a fresh decision would (their caches
   * move the same way); it stands when each gives the same value and, traced, the same messages
   * (a cache hit traces differently from a miss). A look-up that differs ends the replay: the
   * request is then decided afresh, from the state those look-ups left, as the fresh run's own
   * first look-ups would have left it.
   */
  private mapsAgree(v: Variant, traced: boolean): boolean {
    for (const m of v.maps) {
      const now = m.again();
      if (now.value !== m.first.value) return false;
      if (traced && (now.messages.length !== m.first.messages.length || now.messages.some((x, i) => x !== m.first.messages[i]))) return false;
    }
    return true;
  }

  private replay(v: Variant, tracer: RewriteTracer | null): void {
    for (const [pg, ag, n] of v.groups) this.engine.registry.record(pg, ag, n);
    if (tracer === null || v.trace === null) return;
    for (const e of v.trace) {
      if ("event" in e) tracer.trace(e.event);
      else if ("step" in e) tracer.step?.(e.step);
      else if (tracer.rejected) tracer.rejected(e.batch);
      else e.batch.expand(tracer);
    }
  }

  private record<T extends object>(
    entry: TargetEntry | undefined,
    found: Bucket | null,
    raw: RawRequest,
    form: string,
    tracer: RewriteTracer | null,
    decide: (tracer: RewriteTracer | null) => T,
    patchable: boolean,
  ): T {
    const traceRec = tracer === null ? null : new RecordingTracer(tracer);
    const generation = this.engine.fs.innerGeneration();
    const inner = this.engine.fs.inner;
    const rec = new Recording(inner.fingerprint ? (p) => inner.fingerprint?.(p) ?? null : null);
    const outer = this.engine.observer;
    this.engine.observer = rec;
    let value: T;
    try {
      value = decide(traceRec);
    } finally {
      this.engine.observer = outer;
    }
    // A decision recorded inside another (none today) is left to the outer one.
    if (outer !== null) return value;
    if (rec.unrepeatableReason !== null) {
      this.unrepeatableCounts.set(rec.unrepeatableReason, (this.unrepeatableCounts.get(rec.unrepeatableReason) ?? 0) + 1);
      return value;
    }
    const bucket = found ?? this.newBucket(form, tracer !== null, raw);
    const echoes = this.echoesOf(rec, raw, patchable, bucket);
    const facts = generation === undefined ? rec.facts : rec.facts.filter((f) => !this.engine.fs.covered(f.path));
    const probes = this.probesOf(rec, raw);
    const trace = traceRec === null ? null : traceRec.entries;
    const variant: Variant = {
      probes,
      echoes,
      maps: rec.maps,
      generation,
      // Facts the file system's generation answers for need no second look.
      facts,
      groups: rec.groups,
      trace,
      value,
      heap: 0,
    };
    // The estimate stops at the largest size the cache would keep: past it the target is dropped.
    const limit = this.cache.maxEntrySize;
    variant.heap = VARIANT_OVERHEAD + approximateSize([value, probes, facts, trace, echoes, rec.groups, rec.maps.map((m) => m.first)], limit);
    this.store(raw.target, entry, bucket, variant);
    return value;
  }

  /** Add `variant` to `bucket` (and the bucket to the target's entry), then count the entry's new size. */
  private store(target: string, entry: TargetEntry | undefined, bucket: Bucket, variant: Variant): void {
    bucket.variants.unshift(variant);
    bucket.heap += variant.heap;
    if (bucket.variants.length > VARIANTS_PER_KEY) bucket.heap -= (bucket.variants.pop() as Variant).heap;
    const e = entry ?? { buckets: [], heap: 0 };
    if (!e.buckets.includes(bucket)) {
      e.buckets.unshift(bucket);
      if (e.buckets.length > BUCKETS_PER_TARGET) e.buckets.pop();
    }
    let bytes = TARGET_OVERHEAD + 16 + target.length;
    for (const b of e.buckets) bytes += b.heap;
    e.heap = bytes;
    // Set again even when present: the cache counts the entry's size when it is set.
    this.cache.set(target, e, { size: bytes });
  }

  /**
   * The echoed outputs a repeat can take from its own request: a header nobody read otherwise
   * and not in the key (so plain, unique and not one core reads) or the client's address or port. When
   * the caller cannot patch its answers, or the request came as bytes, an echo is a read.
   */
  private echoesOf(rec: Recording, raw: RawRequest, patchable: boolean, bucket: Bucket): Echo[] {
    const out: Echo[] = [];
    if (!patchable || raw.bytes !== undefined) {
      if (rec.headersEchoedFlag) rec.all = true;
      for (const e of rec.echoes) if ("remote" in e.source) rec.remote(e.source.remote);
      return out;
    }
    for (const { name, source } of rec.echoes) {
      if ("remote" in source) {
        out.push({ name, remote: source.remote });
        continue;
      }
      const lower = source.header.toLowerCase();
      if (rec.headerNames.has(lower)) continue;
      let index = -1;
      let count = 0;
      raw.headers.forEach(([k], i) => {
        if (k.toLowerCase() === lower) {
          index = i;
          count++;
        }
      });
      // A keyed field is the same in every repeat, and the protocol layer may have rewritten it
      // (Host under an absolute-form target, measured: golden case pl_host_forms): keep it.
      if (count === 1 && bucket.keyed[index] === null) out.push({ name, index });
    }
    return out;
  }

  private probesOf(rec: Recording, raw: RawRequest): Probe[] {
    const probes: Probe[] = [];
    if (raw.bytes === undefined) {
      const hs = raw.headers;
      if (rec.all) probes.push({ kind: "all-headers", values: hs.map(([, v]) => v) });
      else {
        for (const name of rec.headerNames) {
          const indices: number[] = [];
          for (let i = 0; i < hs.length; i++) if (hs[i][0].toLowerCase() === name) indices.push(i);
          if (indices.length) probes.push({ kind: "header", indices, values: indices.map((i) => hs[i][1]) });
        }
      }
    }
    if (rec.remoteIp) probes.push({ kind: "remoteIp", value: raw.conn.remoteIp });
    if (rec.remotePort) probes.push({ kind: "remotePort", value: raw.conn.remotePort });
    return probes;
  }
}
