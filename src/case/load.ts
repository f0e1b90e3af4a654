/**
 * Reading and validating conformance case files (spec/case-format.md), and the two placeholder
 * directions: `@ROOT@`/`@PORTn@` → concrete values before Apache (or htrewrite) sees the text, and
 * concrete values → placeholders in everything written out, so results compare across machines.
 */
import { readFileSync } from "node:fs";
import { fsErrorWords } from "../util/read-input.js";
import { basename } from "node:path";
import { HtrError } from "../util/errors.js";
import type { CaseFile, CaseRequest, FileSpec, PortSpec, TextOrLines } from "./types.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function bad(caseName: string, field: string, what: string): HtrError {
  return new HtrError("HTR_CASE_BAD", `case ${caseName}: field '${field}' ${what}`);
}

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

/** Joins a string-or-lines value the way case files mean it: lines separated by "\n". */
export function textOf(value: TextOrLines): string {
  return typeof value === "string" ? value : value.join("\n");
}

function textOrLines(caseName: string, field: string, v: unknown): TextOrLines {
  if (typeof v === "string" || isStringList(v)) return v;
  throw bad(caseName, field, "must be a string or a list of strings");
}

function stringMap(caseName: string, field: string, v: unknown): Record<string, string> {
  if (v === undefined) return {};
  if (!isObject(v)) throw bad(caseName, field, "must be an object of strings");
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== "string") throw bad(caseName, `${field}.${k}`, "must be a string");
    out[k] = val;
  }
  return out;
}

function parsePorts(caseName: string, v: unknown): PortSpec[] {
  if (v === undefined) return ["auto"];
  if (!Array.isArray(v) || v.length === 0) throw bad(caseName, "ports", "must be a non-empty list");
  return v.map((p, i) => {
    if (p === "auto") return "auto";
    if (typeof p === "number" && Number.isInteger(p) && p > 0 && p < 65536) return p;
    throw bad(caseName, `ports[${i}]`, 'must be a port number or "auto"');
  });
}

function parseFiles(caseName: string, v: unknown): Record<string, FileSpec> {
  if (v === undefined) return {};
  if (!isObject(v)) throw bad(caseName, "files", "must be an object");
  const out: Record<string, FileSpec> = {};
  for (const [path, spec] of Object.entries(v)) {
    const field = `files.${path}`;
    if (spec === null || typeof spec === "string" || isStringList(spec)) out[path] = spec;
    else if (isObject(spec) && typeof spec.symlink === "string") out[path] = { symlink: spec.symlink };
    else throw bad(caseName, field, "must be text, a list of lines, null or {symlink}");
  }
  return out;
}

/** The request-target of a raw request's first line (for reports), or "" when it has none. */
export function rawRequestTarget(raw: string): string {
  const line = raw.replace(/^(\r?\n)+/, "").split(/\r?\n/)[0] ?? "";
  return line.split(/[ \t]+/)[1] ?? "";
}

/** The method of a raw request's first line (for reports), or "". */
export function rawMethod(raw: string): string {
  const line = raw.replace(/^(\r?\n)+/, "").split(/\r?\n/)[0] ?? "";
  return line.split(/[ \t]+/)[0] ?? "";
}

/**
 * A request given as the bytes sent (`raw`): each character is one byte (U+0000–U+00FF, JSON
 * escapes such as \r\n and \u0000 welcome). Only `port` and `path` (a label for reports, by
 * default the request-target of the first line) may go with it.
 */
function parseRawRequest(caseName: string, field: string, v: Record<string, Json>): CaseRequest {
  const raw = v.raw;
  if (typeof raw !== "string" || raw === "") throw bad(caseName, `${field}.raw`, "must be a non-empty string of bytes");
  const wide = /[^\u0000-\u00ff]/.exec(raw);
  if (wide) throw bad(caseName, `${field}.raw`, `holds a character above U+00FF at offset ${wide.index} (one character per byte; write UTF-8 as its bytes)`);
  for (const other of ["method", "host", "headers", "body", "http_version"]) {
    if (v[other] !== undefined) throw bad(caseName, `${field}.${other}`, "cannot go with raw (the raw bytes are the whole request)");
  }
  if (v.path !== undefined && typeof v.path !== "string") throw bad(caseName, `${field}.path`, "must be a string");
  const req: CaseRequest = { path: typeof v.path === "string" ? v.path : rawRequestTarget(raw), raw };
  if (v.port !== undefined) {
    if (typeof v.port !== "number" && typeof v.port !== "string")
      throw bad(caseName, `${field}.port`, "must be an index, a fixed port or a @PORTn@ token");
    req.port = v.port;
  }
  return req;
}

function parseRequest(caseName: string, i: number, v: unknown): CaseRequest {
  const field = `requests[${i}]`;
  if (!isObject(v)) throw bad(caseName, field, "must be an object");
  if (v.raw !== undefined) return parseRawRequest(caseName, field, v);
  if (typeof v.path !== "string" || v.path === "") throw bad(caseName, `${field}.path`, "must be a non-empty string");
  const req: CaseRequest = { path: v.path };
  if (v.method !== undefined) {
    if (typeof v.method !== "string" || !/^[A-Za-z]+$/.test(v.method))
      throw bad(caseName, `${field}.method`, "must be a method token");
    req.method = v.method;
  }
  if (v.host !== undefined) {
    if (v.host !== null && typeof v.host !== "string") throw bad(caseName, `${field}.host`, "must be a string or null");
    req.host = v.host;
  }
  if (v.port !== undefined) {
    if (typeof v.port !== "number" && typeof v.port !== "string")
      throw bad(caseName, `${field}.port`, "must be an index, a fixed port or a @PORTn@ token");
    req.port = v.port;
  }
  if (v.headers !== undefined) req.headers = stringMap(caseName, `${field}.headers`, v.headers);
  if (v.body !== undefined) {
    if (typeof v.body !== "string") throw bad(caseName, `${field}.body`, "must be a string");
    req.body = v.body;
  }
  if (v.http_version !== undefined) {
    if (v.http_version !== "1.0" && v.http_version !== "1.1")
      throw bad(caseName, `${field}.http_version`, 'must be "1.0" or "1.1"');
    req.http_version = v.http_version;
  }
  return req;
}

/**
 * Validates a parsed case object. `name` is the fallback case name (the file name without
 * `.json`). Unknown fields are ignored (cases may carry notes); wrong types are an
 * HtrError `HTR_CASE_BAD` naming the field.
 */
export function parseCase(json: unknown, name: string): CaseFile {
  if (!isObject(json)) throw bad(name, "(root)", "must be a JSON object");
  let caseName = name;
  if (json.name !== undefined) {
    if (typeof json.name !== "string" || json.name === "") throw bad(name, "name", "must be a non-empty string");
    caseName = json.name;
  }
  if (json.description !== undefined && typeof json.description !== "string")
    throw bad(caseName, "description", "must be a string");
  const config = json.config === undefined ? [] : textOf(textOrLines(caseName, "config", json.config)).split("\n");
  const htaccessRaw = json.htaccess === undefined ? {} : json.htaccess;
  if (!isObject(htaccessRaw)) throw bad(caseName, "htaccess", "must be an object");
  const htaccess: Record<string, TextOrLines> = {};
  for (const [dir, text] of Object.entries(htaccessRaw)) htaccess[dir] = textOrLines(caseName, `htaccess.${dir}`, text);
  const modules = json.modules === undefined ? [] : json.modules;
  if (!isStringList(modules)) throw bad(caseName, "modules", "must be a list of module names");
  for (const m of modules)
    if (!/^[a-z0-9_]+$/.test(m)) throw bad(caseName, "modules", `has a bad module name '${m}'`);
  if (json.expect_start_failure !== undefined && typeof json.expect_start_failure !== "boolean")
    throw bad(caseName, "expect_start_failure", "must be a boolean");
  if (!Array.isArray(json.requests)) throw bad(caseName, "requests", "must be a list");
  const ports = parsePorts(caseName, json.ports);
  const requests = json.requests.map((r, i) => parseRequest(caseName, i, r));
  const out: CaseFile = {
    name: caseName,
    ports,
    config,
    files: parseFiles(caseName, json.files),
    htaccess,
    env: stringMap(caseName, "env", json.env),
    modules,
    expect_start_failure: json.expect_start_failure === true,
    requests,
  };
  if (typeof json.description === "string") out.description = json.description;
  requests.forEach((r, i) => {
    if (r.port !== undefined) resolvePortIndex(out, r.port, `requests[${i}].port`);
  });
  return out;
}

/** Reads and validates a case file; the default name is the file name without `.json`. */
export function loadCase(path: string): CaseFile {
  const fallback = basename(path).replace(/\.json$/, "");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new HtrError("HTR_CASE_BAD", `${path}: ${fsErrorWords(e) ?? (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new HtrError("HTR_CASE_BAD", `${path}: not valid JSON: ${(e as Error).message}`);
  }
  return parseCase(json, fallback);
}

/**
 * Which listener (index into `ports`) a request's `port` field names: an index, a `"@PORTn@"`
 * token, or a fixed port number that appears in `ports`. Default 0.
 */
export function resolvePortIndex(c: CaseFile, port: number | string | undefined, field = "port"): number {
  if (port === undefined) return 0;
  if (typeof port === "string") {
    const m = /^@PORT(\d+)@$/.exec(port);
    if (m && Number(m[1]) < c.ports.length) return Number(m[1]);
    if (/^\d+$/.test(port)) return resolvePortIndex(c, Number(port), field);
    throw bad(c.name, field, `names no listener ('${port}')`);
  }
  if (Number.isInteger(port) && port >= 0 && port < c.ports.length) return port;
  const fixed = c.ports.indexOf(port);
  if (fixed >= 0) return fixed;
  throw bad(c.name, field, `names no listener (${port})`);
}

/** The concrete values placeholders stand for in one run of a case. */
export interface PlaceholderValues {
  /** The sandbox root (absolute, no trailing slash). */
  root: string;
  /** The actual port of each listener, in `ports` order. */
  ports: number[];
}

/** Replaces `@ROOT@` and `@PORTn@` by their values (`@PORTn@` beyond the listeners is left alone). */
export function substitutePlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(/@ROOT@|@PORT(\d+)@/g, (whole, n: string | undefined) => {
    if (n === undefined) return values.root;
    const port = values.ports[Number(n)];
    return port === undefined ? whole : String(port);
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** What output normalisation writes back as placeholders. */
export interface NormaliseValues extends PlaceholderValues {
  /**
   * The case's port specs: only "auto" listeners are written back as `@PORTn@`; a fixed port
   * (80, 8080) is already machine-independent and stays a number, as in the recorded examples.
   * Absent: every listener is normalised.
   */
  specs?: PortSpec[];
  /** Other spellings of the root (e.g. its realpath) also written back as `@ROOT@`. */
  rootAliases?: string[];
}

/**
 * The reverse of `substitutePlaceholders` for outputs: the sandbox root becomes `@ROOT@` (and
 * `@ROOT-REL@` without its leading slash, as trace lines sometimes show it), auto
 * ports become `@PORTn@`. A port is only replaced as a whole number (not inside a longer run
 * of digits), so port 8080 never turns "18080" into a placeholder.
 */
export function normalisePlaceholders(text: string, values: NormaliseValues): string {
  let out = text;
  const roots = [values.root, ...(values.rootAliases ?? [])].filter((r) => r.length > 1);
  roots.sort((a, b) => b.length - a.length);
  for (const r of roots) out = out.split(r).join("@ROOT@");
  // mod_rewrite's trace strips the leading slash in "strip matching prefix" lines.
  for (const r of roots) out = out.split(r.slice(1)).join("@ROOT-REL@");
  values.ports.forEach((port, i) => {
    if (values.specs && values.specs[i] !== "auto") return;
    out = out.replace(new RegExp(`(?<!\\d)${escapeRegExp(String(port))}(?!\\d)`, "g"), `@PORT${i}@`);
  });
  return out;
}

/** Applies `normalisePlaceholders` to every string inside a JSON value (keys included). */
export function normaliseJson<T>(value: T, values: NormaliseValues): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return normalisePlaceholders(v, values);
    if (Array.isArray(v)) return v.map(walk);
    if (isObject(v)) {
      const o: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(v)) o[normalisePlaceholders(k, values)] = walk(val);
      return o;
    }
    return v;
  };
  return walk(value) as T;
}
