# Splits two normalised scenario transcripts into steps (a step starts with a
# "$ bpftool" line) and prints one "same|differs<TAB>label" per step of the
# first (upstream) transcript, matched by position.
function load(file, steps, labels,    line, n) {
	n = 0
	while ((getline line < file) > 0) {
		if (line ~ /^\$ bpftool/) { n++; labels[n] = substr(line, 3); steps[n] = "" }
		if (n > 0) steps[n] = steps[n] line "\n"
	}
	close(file)
	return n
}
END {
	nu = load(up, su, lu)
	no = load(ox, so, lo)
	for (i = 1; i <= nu; i++)
		printf "%s\t%s\n", (i <= no && su[i] == so[i]) ? "same" : "differs", lu[i]
	if (no != nu) printf "differs\tscenario length: upstream %d steps, oxbpf %d\n", nu, no
}
