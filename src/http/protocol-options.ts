/**
 * What core's request reader is configured with: HttpProtocolOptions and the LimitRequest*
 * directives of the server the connection arrived on.
 */

/** The reader's settings; defaults are Apache 2.4's. */
export interface ProtocolOptions {
  /** `HttpProtocolOptions Strict` (default) or `Unsafe`. */
  strict: boolean;
  /** `Allow0.9` (default) or `Require1.0`. */
  allow09: boolean;
  /** `RegisteredMethods` (501 for unknown methods at once) or `LenientMethods` (default). */
  registeredMethods: boolean;
  /** LimitRequestLine, default 8190. */
  requestLine: number;
  /** LimitRequestFieldSize, default 8190. */
  fieldSize: number;
  /** LimitRequestFields, default 100; 0 = no limit. */
  fields: number;
}

export const DEFAULT_PROTOCOL_OPTIONS: ProtocolOptions = {
  strict: true,
  allow09: true,
  registeredMethods: false,
  requestLine: 8190,
  fieldSize: 8190,
  fields: 100,
};

/**
 * Applies the arguments of HttpProtocolOptions lines in order (each keyword sets its own
 * switch; a later line overrides an earlier one's keyword).
 */
export function applyHttpProtocolOptions(base: ProtocolOptions, argLists: ReadonlyArray<readonly string[]>): ProtocolOptions {
  const o = { ...base };
  for (const args of argLists) {
    for (const a of args) {
      const w = a.toLowerCase();
      if (w === "strict") o.strict = true;
      else if (w === "unsafe") o.strict = false;
      else if (w === "registeredmethods") o.registeredMethods = true;
      else if (w === "lenientmethods") o.registeredMethods = false;
      else if (w === "allow0.9") o.allow09 = true;
      else if (w === "require1.0") o.allow09 = false;
    }
  }
  return o;
}

/** A directive as the reader needs it: lower-cased name and arguments. */
export interface OptionDirective {
  key: string;
  args: readonly string[];
}

function lastNumber(directives: readonly OptionDirective[], key: string, fallback: number, allowZero: boolean): number {
  let n = fallback;
  for (const d of directives) {
    if (d.key !== key) continue;
    const v = parseInt(d.args[0] ?? "", 10);
    if (Number.isFinite(v) && (v > 0 || (allowZero && v === 0))) n = v;
  }
  return n;
}

/**
 * The reader's settings from a server's own directives (the server the connection arrived on:
 * core reads the request before any virtual host is chosen by name).
 */
export function protocolOptionsOf(directives: readonly OptionDirective[]): ProtocolOptions {
  const base: ProtocolOptions = {
    ...DEFAULT_PROTOCOL_OPTIONS,
    requestLine: lastNumber(directives, "limitrequestline", DEFAULT_PROTOCOL_OPTIONS.requestLine, false),
    fieldSize: lastNumber(directives, "limitrequestfieldsize", DEFAULT_PROTOCOL_OPTIONS.fieldSize, false),
    fields: lastNumber(directives, "limitrequestfields", DEFAULT_PROTOCOL_OPTIONS.fields, true),
  };
  return applyHttpProtocolOptions(
    base,
    directives.filter((d) => d.key === "httpprotocoloptions").map((d) => d.args),
  );
}
