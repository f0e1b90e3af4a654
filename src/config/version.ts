/**
 * <IfVersion [[!]operator] version> (mod_version) against the simulated server, Apache 2.4.71.
 * Operators: = or == (equal), >, >=, <, <= (numeric major.minor.patch comparison), ~ or a
 * `/regex/` operand (regular expression on "2.4.71").
 */
export const SIMULATED_VERSION = [2, 4, 71] as const;
const VERSION_STRING = SIMULATED_VERSION.join(".");

/** Evaluate the argument text of <IfVersion> (without `>`): boolean, or httpd's error message. */
export function compareVersion(arg: string): boolean | string {
  const words = arg.trim().split(/[ \t]+/).filter((w) => w !== "");
  if (words.length === 0) return "Missing version argument";
  let op = "=";
  let ver: string;
  let not = false;
  if (words.length === 1) ver = words[0];
  else {
    op = words[0];
    ver = words.slice(1).join(" ");
  }
  if (op.startsWith("!")) {
    not = true;
    op = op.slice(1);
  }
  let result: boolean;
  if (ver.length >= 2 && ver.startsWith("/") && ver.endsWith("/")) {
    op = "~";
    ver = ver.slice(1, -1);
  }
  if (op === "~") {
    try {
      result = new RegExp(ver).test(VERSION_STRING);
    } catch {
      return "Could not compile regular expression";
    }
  } else {
    const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(ver);
    if (!m) return `Version appears to be invalid. It must have the format major[.minor[.patch]] where major, minor and patch are numbers.`;
    const want = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
    let cmp = 0;
    for (let i = 0; i < 3 && cmp === 0; i++) cmp = Math.sign(SIMULATED_VERSION[i] - want[i]);
    switch (op) {
      case "=": case "==": result = cmp === 0; break;
      case ">": result = cmp > 0; break;
      case ">=": result = cmp >= 0; break;
      case "<": result = cmp < 0; break;
      case "<=": result = cmp <= 0; break;
      default: return `unrecognized operator '${op}'`;
    }
  }
  return not ? !result : result;
}
