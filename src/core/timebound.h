/*
 * timebound.h — the last instant a writer records: times end with the
 * year 9999.
 *
 * Pure C (no server headers).  PostgreSQL takes timestamps up to 294276 AD,
 * but what the analysts read them with does not: ISO 8601 has four-digit
 * years, and Python's datetime (psycopg) and .NET's DateTime stop at
 * 9999-12-31.  A complete_task() dated in the year 294000 was accepted, and
 * every later read of the case through such a client failed.
 * The ceiling is 9999-12-31 00:00 UTC, so that the local day of a recorded
 * time is at most 9999-12-31 in every time zone (UTC-12 .. UTC+14).
 *
 * Times are PostgreSQL's TimestampTz: microseconds since 2000-01-01 00:00
 * UTC, infinities at INT64_MIN / INT64_MAX.
 */
#ifndef SA_TIMEBOUND_H
#define SA_TIMEBOUND_H

#include <stdbool.h>
#include <stdint.h>

/* 9999-12-31 00:00 UTC: 2,921,939 days after 2000-01-01 */
#define SA_TIME_CEILING		(INT64_C(2921939) * INT64_C(86400000000))

/* true when t is finite and before the ceiling */
extern bool sa_time_recordable(int64_t t);

/* true when t is finite but at or after the ceiling (a time refused as too late) */
extern bool sa_time_too_late(int64_t t);

#endif							/* SA_TIMEBOUND_H */
