/**
 * hook_mimetype: the LAST fixup applies what [T=] / [H=] remembered in the notes (spec §8.4).
 */
import { emitTrace } from "./trace.js";
import type { RewriteTracer } from "./trace.js";
import type { RewriteRequest } from "./host.js";
import { FORCED_HANDLER_NOTE, FORCED_TYPE_NOTE } from "./rule.js";

/** Apply remembered content type and handler to the request. */
export function rewriteApplyForcedTypes(req: RewriteRequest, tracer: RewriteTracer | null = null): void {
  const type = req.notes.get(FORCED_TYPE_NOTE);
  if (type !== undefined && type !== "") {
    if (tracer) emitTrace(tracer, req, 1, null, `force filename ${req.filename ?? "(null)"} to have MIME-type '${type}'`);
    req.contentType = type;
  }
  const handler = req.notes.get(FORCED_HANDLER_NOTE);
  if (handler !== undefined && handler !== "") {
    if (tracer) emitTrace(tracer, req, 1, null, `force filename ${req.filename ?? "(null)"} to have the Content-handler '${handler}'`);
    req.handler = handler;
  }
}
