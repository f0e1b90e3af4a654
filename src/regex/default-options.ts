/**
 * RegexDefaultOptions (core): the compile flags ap_regcomp adds to every pattern a directive
 * compiles, unless the caller opts out. Apache keeps them in one process-wide value that starts
 * at DOTALL | DOLLAR_ENDONLY before each configuration read and that the directive rewrites as
 * it is read, so each pattern takes the value in force where it stands in the configuration
 * (golden case rdo_order) and .htaccess patterns, compiled per request, take the value the whole
 * configuration left (rdo_order, rdo_twice).
 */
import type { RegexOptions } from "./types.js";

/** The default flags: AP_REG_ICASE, AP_REG_DOTALL, AP_REG_DOLLAR_ENDONLY. */
export interface RegexDefaults {
  readonly icase: boolean;
  readonly dotall: boolean;
  readonly dollarEndOnly: boolean;
}

/** AP_REG_DEFAULT, what core's pre-config hook sets before each read of the configuration. */
export const APACHE_REGEX_DEFAULTS: RegexDefaults = Object.freeze({ icase: false, dotall: true, dollarEndOnly: true });

type Flag = keyof RegexDefaults;

/**
 * ap_regcomp_default_cflag_by_name, compared without case. EXTENDED is a name it knows but maps
 * to flag 0, which core.c then reports as unknown (case rdo_refused_extended), so it is absent.
 */
const BY_NAME: ReadonlyMap<string, Flag> = new Map([
  ["icase", "icase"],
  ["dotall", "dotall"],
  ["dollar_endonly", "dollarEndOnly"],
]);

const NONE: RegexDefaults = Object.freeze({ icase: false, dotall: false, dollarEndOnly: false });

/**
 * Apply one RegexDefaultOptions line (its words, split as ap_getword_conf splits them) to the
 * value in force. As core.c reads it: `none` (any case, whole word only) clears every flag, `+X`
 * adds X, `-X` removes it, and a bare `X` replaces the whole value by X alone (rdo_value_two_bare:
 * `ICASE DOTALL` leaves only DOTALL). The first unknown word refuses the line, naming the word
 * without its sign (`+none` → 'none', a lone `+` → '').
 */
export function applyRegexDefaultOptions(current: RegexDefaults, words: readonly string[]): RegexDefaults | { error: string } {
  let value = current;
  for (const word of words) {
    if (word.toLowerCase() === "none") {
      value = NONE;
      continue;
    }
    const sign = word[0] === "+" || word[0] === "-" ? word[0] : "";
    const name = sign ? word.slice(1) : word;
    const flag = BY_NAME.get(name.toLowerCase());
    if (flag === undefined) return { error: `RegexDefaultOptions: option '${name}' unknown` };
    if (sign === "+") value = { ...value, [flag]: true };
    else if (sign === "-") value = { ...value, [flag]: false };
    else value = { ...NONE, [flag]: true };
  }
  return value;
}

/** Whether two values are the same flags. */
export function sameRegexDefaults(a: RegexDefaults, b: RegexDefaults): boolean {
  return a.icase === b.icase && a.dotall === b.dotall && a.dollarEndOnly === b.dollarEndOnly;
}

/**
 * The compile options of a pattern compiled under `defaults` (Apache's when absent), with
 * `nocase` for the directive's own caseless form ([NC], SetEnvIfNoCase …): ICASE from either.
 */
export function regexOptionsUnder(defaults: RegexDefaults | undefined, nocase: boolean): RegexOptions {
  const d = defaults ?? APACHE_REGEX_DEFAULTS;
  return { nocase: nocase || d.icase, dotall: d.dotall, dollarEndOnly: d.dollarEndOnly };
}
