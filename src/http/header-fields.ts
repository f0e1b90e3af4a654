/**
 * The header section, read as ap_get_mime_headers_core does (protocol.c): one line per field
 * within LimitRequestFieldSize, obs-fold lines joined to the field before them with one SP,
 * trailing whitespace dropped, at most LimitRequestFields fields, names and values checked
 * (Strict: names are tokens, values field-content; Unsafe: the legacy checks), then repeated
 * fields merged with ", " and the merged values checked against the size limit again.
 */
import { ApacheTable } from "../env/table.js";
import { isFieldContent, isTchar } from "./chars.js";
import type { ProtocolOptions } from "./protocol-options.js";
import { readLine } from "./wire-lines.js";

export type HeaderFieldsRead =
  | { ok: true; headers: ApacheTable; next: number }
  | { ok: false; status: 400; log: string };

function logName(s: string): string {
  const colon = s.indexOf(":");
  return s.slice(0, colon < 0 || colon > 80 ? 80 : colon);
}

function bad(log: string): HeaderFieldsRead {
  return { ok: false, status: 400, log };
}

/** One complete (unfolded) field line → name and value, or why it is refused. */
function splitField(line: string, strict: boolean): { name: string; value: string } | string {
  let colon: number;
  if (!strict) {
    colon = line.indexOf(":");
    if (colon < 0) return `AH00564: Request header field is missing ':' separator: ${line.slice(0, 80)}`;
    if (colon === 0) return "AH03453: Request header field name was empty";
    if (/[\t\n\v\f\r ]/.test(line.slice(0, colon))) return "AH03452: Request header field name presented invalid whitespace";
  } else {
    colon = 0;
    while (colon < line.length && isTchar(line.charCodeAt(colon))) colon++;
    if (colon === 0 || line[colon] !== ":") return `AH02426: Request header field name is malformed: ${line.slice(0, 80)}`;
  }
  let v = colon + 1;
  while (line[v] === " " || line[v] === "\t") v++;
  const value = line.slice(v);
  if (!strict) {
    if (/[\n\v\f\r]/.test(value)) return "AH03451: Request header field value presented bad whitespace";
  } else {
    for (let i = 0; i < value.length; i++) {
      if (!isFieldContent(value.charCodeAt(i))) return `AH02427: Request header value is malformed: ${value.slice(0, 80)}`;
    }
  }
  return { name: line.slice(0, colon), value };
}

/** Reads the header section of `data` from `pos` to its empty line. */
export function readHeaderFields(data: string, pos: number, o: Pick<ProtocolOptions, "strict" | "fieldSize" | "fields">): HeaderFieldsRead {
  const fields: Array<[string, string]> = [];
  let last: string | null = null;
  let at = pos;
  for (;;) {
    const got = readLine(data, at, o.fieldSize, o.strict);
    if (got.kind === "too-long") {
      const name = got.partial === "" ? "" : `: ${logName(got.partial)}`;
      return bad(`AH00561: Request header exceeds LimitRequestFieldSize${name}`);
    }
    if (got.kind !== "line") return bad("Failed to read request header line");
    at = got.next;
    // Trailing SP/HT is dropped, but never the line's only byte.
    let field = got.text;
    let len = field.length;
    while (len > 1 && (field[len - 1] === " " || field[len - 1] === "\t")) len--;
    field = field.slice(0, len);
    if (field[0] === " " || field[0] === "\t") {
      if (last === null) return bad("AH03442: Line folding encountered before first header line");
      if (field.length === 1) return bad("AH03443: Empty folded line encountered");
      // The fold's leading whitespace becomes one SP.
      let k = 0;
      while (field[k + 1] === " " || field[k + 1] === "\t") k++;
      const piece = field.slice(k);
      if (last.length + piece.length + 1 >= o.fieldSize) return bad(`AH00562: Request header exceeds LimitRequestFieldSize after folding: ${logName(last)}`);
      last = `${last} ${piece.slice(1)}`;
      continue;
    }
    if (last !== null) {
      if (o.fields > 0 && fields.length + 1 > o.fields) return bad("AH00563: Number of request headers exceeds LimitRequestFields");
      const split = splitField(last, o.strict);
      if (typeof split === "string") return bad(split);
      fields.push([split.name, split.value]);
    }
    if (field === "") break;
    last = field;
  }
  // apr_table_compress(MERGE): repeated names become one field, values joined with ", ",
  // at the first one's place and with its spelling.
  const headers = new ApacheTable();
  for (const [k, v] of fields) {
    const prev = headers.get(k);
    if (prev !== undefined) headers.set(k, `${prev}, ${v}`);
    else headers.add(k, v);
  }
  for (const [k, v] of headers.pairs()) {
    if (v.length > o.fieldSize) return bad(`AH00560: Request header exceeds LimitRequestFieldSize after merging: ${logName(k)}`);
  }
  return { ok: true, headers, next: at };
}
