/** `node:os` for the browser bundle: the temp directory's name (nothing is ever written there). */
export function tmpdir(): string {
  return "/tmp";
}
