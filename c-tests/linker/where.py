#!/usr/bin/env python3
"""Prints where two ELF files first differ: the byte offset and the section
(or ELF/section header) holding it, in the first file's layout."""
import struct
import sys


def sections(data):
    if len(data) < 64 or data[:4] != b"\x7fELF":
        return []
    end = "<" if data[5] == 1 else ">"
    shoff, = struct.unpack_from(end + "Q", data, 40)
    shnum, shstrndx = struct.unpack_from(end + "HH", data, 60)
    hdrs = []
    for i in range(shnum):
        o = shoff + 64 * i
        if o + 64 > len(data):
            break
        hdrs.append(struct.unpack_from(end + "IIQQQQIIQQ", data, o))
    names = []
    strtab = hdrs[shstrndx] if shstrndx < len(hdrs) else None
    for h in hdrs:
        n = "?"
        if strtab:
            s = strtab[4] + h[0]
            e = data.find(b"\0", s)
            n = data[s:e].decode(errors="replace")
        names.append(n)
    out = [("ELF header", 0, 64), ("section headers", shoff, 64 * shnum)]
    for h, n in zip(hdrs, names):
        if h[1] != 8:
            out.append((n, h[4], h[5]))
    return out


a = open(sys.argv[1], "rb").read()
b = open(sys.argv[2], "rb").read()
off = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
where = "past the end of one file"
for name, start, size in sections(a):
    if start <= off < start + size:
        where = "%s +0x%x" % (name, off - start)
        break
print("first difference at 0x%x (%s); sizes %d and %d" % (off, where, len(a), len(b)))
