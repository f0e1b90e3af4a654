/**
 * htrewrite's library API. Layers (see README): config → regex → env → rewrite → server → wsgi.
 */
export { HtrError } from "./util/errors.js";
export type { HtrErrorCode } from "./util/errors.js";
export { ApacheTable } from "./env/table.js";
