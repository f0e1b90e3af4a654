/**
 * apply_rewrite_rule (spec §1.5): match one rule against the current subject, check its
 * conditions, expand the substitution and update the request.
 */
import { execCharged } from "./budget.js";
import type { ByteString } from "../util/bytes.js";
import { trace } from "./context.js";
import type { RewriteContext } from "./context.js";
import { buildCookie } from "./cookie.js";
import { evaluateCondition } from "./conditions.js";
import { expand, expandPlain } from "./expand.js";
import { splitQuery } from "./query.js";
import { requestTag, stepPos } from "./trace.js";
import type { CompiledRule } from "./types.js";
import { attemptState, attemptSubject } from "./rejected-rules.js";
import { ruleSubject } from "./rule-index.js";
import { absoluteUriSkip, fullyQualify, splitSelfUrl } from "./uri.js";

/** Outcome of one rule (Apache's rule_return_type). */
export type RuleResult = "nomatch" | "match" | "nosub" | "status-set";

/** Notes mod_rewrite uses to hand [T]/[H] to its late fixup. */
export const FORCED_TYPE_NOTE = "rewrite-forced-mimetype";
export const FORCED_HANDLER_NOTE = "rewrite-forced-handler";

/** [E=…] entries, left to right, after expansion (no B escaping). */
function applyEnv(rule: CompiledRule, ctx: RewriteContext): void {
  for (const spec of rule.flags.env) {
    const s = expandPlain(spec, ctx);
    if (s.startsWith("!")) {
      const name = s.slice(1);
      ctx.req.subprocessEnv.unset(name);
      trace(ctx, 5, null, `unsetting env variable '${name}'`);
    } else {
      const colon = s.indexOf(":");
      const name = colon >= 0 ? s.slice(0, colon) : s;
      const value = colon >= 0 ? s.slice(colon + 1) : "";
      ctx.req.subprocessEnv.set(name, value);
      trace(ctx, 5, null, `setting env variable '${name}' to '${value}'`);
    }
  }
}

/** [CO=…] entries: Set-Cookie on the main request's error headers, each name once per request. */
function applyCookies(rule: CompiledRule, ctx: RewriteContext): void {
  for (const spec of rule.flags.cookies) {
    const cookie = buildCookie(expandPlain(spec, ctx), ctx.req.time);
    if (cookie === null) continue;
    let main = ctx.req;
    while (main.main) main = main.main;
    if (ctx.req.pool.cookiesSet.has(cookie.name)) {
      trace(ctx, 5, null, `skipping already set cookie '${cookie.name}'`);
      continue;
    }
    main.errHeadersOut.add("Set-Cookie", cookie.header);
    ctx.req.pool.cookiesSet.add(cookie.name);
    trace(ctx, 5, null, `setting cookie '${cookie.header}'`);
  }
}

/** force_type_handler: remember [T]/[H] (expanded with B, lower-cased) in the notes. */
function rememberTypeAndHandler(rule: CompiledRule, ctx: RewriteContext): void {
  const { req } = ctx;
  if (rule.flags.type !== null) {
    const t = expand(rule.flags.type, ctx, rule).text.toLowerCase();
    if (t !== "") {
      trace(ctx, 2, ctx.perdir, `remember ${req.filename ?? "(null)"} to have MIME-type '${t}'`);
      req.notes.set(FORCED_TYPE_NOTE, t);
    }
  }
  if (rule.flags.handler !== null) {
    const h = expand(rule.flags.handler, ctx, rule).text.toLowerCase();
    if (h !== "") {
      trace(ctx, 2, ctx.perdir, `remember ${req.filename ?? "(null)"} to have Content-handler '${h}'`);
      req.notes.set(FORCED_HANDLER_NOTE, h);
    }
  }
}

/** Evaluate the conditions with [OR] grouping and Vary bookkeeping (spec §7.3). */
function conditionsHold(rule: CompiledRule, ctx: RewriteContext): boolean {
  const conds = rule.conditions;
  for (let i = 0; i < conds.length; i++) {
    let c = conds[i];
    const ok = evaluateCondition(c, ctx);
    if (c.novary) ctx.varyThis = null;
    if (c.ornext) {
      if (!ok) {
        ctx.varyThis = null;
        continue;
      }
      // A true member skips the rest of its OR group; the group's last member is not evaluated.
      while (i < conds.length && c.ornext) c = conds[++i];
    } else if (!ok) return false;
    if (ctx.varyThis !== null) {
      ctx.vary = ctx.vary !== null ? `${ctx.vary}, ${ctx.varyThis}` : ctx.varyThis;
      ctx.varyThis = null;
    }
  }
  return true;
}

/** reduce_uri: `scheme://<this vhost>[:port]/path` → `/path` for rules without [R]/[P]. */
function reduceSelfUrl(ctx: RewriteContext): void {
  const { req, server } = ctx;
  const filename = req.filename ?? "";
  const parts = splitSelfUrl(filename, req.scheme, server.defaultPort(req));
  if (parts === null || !server.isThisServer(req, parts.host, parts.port)) return;
  trace(ctx, 3, null, `reduce ${filename} -> ${parts.path}`);
  req.filename = parts.path;
  if (!ctx.sconf.options.has("LegacyPrefixDocRoot")) req.notes.set("mod_rewrite_uri_reduced", "true");
}

/** The subject `rule` is matched against; with a tracer, the lines Apache logs for the attempt. */
function prepareSubject(rule: CompiledRule, ctx: RewriteContext): { subject: ByteString; isProxyReq: boolean } {
  const { req, perdir } = ctx;
  const isProxyReq = perdir !== null && req.proxyreq !== "none" && (req.filename ?? "").startsWith("proxy:");
  // Every rule of every pass goes through here: build trace text only when someone listens.
  const subject = ctx.tracer === null ? ruleSubject(ctx) : attemptSubject(rule, attemptState(ctx), ctx.tracer);
  ctx.uri = subject;
  return { subject, isProxyReq };
}

/** Apply one rule. The rule loop (ruleset.ts) interprets the result. */
export function applyRule(rule: CompiledRule, ctx: RewriteContext): RuleResult {
  const { req } = ctx;
  const perdir = ctx.perdir;
  const { subject, isProxyReq } = prepareSubject(rule, ctx);
  const m = execCharged(rule.regex, subject, ctx.req.pool.budget, "RewriteRule", rule.pattern);
  if (ctx.tracer?.step) {
    ctx.tracer.step({
      type: "rule", tag: requestTag(req), perdir, pos: stepPos(rule.pos), pattern: rule.pattern, negate: rule.negate,
      subject, matched: (m !== null) !== rule.negate, captures: m === null ? [] : [...m].map((g) => g ?? null),
    });
  }
  if ((m !== null) === rule.negate) return "nomatch";

  ctx.varyThis = null;
  ctx.condRefs = null;
  ctx.ruleRefs = rule.negate ? null : m;
  if (!conditionsHold(rule, ctx)) return "nomatch";

  const flags = rule.flags;
  let newUri: ByteString | null = null;
  if (!flags.noSubstitution) {
    const e = expand(rule.substitution, ctx, rule, !flags.unsafeAllow3F);
    newUri = e.text;
    if (ctx.tracer) trace(ctx, 2, perdir, `rewrite '${subject}' -> '${newUri}'`);
    if (e.unsafeQmark) {
      ctx.errors.push("AH10508: Unsafe URL with %3f URL rewritten without UnsafeAllow3F");
      req.status = 403;
      return "status-set";
    }
  }
  applyEnv(rule, ctx);
  applyCookies(rule, ctx);

  if (newUri === null) {
    rememberTypeAndHandler(rule, ctx);
    if (flags.status) {
      trace(ctx, 2, perdir, `forcing responsecode ${flags.forcedStatus} for ${req.filename ?? "(null)"}`);
      req.status = flags.forcedStatus;
    }
    return "nosub";
  }

  let prefixAdded = false;
  if (!isProxyReq && !newUri.startsWith("/") && absoluteUriSkip(newUri) === 0) {
    if (perdir !== null) {
      trace(ctx, 3, perdir, `add per-dir prefix: ${newUri} -> ${perdir}${newUri}`);
      newUri = perdir + newUri;
      prefixAdded = true;
    } else if (!flags.proxy && !flags.redirect) {
      // CVE-2024-39573: a relative server-context result can no longer become `proxy:`/`redirect:`.
      trace(ctx, 3, perdir, `add root prefix: ${newUri} -> /${newUri}`);
      newUri = "/" + newUri;
      prefixAdded = true;
    }
  }
  req.filename = newUri;
  if (perdir !== null && flags.discardPathInfo) req.pathInfo = null;

  const split = splitQuery(newUri, req.args, flags);
  if (ctx.tracer) for (const [level, msg] of split.traces) trace(ctx, level, null, msg);
  req.filename = split.filename;
  req.args = split.args;
  if (split.replaced) ctx.argsAreOriginal = false;
  else if (ctx.argsAreOriginal) ctx.originalArgs = split.args;

  const self = () => ({
    scheme: req.scheme,
    serverName: ctx.server.serverNameForUrl(req),
    port: ctx.server.serverPort(req),
    defaultPort: ctx.server.defaultPort(req),
  });
  if (flags.proxy) {
    req.filename = fullyQualify(req.filename, req.method, self());
    trace(ctx, 2, perdir, `forcing proxy-throughput with ${req.filename}`);
    req.filename = "proxy:" + req.filename;
    return "match";
  }
  if (flags.redirect) {
    req.filename = fullyQualify(req.filename, req.method, self());
    trace(ctx, 2, perdir, `explicitly forcing redirect with ${req.filename}`);
    req.status = flags.forcedStatus;
    return "match";
  }
  reduceSelfUrl(ctx);
  if (absoluteUriSkip(req.filename) > 0) {
    trace(ctx, 2, perdir, `implicitly forcing redirect (rc=${flags.forcedStatus} with ${req.filename}`);
    req.status = flags.forcedStatus;
    return "match";
  }
  // CVE-2024-40898: collapse leading slashes made by expansion, unless [UNC], an added prefix, or
  // a substitution that literally starts with two slashes.
  if (!flags.unc && !prefixAdded && !rule.substitution.startsWith("//")) {
    let f = req.filename;
    while (f.startsWith("//")) f = f.slice(1);
    req.filename = f;
  }
  rememberTypeAndHandler(rule, ctx);
  return "match";
}
