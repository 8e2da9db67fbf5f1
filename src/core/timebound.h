/*
 * timebound.h — the range of instants a writer records: from 0001-01-02
 * 00:00 UTC to before 9000-01-01 00:00 UTC.
 *
 * Pure C (no server headers).  PostgreSQL takes timestamps from 4713 BC to
 * 294276 AD, but what the analysts read them with does not: ISO 8601 has
 * four-digit years, and Python's datetime (psycopg) and .NET's DateTime
 * take years 1 to 9999 only.  A complete_task() dated in the year 294000 was
 * accepted, and every later read of the case through such a client failed
 * ("year 294000 is out of range").  The ceiling leaves 999 years below
 * 9999-12-31 for the days derived from a recorded time: due dates, a
 * licence's validity, a credit fact's duration (credit.duration_years is
 * at most 999).  The floor is a day after 0001-01-01, so that the local day
 * of a recorded time is in the year 1 or later in every time zone
 * (UTC-12 .. UTC+14).
 *
 * Times are PostgreSQL's TimestampTz: microseconds since 2000-01-01 00:00
 * UTC, infinities at INT64_MIN / INT64_MAX.
 */
#ifndef SA_TIMEBOUND_H
#define SA_TIMEBOUND_H

#include <stdbool.h>
#include <stdint.h>

#define SA_USECS_PER_DAY	INT64_C(86400000000)
/* 9000-01-01 00:00 UTC: 2,556,698 days after 2000-01-01 */
#define SA_TIME_CEILING		(INT64_C(2556698) * SA_USECS_PER_DAY)
/* 0001-01-02 00:00 UTC: 730,118 days before 2000-01-01 */
#define SA_TIME_FLOOR		(INT64_C(-730118) * SA_USECS_PER_DAY)

typedef enum sa_time_range
{
	SA_TIME_IN_RANGE = 0,
	SA_TIME_INFINITE,			/* infinity or -infinity: the writers' own error */
	SA_TIME_TOO_EARLY,			/* finite, before the floor */
	SA_TIME_TOO_LATE			/* finite, at or after the ceiling */
} sa_time_range;

extern sa_time_range sa_time_classify(int64_t t);

/* true when t is finite and within the range */
extern bool sa_time_recordable(int64_t t);

#endif							/* SA_TIMEBOUND_H */
