#!/usr/bin/env bash
# The 15 libbpf-bootstrap-style examples end to end, as root on the real
# kernel: built with clang + Debian's bpftool skeletons against our headers,
# linked (a) statically with libbpf-bootstrap's line and (b) dynamically via
# pkg-config from a `make install DESTDIR=` tree. The minimal ones must make
# their bpf_printk line, with their own pid, reach a tracefs instance of this
# run (../trace.sh: other tracing on the machine cannot clear or eat it); the
# others trigger their probes and check what the programs counted (each
# prints "<name>: ..." lines we match). Where this kernel lacks the feature
# (kprobes, BPF trampolines) the example goes as far as the kernel allows and
# prints "SKIP: <reason>", counted as skipped, never as passed.
. "$(dirname "$0")/../lib.sh"
. "$root/c-tests/trace.sh"

if [ "$(id -u)" != 0 ]; then
	skip "examples need root"; finish
fi
"$root/tools/install-deps.sh" >/dev/null

# (a) static, against the build tree
if make -s -C "$here" OUTPUT="$tmp/static" LIBBPF_A="$build/libbpf.a" \
	BPF_INCLUDES="-I$root/include" >"$tmp/build-static.log" 2>&1; then
	ok "examples build and link statically (cc app.o libbpf.a -lelf -lz)"
else
	cat "$tmp/build-static.log"; ko "static build"
fi

# (b) dynamic, against an installed tree found through pkg-config
dest="$tmp/dest"
if make -s -C "$root" DESTDIR="$dest" PREFIX=/usr LIBDIR=/usr/lib install >"$tmp/install.log" 2>&1 &&
	PKG_CONFIG_PATH="$dest/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$dest" \
	make -s -C "$here" OUTPUT="$tmp/dyn" LINK=pkg-config BPF_INCLUDES="-I$dest/usr/include" \
	>"$tmp/build-dyn.log" 2>&1; then
	ok "examples build against the installed tree via pkg-config"
else
	cat "$tmp/install.log" "$tmp/build-dyn.log"; ko "pkg-config build"
fi
if [ -x "$tmp/dyn/minimal" ] && LD_LIBRARY_PATH="$dest/usr/lib" ldd "$tmp/dyn/minimal" |
	grep -q "$dest/usr/lib/libbpf.so.1"; then
	ok "dynamically linked example resolves our libbpf.so.1"
else
	ko "dynamic example does not use the installed libbpf.so.1"
fi

# Every bpf_printk line of the minimal examples, from now on, in $TRACE_LOG.
trace_open oxbpf-examples "oxbpf minimal" || ko "tracefs instance for bpf_printk lines"

# OXBPF_TRACE_INTERFERE=1: while the minimal examples run, other processes
# clear the global trace buffer every 50 ms, flood it through trace_marker and
# consume its trace_pipe, as other tracing on a shared machine does; the
# checks must pass all the same. Off by default: it disturbs everyone else
# who uses the global buffer.
interferers=()
if [ "${OXBPF_TRACE_INTERFERE:-0}" = 1 ]; then
	echo "interference: clearing $TRACEFS/trace, flooding trace_marker, reading trace_pipe"
	(while :; do echo >"$TRACEFS/trace"; sleep 0.05; done) &
	interferers+=($!)
	(while :; do echo "oxbpf minimal: interference PID 0." >"$TRACEFS/trace_marker"; done) 2>/dev/null &
	interferers+=($!)
	cat "$TRACEFS/trace_pipe" >/dev/null &
	interferers+=($!)
	at_exit 'kill ${interferers[@]} 2>/dev/null'
fi

# Runs an example for 3 s, then looks for its "<marker> ... PID <its pid>" line.
check_trace() {
	local name=$1 bin=$2 marker=$3 line
	shift 3
	[ -x "$bin" ] || { ko "$name: not built"; return; }
	env "$@" "$bin" 3 >"$tmp/out" 2>"$tmp/err" &
	local pid=$!
	wait $pid
	local rc=$?
	if [ $rc = 0 ] && line=$(trace_find "$marker.*PID $pid[.,]" 3); then
		ok "$name: runs, attaches, and its bpf_printk line (PID $pid) is traced"
	else
		echo "--- stdout"; cat "$tmp/out"; echo "--- stderr"; cat "$tmp/err"
		echo "--- trace (last lines of this run's)"; tail -5 "$TRACE_LOG"
		ko "$name: exit $rc, trace line for PID $pid not found"
	fi
}

check_trace "minimal (static)" "$tmp/static/minimal" "oxbpf minimal: BPF triggered from"
check_trace "minimal_legacy (static)" "$tmp/static/minimal_legacy" "oxbpf minimal_legacy: BPF triggered from"
check_trace "minimal (pkg-config, libbpf.so.1)" "$tmp/dyn/minimal" "oxbpf minimal: BPF triggered from" \
	LD_LIBRARY_PATH="$dest/usr/lib"
check_trace "minimal_legacy (pkg-config, libbpf.so.1)" "$tmp/dyn/minimal_legacy" \
	"oxbpf minimal_legacy: BPF triggered from" LD_LIBRARY_PATH="$dest/usr/lib"

check_trace "minimal_ns (static)" "$tmp/static/minimal_ns" "oxbpf minimal_ns: BPF triggered from"
if [ ${#interferers[@]} -gt 0 ]; then
	kill "${interferers[@]}" 2>/dev/null
	wait "${interferers[@]}" 2>/dev/null
	interferers=()
	echo "interference: stopped"
fi
trace_close

# run_check NAME EXPECT CMD...: runs an example (30 s limit); passes when its
# output has EXPECT, skips when it printed "SKIP:" and exited 0.
run_check() {
	local name=$1 expect=$2
	shift 2
	timeout 30 "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if [ $rc = 0 ] && grep -q "^SKIP:" "$tmp/out"; then
		skip "$name: $(grep -m1 '^SKIP:' "$tmp/out" | sed 's/^SKIP: //')"
	elif [ $rc = 0 ] && grep -qE "$expect" "$tmp/out"; then
		ok "$name: $(grep -E "$expect" "$tmp/out" | head -1)"
	else
		echo "--- stdout"; tail -5 "$tmp/out"; echo "--- stderr"; tail -8 "$tmp/err"
		ko "$name: exit $rc, expected /$expect/"
	fi
}

s=$tmp/static
run_check "uprobe (own functions by name and SEC(), libc getpid)" "^uprobe: all probes fired" "$s/uprobe"
run_check "usdt (auto + manual with cookie, semaphore)" "^usdt: all probes fired" "$s/usdt"
run_check "kprobe" "^kprobe: all probes fired" "$s/kprobe"
run_check "ksyscall" "^ksyscall: all probes fired" "$s/ksyscall"
run_check "fentry" "^fentry: all probes fired" "$s/fentry"
run_check "lsm" "^lsm: hook denied" "$s/lsm"
run_check "sockfilter (loopback UDP)" "^sockfilter: filter counted every datagram" "$s/sockfilter"
run_check "tc (clsact ingress on lo in a fresh netns)" "^tc: attached, counted, detached" \
	unshare -n sh -c "ip link set lo up && exec $s/tc"
run_check "task_iter" "^task_iter: .* listed" "$s/task_iter"
run_check "profile (perf_event sampling)" "^profile: sampling works" "$s/profile"

# bootstrap(_legacy): exec /bin/true while it runs; both its EXEC and EXIT
# events must come out of the ring (perf) buffer.
check_bootstrap() {
	local name=$1 bin=$2
	[ -x "$bin" ] || { ko "$name: not built"; return; }
	"$bin" -t 3 >"$tmp/out" 2>"$tmp/err" &
	local pid=$!
	for _ in $(seq 30); do
		grep -q "^TIME" "$tmp/out" && break
		sleep 0.1
	done
	/bin/true
	wait $pid
	local rc=$?
	if [ $rc = 0 ] && grep -qE "EXEC +true +[0-9]+ +[0-9]+ +/bin/true" "$tmp/out" &&
		grep -qE "EXIT +true +[0-9]+ +[0-9]+ +\[0\]" "$tmp/out"; then
		ok "$name: EXEC and EXIT events of /bin/true"
	else
		echo "--- stdout"; tail -5 "$tmp/out"; echo "--- stderr"; tail -5 "$tmp/err"
		ko "$name: exit $rc, no EXEC/EXIT events for /bin/true"
	fi
}
check_bootstrap "bootstrap (CO-RE, ring buffer)" "$s/bootstrap"
check_bootstrap "bootstrap_legacy (perf buffer)" "$s/bootstrap_legacy"

finish
