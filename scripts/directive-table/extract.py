#!/usr/bin/env python3
"""Read the directive tables (command_rec arrays) that the installed httpd binary and every module
.so file under /usr/lib/apache2/modules declare, straight from their ELF images, and print them as
JSON (fixtures/directive-table.json), together with the module list and each module's load-time
dependencies (fixtures/modules.json).

Why: htrewrite must accept exactly what Apache 2.4.71 accepts. Each module declares, per directive,
the argument style (TAKE1, RAW_ARGS, ...), the override/context mask (RSRC_CONF, OR_FILEINFO, ...)
and the help text that httpd appends to arity errors. Reading the tables from the binaries that
are installed on this machine gives the exact values without transcribing them by hand.

usage: extract.py TABLE.json MODULES.json
The modules are found, not listed: every `*_module` data symbol whose bytes start with httpd 2.4's
module magic (MODULE_MAGIC_NUMBER_MAJOR 20120211) is a module; the built-in ones live in
/usr/sbin/apache2 (`apache2 -l`). A module depends on another when it needs a symbol only that
other module's .so defines (mod_proxy_http needs mod_proxy's ap_proxy_* functions): httpd refuses
to load it otherwise, so the measurement loads the dependencies first.
"""
import json, os, struct, sys

ARGS_HOW = ["RAW_ARGS", "TAKE1", "TAKE2", "ITERATE", "ITERATE2", "FLAG", "NO_ARGS", "TAKE12",
            "TAKE3", "TAKE23", "TAKE123", "TAKE13", "TAKE_ARGV"]


class Elf:
    def __init__(self, path):
        self.data = open(path, "rb").read()
        d = self.data
        assert d[:4] == b"\x7fELF" and d[4] == 2, "64-bit ELF only"
        (self.shoff,) = struct.unpack_from("<Q", d, 0x28)
        self.shentsize, self.shnum, self.shstrndx = struct.unpack_from("<HHH", d, 0x3A)
        self.sections = []
        for i in range(self.shnum):
            name, typ, flags, addr, off, size, link, info, align, entsize = struct.unpack_from(
                "<IIQQQQIIQQ", d, self.shoff + i * self.shentsize)
            self.sections.append(dict(name=name, type=typ, addr=addr, off=off, size=size, link=link,
                                      entsize=entsize))
        strtab = self.sections[self.shstrndx]
        for s in self.sections:
            s["name"] = self.cstr_at(strtab["off"] + s["name"])
        # Pointers inside a PIE/shared object are filled in by relocations at load time.
        # R_X86_64_64 against a symbol the object defines itself (a global command table, as in
        # mod_python) resolves to that symbol's value.
        self.reloc = {}
        for s in self.sections:
            if s["type"] == 4:  # SHT_RELA
                symtab = self.sections[s["link"]] if s["link"] else None
                for j in range(s["size"] // 24):
                    off, info, addend = struct.unpack_from("<QQq", d, s["off"] + j * 24)
                    if (info & 0xFFFFFFFF) == 8:  # R_X86_64_RELATIVE
                        self.reloc[off] = addend
                    elif (info & 0xFFFFFFFF) == 1 and symtab is not None:  # R_X86_64_64
                        st_name, sinfo, other, shndx, value, size = struct.unpack_from(
                            "<IBBHQQ", d, symtab["off"] + (info >> 32) * 24)
                        if shndx != 0:
                            self.reloc[off] = value + addend

    def cstr_at(self, off):
        end = self.data.index(b"\0", off)
        return self.data[off:end].decode("latin1")

    def vaddr_to_off(self, va):
        for s in self.sections:
            if s["type"] != 8 and s["addr"] and s["addr"] <= va < s["addr"] + s["size"]:
                return s["off"] + (va - s["addr"])
        raise KeyError(hex(va))

    def ptr(self, va):
        if va in self.reloc:
            return self.reloc[va]
        (v,) = struct.unpack_from("<Q", self.data, self.vaddr_to_off(va))
        return v

    def u32(self, va):
        return struct.unpack_from("<I", self.data, self.vaddr_to_off(va))[0]

    def cstr(self, va):
        return None if va == 0 else self.cstr_at(self.vaddr_to_off(va))

    def symbols(self):
        """(name, value, type, defined) of every dynamic and static symbol."""
        out = []
        for s in self.sections:
            if s["type"] in (2, 11):  # SYMTAB, DYNSYM
                strs = self.sections[s["link"]]
                for j in range(s["size"] // 24):
                    st_name, info, other, shndx, value, size = struct.unpack_from(
                        "<IBBHQQ", self.data, s["off"] + j * 24)
                    out.append((self.cstr_at(strs["off"] + st_name), value, info & 15, shndx != 0,
                                info >> 4))
        return out

    def symbol(self, name):
        for s in self.sections:
            if s["type"] in (2, 11):  # SYMTAB, DYNSYM
                strs = self.sections[s["link"]]
                for j in range(s["size"] // 24):
                    st_name, info, other, shndx, value, size = struct.unpack_from(
                        "<IBBHQQ", self.data, s["off"] + j * 24)
                    if self.cstr_at(strs["off"] + st_name) == name:
                        return value
        raise KeyError(name)


def source_name(path, symbol):
    elf = Elf(path)
    return elf.cstr(elf.ptr(elf.symbol(symbol) + 16))


def commands(path, symbol, modname):
    elf = Elf(path)
    mod = elf.symbol(symbol)
    cmds = elf.ptr(mod + 88)  # module_struct.cmds
    source = elf.cstr(elf.ptr(mod + 16))  # module_struct.name, e.g. "mod_rewrite.c"
    out = []
    while cmds:
        name = elf.cstr(elf.ptr(cmds))
        if name is None:
            break
        req_override = elf.u32(cmds + 24)
        args_how = elf.u32(cmds + 28)
        errmsg = elf.cstr(elf.ptr(cmds + 32))
        out.append(dict(module=modname, source=source, name=name, argsHow=ARGS_HOW[args_how],
                        reqOverride=req_override, help=errmsg))
        cmds += 40
    return out


MODULE_MAGIC_MAJOR = 20120211
APACHE = "/usr/sbin/apache2"
MODDIR = "/usr/lib/apache2/modules"
BUILTIN = ["core_module", "so_module", "watchdog_module", "http_module", "log_config_module",
           "logio_module", "version_module", "unixd_module"]


LOADDIR = "/etc/apache2/mods-available"


def load_lines():
    """path -> module symbols the Debian packages' .load files name for it. Most modules follow
    the `*_module` convention, but not all: mod_shib's structure is `mod_shib`, and a package may
    keep its module outside MODDIR (neko's mod_neko2.ndll)."""
    named = {}
    if not os.path.isdir(LOADDIR):
        return named
    for f in sorted(os.listdir(LOADDIR)):
        if not f.endswith(".load"):
            continue
        for line in open(os.path.join(LOADDIR, f), encoding="latin-1"):
            w = line.split()
            if len(w) == 3 and w[0].lower() == "loadmodule":
                path = w[2] if w[2].startswith("/") else os.path.join("/usr/lib/apache2", w[2])
                named.setdefault(os.path.realpath(path), set()).add(w[1])
    return named


def module_symbols(path, named=()):
    """The module structures a .so exports (normally one): `*_module` symbols and those a .load
    file names, each checked for httpd 2.4's module magic."""
    elf = Elf(path)
    found = []
    for name, value, typ, defined, bind in elf.symbols():
        if not (defined and typ == 1 and bind == 1 and (name.endswith("_module") or name in named)):
            continue
        try:
            if elf.u32(value) == MODULE_MAGIC_MAJOR and name not in found:
                found.append(name)
        except KeyError:
            pass
    return found


def main():
    table_out, modules_out = sys.argv[1], sys.argv[2]
    named = load_lines()
    sos = sorted(f for f in os.listdir(MODDIR) if f.endswith(".so"))
    # Modules the .load files name outside MODDIR, by their absolute paths.
    sos += sorted(p for p in named if os.path.dirname(p) != os.path.realpath(MODDIR) and os.path.isfile(p))
    defined_by = {}  # symbol -> module .so that defines it
    undefined = {}
    for f in sos:
        elf = Elf(os.path.join(MODDIR, f))
        und = set()
        for name, value, typ, defined, bind in elf.symbols():
            if defined and bind in (1, 2) and typ in (1, 2):
                defined_by.setdefault(name, f)
            elif not defined and name:
                und.add(name)
        undefined[f] = und
    binary = {name for name, _v, _t, d, _b in Elf(APACHE).symbols() if d}
    mods = [dict(id=m, file=None, source=source_name(APACHE, m), deps=[]) for m in BUILTIN]
    table = []
    for m in BUILTIN:
        table += commands(APACHE, m, m)
    ids = {}
    for f in sos:
        path = os.path.join(MODDIR, f)
        for m in module_symbols(path, named.get(os.path.realpath(path), ())):
            ids[f] = ids.get(f, []) + [m]
    for f in sos:
        for m in ids.get(f, []):
            deps = sorted({defined_by[u] for u in undefined[f]
                           if u in defined_by and defined_by[u] != f and u not in binary})
            mods.append(dict(id=m, file=os.path.basename(f), source=source_name(os.path.join(MODDIR, f), m),
                             deps=[ids[d][0] for d in deps if d in ids]))
            table += commands(os.path.join(MODDIR, f), m, m)
    with open(table_out, "w") as fh:
        json.dump(table, fh, indent=0)
    with open(modules_out, "w") as fh:
        json.dump(mods, fh, indent=0)


main()
