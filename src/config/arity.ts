/**
 * Argument counting as httpd's invoke_cmd does it, per cmd_how, with its exact messages
 * ("X takes one argument, <help>", measured with apache2 -t). An empty quoted word counts as a
 * missing argument where httpd tests `*w == '\0'` (`WSGIApplicationGroup ""` → takes one
 * argument: conformance case x_config_refused).
 */
import type { ArgsHow, DirectiveInfo } from "./directive-table.js";
import { getWordConf, splitWordsConf } from "./words.js";

export interface ArityResult {
  /** httpd's message when the count is wrong. */
  error: string | null;
  /** The words the directive's function receives (for RAW_ARGS: all core words, informative). */
  args: string[];
}

const MESSAGES: Partial<Record<ArgsHow, string>> = {
  NO_ARGS: " takes no arguments",
  TAKE1: " takes one argument",
  TAKE2: " takes two arguments",
  TAKE12: " takes 1-2 arguments",
  TAKE3: " takes three arguments",
  TAKE23: " takes two or three arguments",
  TAKE123: " takes one, two or three arguments",
  TAKE13: " takes one or three arguments",
  ITERATE: " requires at least one argument",
  ITERATE2: " requires at least two arguments",
};

function failure(info: DirectiveInfo, args: string[]): ArityResult {
  return {
    error: info.argsHow === "FLAG"
      ? `${info.name} must be On or Off`
      : `${info.name}${MESSAGES[info.argsHow] ?? ""}${info.help ? ", " + info.help : ""}`,
    args,
  };
}

function ok(args: string[]): ArityResult {
  return { error: null, args };
}

/** Check the arguments of `info` given the argument text (after the directive name). */
export function checkArity(info: DirectiveInfo, argText: string): ArityResult {
  switch (info.argsHow) {
    case "RAW_ARGS":
    case "TAKE_ARGV":
      return ok(splitWordsConf(argText));
    case "NO_ARGS":
      return argText.length > 0 ? failure(info, []) : ok([]);
    case "TAKE1": {
      const w = getWordConf(argText);
      return w.word === "" || w.rest !== "" ? failure(info, splitWordsConf(argText)) : ok([w.word]);
    }
    case "TAKE2": {
      const w = getWordConf(argText);
      const w2 = getWordConf(w.rest);
      return w.word === "" || w2.word === "" || w2.rest !== "" ? failure(info, splitWordsConf(argText)) : ok([w.word, w2.word]);
    }
    case "TAKE12": {
      const w = getWordConf(argText);
      const w2 = getWordConf(w.rest);
      if (w.word === "" || w2.rest !== "") return failure(info, splitWordsConf(argText));
      return ok(w2.word === "" ? [w.word] : [w.word, w2.word]);
    }
    case "TAKE3": {
      const w = getWordConf(argText);
      const w2 = getWordConf(w.rest);
      const w3 = getWordConf(w2.rest);
      return w.word === "" || w2.word === "" || w3.word === "" || w3.rest !== ""
        ? failure(info, splitWordsConf(argText))
        : ok([w.word, w2.word, w3.word]);
    }
    case "TAKE23": {
      const w = getWordConf(argText);
      const w2 = getWordConf(w.rest);
      const w3 = w2.rest !== "" ? getWordConf(w2.rest) : null;
      if (w.word === "" || w2.word === "" || (w3 !== null && w3.rest !== "")) return failure(info, splitWordsConf(argText));
      return ok(w3 ? [w.word, w2.word, w3.word] : [w.word, w2.word]);
    }
    case "TAKE123": {
      const w = getWordConf(argText);
      const w2 = w.rest !== "" ? getWordConf(w.rest) : null;
      const w3 = w2 && w2.rest !== "" ? getWordConf(w2.rest) : null;
      const rest = w3 ? w3.rest : w2 ? w2.rest : w.rest;
      if (w.word === "" || rest !== "") return failure(info, splitWordsConf(argText));
      return ok([w.word, ...(w2 ? [w2.word] : []), ...(w3 ? [w3.word] : [])]);
    }
    case "TAKE13": {
      const w = getWordConf(argText);
      const w2 = w.rest !== "" ? getWordConf(w.rest) : null;
      const w3 = w2 && w2.rest !== "" ? getWordConf(w2.rest) : null;
      const rest = w3 ? w3.rest : w2 ? w2.rest : w.rest;
      if (w.word === "" || (w2 !== null && w2.word !== "" && w3 === null) || rest !== "") return failure(info, splitWordsConf(argText));
      return ok([w.word, ...(w2 ? [w2.word] : []), ...(w3 ? [w3.word] : [])]);
    }
    case "ITERATE": {
      const w = getWordConf(argText);
      if (w.word === "") return failure(info, []);
      // httpd hands the words over one by one and stops at the first empty one.
      const args = [w.word];
      let rest = w.rest;
      for (;;) {
        const n = getWordConf(rest);
        if (n.word === "") break;
        args.push(n.word);
        rest = n.rest;
      }
      return ok(args);
    }
    case "ITERATE2": {
      const w = getWordConf(argText);
      if (w.word === "" || w.rest === "") return failure(info, splitWordsConf(argText));
      const args = [w.word];
      let rest = w.rest;
      for (;;) {
        const n = getWordConf(rest);
        if (n.word === "") break;
        args.push(n.word);
        rest = n.rest;
      }
      return ok(args);
    }
    case "FLAG": {
      const w = getWordConf(argText);
      const v = w.word.toLowerCase();
      return v !== "on" && v !== "off" ? failure(info, [w.word]) : ok([w.word]);
    }
  }
}
