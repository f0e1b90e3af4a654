/**
 * Flag fields of RewriteRule and RewriteCond (cmd_parseflagfield, cmd_rewriterule_setflag,
 * cmd_rewritecond_setflag; spec §6). Errors are Apache's texts without the directive prefix;
 * the caller adds "RewriteRule: " / "RewriteCond: ".
 */
import { atoi } from "./conditions.js";
import type { RuleFlags } from "./types.js";

/** [N] limit when none is given: 32000, measured on 2.4.71 (the manual's 10000 is trunk's). */
export const DEFAULT_MAX_ROUNDS = 32000;

/** One `name=value` item of a flag field (value "" when there is no `=`). */
export interface FlagItem {
  name: string;
  value: string;
}

/** Thrown for a refused flag field; `message` is Apache's text without the directive prefix. */
export class FlagError extends Error {}

function isSpace(c: string): boolean {
  return c === " " || (c >= "\t" && c <= "\r");
}

/**
 * Split `[a,b=c, d ]` into items: must start with `[` and end with `]`; items are split on `,`,
 * trimmed, and split at their first `=`. An empty item is an unknown flag ''.
 */
export function splitFlagField(field: string): FlagItem[] {
  if (field[0] !== "[" || field[field.length - 1] !== "]" || field.length < 2) {
    throw new FlagError("bad flag delimiters");
  }
  const inner = field.slice(1, -1) + ",";
  const items: FlagItem[] = [];
  let i = 0;
  while (i < inner.length) {
    while (i < inner.length && isSpace(inner[i])) i++;
    if (i >= inner.length) break;
    const comma = inner.indexOf(",", i);
    let end = comma;
    while (end > i && isSpace(inner[end - 1])) end--;
    const item = inner.slice(i, end);
    const eq = item.indexOf("=");
    items.push(eq >= 0 ? { name: item.slice(0, eq), value: item.slice(eq + 1) } : { name: item, value: "" });
    i = comma + 1;
  }
  return items;
}

/** Flags of a rule before any are set. */
export function defaultRuleFlags(): RuleFlags {
  return {
    chain: false,
    escapeBackrefs: false,
    escapeList: null,
    noEscapeList: null,
    escapeNoPlus: false,
    escapeCtls: false,
    cookies: [],
    discardPathInfo: false,
    env: [],
    end: false,
    status: false,
    noSubstitution: false,
    handler: null,
    last: false,
    next: false,
    maxRounds: DEFAULT_MAX_ROUNDS,
    nocase: false,
    noEscape: false,
    noSubreq: false,
    proxy: false,
    passThrough: false,
    qsAppend: false,
    qsDiscard: false,
    qsLast: false,
    qsNone: false,
    redirect: false,
    forcedStatus: 302,
    skip: 0,
    type: null,
    unsafePrefixStat: false,
    unsafeAllow3F: false,
    unc: false,
  };
}

/**
 * Status codes Apache has a status line for (ap_index_of_response); [R=code] accepts only these
 * (spec §6.2: 299, 306, 418, 999 are refused).
 */
const KNOWN_STATUS = new Set<number>([
  100, 101, 102, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307,
  308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421,
  422, 423, 424, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

const eq = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Apply one RewriteRule flag. The first letter selects the family; the rest must be empty or the
 * exact long form (case-insensitive). Quirks kept: any other `D…` is silently ignored; `BNP`'s long
 * form is `backrefernoplus`; a non-numeric, non-keyword R value gives code 0 (→ 302).
 */
export function applyRuleFlag(f: RuleFlags, item: FlagItem): void {
  const { name, value } = item;
  const first = name[0]?.toLowerCase();
  const key = name.slice(1);
  const unknown = (): never => {
    throw new FlagError(`unknown flag '${name}'`);
  };
  switch (first) {
    case "b":
      if (key === "" || eq(key, "ackrefescaping")) {
        f.escapeBackrefs = true;
        if (value !== "") f.escapeList = value;
      } else if (eq(key, "NE")) {
        if (value === "") throw new FlagError("flag 'BNE' wants a list of characters (i.e. [BNE=...])");
        f.noEscapeList = value;
      } else if (eq(key, "NP") || eq(key, "ackrefernoplus")) f.escapeNoPlus = true;
      else if (eq(key, "CTLS")) {
        f.escapeCtls = true;
        f.escapeBackrefs = true;
      } else unknown();
      return;
    case "c":
      if (key === "" || eq(key, "hain")) f.chain = true;
      else if (eq(key, "O") || eq(key, "ookie")) f.cookies.push(value);
      else unknown();
      return;
    case "d":
      if (key === "" || eq(key, "PI") || eq(key, "iscardpath")) f.discardPathInfo = true;
      return;
    case "e":
      if (key === "" || eq(key, "nv")) f.env.push(value);
      else if (eq(key, "nd")) f.end = true;
      else unknown();
      return;
    case "f":
      if (key === "" || eq(key, "orbidden")) {
        f.status = f.noSubstitution = true;
        f.forcedStatus = 403;
      } else unknown();
      return;
    case "g":
      if (key === "" || eq(key, "one")) {
        f.status = f.noSubstitution = true;
        f.forcedStatus = 410;
      } else unknown();
      return;
    case "h":
      if (key === "" || eq(key, "andler")) f.handler = value;
      else unknown();
      return;
    case "l":
      if (key === "" || eq(key, "ast")) f.last = true;
      else unknown();
      return;
    case "n":
      if (eq(key, "E") || eq(key, "oescape")) f.noEscape = true;
      else if (key === "" || eq(key, "ext")) {
        f.next = true;
        if (value !== "") f.maxRounds = atoi(value);
      } else if (eq(key, "S") || eq(key, "osubreq")) f.noSubreq = true;
      else if (eq(key, "C") || eq(key, "ocase")) f.nocase = true;
      else unknown();
      return;
    case "p":
      if (key === "" || eq(key, "roxy")) f.proxy = true;
      else if (eq(key, "T") || eq(key, "assthrough")) f.passThrough = true;
      else unknown();
      return;
    case "q":
      if (eq(key, "SA") || eq(key, "sappend")) f.qsAppend = true;
      else if (eq(key, "SD") || eq(key, "sdiscard")) f.qsDiscard = true;
      else if (eq(key, "SL") || eq(key, "slast")) f.qsLast = true;
      else unknown();
      return;
    case "r":
      if (key === "" || eq(key, "edirect")) {
        f.redirect = true;
        if (value !== "") {
          let status = 0;
          if (eq(value, "permanent")) status = 301;
          else if (eq(value, "temp")) status = 302;
          else if (eq(value, "seeother")) status = 303;
          else if (value[0] >= "0" && value[0] <= "9") {
            status = atoi(value);
            if (status !== 500 && !KNOWN_STATUS.has(status)) {
              throw new FlagError(`invalid HTTP response code '${value}' for flag 'R'`);
            }
            // A non-redirect code turns the rule into a status rule (spec §6.2, vectors 22/24).
            if (status < 300 || status > 399) f.status = f.noSubstitution = true;
          }
          f.forcedStatus = status;
        }
      } else unknown();
      return;
    case "s":
      if (key === "" || eq(key, "kip")) f.skip = atoi(value);
      else unknown();
      return;
    case "t":
      if (key === "" || eq(key, "ype")) f.type = value;
      else unknown();
      return;
    case "u":
      if (eq(key, "nsafePrefixStat")) f.unsafePrefixStat = true;
      else if (eq(key, "nsafeAllow3F")) f.unsafeAllow3F = true;
      else if (eq(key, "NC")) f.unc = true;
      else unknown();
      return;
    default:
      unknown();
  }
}

/** Flags of a RewriteCond. */
export interface ConditionFlags {
  nocase: boolean;
  ornext: boolean;
  novary: boolean;
}

/** Parse a RewriteCond flag field (values after `=` are ignored). */
export function parseConditionFlags(field: string): ConditionFlags {
  const flags: ConditionFlags = { nocase: false, ornext: false, novary: false };
  for (const { name } of splitFlagField(field)) {
    if (eq(name, "nocase") || eq(name, "NC")) flags.nocase = true;
    else if (eq(name, "ornext") || eq(name, "OR")) flags.ornext = true;
    else if (eq(name, "novary") || eq(name, "NV")) flags.novary = true;
    else throw new FlagError(`unknown flag '${name}'`);
  }
  return flags;
}

/** Parse a RewriteRule flag field. */
export function parseRuleFlags(field: string): RuleFlags {
  const flags = defaultRuleFlags();
  for (const item of splitFlagField(field)) applyRuleFlag(flags, item);
  return flags;
}
