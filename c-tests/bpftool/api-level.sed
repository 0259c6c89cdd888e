# Differences between the two libraries' API levels, not between behaviours:
# the upstream bpftool links the 6.12 tree's own libbpf (v1.5), oxbpf is
# libbpf v1.7.0. Applied to both outputs; each rule only ever matches one.
#
# v1.7 names map type 33 ("insn_array"), which bpftool's feature probe lists
# from libbpf's table; v1.5 stops at arena.
/map_type insn_array is/d
/_INSN_ARRAY_MAP_TYPE$/d
s/,"have_insn_array_map_type":(true|false)//
# v1.7's btf_dump prints a TYPE_TAG whose kflag is set (a type attribute:
# this kernel marks its address_space(N) tags so) as __attribute__((NAME));
# v1.5 printed every tag as __attribute__((btf_type_tag("NAME"))).
s/__attribute__\(\(btf_type_tag\("(address_space\([0-9]+\))"\)\)\)/__attribute__((\1))/g
