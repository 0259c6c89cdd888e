// Tells valgrind's thread checker (helgrind) which memory the library races
// on by design: the live-handle registry's sequence lock and table
// (src/capi/registry.rs), read without locks, validated by the sequence.
// helgrind does not model atomics, so it would report every such read.
// Outside valgrind the request is a handful of no-op instructions, and it is
// made only when a table is allocated.
#include <stddef.h>
#if __has_include(<valgrind/helgrind.h>)
#include <valgrind/helgrind.h>
#endif

void oxbpf_hg_benign(const void *p, size_t len)
{
#ifdef VALGRIND_HG_DISABLE_CHECKING
	VALGRIND_HG_DISABLE_CHECKING(p, len);
#else
	(void)p;
	(void)len;
#endif
}
