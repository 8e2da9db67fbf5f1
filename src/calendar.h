/*
 * calendar.h — working-day calendars for the other C modules of the extension.
 *
 * These are the same computations as the SQL functions is_workday,
 * add_workdays, workdays_between and local_day, without an fmgr call.  They
 * read the calendar through the per-backend cache (loaded once, dropped when
 * any session commits an edit of service_affair.calendar or calendar_day).
 *
 * Every function raises the SQL function's errors: 23503 for an unknown
 * calendar, 22008 for an infinite date or a result outside the date range.
 */
#ifndef SA_CALENDAR_H
#define SA_CALENDAR_H

#include "postgres.h"

#include "access/xact.h"
#include "datatype/timestamp.h"
#include "storage/proc.h"
#include "utils/date.h"

#include "arguments.h"			/* sa_echo(): text as an error echoes it */

/* Is day a working day of calendar cal? */
extern bool sa_is_workday(const char *cal, DateADT day);

/* The n-th working day after start (n = 0: start or the next working day). */
extern DateADT sa_add_workdays(const char *cal, DateADT start, int32 n);

/* Working days d with from_day < d <= to_day (negative when to_day < from_day). */
extern int32 sa_workdays_between(const char *cal, DateADT from_day, DateADT to_day);

/* The date of instant at in the calendar's time zone. */
extern DateADT sa_local_day(const char *cal, TimestampTz at);

/*
 * A number that changes whenever a cached calendar may have changed (an edit
 * by this session or a committed one by another): callers that keep values
 * derived from a calendar across calls compare it.
 */
extern uint64 sa_calendar_generation_slow(void);

/* the state behind it (calendar.c): inline; routing.c's SLA fast path reads the first two */
extern uint64 sa_cal_generation;
extern bool sa_cal_stale;
extern TimestampTz sa_cal_checked_stmt;
extern LocalTransactionId sa_cal_checked_lxid;

static inline uint64
sa_calendar_generation(void)
{
	if (likely(!sa_cal_stale && MyProc->lxid == sa_cal_checked_lxid &&
			   GetCurrentStatementStartTimestamp() == sa_cal_checked_stmt))
		return sa_cal_generation;
	return sa_calendar_generation_slow();
}

/*
 * The last day covered by official data (calendar.covered_until); a result
 * after it is provisional.  A calendar whose covered_until is NULL gives
 * DATEVAL_NOEND (nothing it computes is provisional).
 */
extern DateADT sa_covered_until(const char *cal);

/*
 * The working-day structure of calendar cal (core/workday.h), from the
 * per-backend cache: valid until the next call of any calendar function.
 */
struct sa_workcal;
extern const struct sa_workcal *sa_calendar_workcal(const char *cal);

#endif							/* SA_CALENDAR_H */
