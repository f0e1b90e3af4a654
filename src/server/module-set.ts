/**
 * The loaded modules of one engine: their hooks sorted per phase, their per-server
 * configurations (compiled once at load), and their per-directory configurations — each layer's
 * contribution compiled once, the merge of a layer chain computed once and shared by every
 * request whose sections, .htaccess files and <If> branches form that chain (httpd caches its
 * per-directory merges the same way).
 */
import type { Engine } from "./engine.js";
import type { ServerRec } from "./model.js";
import type { DirLayer } from "./per-dir.js";
import type { Request } from "./request.js";
import { PHASE_RUNS, type AnyModule, type Hook, type ModuleDefinition, type Phase } from "./modules/types.js";

/** The merged per-directory configurations after a prefix of layers. */
export interface ChainNode {
  readonly configs: readonly unknown[];
  /** Keyed by the next layer's directive list (stable per section and per .htaccess version). */
  readonly children: WeakMap<object, ChainNode>;
}

/** What a request remembers of its chain, so repeated lookups cost nothing. */
export interface ChainMemo {
  readonly layers: readonly DirLayer[];
  readonly length: number;
  readonly node: ChainNode;
}

const NO_CONTRIBUTION = Symbol("none");

export class ModuleSet {
  readonly modules: readonly AnyModule[];
  private readonly slot = new Map<AnyModule, number>();
  private readonly hooksByPhase = new Map<Phase, Hook[]>();
  private readonly serverConfigs = new Map<number, unknown[]>();
  private readonly contributions = new WeakMap<object, unknown[]>();
  private readonly root: ChainNode;

  constructor(
    modules: readonly AnyModule[],
    private readonly engine: Engine,
  ) {
    this.modules = modules;
    modules.forEach((m, i) => this.slot.set(m, i));
    for (const phase of Object.keys(PHASE_RUNS) as Phase[]) {
      const regs = modules.flatMap((m, i) => m.hooks.filter((h) => h.phase === phase).map((h) => ({ h, i })));
      // Stable: the module list's order breaks ties, as httpd's module order does.
      regs.sort((a, b) => a.h.order - b.h.order || a.i - b.i);
      this.hooksByPhase.set(phase, regs.map((x) => x.h.run));
    }
    this.root = { configs: modules.map((m) => (m.dir ? m.dir.empty(engine.model.main, engine) : null)), children: new WeakMap() };
  }

  /** Compile every server's configuration now: their errors are start-up errors. */
  compileServers(servers: readonly ServerRec[]): void {
    for (const s of servers) this.serverConfigsOf(s);
  }

  hooks(phase: Phase): readonly Hook[] {
    return this.hooksByPhase.get(phase)!;
  }

  private indexOf(m: AnyModule): number {
    const i = this.slot.get(m);
    if (i === undefined) throw new Error(`module ${m.name} is not loaded in this engine`);
    return i;
  }

  private serverConfigsOf(s: ServerRec): unknown[] {
    let confs = this.serverConfigs.get(s.id);
    if (!confs) {
      confs = this.modules.map((m) => (m.server ? m.server(s, this.engine) : null));
      this.serverConfigs.set(s.id, confs);
    }
    return confs;
  }

  /** A module's configuration for a server. */
  serverConfig<S, D, L>(m: ModuleDefinition<S, D, L>, s: ServerRec): S {
    return this.serverConfigsOf(s)[this.indexOf(m as unknown as AnyModule)] as S;
  }

  /** A module's merged per-directory configuration for the request's layers as they stand. */
  dirConfig<S, D, L>(m: ModuleDefinition<S, D, L>, r: Request): D {
    return this.chainOf(r).configs[this.indexOf(m as unknown as AnyModule)] as D;
  }

  /** A module's merged per-directory configuration for a list of layers (the directory walk asks mid-way). */
  dirConfigFor<S, D, L>(m: ModuleDefinition<S, D, L>, layers: readonly DirLayer[]): D {
    let node = this.root;
    for (const l of layers) node = this.child(node, l);
    return node.configs[this.indexOf(m as unknown as AnyModule)] as D;
  }

  private chainOf(r: Request): ChainNode {
    const memo = r.chainMemo;
    if (memo !== null && memo.layers === r.layers && memo.length === r.layers.length) return memo.node;
    // Layers are only ever appended to a request's list: continue from the remembered prefix.
    let node = this.root;
    let from = 0;
    if (memo !== null && memo.layers === r.layers && memo.length < r.layers.length) {
      node = memo.node;
      from = memo.length;
    }
    for (let i = from; i < r.layers.length; i++) node = this.child(node, r.layers[i]);
    r.chainMemo = { layers: r.layers, length: r.layers.length, node };
    return node;
  }

  private child(node: ChainNode, layer: DirLayer): ChainNode {
    const key = layer.directives;
    let next = node.children.get(key);
    if (next) return next;
    const contribution = this.contributionsOf(layer);
    const configs = node.configs.map((base, i) => {
      const c = contribution[i];
      return c === NO_CONTRIBUTION ? base : this.modules[i].dir!.merge(base, c);
    });
    next = { configs, children: new WeakMap() };
    node.children.set(key, next);
    return next;
  }

  private contributionsOf(layer: DirLayer): unknown[] {
    let c = this.contributions.get(layer.directives);
    if (!c) {
      c = this.modules.map((m) => {
        if (!m.dir) return NO_CONTRIBUTION;
        const v = m.dir.compile(layer, this.engine);
        return v === null ? NO_CONTRIBUTION : v;
      });
      this.contributions.set(layer.directives, c);
    }
    return c;
  }
}
