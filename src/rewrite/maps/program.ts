/**
 * `prg:` maps: one long-lived child process per map, fed `key\n` on stdin, answering one line on
 * stdout (`NULL` = not found), lookups serialised (Apache holds a global mutex around each). The
 * child is a LineProcess (util/line-process.ts): kept for the life of the map, restarted when it
 * dies, and a lookup without an answer within `timeoutMs` is "not found" (Apache has no timeout
 * and would wait forever; htrewrite must not hang a request).
 */
import type { ByteString } from "../../util/bytes.js";
import { LineProcess } from "../../util/line-process.js";
import type { MapLookupEnv, RewriteMapDefinition } from "./types.js";

export class ProgramMap implements RewriteMapDefinition {
  readonly type = "prg" as const;
  private readonly child: LineProcess;

  /**
   * @param argv program and arguments (`prg:/path args…`, program ServerRoot-relative)
   * @param timeoutMs how long one lookup may wait for its reply line (default 5000)
   */
  constructor(
    readonly name: string,
    readonly source: string,
    readonly argv: readonly string[],
    timeoutMs = 5000,
  ) {
    this.child = new LineProcess(argv, timeoutMs);
  }

  lookup(key: ByteString, env: MapLookupEnv): ByteString | null {
    // A key with a newline would desynchronise the line protocol: never sent.
    const reply = key.includes("\n") ? null : this.child.ask(key);
    // Only a reply of exactly "NULL" (any case) means "not found".
    const value = reply !== null && reply.length === 4 && reply.toUpperCase() === "NULL" ? null : reply;
    if (value === null) env.trace?.(5, `map lookup FAILED: map=${this.name} key=${key}`);
    else env.trace?.(5, `map lookup OK: map=${this.name} key=${key} -> val=${value}`);
    return value;
  }

  /** The pid of the running program (its process group id), null when none is running. */
  get programPid(): number | null {
    return this.child.pid;
  }

  /** Stop the program (its whole process group) and the worker. The map starts afresh if used again. */
  close(): void {
    this.child.close();
  }
}
