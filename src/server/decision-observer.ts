/**
 * What a decision reads from outside the loaded configuration, reported while it runs so the
 * decision memo (api/decision-memo.ts) can key a stored answer on exactly those inputs: request
 * header fields by name, the client's address and port, file-system facts, and whatever makes a
 * decision unrepeatable (the clock, rnd:/prg: maps, dispatch scripts). The engine holds at most
 * one observer, set only while the memo records a decision (decisions are synchronous).
 */
import { ApacheTable } from "../env/table.js";
import type { MapLookupRun } from "../rewrite/host.js";
import type { ConnectionInfo } from "./request.js";

/** Where an echoed output value comes from. */
export type EchoSource = { header: string } | { remote: "remoteIp" | "remotePort" };

export type FsFactKind = "stat" | "lstat" | "readFile" | "readdir" | "diskPath";

export interface DecisionObserver {
  /** A request header was looked up, set or removed by this name (any spelling). */
  header(name: string): void;
  /** The request headers were read as a whole (enumerated or copied). */
  allHeaders(): void;
  /** The client's address or port was read. */
  remote(field: "remoteIp" | "remotePort"): void;
  /** The request headers were enumerated only to be copied into the answer (echoPairs). */
  headersEchoed(): void;
  /**
   * An output variable of the answer (the WSGI environ's `name`) is, in the end, a verbatim copy
   * of a request header (by name, as the table holds it) or of the client's address or port.
   */
  echoed(name: string, source: EchoSource): void;
  /** A file-system fact was read, with the answer it got. */
  fsFact(kind: FsFactKind, path: string, answer: unknown): void;
  /** The decision read something that can differ on an identical request (why, for the stats). */
  unrepeatable(reason: string): void;
  /** A RewriteMap look-up ran (its cache is engine state: a repeat runs it again, `again`). */
  mapLookup(first: MapLookupRun, again: () => MapLookupRun): void;
  /** The decision recorded a WSGI group in the engine's registry (replayed on every repeat). */
  groupRecorded(processGroup: string, applicationGroup: string, processes: number): void;
}

/**
 * The request header table with its reads reported. Writes are reported too: what a module
 * stores under a name can later be read back, and the original value of that name is then the
 * conservative dependency.
 */
export class ObservedHeaderTable extends ApacheTable {
  private filling = true;
  constructor(
    source: ApacheTable,
    private readonly observer: DecisionObserver,
  ) {
    super();
    for (const [k, v] of source.pairs()) super.add(k, v);
    this.filling = false;
  }
  override get(key: string): string | undefined {
    this.observer.header(key);
    return super.get(key);
  }
  override has(key: string): boolean {
    this.observer.header(key);
    return super.has(key);
  }
  override set(key: string, value: string): void {
    this.observer.header(key);
    super.set(key, value);
  }
  override add(key: string, value: string): void {
    if (!this.filling) this.observer.header(key);
    super.add(key, value);
  }
  override unset(key: string): void {
    this.observer.header(key);
    super.unset(key);
  }
  override getAll(key: string): string[] {
    this.observer.header(key);
    return super.getAll(key);
  }
  override pairs(): ReadonlyArray<readonly [string, string]> {
    this.observer.allHeaders();
    return super.pairs();
  }
  override echoPairs(): ReadonlyArray<readonly [string, string]> {
    this.observer.headersEchoed();
    return super.echoPairs();
  }
  override clone(): ApacheTable {
    this.observer.allHeaders();
    return super.clone();
  }
  override get size(): number {
    this.observer.allHeaders();
    return super.size;
  }
}

/**
 * The connection with reads of the client's address and port reported (the listener's address,
 * port and TLS choose the virtual host, so every decision reads them: the memo keys on them).
 */
export function observedConnection(conn: ConnectionInfo, observer: DecisionObserver): ConnectionInfo {
  const observed: ConnectionInfo & { [UNOBSERVED]: ConnectionInfo } = {
    [UNOBSERVED]: conn,
    localIp: conn.localIp,
    localPort: conn.localPort,
    secure: conn.secure,
    get remoteIp() {
      observer.remote("remoteIp");
      return conn.remoteIp;
    },
    get remotePort() {
      observer.remote("remotePort");
      return conn.remotePort;
    },
  };
  return observed;
}

const UNOBSERVED = Symbol("unobserved connection");

/**
 * The connection without reporting reads, for a value copied into the answer verbatim (reported
 * with `echoed` instead, so the memo puts each request's own value there).
 */
export function unobservedConnection(conn: ConnectionInfo): ConnectionInfo {
  return (conn as Partial<Record<typeof UNOBSERVED, ConnectionInfo>>)[UNOBSERVED] ?? conn;
}
