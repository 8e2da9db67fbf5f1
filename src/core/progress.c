/*
 * progress.c — constant-time identifier comparison and the failure budget
 * of case_progress() (see progress.h).
 */
#include "progress.h"

#include <openssl/crypto.h>

bool
sa_progress_ct_equal(const char *a, size_t alen, const char *b, size_t blen)
{
	if (a == NULL || b == NULL)
		return false;
	if (alen != blen)
	{
		/* the same work as an equal-length comparison, then unequal */
		(void) CRYPTO_memcmp(b, b, blen);
		return false;
	}
	return CRYPTO_memcmp(a, b, alen) == 0;
}

bool
sa_progress_allowed(int64_t failures)
{
	return failures >= 0 && failures < SA_PROGRESS_MAX_FAILURES;
}
