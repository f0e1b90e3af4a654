/**
 * mod_env: SetEnv, UnsetEnv and PassEnv, merged per directory and applied in the fixups phase.
 *
 * Merge rule (mod_env's merge): the child's UnsetEnv names are removed from the inherited set, then
 * the child's SetEnv/PassEnv values replace inherited ones. Within one section an UnsetEnv removes
 * the SetEnvs written before it. At fixups the result is *overlaid* onto subprocess_env (appended,
 * earlier entries kept), which is why a variable set earlier by RewriteRule [E=] or SetEnvIf wins
 * lookups that take the first entry (wsgi.md R30, conformance e_env#4).
 */
import type { DirectiveNode } from "../config/types.js";
import type { ApacheTable } from "./table.js";

/** One layer's mod_env directives, in order. */
export type EnvLayerDirectives = readonly DirectiveNode[];

export interface EnvConfig {
  vars: Array<[string, string]>;
  unset: string[];
}

function sameKey(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function setVar(vars: Array<[string, string]>, k: string, v: string): void {
  const i = vars.findIndex(([n]) => sameKey(n, k));
  if (i >= 0) vars[i] = [vars[i][0], v];
  else vars.push([k, v]);
}

function layerConfig(directives: EnvLayerDirectives, getenv: (name: string) => string | undefined): EnvConfig {
  const conf: EnvConfig = { vars: [], unset: [] };
  for (const d of directives) {
    if (d.key === "setenv") {
      const [name, value = ""] = d.args;
      if (name !== undefined) setVar(conf.vars, name, value);
    } else if (d.key === "unsetenv") {
      for (const name of d.args) {
        conf.vars = conf.vars.filter(([n]) => !sameKey(n, name));
        conf.unset.push(name);
      }
    } else if (d.key === "passenv") {
      for (const name of d.args) {
        const v = getenv(name);
        if (v !== undefined) setVar(conf.vars, name, v);
      }
    }
  }
  return conf;
}

/** One layer's mod_env contribution; null when it has no SetEnv, UnsetEnv or PassEnv. */
export function compileEnvLayer(directives: EnvLayerDirectives, getenv: (name: string) => string | undefined): EnvConfig | null {
  if (!directives.some((d) => d.key === "setenv" || d.key === "unsetenv" || d.key === "passenv")) return null;
  return layerConfig(directives, getenv);
}

/** mod_env's merge: the child's UnsetEnv names leave the inherited set, then its values replace. */
export function mergeEnv(base: EnvConfig, add: EnvConfig): EnvConfig {
  const vars = base.vars.filter(([n]) => !add.unset.some((u) => sameKey(u, n)));
  for (const [k, v] of add.vars) setVar(vars, k, v);
  return { vars, unset: [...base.unset, ...add.unset] };
}

export const EMPTY_ENV: EnvConfig = { vars: [], unset: [] };

/**
 * mod_env's fixup: overlay the merged SetEnv/PassEnv values. UnsetEnv only shapes the merged
 * set; it never removes what another module already put into subprocess_env.
 */
export function applyEnvFixup(env: ApacheTable, conf: EnvConfig): void {
  for (const [k, v] of conf.vars) env.add(k, v);
}
