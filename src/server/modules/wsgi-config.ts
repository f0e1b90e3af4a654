/** mod_wsgi's compiled configuration: per server (its aliases, WSGIRestrictEmbedded, the daemon groups) and per directory. */
import type { DirectiveNode } from "../../config/types.js";
import type { DaemonGroup } from "../../wsgi/dispatch.js";
import type { AliasEntry } from "../translate.js";

export interface WsgiServerConfig {
  /** WSGIScriptAlias(Match) entries: the virtual host's own first, then the main server's. */
  readonly aliases: readonly AliasEntry[];
  /** WSGIRestrictEmbedded On (main server only). */
  readonly restrictEmbedded: boolean;
  /** WSGIDaemonProcess groups of the whole configuration (their names are global). */
  readonly daemons: ReadonlyMap<string, DaemonGroup>;
}

export interface WsgiDirConfig {
  readonly applicationGroup: string | null;
  readonly processGroup: string | null;
  readonly callableObject: string | null;
  /** The directive itself: a refusal names its file and line. */
  readonly dispatchScript: DirectiveNode | null;
  readonly restrictProcess: readonly string[] | null;
}

export const EMPTY_WSGI_DIR: WsgiDirConfig = {
  applicationGroup: null,
  processGroup: null,
  callableObject: null,
  dispatchScript: null,
  restrictProcess: null,
};
