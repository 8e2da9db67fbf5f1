/*
 * progress.h — the rules of case_progress() (issue 14): the applicant's
 * identifier is compared in constant time, and a session may present only
 * SA_PROGRESS_MAX_FAILURES wrong (case, identifier) pairs.
 *
 * Pure C (no server headers).  src/progress.c keeps the session's count (in
 * backend memory: a rolled-back transaction does not reset it) and asks
 * these functions.
 */
#ifndef SA_PROGRESS_H
#define SA_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SA_PROGRESS_MAX_FAILURES	10	/* wrong pairs a session may present */

/*
 * Whether a (len alen) equals b (len blen), in time that depends only on
 * the lengths (CRYPTO_memcmp); unequal lengths compare b with itself and
 * answer false.
 */
extern bool sa_progress_ct_equal(const char *a, size_t alen, const char *b, size_t blen);

/* Whether a session with this many failures may look up once more. */
extern bool sa_progress_allowed(int64_t failures);

#endif
