/**
 * What a playground session is: the rules (a bare .htaccess, or a whole Apache configuration),
 * the virtual files they test, the users UserDir knows, the server's environment and the
 * requests. It is all the page keeps, and all a shared link carries (fragment.ts).
 */

/** One entry of the virtual file system. */
export interface VirtualFile {
  /**
   * Absolute, or (in htaccess mode) relative to the document root. A directory may end in "/".
   */
  path: string;
  kind: "file" | "dir" | "link";
  /** A file's content, or a link's target; unused for a directory. */
  text: string;
}

export interface PlaygroundRequest {
  method: string;
  /** A path with optional query as sent (`/a%20b?x=1`), or an absolute URL. */
  url: string;
  /** "Name: value" lines, in order (repeats allowed). A Host line replaces the default Host. */
  headers: string;
  /** The listener port it arrives on; null: the URL's port, else the first Listen, else 80. */
  port: number | null;
  /**
   * The protocol version. An HTTP/1.0 request carries a Host header only when a Host line is
   * given (1.0 clients need not send one); an HTTP/1.1 request gets the default Host otherwise.
   */
  version: "1.1" | "1.0";
}

export interface PlaygroundState {
  v: 1;
  /**
   * htaccess: `source` is the document root's .htaccess under the deployment `htrewrite route
   * --htaccess` uses (AllowOverride All); config: `source` is the whole httpd.conf.
   */
  mode: "htaccess" | "config";
  source: string;
  files: VirtualFile[];
  /** One user a line: `name` (home /home/name) or `name /home/dir` — read as /etc/passwd. */
  users: string;
  /** `NAME=value` lines: the server process's environment (%{ENV:…} fallbacks, ${VAR}). */
  env: string;
  requests: PlaygroundRequest[];
}

/** The document root of htaccess mode (Debian's default site). */
export const HTACCESS_DOCROOT = "/var/www/html";

export const DEFAULT_STATE: PlaygroundState = {
  v: 1,
  mode: "htaccess",
  source: [
    "RewriteEngine On",
    "RewriteCond %{REQUEST_FILENAME} !-f",
    "RewriteCond %{REQUEST_FILENAME} !-d",
    "RewriteRule ^ index.php [L]",
    "",
  ].join("\n"),
  files: [
    { path: "index.php", kind: "file", text: "" },
    { path: "assets/app.css", kind: "file", text: "" },
  ],
  users: "",
  env: "",
  requests: [
    { method: "GET", url: "/blog/hello-world?x=1", headers: "", port: null, version: "1.1" },
    { method: "GET", url: "/assets/app.css", headers: "", port: null, version: "1.1" },
  ],
};

/** Why a decoded value is not a session (names the field). */
export class StateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StateError";
  }
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(o: Obj, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== "string") throw new StateError(`${where}.${key} must be text`);
  return v;
}

const KINDS = new Set(["file", "dir", "link"]);

/** Check an untrusted value (a decoded link) is a session; throws StateError naming the field. */
export function validateState(value: unknown): PlaygroundState {
  if (!isObj(value)) throw new StateError("the session must be an object");
  if (value.v !== 1) throw new StateError(`unknown session version ${JSON.stringify(value.v)}`);
  const mode = value.mode;
  if (mode !== "htaccess" && mode !== "config") throw new StateError("mode must be 'htaccess' or 'config'");
  if (!Array.isArray(value.files)) throw new StateError("files must be a list");
  if (!Array.isArray(value.requests)) throw new StateError("requests must be a list");
  const files = value.files.map((f, i): VirtualFile => {
    const where = `files[${i}]`;
    if (!isObj(f)) throw new StateError(`${where} must be an object`);
    const kind = str(f, "kind", where);
    if (!KINDS.has(kind)) throw new StateError(`${where}.kind must be file, dir or link`);
    return { path: str(f, "path", where), kind: kind as VirtualFile["kind"], text: str(f, "text", where) };
  });
  const requests = value.requests.map((r, i): PlaygroundRequest => {
    const where = `requests[${i}]`;
    if (!isObj(r)) throw new StateError(`${where} must be an object`);
    const port = r.port;
    if (port !== null && !(typeof port === "number" && Number.isInteger(port) && port > 0 && port < 65536)) {
      throw new StateError(`${where}.port must be a port number or null`);
    }
    const version = r.version;
    if (version !== "1.1" && version !== "1.0") throw new StateError(`${where}.version must be "1.1" or "1.0"`);
    return { method: str(r, "method", where), url: str(r, "url", where), headers: str(r, "headers", where), port, version };
  });
  return { v: 1, mode, source: str(value, "source", "session"), files, users: str(value, "users", "session"), env: str(value, "env", "session"), requests };
}
