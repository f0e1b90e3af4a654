/** A one-line progress report on a terminal: lines, lines/s, bytes read, ETA from the file size. */
import type { LineSource } from "./input.js";

function human(n: number): string {
  const u = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < u.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i ? 1 : 0)} ${u[i]}`;
}

export class Progress {
  private src: LineSource | null = null;
  private t0 = 0;
  private lines0 = 0;
  private last = 0;

  constructor(private readonly out: NodeJS.WriteStream) {}

  /** A new log begins; `linesSoFar` counts the lines of the logs before it (the rate is this log's). */
  start(src: LineSource, linesSoFar = 0): void {
    this.src = src;
    this.t0 = Date.now();
    this.last = 0;
    this.lines0 = linesSoFar;
  }

  tick(lines: number, force = false): void {
    const now = Date.now();
    if ((!force && now - this.last < 200) || this.src === null) return;
    this.last = now;
    const secs = (now - this.t0) / 1000;
    const read = this.src.bytesRead();
    const rate = secs > 0 ? Math.round((lines - this.lines0) / secs) : 0;
    let eta = "";
    if (this.src.size !== null && read > 0 && secs > 0) {
      const left = ((this.src.size - read) * secs) / read;
      eta = `  ETA ${Math.max(0, Math.round(left))}s  ${((100 * read) / this.src.size).toFixed(0)}%`;
    }
    this.out.write(`\r${this.src.name}: ${lines} lines  ${rate} lines/s  ${human(read)}${eta}\x1b[K`);
  }

  done(lines: number): void {
    this.tick(lines, true);
    this.out.write("\n");
  }
}
