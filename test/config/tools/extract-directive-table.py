#!/usr/bin/env python3
"""Read the directive tables (command_rec arrays) that the installed httpd binary and module .so
files declare, straight from their ELF images, and print them as JSON.

Why: htrewrite must accept exactly what Apache 2.4.71 accepts. Each module declares, per directive,
the argument style (TAKE1, RAW_ARGS, ...), the override/context mask (RSRC_CONF, OR_FILEINFO, ...)
and the help text that httpd appends to arity errors. Reading the tables from the binaries that
are installed on this machine gives the exact values without transcribing them by hand.

usage: extract-directive-table.py BINARY:SYMBOL[:MODNAME] ...   (stdout: JSON list)
"""
import json, struct, sys

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
        self.reloc = {}
        for s in self.sections:
            if s["type"] == 4:  # SHT_RELA
                for j in range(s["size"] // 24):
                    off, info, addend = struct.unpack_from("<QQq", d, s["off"] + j * 24)
                    if (info & 0xFFFFFFFF) == 8:  # R_X86_64_RELATIVE
                        self.reloc[off] = addend

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


result = []
for spec in sys.argv[1:]:
    parts = spec.split(":")
    result += commands(parts[0], parts[1], parts[2] if len(parts) > 2 else parts[1])
json.dump(result, sys.stdout, indent=0)
