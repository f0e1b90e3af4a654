/**
 * The Options names and their bits (httpd's OPT_*), shared by `Options` and by
 * `AllowOverride Options=…`, which limits what an .htaccess may set (measured live: under
 * `AllowOverride Options` an .htaccess may not set MultiViews or SymLinksIfOwnerMatch, under
 * `AllowOverride All` it may; `Options=Includes,MultiViews` refuses RunScripts).
 */
export const OPT_INDEXES = 1;
export const OPT_INCLUDES = 2;
export const OPT_SYM_LINKS = 4;
export const OPT_EXECCGI = 8;
export const OPT_INC_WITH_EXEC = 32;
export const OPT_SYM_OWNER = 64;
export const OPT_MULTI = 128;
/** What `Options All` means (MultiViews and SymLinksIfOwnerMatch are not in it). */
export const OPT_ALL = OPT_INDEXES | OPT_INCLUDES | OPT_INC_WITH_EXEC | OPT_SYM_LINKS | OPT_EXECCGI;
/** What the main configuration and `AllowOverride All` allow. */
export const OPT_DEFAULT_ALLOWED = OPT_ALL | OPT_SYM_OWNER | OPT_MULTI;

const BITS: Readonly<Record<string, number>> = {
  indexes: OPT_INDEXES,
  includes: OPT_INCLUDES | OPT_INC_WITH_EXEC,
  includesnoexec: OPT_INCLUDES,
  followsymlinks: OPT_SYM_LINKS,
  symlinksifownermatch: OPT_SYM_OWNER,
  execcgi: OPT_EXECCGI,
  multiviews: OPT_MULTI,
  runscripts: OPT_MULTI | OPT_EXECCGI,
  none: 0,
  all: OPT_ALL,
};

/** Bits of an option name (case-insensitive), undefined when httpd does not know it. */
export function optionBits(name: string): number | undefined {
  const k = name.toLowerCase();
  return Object.hasOwn(BITS, k) ? BITS[k] : undefined;
}

/**
 * override_opts for `AllowOverride Options=list` (undefined list: plain `Options`, i.e. OPT_ALL).
 * Unknown names are ignored here; the AllowOverride validator refuses them.
 */
export function allowedOptionsBits(list: readonly string[] | undefined): number {
  if (list === undefined) return OPT_ALL;
  let bits = 0;
  for (const o of list) bits |= optionBits(o) ?? 0;
  return bits;
}
