# Normalises what legitimately differs between two runs of bpftool against
# the same kernel: object ids (global counters), times, kernel addresses of
# maps and programs, process ids, and run-dependent names.
# plain output
s/^([[:space:]]*)[0-9]+: /\1ID: /
s/\b(id|btf_id|prog_id|map_id|link_id|target_obj_id|target_btf_id|attach_btf_obj_id|map_extra|netns_ino|ifindex_ino) [0-9]+/\1 N/g
s/\b(map_ids|prog_ids|link_ids|btf_ids) [0-9]+(,[0-9]+)*/\1 N/g
s/loaded_at [0-9T:+-]+/loaded_at T/g
s/\b(prog|map|btf|link) ([0-9]+)\b/\1 N/g
s/map\[id:[0-9]+\]/map[id:N]/g
s/\bid [0-9]+\b/id N/g
s/pids ([^(]+)\([0-9]+\)/pids \1(PID)/g
s/0x(ffff)?ffff[0-9a-f]{8,12}/0xADDR/g
s/bpf_prog_[0-9a-f]{16}/bpf_prog_TAG/g
# JSON output
s/"(id|btf_id|prog_id|map_id|link_id|target_obj_id|target_btf_id|attach_btf_obj_id|pid|netns_ino)": *[0-9]+/"\1": N/g
s/"loaded_at": *[0-9]+/"loaded_at": T/g
s/"(map_ids|prog_ids)": *\[[0-9, ]*\]/"\1": [N]/g
# per-run names
s/oxbt-[0-9]+/oxbt-RUN/g
s/oxbt[0-9]+/oxbtRUN/g
# kernel addresses in JIT dumps (movabsq $-60472970633216) and map ids in
# the immediate of an ld_imm64 in opcode dumps ("18 21 00 00 64 00 01 00 …")
s/\$-?[0-9]{11,}/$ADDR/g
s/^([[:space:]]+18 [0-9a-f]{2} 00 00) [0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2}/\1 IM IM IM IM/
