/* Links against libbpf.a with exactly libbpf-bootstrap's link line, and
 * (with -DWITH_OTHER_RUST) next to another Rust static library. */
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

#ifdef WITH_OTHER_RUST
unsigned long long other_rust_sum(unsigned int n);
#endif

int main(void)
{
	char buf[64];
	int cpus = libbpf_num_possible_cpus();

	if (libbpf_major_version() != 1 || libbpf_minor_version() != 7) {
		fprintf(stderr, "bad version %u.%u\n", libbpf_major_version(), libbpf_minor_version());
		return 1;
	}
	if (strcmp(libbpf_version_string(), "v1.7") != 0) {
		fprintf(stderr, "bad version string %s\n", libbpf_version_string());
		return 1;
	}
	if (cpus <= 0) {
		fprintf(stderr, "bad cpu count %d\n", cpus);
		return 1;
	}
	if (libbpf_strerror(-4007, buf, sizeof(buf)) || strstr(buf, "Program too big") == NULL) {
		fprintf(stderr, "bad strerror '%s'\n", buf);
		return 1;
	}
#ifdef WITH_OTHER_RUST
	if (other_rust_sum(10) != 55) {
		fprintf(stderr, "other Rust library broken\n");
		return 1;
	}
#endif
	printf("link ok: %d cpus\n", cpus);
	return 0;
}
