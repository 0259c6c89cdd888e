#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Small inspection tool for the bpf-headers tests (python3 stdlib only).

  btfinfo.py relos OBJ
      One line per CO-RE relocation recorded in OBJ's .BTF.ext:
      "<program section> <kind name> <access string>".
  btfinfo.py structs DUMP NAME...
      From a `bpftool btf dump file X` text dump, print the named STRUCT
      blocks without type ids (so dumps of different objects compare).
"""

import struct
import sys

RELO_KINDS = {
    0: "FIELD_BYTE_OFFSET", 1: "FIELD_BYTE_SIZE", 2: "FIELD_EXISTS",
    3: "FIELD_SIGNED", 4: "FIELD_LSHIFT_U64", 5: "FIELD_RSHIFT_U64",
    6: "TYPE_ID_LOCAL", 7: "TYPE_ID_TARGET", 8: "TYPE_EXISTS",
    9: "TYPE_SIZE", 10: "ENUMVAL_EXISTS", 11: "ENUMVAL_VALUE",
    12: "TYPE_MATCHES",
}


def elf_sections(data):
    if data[:4] != b"\x7fELF" or data[4] != 2:
        raise SystemExit("not an ELF64 file")
    end = "<" if data[5] == 1 else ">"
    shoff, = struct.unpack_from(end + "Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from(end + "HHH", data, 0x3A)
    hdrs = []
    for i in range(shnum):
        name, _typ, _flags, _addr, off, size = struct.unpack_from(
            end + "IIQQQQ", data, shoff + i * shentsize)
        hdrs.append((name, off, size))
    _, stroff, _ = hdrs[shstrndx]
    out = {}
    for name, off, size in hdrs:
        nend = data.index(b"\0", stroff + name)
        out[data[stroff + name:nend].decode()] = data[off:off + size]
    return end, out


def cstr(buf, off):
    return buf[off:buf.index(b"\0", off)].decode()


def relos(path):
    with open(path, "rb") as f:
        data = f.read()
    end, secs = elf_sections(data)
    btf, ext = secs.get(".BTF"), secs.get(".BTF.ext")
    if btf is None or ext is None:
        raise SystemExit("%s: no .BTF or .BTF.ext section" % path)
    bhdr_len, _toff, _tlen, soff, _slen = struct.unpack_from(end + "IIIII", btf, 4)
    strs = btf[bhdr_len + soff:]
    magic, = struct.unpack_from(end + "H", ext, 0)
    if magic != 0xEB9F:
        raise SystemExit("%s: bad .BTF.ext magic" % path)
    hdr_len, = struct.unpack_from(end + "I", ext, 4)
    if hdr_len < 32:
        return []
    core_off, core_len = struct.unpack_from(end + "II", ext, 24)
    buf = ext[hdr_len + core_off:hdr_len + core_off + core_len]
    out = []
    if not buf:
        return out
    rec_size, = struct.unpack_from(end + "I", buf, 0)
    pos = 4
    while pos < len(buf):
        sec_off, num = struct.unpack_from(end + "II", buf, pos)
        pos += 8
        sec = cstr(strs, sec_off)
        for _ in range(num):
            _insn, _tid, acc_off, kind = struct.unpack_from(end + "IIII", buf, pos)
            pos += rec_size
            out.append("%s %s %s" % (sec, RELO_KINDS.get(kind, "KIND_%d" % kind), cstr(strs, acc_off)))
    return out


def structs(dump_path, names):
    blocks = {}
    cur = None
    with open(dump_path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("["):
                cur = None
                body = line.split("] ", 1)[1]
                for n in names:
                    if body.startswith("STRUCT '%s' " % n):
                        cur = n
                        blocks[n] = [body]
            elif cur and line.startswith("\t"):
                blocks[cur].append(" ".join(w for w in line.split(" ") if not w.startswith("type_id=")))
    for n in names:
        for line in blocks.get(n, ["MISSING STRUCT '%s'" % n]):
            print(line)


def main(argv):
    if len(argv) >= 2 and argv[0] == "relos":
        for line in relos(argv[1]):
            print(line)
        return 0
    if len(argv) >= 3 and argv[0] == "structs":
        structs(argv[1], argv[2:])
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
