/**
 * htrewrite/middleware: Apache's rewrite, mapping and group decisions acted on in a Node server.
 *
 *     import express from "express";
 *     import { createMiddleware } from "htrewrite/middleware";
 *     const app = express();
 *     app.use(createMiddleware({ htaccess: readFileSync(".htaccess", "utf8"), root: "/srv/www" }));
 */
export { createMiddleware } from "./middleware.js";
export type { HtrewriteInfo, Middleware, MiddlewareOptions, Next, RequestWithInfo } from "./middleware.js";
export { BackendPlacement, parseBackend, rendezvousPick, rendezvousWeight } from "./placement.js";
export type { Backend, Placement, PlacementOptions } from "./placement.js";
export { startHealthChecks, checkBackend } from "./health.js";
export type { HealthOptions } from "./health.js";
export { errorBody, reasonPhrase } from "./error-body.js";
export { MimeTypes, parseMimeTypes } from "./mime.js";
export { proxyRequest, endToEndHeaders } from "./proxy.js";
