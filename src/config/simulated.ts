/**
 * Which directives htrewrite's request pipeline acts on. Every other directive that httpd
 * accepts is checked (arity, context, arguments) but has no effect on htrewrite's answers;
 * `htrewrite check` reports those as "accepted, not simulated". Keep in step with the keys the
 * server, env, rewrite and wsgi layers read.
 */
const SIMULATED: ReadonlySet<string> = new Set([
  // configuration reading itself
  "define", "undefine", "include", "includeoptional", "loadmodule", "loadfile", "serverroot",
  // sections
  "<virtualhost", "<directory", "<directorymatch", "<location", "<locationmatch", "<files",
  "<filesmatch", "<if", "<elseif", "<else", "<ifmodule", "<ifdefine", "<iffile", "<ifdirective",
  "<ifsection", "<ifversion",
  // core
  "servername", "serveralias", "listen", "documentroot", "usecanonicalname", "usecanonicalphysicalport",
  "mergeslashes", "allowencodedslashes", "acceptpathinfo", "limitinternalrecursion", "allowoverride",
  "allowoverridelist", "options", "sethandler", "require",
  // mod_mime, mod_dir, mod_alias, mod_userdir, mod_env, mod_setenvif
  "addhandler", "removehandler", "directoryindex", "directoryslash", "alias", "aliasmatch", "scriptalias",
  "scriptaliasmatch", "redirect", "redirectmatch", "redirecttemp", "redirectpermanent", "userdir",
  "setenv", "unsetenv", "passenv", "setenvif", "setenvifnocase", "browsermatch", "browsermatchnocase",
  // mod_rewrite
  "rewriteengine", "rewriteoptions", "rewritebase", "rewritecond", "rewriterule", "rewritemap",
  // mod_wsgi
  "wsgiscriptalias", "wsgiscriptaliasmatch", "wsgidaemonprocess", "wsgiapplicationgroup",
  "wsgiprocessgroup", "wsgicallableobject", "wsgirestrictprocess", "wsgirestrictembedded",
]);

/** Does htrewrite act on this directive (canonical or any-case name, sections with `<`)? */
export function isSimulated(name: string): boolean {
  return SIMULATED.has(name.toLowerCase());
}
