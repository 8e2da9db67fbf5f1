/*
 * tap.h — a minimal TAP producer for the plain-C unit tests of src/core.
 *
 *   ok(cond, "description %d", x);  is_int(got, want, "...");  is_str(got, want, "...");
 *   return tap_done();   (exit status 1 when any assertion failed)
 */
#ifndef SA_TAP_H
#define SA_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n = 0;
static int tap_failed = 0;

static inline int
tap_vok(int cond, const char *fmt, va_list ap)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	vprintf(fmt, ap);
	printf("\n");
	return cond;
}

static inline int
ok(int cond, const char *fmt, ...)
{
	va_list		ap;
	int			r;

	va_start(ap, fmt);
	r = tap_vok(cond, fmt, ap);
	va_end(ap);
	return r;
}

#define is_int(got, want, ...) \
	do { long long g_ = (long long) (got), w_ = (long long) (want); \
		 if (!ok(g_ == w_, __VA_ARGS__)) \
			 printf("#   got %lld, want %lld\n", g_, w_); } while (0)

#define is_str(got, want, ...) \
	do { const char *g_ = (got), *w_ = (want); \
		 if (!ok(g_ && w_ && strcmp(g_, w_) == 0, __VA_ARGS__)) \
			 printf("#   got \"%s\", want \"%s\"\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } while (0)

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
