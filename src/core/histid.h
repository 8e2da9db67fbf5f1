/*
 * histid.h — ids of the partitioned history (doc/scale.md "One node holds a
 * province"; sql/parts/38_history.sql): the one home of how an id carries
 * the month of its case.
 *
 *   case id = base + month_index × 10^10 + n mod 10^10
 *   month_index = (year − 2000) × 12 + month   (UTC; 2000-01 is 1, 2026-11 is 323)
 *   base = 0 on a single node, k × 10^15 on region shard k
 *
 * A task or rating id is its case's month floor + n mod 10^10.  Pure C.
 */
#ifndef SA_HISTID_H
#define SA_HISTID_H

#include <stdint.h>

#define SA_HIST_MONTH_SPAN INT64_C(10000000000)	/* ids of one month */
#define SA_HIST_MONTH_MAX 99999					/* month indexes 1 .. 99999 */

typedef enum sa_hist_status
{
	SA_HIST_OK = 0,
	SA_HIST_MONTH_RANGE,		/* the month is before 2000-01 or after index 99999 */
	SA_HIST_NEGATIVE,			/* a negative sequence value or base */
	SA_HIST_OVERFLOW			/* base + month id beyond bigint */
} sa_hist_status;

/* The month index of a UTC year and month (1-12). */
int64_t		sa_hist_month_index(int year, int month);

/* The case id of a submission in that UTC year and month with sequence value n. */
sa_hist_status sa_hist_case_id(int year, int month, int64_t n, int64_t base, int64_t *out);

/* The lowest id of the month an id carries (its partition's lower bound). */
int64_t		sa_hist_month_floor(int64_t id);

/* An id in the month of another id (a task or rating of that case). */
sa_hist_status sa_hist_month_id(int64_t of_id, int64_t n, int64_t *out);

/* The id base of a database whose case sequence starts at seqmin. */
int64_t		sa_hist_id_base(int64_t seqmin);

#endif
