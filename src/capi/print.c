/* Variadic shims (with the internal hash map, the only C in oxbpf): libbpf's
 * print callback takes a va_list, which stable Rust cannot construct. Rust
 * formats most messages itself and calls the user's callback through this
 * variadic shim with "%s"; the frequent debug lines come as a C format and
 * its arguments instead (oxbpf_printf below), formatted only if the
 * callback prints them. */
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

/* Formats a line and sends it through Rust's log path as it is. */
static void log_formatted(int level, const char *format, va_list ap)
{
	char small[256], *text = small;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(small, sizeof(small), format, ap);
	if (n >= (int)sizeof(small)) {
		char *big = malloc((size_t)n + 1);

		if (big) {
			vsnprintf(big, (size_t)n + 1, format, again);
			text = big;
		}
	}
	va_end(again);
	if (n >= 0)
		oxbpf_log_raw(level, text);
	if (text != small)
		free(text);
}

__attribute__((format(printf, 2, 3)))
void libbpf_print(int level, const char *format, ...)
{
	int saved_errno = errno;
	va_list ap;

	va_start(ap, format);
	log_formatted(level, format, ap);
	va_end(ap);
	errno = saved_errno;
}

/* oxbpf_printf(): how our frequent debug lines are printed (Rust calls it
 * with a C format and its arguments, src/log.rs's c_debug!). A user callback
 * gets the format and a va_list, as upstream's callbacks do: one that drops
 * the line costs no formatting. Any other target gets the formatted text. */
oxbpf_print_fn_t oxbpf_print_callback(void);

__attribute__((format(printf, 2, 3)))
void oxbpf_printf(int level, const char *format, ...)
{
	oxbpf_print_fn_t fn = oxbpf_print_callback();
	int saved_errno = errno;
	va_list ap;

	va_start(ap, format);
	if (fn)
		fn(level, format, ap);
	else
		log_formatted(level, format, ap);
	va_end(ap);
	errno = saved_errno;
}
