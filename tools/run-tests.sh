#!/usr/bin/env bash
# Runs every test layer against the libraries in $1 (default build/) and ends
# with one summary line "N passed, N failed" (suites whose own counts we add up).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
cd "$root"
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
total_pass=0 total_fail=0 total_skip=0
failed_suites=()

# run NAME CMD...: runs a suite, shows its output, adds its counts.
run() {
	local name=$1; shift
	echo "=== $name"
	local out="$log/$name.out"
	"$@" 2>&1 | tee "$out"
	local rc=${PIPESTATUS[0]}
	local p f s
	# Our suites print "N passed, N failed[, N skipped]"; cargo prints "test result: ...".
	p=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -1 | awk '{print $1}')
	f=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -1 | awk '{print $3}')
	s=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$out" | tail -1 | awk '{print $5}')
	if [ -z "$p" ]; then
		p=$(grep -E '^test result:' "$out" | awk '{s += $4} END {print s + 0}')
		f=$(grep -E '^test result:' "$out" | awk '{s += $6} END {print s + 0}')
		s=$(grep -cE '^SKIP' "$out")
	fi
	if [ "$rc" != 0 ] && [ "${f:-0}" = 0 ]; then f=1; fi
	total_pass=$((total_pass + ${p:-0}))
	total_fail=$((total_fail + ${f:-0}))
	total_skip=$((total_skip + ${s:-0}))
	[ "$rc" = 0 ] || failed_suites+=("$name")
}

run fmt bash -c 'cargo fmt --check && echo "1 passed, 0 failed"'
run clippy bash -c 'cargo clippy --quiet --all-targets -- -D warnings && echo "1 passed, 0 failed"'
run rust cargo test --quiet --release -- --test-threads=2
# Fuzz corpora and regressions once more with overflow checks and debug
# assertions on (the fuzzers' settings; the release run above has neither).
run fuzz-replay cargo test --quiet --test fuzz_replay
[ -x c-tests/abi/run.sh ] && run abi c-tests/abi/run.sh "$build"
[ -x c-tests/abi/skeleton-compile.sh ] && run skeleton-compile env LIBBPF_A="$build/libbpf.a" c-tests/abi/skeleton-compile.sh
[ -x c-tests/bpf-headers/run.sh ] && run bpf-headers c-tests/bpf-headers/run.sh
[ -x c-tests/bpfh/run.sh ] && run bpfh c-tests/bpfh/run.sh "$build"
run link c-tests/link/run.sh "$build"
run diff c-tests/diff/run.sh "$build"
run core c-tests/core/run.sh "$build"
run handlers c-tests/handlers/run.sh "$build"
run api-edges c-tests/api-edges/run.sh "$build"
run handles-safety c-tests/handles-safety/run.sh "$build"
run conform c-tests/conform/run.sh "$build"
run examples c-tests/examples/run.sh "$build"
# The hot-code list the start-up figures depend on (BENCHMARKS.md) is current.
run startup-hot tools/startup-hot.sh check
run freplace c-tests/freplace/run.sh "$build"
[ -x c-tests/light-skeleton/run.sh ] && run light-skeleton c-tests/light-skeleton/run.sh
run gen-loader c-tests/gen-loader/run.sh "$build"
run btf-dump c-tests/btf-dump/run.sh "$build"
run btf-dedup c-tests/btf-dedup/run.sh "$build"
run hostile c-tests/hostile/run.sh "$build"
run memcheck c-tests/memcheck/run.sh "$build"
# Ring buffer wake-ups under a racing producer (bounded; a lost one fails).
run ringbuf c-tests/ringbuf/run.sh "$build"
# 4 threads x 60 cycles each side (THREADS_CYCLES=500 is the full run).
run threads c-tests/threads/run.sh "$build"
run fuzz-diff c-tests/fuzz-diff/run.sh "$build"
run linker c-tests/linker/run.sh "$build"
# The Linux 6.12 BPF selftests' programs, all of them (about 10 minutes on
# 2 cores; `make conformance` runs the same and writes CONFORMANCE.md).
run selftests c-tests/selftests/run.sh "$build"
run selftests-extra c-tests/selftests/extra.sh "$build"
# veristat from the same tree on oxbpf vs on upstream, every third object
# (about 30 s; `make conformance` runs all of them).
run veristat c-tests/selftests/veristat.sh "$build" --quick
run logs c-tests/logs/run.sh "$build"
run internal c-tests/internal/run.sh "$build"
# bpftool from linux-source-6.12 on oxbpf vs on its own libbpf: the quick
# subset (`make bpftool-conformance` runs all of it).
run bpftool c-tests/bpftool/run.sh "$build" quick
[ -x tools/test-compat.sh ] && run compat tools/test-compat.sh

echo
echo "=== summary"
[ ${#failed_suites[@]} -eq 0 ] || echo "failed suites: ${failed_suites[*]}"
echo "skipped (not counted as passed): $total_skip"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ] && [ ${#failed_suites[@]} -eq 0 ]
