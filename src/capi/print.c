/* Variadic shims (with the internal hash map, the only C in oxbpf): libbpf's
 * print callback takes a va_list, which stable Rust cannot construct. Rust
 * formats the message itself and calls the user's callback through this
 * variadic shim with "%s". */
#include <stdarg.h>
#include <stdio.h>

typedef int (*oxbpf_print_fn_t)(int level, const char *fmt, va_list ap);

static int oxbpf_call_va(oxbpf_print_fn_t fn, int level, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = fn(level, fmt, ap);
	va_end(ap);
	return ret;
}

int oxbpf_call_print(oxbpf_print_fn_t fn, int level, const char *msg)
{
	return oxbpf_call_va(fn, level, "%s", msg);
}

/* btf_dump's printf callback takes a va_list too: same trick. */
typedef void (*oxbpf_dump_printf_fn_t)(void *ctx, const char *fmt, va_list ap);

static void oxbpf_dump_va(oxbpf_dump_printf_fn_t fn, void *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fn(ctx, fmt, ap);
	va_end(ap);
}

void oxbpf_call_dump_printf(oxbpf_dump_printf_fn_t fn, void *ctx, const char *text)
{
	oxbpf_dump_va(fn, ctx, "%s", text);
}

/* The default printer, as a function a caller can get back from
 * libbpf_set_print and call: stderr, up to LIBBPF_LOG_LEVEL's level. (Our own
 * lines take a shorter way to stderr; this one serves callers' chaining.) */
int oxbpf_default_print_level(void);

int oxbpf_base_pr(int level, const char *fmt, va_list ap)
{
	if (level > oxbpf_default_print_level())
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/* libbpf_print(): the internal variadic printer of libbpf's tree
 * (include/internal/libbpf_internal.h's pr_warn & co.). C for the same
 * reason: the message is formatted here, then sent through Rust's log path
 * as it is (the format carries its own "libbpf: "). errno is preserved. */
#include <errno.h>
#include <stdlib.h>

void oxbpf_log_raw(int level, const char *text);

__attribute__((format(printf, 2, 3)))
void libbpf_print(int level, const char *format, ...)
{
	int saved_errno = errno;
	char small[256], *text = small;
	va_list ap;
	int n;

	va_start(ap, format);
	n = vsnprintf(small, sizeof(small), format, ap);
	va_end(ap);
	if (n >= (int)sizeof(small)) {
		char *big = malloc((size_t)n + 1);

		if (big) {
			va_start(ap, format);
			vsnprintf(big, (size_t)n + 1, format, ap);
			va_end(ap);
			text = big;
		}
	}
	if (n >= 0)
		oxbpf_log_raw(level, text);
	if (text != small)
		free(text);
	errno = saved_errno;
}
