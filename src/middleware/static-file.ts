/**
 * The default handler for a mapped file: the file streamed with its content type, length and
 * Last-Modified, HEAD without a body. (Apache's ETag, ranges and conditional requests are not
 * reproduced; a front server that needs them should let a CDN or nginx serve static files.)
 */
import { createReadStream, stat } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { MimeTypes } from "./mime.js";

export function sendFile(req: IncomingMessage, res: ServerResponse, filename: string, contentType: string | null, mime: MimeTypes, onMissing: () => void): void {
  const native = Buffer.from(filename, "latin1");
  stat(native, (err, st) => {
    if (err || !st.isFile()) return onMissing();
    const type = contentType ?? mime.lookup(filename);
    if (type) res.setHeader("Content-Type", type);
    res.setHeader("Content-Length", st.size);
    res.setHeader("Last-Modified", st.mtime.toUTCString());
    res.setHeader("Accept-Ranges", "bytes");
    res.statusCode = 200;
    if (req.method === "HEAD") return void res.end();
    const s = createReadStream(native);
    s.on("error", () => res.destroy());
    s.pipe(res);
  });
}
