/**
 * `htrewrite gen-log --lines N [--seed S] [--format combined|common|vhost_combined]
 *                    [--malformed RATE] [--users N | --user-names a,b] [--host H]` — a synthetic access log on stdout.
 */
import { generateLog, type GeneratorOptions } from "../replay/log-generator.js";
import { HtrError } from "../util/errors.js";

export const HELP = "usage: htrewrite gen-log --lines N [--seed S] [--format combined|common|vhost_combined] [--malformed RATE] [--users N | --user-names a,b] [--host H]";

export async function run(argv: string[]): Promise<number> {
  const o: GeneratorOptions = { lines: 1000 };
  const num = (flag: string, v: string | undefined, int: boolean): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < 0 || (int && !Number.isInteger(n))) throw new HtrError("HTR_USAGE", `${flag} wants a ${int ? "non-negative integer" : "number"}\n${HELP}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--lines") o.lines = num(a, argv[++i], true);
    else if (a === "--seed") o.seed = num(a, argv[++i], true);
    else if (a === "--malformed") o.malformed = num(a, argv[++i], false);
    else if (a === "--users") o.users = Math.max(1, num(a, argv[++i], true));
    else if (a === "--user-names") o.userNames = (argv[++i] ?? "").split(",").filter(Boolean);
    else if (a === "--host") o.host = argv[++i];
    else if (a === "--format") {
      const f = argv[++i];
      if (f !== "combined" && f !== "common" && f !== "vhost_combined") throw new HtrError("HTR_USAGE", `--format wants combined, common or vhost_combined\n${HELP}`);
      o.format = f;
    } else throw new HtrError("HTR_USAGE", `unknown option ${a}\n${HELP}`);
  }
  let buf = "";
  for (const line of generateLog(o)) {
    buf += line + "\n";
    if (buf.length > 1 << 16) {
      if (!process.stdout.write(buf, "latin1")) await new Promise((r) => process.stdout.once("drain", r));
      buf = "";
    }
  }
  process.stdout.write(buf, "latin1");
  return 0;
}
