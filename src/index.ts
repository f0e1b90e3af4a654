/**
 * htrewrite's library API. Layers (see README): config → regex → env → rewrite → server → wsgi,
 * with this file, the CLI and the benchmarks as surfaces.
 *
 *     import { createEngine, evaluate } from "htrewrite";
 *     const engine = createEngine(readFileSync("httpd.conf", "latin1"), { file: "/etc/apache2/httpd.conf" });
 *     const r = evaluate(engine, { url: "/~alice/app.wsgi", host: "example.com" });
 *     r.status, r.location, r.applicationGroup, r.processGroup, r.env
 */
export { createEngine, evaluate } from "./api/evaluate.js";
export type { EngineOptions, EvaluateRequest, EvaluateResult } from "./api/evaluate.js";
export { evalCase, loadCaseEngine } from "./eval/case.js";
export { loadCase, parseCase } from "./case/load.js";
export type { CaseFile, CaseRequest, ResultRecord } from "./case/types.js";
export { parseConfig, parseHtaccess, printConfig, ConfigError } from "./config/index.js";
export { compileRegex, RegexError } from "./regex/index.js";
export type { CompiledRegex, RegexOptions } from "./regex/index.js";
export { Engine } from "./server/engine.js";
export { DiskFs, MemoryFs } from "./server/fs.js";
export type { VirtualFs } from "./server/fs.js";
export { GroupRegistry } from "./wsgi/registry.js";
export type { GroupEntry, RegistrySnapshot } from "./wsgi/registry.js";
export { CollectingTracer } from "./rewrite/trace.js";
export { HtrError } from "./util/errors.js";
export type { HtrErrorCode } from "./util/errors.js";
export { ApacheTable } from "./env/table.js";
