/**
 * Bounds on what one configuration may ask of htrewrite, so that no input ends in a stack
 * overflow or an out-of-memory crash. Each bound is either httpd's own (and then reported in
 * httpd's words) or, where httpd has none and would itself crash or exhaust memory, htrewrite's
 * (reported as HTR_CONFIG_LIMIT, naming file and line).
 *
 * Measured with apache2 2.4.71 (`apache2 -t -f FILE`, 8 MiB stack):
 * - nested `<IfModule>` (true): 8,000 levels accepted, 9,000 segfault (exit 139);
 *   nested `<If>` in a `<Location>`: 10,000 accepted; false `<IfModule>` soaked: 10,000 accepted;
 * - `<If "((…(true)…))">`: 9,995 parentheses accepted, 9,996 refused with
 *   "Cannot parse condition clause: memory exhausted" (bison's stack; also 10,000 `!`,
 *   5,000 `&&` links, 5,000 nested function calls — 4,000 links and 9,000 `!` pass);
 * - a logical line of 16,777,216 bytes or more: "Error reading FILE at line N: Line too long";
 * - `Define Xn ${Xn-1}${Xn-1}`: no limit; 26 doublings (a 128 MiB value) accepted in 3.4 s;
 * - nested Include: refused beyond 128 levels ("Exceeded maximum include depth of 128, There
 *   appears to be a recursion.", AP_MAX_INCLUDE_DEPTH; reproduced word for word);
 * - included files in all: no limit; 10,000 one-line files in 1.2 s (86 MB), 100,000 in 9.7 s
 *   (832 MB). Nothing stops a tree of files each including the next level twice (128 levels
 *   deep is 2^128 files): httpd reads until the machine gives out;
 * - RewriteRules in one context: no limit; 100,000 in 0.5 s (86 MB), 1,000,000 in 5.2 s (774 MB).
 */

/** Deepest section nesting htrewrite reads (conditional sections count too). httpd crashes near 9,000. */
export const MAX_SECTION_DEPTH = 500;

/** httpd's longest logical configuration line is one byte less than this (VARBUF_MAX_LEN, 16 MiB). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** Longest line after `${}` substitution; httpd has no bound and grows until memory runs out. */
export const MAX_EXPANDED_LINE_BYTES = 16 * 1024 * 1024;

/** Deepest `<If>`/ap_expr expression tree (parentheses, `!`, `&&`/`||` chains). */
export const MAX_EXPR_DEPTH = 500;

/**
 * Parser stack depth at which httpd's expression parser gives up ("memory exhausted"): 9,996
 * nested parentheses, 10,000 `!`, 5,000 `&&` links or nested function calls (measured).
 */
export const APACHE_EXPR_STACK = 9996;

/** httpd's limit on nested Include (AP_MAX_INCLUDE_DEPTH), with httpd's own message. */
export const MAX_INCLUDE_DEPTH = 128;

/**
 * Files one configuration may include in all (every Include/IncludeOptional, each file of a
 * directory or wildcard). httpd has no bound; 100,000 files cost it 9.7 s and 832 MB (htrewrite
 * about 6 s), so this keeps a doubling include tree from running for ever.
 */
export const MAX_INCLUDED_FILES = 100_000;

/**
 * RewriteRules in one context (the server config, one virtual host, one section or one
 * .htaccess). httpd has no bound (1,000,000 take it 5.2 s and 774 MB); htrewrite's compiled
 * rules cost more memory than httpd's, so the bound sits at 100,000 (about 4 s and 380 MB to
 * check on this machine).
 */
export const MAX_RULES_PER_CONTEXT = 100_000;
