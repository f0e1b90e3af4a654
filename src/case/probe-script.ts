/**
 * The conformance probe: the WSGI application the recorder installs for a case ("@PROBE@" in a
 * case's files). Under real Apache it defines `application` and `alt` (the second callable serves
 * WSGICallableObject cases); any other script is read as Python source.
 */
import { pythonScriptLoader, type ScriptLoader } from "../wsgi/script-loader.js";

export const caseScriptLoader: ScriptLoader = (text, callable) => {
  if (text.trim() === "@PROBE@" || text.startsWith("# oracle probe WSGI application")) {
    return callable === "application" || callable === "alt" ? "defined" : "missing";
  }
  return pythonScriptLoader(text, callable);
};
