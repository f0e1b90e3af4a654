/** Free loopback ports for "auto" listeners. */
import { createServer } from "node:net";

/** Asks the kernel for a free port on 127.0.0.1 (bind to 0, read it back, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen({ host: "127.0.0.1", port: 0, exclusive: true }, () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error("no port"))));
    });
  });
}

/** `count` distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const out: number[] = [];
  for (let guard = 0; out.length < count && guard < count * 20; guard++) {
    const p = await freePort();
    if (!out.includes(p)) out.push(p);
  }
  if (out.length < count) throw new Error(`could not find ${count} free ports`);
  return out;
}
