/*
 * Preloaded (LD_PRELOAD) into tools/sa_county by sa_county_args.sh: calloc()
 * answers NULL for one element count, SA_FAIL_CALLOC_NMEMB; with
 * SA_COUNT_REALLOC set, the number of realloc()s that grow a block by less
 * than half its size (an array grown one element at a time, not doubled) is
 * appended to that file at exit, one line per process (timeout(1), which
 * starts the program, has the library too: its line is 0).  Built by
 * `make -C tools test-libs` (build/tools/calloc_shim.so) with the compiler
 * and warning flags of tools/sa_county (until 2026-12-07 the script built
 * it with a plain `cc` and no warnings).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
static char boot[8192];
static size_t used;
void *
calloc(size_t n, size_t size)
{
	static void *(*real)(size_t, size_t);
	static int	resolving;
	const char *e;

	if (!real)
	{
		if (resolving)
		{						/* dlsym() asking for memory: zeroed static bytes */
			void	   *p = boot + used;

			used += (n * size + 15) & ~(size_t) 15;
			return used <= sizeof(boot) ? p : NULL;
		}
		resolving = 1;
		real = (void *(*)(size_t, size_t)) dlsym(RTLD_NEXT, "calloc");
		resolving = 0;
	}
	e = getenv("SA_FAIL_CALLOC_NMEMB");
	if (e && (size_t) atol(e) == n)
		return NULL;
	return real(n, size);
}

static long small_growths;

void *
realloc(void *p, size_t size)
{
	static void *(*real)(void *, size_t);

	if (!real)
		real = (void *(*)(void *, size_t)) dlsym(RTLD_NEXT, "realloc");
	if (p && !((char *) p >= boot && (char *) p < boot + sizeof(boot)))
	{
		size_t		had = malloc_usable_size(p);

		if (size > had && size < had + had / 2)
			__atomic_add_fetch(&small_growths, 1, __ATOMIC_SEQ_CST);
	}
	return real(p, size);
}

__attribute__((destructor)) static void
count_out(void)
{
	const char *path = getenv("SA_COUNT_REALLOC");
	char		line[32];
	int			fd,
				n;

	if (!path || (fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600)) < 0)
		return;
	n = snprintf(line, sizeof(line), "%ld\n", __atomic_load_n(&small_growths, __ATOMIC_SEQ_CST));
	if (write(fd, line, (size_t) n) != n)
		n = 0;					/* (the test finds no number) */
	close(fd);
}
