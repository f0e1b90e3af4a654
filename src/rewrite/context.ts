/**
 * The evaluation context of one ruleset pass (Apache's rewrite_ctx): the request, the server
 * interface, the active configs, the current subject and the back-reference sources.
 */
import type { ByteString } from "../util/bytes.js";
import type { RewriteRequest, RewriteServer } from "./host.js";
import type { MapLookupEnv } from "./maps/types.js";
import { emitTrace } from "./trace.js";
import type { RewriteTracer, TraceLevel } from "./trace.js";
import type { RewritePerDirConfig, RewriteServerConfig } from "./types.js";

/** Captures of the last successful match: `$N` from the rule, `%N` from a condition. */
export type Backrefs = ReadonlyArray<string | undefined>;

/** Everything a rule evaluation reads and the bookkeeping it keeps. */
export interface RewriteContext {
  req: RewriteRequest;
  server: RewriteServer;
  sconf: RewriteServerConfig;
  /** The request's active per-directory config (for RewriteBase/PERDIR in look-aheads). */
  dconf: RewritePerDirConfig | null;
  /** PERDIR of a per-dir pass, null in server context. */
  perdir: ByteString | null;
  tracer: RewriteTracer | null;
  /** The subject the current rule matched against (ctx->uri). */
  uri: ByteString | null;
  /** `$N` source (null after a negated pattern). */
  ruleRefs: Backrefs | null;
  /** `%N` source. */
  condRefs: Backrefs | null;
  /** Header names collected by the rule's conditions, ", "-joined (for Vary). */
  vary: string | null;
  /** Header names read by the condition being evaluated. */
  varyThis: string | null;
  /** Random source for rnd: maps. */
  random: () => number;
  /** Error-log messages of this pass (AH10410, AH10508, AH02596 …), in order. */
  errors: string[];
  /**
   * The request's query as the redirect code will see it when comparing "unchanged?" (oargs).
   * Apache keeps a pointer to the original buffer; a trailing `&` trimmed in place while r->args
   * still is that buffer changes both (found by differential fuzzing: `?…&&` + [QSA,R]).
   */
  originalArgs: ByteString | null;
  /** Whether r->args is still the original buffer. */
  argsAreOriginal: boolean;
}

/** Create a context for one pass. */
export function createContext(init: {
  req: RewriteRequest;
  server: RewriteServer;
  sconf: RewriteServerConfig;
  dconf: RewritePerDirConfig | null;
  perdir: ByteString | null;
  tracer: RewriteTracer | null;
  random?: () => number;
}): RewriteContext {
  // Explicit properties (no spread): one object shape for every context keeps this hot path monomorphic.
  return {
    req: init.req,
    server: init.server,
    sconf: init.sconf,
    dconf: init.dconf,
    perdir: init.perdir,
    tracer: init.tracer,
    uri: null,
    ruleRefs: null,
    condRefs: null,
    vary: null,
    varyThis: null,
    random: init.random ?? Math.random,
    errors: [],
    originalArgs: init.req.args,
    argsAreOriginal: true,
  };
}

/** Emit a trace line when tracing is on. Prefer `if (ctx.tracer)` around costly messages. */
export function trace(ctx: RewriteContext, level: TraceLevel, perdir: ByteString | null, message: string): void {
  if (ctx.tracer !== null) emitTrace(ctx.tracer, ctx.req, level, perdir, message);
}

/** The lookup environment handed to map back-ends. */
export function mapEnv(ctx: RewriteContext): MapLookupEnv {
  return {
    readFile: (path) => ctx.server.readFile(path),
    trace: ctx.tracer === null ? null : (level, message) => trace(ctx, level, null, message),
    random: ctx.random,
  };
}
