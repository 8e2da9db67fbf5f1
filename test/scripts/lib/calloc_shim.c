/*
 * Preloaded (LD_PRELOAD) into tools/sa_county by sa_county_args.sh: calloc()
 * answers NULL for one element count, SA_FAIL_CALLOC_NMEMB.  Built by
 * `make -C tools test-libs` (build/tools/calloc_shim.so) with the compiler
 * and warning flags of tools/sa_county (until 2026-12-07 the script built
 * it with a plain `cc` and no warnings).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
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
