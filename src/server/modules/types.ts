/**
 * The shape of a module, as httpd's module record has it: the directives it owns, how it compiles
 * them into a typed per-server and per-directory configuration, how a directory configuration
 * merges over the one it inherits, and the hooks it runs in the request phases. The phase loop
 * (server/pipeline.ts) knows no module; it runs each phase's hooks in order until one answers.
 */
import type { Engine } from "../engine.js";
import type { ServerRec } from "../model.js";
import type { DirLayer } from "../per-dir.js";
import type { RawRequest, Request } from "../request.js";
import type { RewriteTracer } from "../../rewrite/trace.js";
import type { Response } from "../response.js";

/**
 * The request phases htrewrite runs, in Apache's order (http_request.c
 * ap_process_request_internal, then the handler).
 */
export type Phase =
  | "postReadRequest"
  | "translateName"
  | "mapToStorage"
  | "headerParser"
  | "accessChecker"
  | "typeChecker"
  | "fixups"
  | "handler";

/** How a phase treats its hooks: every one runs (RUN_ALL), or the first that does not decline answers (RUN_FIRST). */
export const PHASE_RUNS: Readonly<Record<Phase, "all" | "first">> = {
  postReadRequest: "all",
  translateName: "first",
  mapToStorage: "first",
  headerParser: "all",
  accessChecker: "all",
  typeChecker: "first",
  fixups: "all",
  handler: "first",
};

/** What a hook answers; the same type in every phase. */
export type HookResult =
  /** Not this module's business (DECLINED). */
  | { readonly kind: "declined" }
  /** Done with this phase (OK); in a RUN_ALL phase the next hook still runs. */
  | { readonly kind: "ok" }
  /** The request ends with this status (an HTTP error or a redirect with its Location). */
  | { readonly kind: "status"; readonly status: number; readonly location?: string; readonly log?: string }
  /** Serve another URL instead (a handler's internal redirect: mod_rewrite's redirect-handler). */
  | { readonly kind: "internal-redirect"; readonly url: string }
  /** The handler's answer. */
  | { readonly kind: "response"; readonly response: Response };

export const DECLINED: HookResult = { kind: "declined" };
export const OK: HookResult = { kind: "ok" };

export function statusResult(status: number, location?: string, log?: string): HookResult {
  return { kind: "status", status, ...(location !== undefined ? { location } : {}), ...(log !== undefined ? { log } : {}) };
}

export type Hook = (r: Request, engine: Engine) => HookResult;

/**
 * One hook of a module. `order` places it within its phase as APR's hook ordering does
 * (REALLY_FIRST -10, FIRST 0, MIDDLE 10, LAST 20, REALLY_LAST 30), with the module list's order
 * breaking ties.
 */
export interface HookRegistration {
  readonly phase: Phase;
  readonly order: number;
  readonly run: Hook;
}

export const HOOK = { reallyFirst: -10, first: 0, middle: 10, last: 20, reallyLast: 30 } as const;

/**
 * A module's per-directory configuration: `compile` turns one layer's directives into the
 * layer's contribution (null when the layer holds none of the module's directives), `merge`
 * folds a contribution over the inherited configuration, `empty` is what a request starts from
 * (create_dir_config). Contributions are compiled once per layer, merges once per layer chain.
 */
export interface DirConfigSpec<D, L> {
  readonly empty: (server: ServerRec, engine: Engine) => D;
  readonly compile: (layer: DirLayer, engine: Engine) => L | null;
  readonly merge: (base: D, add: L) => D;
}

export interface ModuleDefinition<S, D, L = D> {
  /** httpd's module name (as LoadModule names it, without "_module"). */
  readonly name: string;
  /** The directives whose meaning this module owns (lower-case keys). */
  readonly directives: readonly string[];
  /** The per-server configuration, compiled once per server at load. */
  readonly server?: (server: ServerRec, engine: Engine) => S;
  readonly dir?: DirConfigSpec<D, L>;
  readonly hooks: readonly HookRegistration[];
  /**
   * The LoadModule symbol that switches the module on; a module without one runs in every
   * deployment (htrewrite takes the modules whose directives it reads as loaded).
   */
  readonly loadedBy?: string;
}

/** Any module, for lists (the configuration types differ per module). */
export interface AnyModule {
  readonly name: string;
  readonly directives: readonly string[];
  readonly server?: (server: ServerRec, engine: Engine) => unknown;
  readonly dir?: DirConfigSpec<unknown, unknown>;
  readonly hooks: readonly HookRegistration[];
  readonly loadedBy?: string;
}

/** Erase a module's configuration types for the module list (the accessors restore them). */
export function anyModule<S, D, L>(m: ModuleDefinition<S, D, L>): AnyModule {
  return m as unknown as AnyModule;
}

/** What a sub-request answered (ap_sub_req_lookup_*): its status and the request record. */
export interface SubrequestOutcome {
  status: number;
  location?: string;
  req: Request;
}

/** The services of the phase loop that modules call back into. */
export interface RequestRunner {
  /** A fresh request on this server (mod_proxy's loopback). */
  serve(raw: RawRequest, tracer: RewriteTracer | null, proxyHops: number): Response;
  /** ap_sub_req_lookup_uri: the phases up to fixups for another URI. */
  subRequestUri(r: Request, url: string): SubrequestOutcome;
  /** ap_sub_req_lookup_file: map a file path directly (no translate phase). */
  subRequestFile(r: Request, path: string): SubrequestOutcome;
  /** ap_internal_fast_redirect: the main request takes over a sub-request's mapping. */
  fastRedirect(sub: Request, r: Request): void;
}
