/**
 * Home directories for "~user" (mod_userdir's relative form, mod_rewrite's `/~user` expansion):
 * getpwnam() reads /etc/passwd, so htrewrite reads it through the same file system.
 */
import type { VirtualFs } from "./fs.js";

export function homeDirectory(user: string, fs: VirtualFs): string | null {
  const data = fs.readFile("/etc/passwd");
  if (!data) return null;
  for (const line of data.toString("latin1").split("\n")) {
    const f = line.split(":");
    if (f.length >= 7 && f[0] === user) return f[5];
  }
  return null;
}
