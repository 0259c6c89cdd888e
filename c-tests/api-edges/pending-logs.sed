# Log differences owned by the `logging` branch (issue 14, items 7-10),
# applied to both transcripts before the log lines are compared. Delete a
# rule once that work is on main; with this file empty the comparison is
# exact (lines still compared per level, as sorted multisets).
#
# Errors print as libbpf's errstr() ("-ENOENT"), ours still as Rust's
# "No such file or directory (os error 2)".
s/: -E[A-Z0-9]+$/: <errno>/
s/: [A-Z][^:]* \(os error [0-9]+\)$/: <errno>/
# Our C edge adds "<function>: " to what the layer below reports.
s/^(WARN|INFO|DEBUG): libbpf: bpf_[a-z0-9_]+: /\1: libbpf: /
# libbpf names the object by its path in this line, we by its name.
s/failed to load object '[^']*'/failed to load object '<obj>'/
# Not pending, on purpose (c-tests/logs/known.txt, item 10): after a failed
# load oxbpf names the verifier's complaint and the C line it came from.
/^WARN: libbpf: prog '[a-z_]+': (the verifier rejected insn #|the verifier's error: |insn #[0-9]+ comes from )/d
