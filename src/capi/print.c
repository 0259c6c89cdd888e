/* The one piece of C in oxbpf: libbpf's print callback takes a va_list, which
 * stable Rust cannot construct. Rust formats the message itself and calls the
 * user's callback through this variadic shim with "%s". */
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
