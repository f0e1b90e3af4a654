/**
 * htrewrite's library API: load an Apache configuration once, ask what Apache does with a request
 * (status, Location, file or WSGI script, environment, application and process group, trace),
 * explain its rule sets. Everything else in the package is internal.
 *
 *     import { createEngine, evaluate } from "htrewrite";
 *     const engine = createEngine(readFileSync("httpd.conf", "latin1"), { file: "/etc/apache2/httpd.conf" });
 *     const r = evaluate(engine, { url: "/~alice/app.wsgi", host: "example.com" });
 *     r.status, r.location, r.applicationGroup, r.processGroup, r.env
 *
 * Errors are HtrError subclasses with a stable `code` (HtrErrorCode): ConfigError for a
 * configuration Apache refuses, RegexError for a pattern PCRE2 refuses.
 */
export { createEngine, evaluate } from "./api/evaluate.js";
export type { EngineOptions, EvaluateRequest, EvaluateResult } from "./api/evaluate.js";
export { explain } from "./api/explain.js";
export type { ContextReport, ExplainOptions } from "./api/explain.js";
export type { Engine } from "./server/engine.js";
export { DiskFs, MemoryFs } from "./server/fs.js";
export type { FileStat, VirtualFs } from "./server/fs.js";
export type { GroupEntry, RegistrySnapshot } from "./wsgi/registry.js";
export { ConfigError } from "./config/errors.js";
export { RegexError } from "./regex/index.js";
export { HtrError } from "./util/errors.js";
export type { HtrErrorCode } from "./util/errors.js";
