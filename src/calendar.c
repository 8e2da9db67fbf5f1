/*
 * calendar.c — working-day calendars: SQL functions, C API, cache, trigger.
 *
 * Each backend reads a calendar (its row of service_affair.calendar and its
 * rows of calendar_day) once, into the compact structure of core/workday.h,
 * and keeps it in a list keyed by name.  The last calendar a call site used is
 * remembered in fn_extra, so the common call costs one name comparison.
 *
 * Invalidation: a statement trigger on both tables (calendar_changed) queues a
 * relcache invalidation of the edited table.  PostgreSQL delivers it to every
 * backend when the transaction commits, and to the editing backend itself at
 * the end of the editing command (and again when the transaction or
 * subtransaction aborts, so a rolled-back edit is forgotten).  Our relcache
 * callback marks the cache stale; the next call drops it.  The first call of
 * each statement accepts pending invalidation messages, so an edit committed
 * by another session is seen from the next statement on, even inside a
 * running transaction.
 *
 * A calendar is read with the latest snapshot, not the statement's: the
 * cache outlives the statement, and a copy read with an older snapshot after
 * the invalidation had already arrived would never be refreshed.  (In
 * parallel mode no new snapshot may be taken; a copy read there is kept for
 * the current transaction only.  So is a calendar the latest snapshot no
 * longer holds, renamed or deleted since, read with the statement's
 * snapshot, which still names it: cal_load().)
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "pgtime.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "trigger_guard.h"
#include "workday.h"

StaticAssertDecl(SA_WD_MIN_DAY == DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE,
				 "core date range matches PostgreSQL");
StaticAssertDecl(SA_WD_MAX_DAY == DATE_END_JULIAN - POSTGRES_EPOCH_JDATE - 1,
				 "core date range matches PostgreSQL");

PG_FUNCTION_INFO_V1(sa_is_workday_sql);
PG_FUNCTION_INFO_V1(sa_add_workdays_sql);
PG_FUNCTION_INFO_V1(sa_workdays_between_sql);
PG_FUNCTION_INFO_V1(sa_local_day_sql);
PG_FUNCTION_INFO_V1(sa_local_day_start_sql);
PG_FUNCTION_INFO_V1(sa_is_provisional_sql);
PG_FUNCTION_INFO_V1(sa_is_valid_timezone);
PG_FUNCTION_INFO_V1(sa_calendar_changed);

/* One cached calendar. */
typedef struct CalEntry
{
	struct CalEntry *next;
	MemoryContext cxt;			/* holds this entry and its bitmap */
	char	   *name;
	int			namelen;
	LocalTransactionId only_lxid;	/* valid only in this transaction, or 0 */
	sa_workcal wc;
	pg_tz	   *tz;
	DateADT		covered_until;	/* DATEVAL_NOEND when NULL */
} CalEntry;

/* What fn_extra remembers: the entry last used at this call site. */
typedef struct CalFnCache
{
	uint64		generation;
	CalEntry   *entry;
} CalFnCache;

static CalEntry *cal_list = NULL;
uint64		sa_cal_generation = 1;	/* bumped whenever the list is dropped */
bool		sa_cal_stale = false;
static bool cal_callback_registered = false;
static Oid	cal_relid = InvalidOid;
static Oid	calday_relid = InvalidOid;

/* Relcache callback: an edit of either table (or a cache reset) was seen. */
static void
cal_relcache_callback(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == cal_relid || relid == calday_relid)
		sa_cal_stale = true;
}

/* Drop every cached calendar. */
static void
cal_drop_all(void)
{
	while (cal_list != NULL)
	{
		CalEntry   *e = cal_list;

		cal_list = e->next;
		MemoryContextDelete(e->cxt);
	}
	sa_cal_generation++;
	sa_cal_stale = false;
}

/*
 * Take in invalidations from other sessions once per statement, and drop the
 * cache if either table changed.  Once per statement (a new top-level
 * statement or a new transaction), not once per call: it is cheaper, and a
 * statement sees one calendar throughout, as a STABLE function should.  The
 * session's own edits arrive through the local invalidation at the end of
 * each command, which sets sa_cal_stale whatever this function does.
 */
TimestampTz sa_cal_checked_stmt = 0;
LocalTransactionId sa_cal_checked_lxid = InvalidLocalTransactionId;

static inline void
cal_check_invalidations(bool force)
{
	TimestampTz stmt = GetCurrentStatementStartTimestamp();

	if (unlikely(force || stmt != sa_cal_checked_stmt || MyProc->lxid != sa_cal_checked_lxid))
	{
		AcceptInvalidationMessages();
		sa_cal_checked_stmt = stmt;
		sa_cal_checked_lxid = MyProc->lxid;
	}
	if (unlikely(sa_cal_stale))
		cal_drop_all();
}

static void *
cal_alloc(size_t size, void *arg)
{
	return MemoryContextAllocHuge((MemoryContext) arg, size);
}

static void
report_unknown_calendar(const char *name, int len)
{
	char	   *echo = sa_echo(name, len);

	ereport(ERROR,
			(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
			 errmsg("calendar \"%s\" does not exist", echo),
			 errdetail("There is no row named \"%s\" in service_affair.calendar.",
					   echo)));
}

/* Read calendar name from the tables and add it to the cache. */
static CalEntry *
cal_load(const char *name, int len)
{
	Oid			nsp;
	SPIPlanPtr	plan_cal,
				plan_day;
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1];
	Snapshot	snap;
	bool		isnull;
	bool		transient = IsInParallelMode();
	char	   *weekmask,
			   *tzname;
	DateADT		covered;
	sa_wd_override *ov;
	int			nov,
				i;
	MemoryContext callercxt = CurrentMemoryContext;
	MemoryContext cxt;
	CalEntry   *e;
	sa_wd_status st;
	pg_tz	   *tz;

	nsp = get_namespace_oid("service_affair", false);
	cal_relid = get_relname_relid("calendar", nsp);
	calday_relid = get_relname_relid("calendar_day", nsp);
	if (!cal_callback_registered)
	{
		CacheRegisterRelcacheCallback(cal_relcache_callback, (Datum) 0);
		cal_callback_registered = true;
	}

	args[0] = PointerGetDatum(cstring_to_text_with_len(name, len));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	plan_cal = SPI_prepare("SELECT weekmask, timezone, covered_until "
						   "FROM service_affair.calendar WHERE name OPERATOR(pg_catalog.=) $1",
						   1, argtypes);
	plan_day = SPI_prepare("SELECT day, is_workday "
						   "FROM service_affair.calendar_day WHERE calendar OPERATOR(pg_catalog.=) $1",
						   1, argtypes);
	if (plan_cal == NULL || plan_day == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));

	/* the locks are held now; take in what committed before we read */
	cal_check_invalidations(true);
	snap = RegisterSnapshot(transient ? GetActiveSnapshot() : GetLatestSnapshot());

	if (SPI_execute_snapshot(plan_cal, args, NULL, snap, InvalidSnapshot,
							 true, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading service_affair.calendar failed");

	/*
	 * Gone by the latest snapshot (renamed or deleted since) but perhaps
	 * still there in the statement's: a caller that read the name from the
	 * table or from a row naming it (licence.calendar, licence_ended())
	 * asks for a calendar its snapshot holds, as in a REPEATABLE READ
	 * transaction begun before the edit committed.  Read it as that
	 * snapshot has it, for this transaction only (as in parallel mode).
	 * Until 2026-12-07 such a caller failed with 23503 naming the old name
	 * (a review; licence_end_calendar_rename.spec).
	 */
	if (SPI_processed == 0 && !transient && ActiveSnapshotSet())
	{
		UnregisterSnapshot(snap);
		snap = RegisterSnapshot(GetActiveSnapshot());
		if (SPI_execute_snapshot(plan_cal, args, NULL, snap, InvalidSnapshot,
								 true, false, 1) != SPI_OK_SELECT)
			elog(ERROR, "reading service_affair.calendar failed");
		transient = true;
	}
	if (SPI_processed == 0)
	{
		UnregisterSnapshot(snap);
		report_unknown_calendar(name, len);
	}
	weekmask = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	tzname = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);
	covered = DatumGetDateADT(SPI_getbinval(SPI_tuptable->vals[0],
											SPI_tuptable->tupdesc, 3, &isnull));
	if (isnull)
		DATE_NOEND(covered);
	if (weekmask == NULL || tzname == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("calendar \"%s\" has no weekmask or time zone", sa_echo(name, len)),
				 errdetail("Columns weekmask and timezone of calendar \"%s\" must not be null.",
						   sa_echo(name, len))));

	if (SPI_execute_snapshot(plan_day, args, NULL, snap, InvalidSnapshot,
							 true, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading service_affair.calendar_day failed");
	UnregisterSnapshot(snap);

	nov = (int) SPI_processed;
	ov = MemoryContextAlloc(callercxt, sizeof(sa_wd_override) * Max(nov, 1));
	for (i = 0; i < nov; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		bool		n1,
					n2;

		ov[i].day = DatumGetDateADT(SPI_getbinval(tup, SPI_tuptable->tupdesc, 1, &n1));
		ov[i].workday = DatumGetBool(SPI_getbinval(tup, SPI_tuptable->tupdesc, 2, &n2));
		if (n1 || n2)
			elog(ERROR, "null in service_affair.calendar_day");
		if (DATE_NOT_FINITE(ov[i].day))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
					 errmsg("calendar \"%s\" has an infinite day", sa_echo(name, len)),
					 errdetail("Rows of service_affair.calendar_day must have finite days.")));
	}
	weekmask = MemoryContextStrdup(callercxt, weekmask);
	tzname = MemoryContextStrdup(callercxt, tzname);
	SPI_finish();

	tz = pg_tzset(tzname);
	if (tz == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("calendar \"%s\" has an unknown time zone", sa_echo(name, len)),
				 errdetail("Time zone \"%s\" is not recognized.", sa_echo(tzname, -1))));

	cxt = AllocSetContextCreate(TopMemoryContext, "service_affair calendar",
								ALLOCSET_SMALL_SIZES);
	e = MemoryContextAllocZero(cxt, sizeof(CalEntry));
	e->cxt = cxt;
	e->name = MemoryContextAlloc(cxt, len + 1);
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	e->namelen = len;
	e->only_lxid = transient ? MyProc->lxid : InvalidLocalTransactionId;
	e->tz = tz;
	e->covered_until = covered;
	st = sa_wd_build(&e->wc, weekmask, ov, nov, cal_alloc, cxt);
	if (st != SA_WD_OK)
	{
		MemoryContextDelete(cxt);
		if (st == SA_WD_BAD_WEEKMASK)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("calendar \"%s\" has an invalid weekmask", sa_echo(name, len)),
					 errdetail("Weekmask \"%s\" is not 7 characters of 0 and 1 with at least one 1.",
							   sa_echo(weekmask, -1))));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("calendar \"%s\" has overrides spread over too many years", sa_echo(name, len)),
				 errdetail("Overrides of one calendar must lie within %d days of each other.",
						   SA_WD_MAX_WINDOW)));
	}
	pfree(ov);

	/* a message taken in while reading may have dropped the list: fine */
	e->next = cal_list;
	cal_list = e;
	return e;
}

/* The cached calendar name (len bytes, not terminated), loading it if needed. */
static CalEntry *
cal_lookup(const char *name, int len)
{
	CalEntry   *e;

	for (e = cal_list; e != NULL; e = e->next)
	{
		if (e->namelen == len && memcmp(e->name, name, len) == 0)
		{
			if (e->only_lxid == InvalidLocalTransactionId || e->only_lxid == MyProc->lxid)
				return e;
			/* read in parallel mode by an earlier transaction: read again */
			cal_drop_all();
			break;
		}
	}
	return cal_load(name, len);
}

/* Same bytes?  Inline: calendar names are short, a libc call costs more. */
static inline bool
name_eq(const char *a, const char *b, int len)
{
	int			i;

	for (i = 0; i < len; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/*
 * The cache generation, after taking in pending invalidations: it changes
 * whenever a cached calendar may have changed (for routing.c's SLA cache).
 * The slow path of sa_calendar_generation() (calendar.h), which returns
 * sa_cal_generation itself while the statement's check is done and nothing
 * is stale.
 */
uint64
sa_calendar_generation_slow(void)
{
	cal_check_invalidations(false);
	return sa_cal_generation;
}

/* The calendar named by a text argument, through the call site's fn_extra. */
static inline CalEntry *
cal_get_fn(FunctionCallInfo fcinfo, int argno)
{
	text	   *t = PG_GETARG_TEXT_PP(argno);
	const char *name = VARDATA_ANY(t);
	int			len = VARSIZE_ANY_EXHDR(t);
	CalFnCache *fc = (CalFnCache *) fcinfo->flinfo->fn_extra;
	CalEntry   *e;

	cal_check_invalidations(false);
	if (likely(fc != NULL && fc->generation == sa_cal_generation))
	{
		e = fc->entry;
		if (likely(e->namelen == len && name_eq(e->name, name, len) &&
				   (e->only_lxid == InvalidLocalTransactionId ||
					e->only_lxid == MyProc->lxid)))
			return e;
	}
	e = cal_lookup(name, len);
	if (fc == NULL)
	{
		fc = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(CalFnCache));
		fcinfo->flinfo->fn_extra = fc;
	}
	fc->generation = sa_cal_generation;
	fc->entry = e;
	return e;
}

static inline CalEntry *
cal_get_cstring(const char *cal)
{
	if (cal == NULL)
		elog(ERROR, "calendar name is null");
	cal_check_invalidations(false);
	return cal_lookup(cal, strlen(cal));
}

static inline void
check_finite(DateADT d)
{
	if (unlikely(DATE_NOT_FINITE(d)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
				 errmsg("working-day arithmetic needs a finite date"),
				 errdetail("The date %s is not finite.",
						   DATE_IS_NOBEGIN(d) ? "-infinity" : "infinity")));
}

static const char *
date_text(DateADT d)
{
	return DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(d)));
}

/* Core of is_workday. */
static inline bool
entry_is_workday(CalEntry *e, DateADT day)
{
	check_finite(day);
	return sa_wd_is_workday(&e->wc, day);
}

/* Core of add_workdays. */
static inline DateADT
entry_add_workdays(CalEntry *e, DateADT start, int32 n)
{
	int32_t		r;

	check_finite(start);
	if (unlikely(sa_wd_add(&e->wc, start, n, &r) != SA_WD_OK))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
				 errmsg("date out of range"),
				 errdetail("Counting %d working days from %s in calendar \"%s\" leaves the supported date range.",
						   n, date_text(start), sa_echo(e->name, e->namelen))));
	return r;
}

/* Core of workdays_between. */
static inline int32
entry_workdays_between(CalEntry *e, DateADT from_day, DateADT to_day)
{
	int32_t		r;

	check_finite(from_day);
	check_finite(to_day);
	if (unlikely(sa_wd_between(&e->wc, from_day, to_day, &r) != SA_WD_OK))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
				 errmsg("date out of range"),
				 errdetail("Working days between %s and %s cannot be counted.",
						   date_text(from_day), date_text(to_day))));
	return r;
}

/* Core of local_day. */
static DateADT
entry_local_day(CalEntry *e, TimestampTz at)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tzoff;

	if (TIMESTAMP_NOT_FINITE(at))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
				 errmsg("working-day arithmetic needs a finite timestamp"),
				 errdetail("The timestamp %s is not finite.",
						   TIMESTAMP_IS_NOBEGIN(at) ? "-infinity" : "infinity")));
	if (timestamp2tm(at, &tzoff, &tm, &fsec, NULL, e->tz) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range"),
				 errdetail("The instant cannot be converted to time zone of calendar \"%s\".",
						   sa_echo(e->name, e->namelen))));
	/* the local day of an instant near the ends of timestamptz can leave date */
	if (!IS_VALID_DATE(date2j(tm.tm_year, tm.tm_mon, tm.tm_mday) - POSTGRES_EPOCH_JDATE))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range"),
				 errdetail("The local day of the instant in calendar \"%s\" lies outside the range of type date.",
						   sa_echo(e->name, e->namelen))));
	return date2j(tm.tm_year, tm.tm_mon, tm.tm_mday) - POSTGRES_EPOCH_JDATE;
}

/*
 * Core of local_day_start: the first instant of a local day, local midnight
 * in the calendar's zone (the inverse of entry_local_day, as
 * day::timestamp AT TIME ZONE zone reads it: a midnight a transition skips
 * is taken with the offset before the transition).  As date2timestamptz,
 * with the calendar's zone for the session's.
 */
static TimestampTz
entry_local_day_start(CalEntry *e, DateADT day)
{
	struct pg_tm tm;
	int			tz;
	TimestampTz result;

	check_finite(day);
	/* date's range is wider than timestamp's */
	if (day >= (TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE) ||
		day < (DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range"),
				 errdetail("The start of day %s in calendar \"%s\" lies outside the range of type timestamptz.",
						   date_text(day), sa_echo(e->name, e->namelen))));
	j2date(day + POSTGRES_EPOCH_JDATE, &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_hour = 0;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	tz = DetermineTimeZoneOffset(&tm, e->tz);
	result = (TimestampTz) day * USECS_PER_DAY + (TimestampTz) tz * USECS_PER_SEC;
	if (!IS_VALID_TIMESTAMP(result))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range"),
				 errdetail("The start of day %s in calendar \"%s\" lies outside the range of type timestamptz.",
						   date_text(day), sa_echo(e->name, e->namelen))));
	return result;
}

/* ---- SQL functions ------------------------------------------------------ */

/* is_workday(day date, cal text) → boolean */
Datum
sa_is_workday_sql(PG_FUNCTION_ARGS)
{
	DateADT		day = PG_GETARG_DATEADT(0);
	CalEntry   *e = cal_get_fn(fcinfo, 1);

	PG_RETURN_BOOL(entry_is_workday(e, day));
}

/* add_workdays(start date, n integer, cal text) → date */
Datum
sa_add_workdays_sql(PG_FUNCTION_ARGS)
{
	DateADT		start = PG_GETARG_DATEADT(0);
	int32		n = PG_GETARG_INT32(1);
	CalEntry   *e = cal_get_fn(fcinfo, 2);

	PG_RETURN_DATEADT(entry_add_workdays(e, start, n));
}

/* workdays_between(from_day date, to_day date, cal text) → integer */
Datum
sa_workdays_between_sql(PG_FUNCTION_ARGS)
{
	DateADT		from_day = PG_GETARG_DATEADT(0);
	DateADT		to_day = PG_GETARG_DATEADT(1);
	CalEntry   *e = cal_get_fn(fcinfo, 2);

	PG_RETURN_INT32(entry_workdays_between(e, from_day, to_day));
}

/* local_day(at timestamptz, cal text) → date */
Datum
sa_local_day_sql(PG_FUNCTION_ARGS)
{
	TimestampTz at = PG_GETARG_TIMESTAMPTZ(0);
	CalEntry   *e = cal_get_fn(fcinfo, 1);

	PG_RETURN_DATEADT(entry_local_day(e, at));
}

/* local_day_start(day date, cal text) → timestamptz */
Datum
sa_local_day_start_sql(PG_FUNCTION_ARGS)
{
	DateADT		day = PG_GETARG_DATEADT(0);
	CalEntry   *e = cal_get_fn(fcinfo, 1);

	PG_RETURN_TIMESTAMPTZ(entry_local_day_start(e, day));
}

/*
 * is_provisional(day date, cal text) → boolean: day lies after the calendar's
 * covered_until.  Goes through the C API (by C string), as routing code does.
 */
Datum
sa_is_provisional_sql(PG_FUNCTION_ARGS)
{
	DateADT		day = PG_GETARG_DATEADT(0);
	char	   *cal = text_to_cstring(PG_GETARG_TEXT_PP(1));

	check_finite(day);
	PG_RETURN_BOOL(day > sa_covered_until(cal));
}

/*
 * is_valid_timezone(text) → boolean: a zone name local_day can use; never
 * raises.  Accepted: what PostgreSQL accepts as a session time zone (a tz
 * database name or a POSIX zone specification, without leap seconds) whose
 * offsets from UTC lie within ±SA_TZ_MAX_OFFSET.  PostgreSQL reads POSIX
 * specifications with offsets up to 167 hours ("XXX-167"); no place on earth
 * is more than 14 hours from UTC.  The offsets checked are the one in force
 * at 2000-01-01 and those on either side of every transition of the 8 that
 * follow (at least four years of a POSIX rule; every fixed-offset zone).
 */
#define SA_TZ_MAX_OFFSET (15 * SECS_PER_HOUR)

static inline bool
tz_offset_ok(long int gmtoff)
{
	return gmtoff >= -SA_TZ_MAX_OFFSET && gmtoff <= SA_TZ_MAX_OFFSET;
}

Datum
sa_is_valid_timezone(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	char	   *name;
	pg_tz	   *tz;
	pg_time_t	when = 946684800;	/* 2000-01-01 00:00 UTC */
	struct pg_tm *tm;

	if (VARSIZE_ANY_EXHDR(t) == 0 || VARSIZE_ANY_EXHDR(t) >= TZ_STRLEN_MAX)
		PG_RETURN_BOOL(false);
	name = text_to_cstring(t);
	if (strlen(name) != VARSIZE_ANY_EXHDR(t))
		PG_RETURN_BOOL(false);
	tz = pg_tzset(name);
	if (tz == NULL || !pg_tz_acceptable(tz))
		PG_RETURN_BOOL(false);
	tm = pg_localtime(&when, tz);
	if (tm == NULL || !tz_offset_ok(tm->tm_gmtoff))
		PG_RETURN_BOOL(false);
	for (int i = 0; i < 8; i++)
	{
		long int	before,
					after;
		int			before_dst,
					after_dst;
		pg_time_t	boundary;
		int			r = pg_next_dst_boundary(&when, &before, &before_dst,
											 &boundary, &after, &after_dst, tz);

		if (r < 0)
			PG_RETURN_BOOL(false);
		if (!tz_offset_ok(before))
			PG_RETURN_BOOL(false);
		if (r == 0)
			break;
		if (!tz_offset_ok(after))
			PG_RETURN_BOOL(false);
		when = boundary;
	}
	PG_RETURN_BOOL(true);
}

/*
 * calendar_changed() — statement trigger on calendar and calendar_day: queue
 * a relcache invalidation of the table, which every backend receives at
 * commit and which drops its cached calendars.
 */
Datum
sa_calendar_changed(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("calendar_changed() must be called as a trigger")));
	/* only on the two calendar tables, after a statement */
	if ((!sa_trigger_on(td, "calendar") && !sa_trigger_on(td, "calendar_day")) ||
		!TRIGGER_FIRED_AFTER(td->tg_event) ||
		!TRIGGER_FIRED_FOR_STATEMENT(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("calendar_changed() must not fire on relation \"%s\"",
						sa_echo(RelationGetRelationName(td->tg_relation), -1)),
				 errdetail("It fires only after statements on service_affair.calendar and service_affair.calendar_day.")));
	CacheInvalidateRelcacheByRelid(RelationGetRelid(td->tg_relation));
	return PointerGetDatum(NULL);
}

/* ---- C API (calendar.h) ------------------------------------------------- */

bool
sa_is_workday(const char *cal, DateADT day)
{
	return entry_is_workday(cal_get_cstring(cal), day);
}

DateADT
sa_add_workdays(const char *cal, DateADT start, int32 n)
{
	return entry_add_workdays(cal_get_cstring(cal), start, n);
}

int32
sa_workdays_between(const char *cal, DateADT from_day, DateADT to_day)
{
	return entry_workdays_between(cal_get_cstring(cal), from_day, to_day);
}

DateADT
sa_local_day(const char *cal, TimestampTz at)
{
	return entry_local_day(cal_get_cstring(cal), at);
}

DateADT
sa_covered_until(const char *cal)
{
	return cal_get_cstring(cal)->covered_until;
}

const struct sa_workcal *
sa_calendar_workcal(const char *cal)
{
	return &cal_get_cstring(cal)->wc;
}
