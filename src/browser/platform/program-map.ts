/**
 * `prg:` maps in the browser bundle, standing in for src/rewrite/maps/program.ts: a page cannot
 * start programs. The engine refuses such a configuration before it gets here (allowExec is
 * never given in the playground, server/exec-consent.ts), so a lookup is unreachable; should one
 * come, it fails like a map whose program is gone.
 */
import type { ByteString } from "../../util/bytes.js";
import type { MapLookupEnv, RewriteMapDefinition } from "../../rewrite/maps/types.js";

export class ProgramMap implements RewriteMapDefinition {
  readonly type = "prg" as const;
  constructor(
    readonly name: string,
    readonly source: string,
    readonly argv: readonly string[],
  ) {}

  lookup(key: ByteString, env: MapLookupEnv): ByteString | null {
    env.trace?.(5, `map lookup FAILED: map=${this.name} key=${key} (programs do not run in the browser)`);
    return null;
  }

  get programPid(): number | null {
    return null;
  }

  close(): void {}
}
