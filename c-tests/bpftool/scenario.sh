#!/usr/bin/env bash
# The stateful part of the bpftool comparison, run once per bpftool under the
# same pin directory: loads, pins, attaches, inspects and tears down, and
# prints a transcript ("$ bpftool ARGS", its stdout, its stderr as "! ...",
# "= <exit status>") that run.sh compares between the two bpftools.
#   usage: scenario.sh BPFTOOL PIN_DIR NETNS OBJ_DIR
set -u
B=$1 D=$2 NS=$3 O=$4
bt=$O/bt.bpf.o

# step ARGS...: one bpftool command in the transcript.
step() {
	echo "\$ bpftool $*"
	"$B" "$@" 2>"$O/step.err"
	local rc=$?
	sed 's/^/! /' "$O/step.err"
	echo "= $rc"
}
# nstep ARGS...: the same inside the test's network namespace (only the
# network: the pins under /sys/fs/bpf stay visible).
nstep() {
	echo "\$ bpftool (netns) $*"
	nsenter --net="/var/run/netns/$NS" "$B" "$@" 2>"$O/step.err"
	local rc=$?
	sed 's/^/! /' "$O/step.err"
	echo "= $rc"
}
# The id of the pinned object (not part of the transcript).
pinned_id() { "$B" -j "$1" show pinned "$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }

# prog load: the first program, pinned; then all of them with pinned maps.
step prog load "$bt" "$D/first"
step prog show pinned "$D/first"
step prog loadall "$bt" "$D/progs" pinmaps "$D/maps"
echo "# pins: $(cd "$D" && find . | sort | tr '\n' ' ')"
for p in on_getppid on_sys_exit xdp_count tc_pass; do
	step prog show pinned "$D/progs/$p"
	step -j prog show pinned "$D/progs/$p"
	step prog dump xlated pinned "$D/progs/$p"
	step prog dump jited pinned "$D/progs/$p"
done
# -f: every path an object is pinned at, from bpftool's hash maps (a
# multimap keyed by id: its iteration order shows in the output)
step prog pin pinned "$D/progs/on_getppid" "$D/alias1"
step prog pin pinned "$D/progs/on_getppid" "$D/alias2"
step -f prog show pinned "$D/progs/on_getppid"
step -f -j prog show pinned "$D/progs/on_getppid"
step map pin pinned "$D/maps/stats" "$D/stats_alias"
step -f map show pinned "$D/maps/stats"
step prog dump xlated pinned "$D/progs/on_getppid" opcodes
step prog dump xlated pinned "$D/progs/on_getppid" linum
step prog dump xlated pinned "$D/progs/xdp_count" visual
step -j prog dump xlated pinned "$D/progs/on_getppid"
step prog dump jited pinned "$D/progs/on_getppid" linum

# map commands on the pinned maps (BTF-formatted where BTF says how)
for m in stats slots events jumps bt_data bt_bss bt_rodata; do
	step map show pinned "$D/maps/$m"
	step -j map show pinned "$D/maps/$m"
	step map dump pinned "$D/maps/$m"
done
# (one entry at a time: a hash map's order is the kernel's, seeded per map)
step map update pinned "$D/maps/stats" key 1 0 0 0 value 1 0 0 0 0 0 0 0 2 0 0 0 0x61 0x62 0x63 0 0x50 0 0 0 3 0 0 0
step map lookup pinned "$D/maps/stats" key 1 0 0 0
step -j map lookup pinned "$D/maps/stats" key 1 0 0 0
step map getnext pinned "$D/maps/stats"
step map getnext pinned "$D/maps/stats" key 1 0 0 0
step map dump pinned "$D/maps/stats"
step -j map dump pinned "$D/maps/stats"
step map update pinned "$D/maps/stats" key 2 0 0 0 value hex 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
step map delete pinned "$D/maps/stats" key 1 0 0 0
step map lookup pinned "$D/maps/stats" key 1 0 0 0
step map dump pinned "$D/maps/stats"
step map update pinned "$D/maps/slots" key 2 0 0 0 value 5 0 0 0 0 0 0 0
step map dump pinned "$D/maps/slots"
step -j map dump pinned "$D/maps/slots"
step -p map dump pinned "$D/maps/bt_data"
# (a prog array's values are program ids)
step map dump pinned "$D/maps/jumps" | sed -E 's/"value": [0-9]+/"value": PROG_ID/'
step map create "$D/hash" type hash key 4 value 8 entries 8 name oxbt_hash
step map update pinned "$D/hash" key 7 0 0 0 value 9 0 0 0 0 0 0 0
step map dump pinned "$D/hash"
step map freeze pinned "$D/hash"
step map update pinned "$D/hash" key 8 0 0 0 value 9 0 0 0 0 0 0 0
step map show pinned "$D/hash"
step map create "$D/queue" type queue key 0 value 4 entries 4 name oxbt_queue
step map push pinned "$D/queue" value 1 2 3 4
step map peek pinned "$D/queue"
step map pop pinned "$D/queue"
step map create "$D/inner" type array key 4 value 4 entries 1 name oxbt_inner
step map create "$D/outer" type array_of_maps key 4 value 4 entries 2 name oxbt_outer inner_map pinned "$D/inner"
step map show pinned "$D/outer"
step map pin pinned "$D/hash" "$D/hash2"
step map show pinned "$D/hash2"

# BTF of the loaded object, from the kernel
btf=$("$B" -j prog show pinned "$D/progs/on_getppid" | python3 -c 'import json,sys; print(json.load(sys.stdin)["btf_id"])')
step btf show id "$btf"
step -j btf show id "$btf"
step btf dump id "$btf"
step btf dump id "$btf" format c
step btf dump map pinned "$D/maps/stats"
step btf dump prog pinned "$D/progs/on_getppid"

# autoattach: links pinned for what attaches, programs for what cannot
step prog loadall "$bt" "$D/auto" autoattach
echo "# pins: $(cd "$D/auto" && find . | sort | tr '\n' ' ')"
for l in on_getppid on_sys_exit; do
	step link show pinned "$D/auto/$l"
	step -j link show pinned "$D/auto/$l"
done
step -f link show pinned "$D/auto/on_getppid"
link=$(pinned_id link "$D/auto/on_getppid")
step link show id "$link"
step link detach pinned "$D/auto/on_sys_exit"
step link show pinned "$D/auto/on_sys_exit"

# struct_ops register into a new directory, then inspect and unregister
step struct_ops register "$O/bt_ca.bpf.o" "$D/ca/links"
echo "# pins: $(cd "$D/ca" && find . | sort | tr '\n' ' ')"
step struct_ops show name bt_ca
step struct_ops show name bt_ca_nolink
step -j struct_ops show name bt_ca_nolink
step struct_ops dump name bt_ca_nolink
step struct_ops unregister name bt_ca_nolink
step link show pinned "$D/ca/links/bt_ca"
rm -f "$D/ca/links/bt_ca"

# net: XDP, tcx and a clsact filter on lo of the test's netns
nsenter --net="/var/run/netns/$NS" ip link set lo up
nstep net attach xdpgeneric pinned "$D/progs/xdp_count" dev lo
nstep net attach tcx_ingress pinned "$D/progs/tc_pass" dev lo
nsenter --net="/var/run/netns/$NS" tc qdisc add dev lo clsact
nsenter --net="/var/run/netns/$NS" tc filter add dev lo egress bpf da pinned "$D/progs/tc_pass"
nstep net show
nstep -j net show
nstep net show dev lo
nstep net detach xdpgeneric dev lo
nstep net detach tcx_ingress dev lo
nsenter --net="/var/run/netns/$NS" tc qdisc del dev lo clsact
nstep net show

# program and link errors bpftool reports from libbpf
step prog load /nonexistent.o "$D/x"
step prog load "$bt" "$D/progs/on_getppid"
step prog show pinned "$D/nothing"
exit 0
