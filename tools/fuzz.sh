#!/usr/bin/env bash
# Runs the cargo-fuzz targets (fuzz/) the way RELIABILITY.md's counts were
# made: nightly toolchain, ASan and debug assertions (cargo-fuzz defaults),
# one process at a time under `nice -n 10` (a shared machine), a working
# corpus outside the repository seeded from fuzz/corpus/<target>.
#
#   tools/fuzz.sh run SECONDS [TARGET...]   fuzz each target SECONDS; appends
#                                           "date target secs execs cov ft units"
#                                           to $work/log.tsv
#   tools/fuzz.sh cmin [TARGET...]          minimize the working corpus into
#                                           fuzz/corpus/<target> (replaces it;
#                                           a set cover of the edges)
#   tools/fuzz.sh total                     executions per target so far
# Crashes, OOMs and timeouts land in $work/artifacts/<target>/: minimize
# them (the binary's -minimize_crash=1) and keep them under
# fuzz/regressions/<target>/, which `make test` replays (tests/fuzz_replay.rs).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=${OXBPF_FUZZ_WORK:-/var/tmp/oxbpf-fuzz}
bin=$root/fuzz/target/x86_64-unknown-linux-gnu/release
all=(object_prepare btf_new btf_split btf_ext_new usdt kconfig prog_linfo)
mkdir -p "$work"

# OXBPF_FUZZ_NOBUILD=1: use the binaries as they are.
build() {
	[ -n "${OXBPF_FUZZ_NOBUILD:-}" ] ||
		(cd "$root" && nice -n 10 cargo +nightly fuzz build >/dev/null)
}

# Fallible allocations (try_reserve) must see malloc's NULL as glibc gives
# it, not ASan's abort on sizes it cannot serve: an infallible one that fails
# still aborts (Rust's handler) and is kept as a crash.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_may_return_null=1

cmd=${1:-}
shift || true
case $cmd in
run)
	secs=$1
	shift
	targets=("$@")
	[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
	build
	for t in "${targets[@]}"; do
		mkdir -p "$work/$t" "$work/artifacts/$t"
		[ -d "$root/fuzz/corpus/$t" ] && cp -n "$root/fuzz/corpus/$t"/* "$work/$t/" 2>/dev/null || true
		log="$work/$t.last.log"
		# Fork mode goes on after a crash, OOM or timeout (each is kept).
		nice -n 10 "$bin/$t" "$work/$t" -fork=1 -ignore_crashes=1 -ignore_ooms=1 \
			-ignore_timeouts=1 -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix="$work/artifacts/$t/" >"$log" 2>&1 || true
		last=$(grep -E '^#[0-9]+' "$log" | tail -1)
		execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last")
		cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
		ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
		units=$(ls "$work/$t" | wc -l)
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$secs" \
			"${execs:-0}" "${cov:-?}" "${ft:-?}" "$units" >>"$work/log.tsv"
		echo "$t: ${execs:-0} execs, cov ${cov:-?}, ft ${ft:-?}, $units inputs; artifacts: $(ls "$work/artifacts/$t" | wc -l)"
	done
	;;
cmin)
	targets=("$@")
	[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
	build
	for t in "${targets[@]}"; do
		rm -rf "$work/cmin.$t" && mkdir -p "$work/cmin.$t" "$root/fuzz/corpus/$t"
		# A small set of inputs covering every edge (hit counts and value
		# profiles ignored): what is committed; the working corpus keeps all.
		nice -n 10 "$bin/$t" -set_cover_merge=1 -use_counters=0 -use_value_profile=0 \
			-timeout=10 "$work/cmin.$t" "$work/$t" "$root/fuzz/corpus/$t" \
			>"$work/cmin.$t.log" 2>&1
		rm -rf "$root/fuzz/corpus/$t" && mkdir -p "$root/fuzz/corpus/$t"
		cp "$work/cmin.$t"/* "$root/fuzz/corpus/$t/"
		echo "$t: $(ls "$root/fuzz/corpus/$t" | wc -l) inputs, $(du -sk "$root/fuzz/corpus/$t" | cut -f1) KiB"
	done
	;;
total)
	awk -F'\t' '{e[$2] += $4; s[$2] += $3} END {for (t in e) printf "%s\t%d execs\t%d s\n", t, e[t], s[t]}' \
		"$work/log.tsv" | sort
	;;
*)
	sed -n '2,16p' "$0"
	exit 2
	;;
esac
