#!/bin/sh
# Build PCRE2 10.42 — the library Apache 2.4 links on Debian bookworm (libpcre2-8-0 10.42-1) —
# for WebAssembly, as htrewrite's exact regex engine.
#
#   scripts/build-pcre2.sh [OUTPUT_DIR]      (default: vendor/pcre2 in the repository)
#
# Source: one Debian source package revision (apt-get source), every file of it (.dsc, the
# Debian diff, the upstream tarball) checked against the SHA-256 pinned below, unpacked by
# dpkg-source so Debian's changes are applied exactly as Debian's own build applies them
# (format 1.0: the .diff.gz, then any debian/patches series in order; 3.0 (quilt): dpkg-source
# applies the series itself). Built like Debian's libpcre2-8 (8-bit code units, Unicode
# support, the library's default limits, newline LF, link size 2) except JIT, which does not
# exist for wasm32 (Apache does not JIT-compile its regexes either). Output: pcre2.wasm,
# PCRE2's LICENCE, manifest.json. The build is reproducible: the same toolchain gives the same
# bytes (CI rebuilds and compares).
#
# The revision Apache links on Debian bookworm today is 10.42-1+deb12u2 (bookworm-security: 8
# fixes backported from 10.48 in deb12u1, a JIT stack fix in deb12u2). Its files are pinned
# below from the archive's signed Sources index, but the security pool does not serve them
# from this build environment (404 for the .dsc and .diff.gz; the tarball is the same as
# 10.42-1's), so PCRE2_DEBIAN_REVISION stays at 10.42-1 until they can be fetched: then the
# revision line is the only change. The manifest names the revision built; the pcre2test
# differential (test/live, pcre2test linked to the installed library) checks that the two
# answer alike on htrewrite's corpora.
#
# Needs: apt-get, dpkg-query, dpkg-source (dpkg-dev), patch, clang (>= 14), wasm-ld,
# wasi-libc, libclang-rt-dev-wasm32.
set -eu

PCRE2_VERSION=10.42
PCRE2_DEBIAN_REVISION=${PCRE2_DEBIAN_REVISION:-10.42-1}
ORIG_TARBALL=pcre2_${PCRE2_VERSION}.orig.tar.gz
ORIG_SHA256=c33b418e3b936ee3153de2c61cc638e7e4fe3156022a5c77d0711bcbb9d64f1f
# Per revision: suite, and SHA-256 of the .dsc and of the Debian diff.
case "$PCRE2_DEBIAN_REVISION" in
  10.42-1)
    SUITE=bookworm; ARCHIVE=debian
    DSC_SHA256=726dafe7a8d07332d4df61edf23f384ddb158b2b263846273d1103b6b9a7c176
    DIFF_SHA256=8267c3acacb04e8a077235f676187393e295443fc16ff46ddbe5f6476879c8cb ;;
  10.42-1+deb12u2)
    SUITE=bookworm-security; ARCHIVE=debian-security
    DSC_SHA256=63be58a94a6d2c7f03324cc0fe1ffb32d1f366d82d0fabef581ba3cc8a8ba5a6
    DIFF_SHA256=b28d4aeaa3198fcf2f41dffddec3d673c8ef53286ced930599f009522da11372 ;;
  *) echo "build-pcre2: no pinned checksums for Debian revision $PCRE2_DEBIAN_REVISION" >&2; exit 1 ;;
esac
DSC=pcre2_${PCRE2_DEBIAN_REVISION}.dsc
DIFF=pcre2_${PCRE2_DEBIAN_REVISION}.diff.gz

repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$repo/vendor/pcre2}
mkdir -p "$out"
out=$(cd "$out" && pwd)

CC=${CC:-clang}
LD=${WASM_LD:-wasm-ld}
for tool in apt-get dpkg-query dpkg-source patch sha256sum tar "$CC" "$LD"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-pcre2: '$tool' not found (install clang lld wasi-libc libclang-rt-dev-wasm32 dpkg-dev patch)" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# --- 1. Debian's source package, fetched with a private apt state so the machine's is untouched.
# A deb-src entry for the revision's suite is added for this run only (most images have none).
mkdir -p "$work/apt/lists/partial" "$work/apt/sources.list.d" "$work/src"
cat >"$work/apt/sources.list.d/pcre2-src.sources" <<SOURCES
Types: deb-src
URIs: ${DEBIAN_MIRROR:-http://deb.debian.org}/$ARCHIVE
Suites: $SUITE
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
mkdir -p "$work/apt/cache/archives/partial"
apt_opts="-o Dir::Etc::SourceParts=$work/apt/sources.list.d -o Dir::Etc::SourceList=/dev/null -o Dir::State::Lists=$work/apt/lists -o Dir::Cache=$work/apt/cache -o APT::Sandbox::User=root"
# shellcheck disable=SC2086
apt-get -qq $apt_opts update >/dev/null
# shellcheck disable=SC2086
if ! (cd "$work/src" && apt-get -qq $apt_opts source --download-only "pcre2=$PCRE2_DEBIAN_REVISION" >"$work/apt.log" 2>&1); then
  cat "$work/apt.log" >&2
  echo "build-pcre2: cannot download Debian source package pcre2 $PCRE2_DEBIAN_REVISION ($SUITE)" >&2
  exit 1
fi

check() {
  actual=$(sha256sum "$work/src/$1" | cut -d' ' -f1)
  if [ "$actual" != "$2" ]; then
    echo "build-pcre2: $1 has sha256 $actual, expected $2" >&2
    exit 1
  fi
}
check "$DSC" "$DSC_SHA256"
check "$DIFF" "$DIFF_SHA256"
check "$ORIG_TARBALL" "$ORIG_SHA256"

# dpkg-source unpacks the tarball and applies the Debian diff (its own checksum checks against
# the pinned .dsc; the signature cannot be checked without Debian's keyring, and the pin is
# stronger). For format 1.0, debian/patches (if any) are applied by Debian's build in series
# order, so here as well.
tree=$work/src/pcre2-$PCRE2_VERSION
if ! dpkg-source -x "$work/src/$DSC" "$tree" >"$work/dpkg-source.log" 2>&1; then
  cat "$work/dpkg-source.log" >&2
  echo "build-pcre2: dpkg-source could not unpack $DSC" >&2
  exit 1
fi
format=$(sed -n 's/^Format: *//p' "$work/src/$DSC")
patches=""
if [ "$format" = "1.0" ] && [ -f "$tree/debian/patches/series" ]; then
  while read -r name opts; do
    case "$name" in ''|'#'*) continue ;; esac
    # shellcheck disable=SC2086
    (cd "$tree" && patch -s ${opts:--p1} <"debian/patches/$name") || { echo "build-pcre2: debian/patches/$name does not apply" >&2; exit 1; }
    patches="$patches $name"
  done <"$tree/debian/patches/series"
elif [ -f "$tree/debian/patches/series" ]; then
  patches=$(grep -v '^[[:space:]]*\(#\|$\)' "$tree/debian/patches/series" | cut -d' ' -f1 | tr '\n' ' ')
fi
src=$tree/src

# --- 2. Configuration: the .generic templates with configure's choices as -D flags.
cp "$src/config.h.generic" "$src/config.h"
cp "$src/pcre2.h.generic" "$src/pcre2.h"
cp "$src/pcre2_chartables.c.dist" "$src/pcre2_chartables.c"

# The library's sources (Makefile.am's libpcre2_8 list, minus JIT). pcre2_ucptables.c is
# included by pcre2_tables.c.
sources="pcre2_auto_possess pcre2_chartables pcre2_compile pcre2_config pcre2_context
  pcre2_convert pcre2_dfa_match pcre2_error pcre2_extuni pcre2_find_bracket pcre2_maketables
  pcre2_match pcre2_match_data pcre2_newline pcre2_ord2utf pcre2_pattern_info pcre2_script_run
  pcre2_serialize pcre2_string_utils pcre2_study pcre2_substitute pcre2_substring pcre2_tables
  pcre2_ucd pcre2_valid_utf pcre2_xclass"

defines="-DHAVE_CONFIG_H -DPCRE2_CODE_UNIT_WIDTH=8 -DSUPPORT_PCRE2_8 -DSUPPORT_UNICODE
  -DHAVE_STDINT_H -DHAVE_INTTYPES_H -DHAVE_LIMITS_H -DHAVE_MEMMOVE -DHAVE_STRERROR
  -DHAVE_STDLIB_H -DHAVE_STRING_H -DNDEBUG"
cflags="--target=wasm32-wasi -O2 -fno-ident -ffile-prefix-map=$work/src=. -fvisibility=hidden"

# The functions htrewrite's binding calls (src/regex/pcre2/exports.ts), and nothing else.
exports="pcre2_compile_8 pcre2_code_free_8 pcre2_pattern_info_8 pcre2_get_error_message_8
  pcre2_match_8 pcre2_match_data_create_from_pattern_8 pcre2_match_data_create_8
  pcre2_match_data_free_8 pcre2_get_ovector_pointer_8 pcre2_get_ovector_count_8
  pcre2_match_context_create_8 pcre2_match_context_free_8 pcre2_set_match_limit_8
  pcre2_set_depth_limit_8 pcre2_set_heap_limit_8 pcre2_config_8 malloc free"

# 1 MiB of stack for pcre2_compile's recursion over nested groups (native: 8 MiB, but the
# nesting limit of 250 bounds it far below 1 MiB); memory may grow to 1 GiB for pcre2_match's
# backtracking frames (its heap limit is 20 GB natively, unreachable before the match limit).
ldflags="--no-entry --strip-all --gc-sections -z stack-size=1048576 --initial-memory=2097152
  --max-memory=1073741824"
for e in $exports; do ldflags="$ldflags --export=$e"; done

sysroot=${WASI_SYSROOT:-}
[ -n "$sysroot" ] && cflags="$cflags --sysroot=$sysroot"
libdir=$("$CC" --target=wasm32-wasi -print-file-name=libc.a)
[ -f "$libdir" ] || { echo "build-pcre2: wasi-libc not found for $CC (install wasi-libc)" >&2; exit 1; }
builtins=$("$CC" --target=wasm32-wasi -print-libgcc-file-name)
[ -f "$builtins" ] || { echo "build-pcre2: $builtins missing (install libclang-rt-dev-wasm32)" >&2; exit 1; }

objs=""
for s in $sources; do
  # shellcheck disable=SC2086
  "$CC" $cflags $defines -I"$src" -c "$src/$s.c" -o "$work/$s.o"
  objs="$objs $work/$s.o"
done
# shellcheck disable=SC2086
"$LD" $ldflags -o "$work/pcre2.wasm" $objs "$libdir" "$builtins"

# No imports: the module must instantiate with an empty import object (Node and browsers alike).
if grep -q wasi_snapshot_preview1 "$work/pcre2.wasm"; then
  echo "build-pcre2: the module imports WASI functions; it must be self-contained" >&2
  exit 1
fi

# --- 3. Output.
cp "$work/pcre2.wasm" "$out/pcre2.wasm"
cp "$tree/LICENCE" "$out/LICENCE"
version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo unknown; }
cc_pkg=$(dpkg-query -S "$(readlink -f "$(command -v "$CC")")" 2>/dev/null | cut -d: -f1 | head -n1)
ld_pkg=$(dpkg-query -S "$(readlink -f "$(command -v "$LD")")" 2>/dev/null | cut -d: -f1 | head -n1)
rt_pkg=$(dpkg-query -S "$builtins" 2>/dev/null | cut -d: -f1 | head -n1)
wasm_sha=$(sha256sum "$out/pcre2.wasm" | cut -d' ' -f1)
json_list() { [ -n "$(printf '%s' $1)" ] || return 0; printf '%s\n' $1 | sed 's/.*/"&"/' | paste -sd, -; }
cat >"$out/manifest.json" <<JSON
{
  "library": "PCRE2",
  "version": "$PCRE2_VERSION",
  "source": {
    "package": "pcre2",
    "debian_revision": "$PCRE2_DEBIAN_REVISION",
    "suite": "$SUITE",
    "format": "$format",
    "files": {
      "$DSC": "$DSC_SHA256",
      "$DIFF": "$DIFF_SHA256",
      "$ORIG_TARBALL": "$ORIG_SHA256"
    },
    "debian_patches": [$(json_list "$patches")]
  },
  "toolchain": {
    "${cc_pkg:-clang}": "$(version "${cc_pkg:-clang}")",
    "${ld_pkg:-lld}": "$(version "${ld_pkg:-lld}")",
    "wasi-libc": "$(version wasi-libc)",
    "${rt_pkg:-libclang-rt-dev-wasm32}": "$(version "${rt_pkg:-libclang-rt-dev-wasm32}")"
  },
  "cflags": [$(json_list "$cflags $defines" | sed "s|$work/src|SRC|g")],
  "ldflags": [$(json_list "$ldflags")],
  "exports": [$(json_list "$exports")],
  "output": { "file": "pcre2.wasm", "bytes": $(wc -c <"$out/pcre2.wasm"), "sha256": "$wasm_sha" }
}
JSON
echo "build-pcre2: $out/pcre2.wasm ($wasm_sha)"
