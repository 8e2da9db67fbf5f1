/*
 * caseid.h — the ids of the case history carry the month of submission
 * (issue 17, part 1.1; doc/scale.md "Design: the case id carries the month").
 *
 *   case id = k × 10^15 + month_index × 10^10 + n mod 10^10
 *   month_index = (year − 2000) × 12 + month, of the submission in UTC
 *                 (2000-01 is 1, 2026-12 is 324)
 *   n = the value of the sequence of cases; k = n div 10^12 is the region
 *       shard that numbered it (service_affair_shard.setup_shard() starts
 *       shard k's sequences at k × 10^12 + 1; a single node has k = 0)
 *
 * A task or a rating takes the month of its case and the shard that drew its
 * own sequence value: (n div 10^12) × 10^15 + the case's month × 10^10 +
 * n mod 10^10 (after a region moved, a shard makes tasks for cases another
 * shard numbered).  So the rows of
 * a case can be partitioned by the month of the case id and a lookup by any
 * of these ids reaches one month.  Ids issued before 0.2.0 (below 10^10)
 * carry month 0.  Ids stay unique while fewer than 10^10 values of one
 * sequence are drawn on a node (the sequences never repeat a value, and the
 * month part only adds to n mod 10^10).
 *
 * Pure C (no server headers); src/caseid.c is the fmgr glue.
 */
#ifndef SA_CASEID_H
#define SA_CASEID_H

#include <stdint.h>

#define SA_CASEID_MONTH_SPAN	INT64_C(10000000000)		/* 10^10 ids per month */
#define SA_CASEID_SHARD_SPAN	INT64_C(1000000000000000)	/* 10^15 ids per shard */
#define SA_CASEID_SEQ_SPAN		INT64_C(1000000000000)		/* a shard's sequence range, 10^12 */
#define SA_CASEID_MONTH_MAX		99999						/* the last month index: 10333-03 */
#define SA_CASEID_SHARD_MAX		9222						/* k × 10^15 + 10^15 − 1 fits a bigint */

typedef enum sa_caseid_status
{
	SA_CASEID_OK = 0,
	SA_CASEID_MONTH_RANGE,		/* the month is before 2000-01 or after 10333-03 */
	SA_CASEID_BAD_SEQUENCE,		/* n is negative or beyond shard SA_CASEID_SHARD_MAX */
	SA_CASEID_BAD_ID			/* an id outside [0, (SA_CASEID_SHARD_MAX + 1) × 10^15) */
} sa_caseid_status;

/* The month index of a calendar month (month 1..12; any year). */
extern int64_t sa_caseid_month_index(int64_t year, int month);

/* The case id of sequence value n for a submission in year/month (UTC). */
extern sa_caseid_status sa_caseid_make(int64_t year, int month, int64_t n, int64_t *out);

/* The lowest id of the month an id carries (id − id mod 10^10). */
extern sa_caseid_status sa_caseid_month_floor(int64_t id, int64_t *out);

/*
 * An id in the month of of_id with sequence value n, numbered by the shard
 * that drew n (n div 10^12): the case's shard unless its region moved.
 */
extern sa_caseid_status sa_caseid_in_month(int64_t of_id, int64_t n, int64_t *out);

/*
 * The month an id carries: *year, *month; SA_CASEID_OK with *month = 0 for
 * month index 0 (an id issued before 0.2.0).
 */
extern sa_caseid_status sa_caseid_month_of(int64_t id, int64_t *year, int *month);

#endif
