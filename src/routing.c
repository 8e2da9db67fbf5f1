/*
 * routing.c — routing at acceptance and the stage machine of a case's tasks.
 *
 *   route_accepted(case)       called by submit() and supplement() once they
 *                              accepted a case: one task per item, the first
 *                              stage inserted open with its due date
 *   shifted_due(day, n, s, cal) the one due-date rule (rt_shifted_due in
 *                              src/core: tasks, cases, tolerated materials)
 *   task_row_ok(...)           the CHECK constraint of task (rt_task_row_ok)
 *   due_lock_shared()          the shared side of the due lock
 *   route_advance(case, at)    after a task finished: open the next stage or
 *                              conclude the case (core/routing.c decides)
 *   refresh_case_clock(case)   the case's due date, moved by its tasks' shifts
 *   case_due_at(case, at)      the case's due in force at "at" (extend(), and
 *                              case_sla and sla_sweep() for a case with a
 *                              task suspended)
 *
 * The decisions are in the pure core (src/core/routing.c); this file reads the
 * rows through SPI (every name qualified), computes due dates with the C
 * calendar API (calendar.h) and writes the results.  Callers hold the case row
 * locked (complete_task() and the acceptance itself), so one case is never
 * advanced twice at once.  No function here is a trigger: routing is an
 * explicit call of the API (doc/routing.md, "Explicit flow").
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/sequence.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "access/xact.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "storage/proc.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/fmgrprotos.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "caseid.h"
#include "licence.h"
#include "routing.h"
#include "service_limits.h"
#include "spi_plans.h"
#include "trigger_guard.h"

PG_FUNCTION_INFO_V1(sa_route_accepted);
PG_FUNCTION_INFO_V1(sa_due_lock_shared);
PG_FUNCTION_INFO_V1(sa_shifted_due);
PG_FUNCTION_INFO_V1(sa_suspension_workdays);
PG_FUNCTION_INFO_V1(sa_suspensions_workdays);
PG_FUNCTION_INFO_V1(sa_route_advance);
PG_FUNCTION_INFO_V1(sa_refresh_case_clock);
PG_FUNCTION_INFO_V1(sa_case_due_at);
PG_FUNCTION_INFO_V1(sa_item_case_due_at);

static SPIPlanPtr plan_insert = NULL;
static SPIPlanPtr plan_route_case[2];
static SPIPlanPtr plan_open[2];
static SPIPlanPtr plan_tasks[2];
static SPIPlanPtr plan_conclude[2];
static SPIPlanPtr plan_conclude_visits[2];
static SPIPlanPtr plan_case[2];
static SPIPlanPtr plan_case_update[2];
static SPIPlanPtr plan_case_susp[2];
static SPIPlanPtr plan_case_susp_at[2];

/* Prepare and keep a plan once per backend. */
static inline SPIPlanPtr
rt_plan(SPIPlanPtr *slot, const char *sql, int nargs, Oid *types)
{
	return sa_kept_plan(slot, sql, nargs, types, 0);
}

/*
 * Whether service_affair.cases is partitioned by settled (0.2.0,
 * 40_cases.sql; the update converts cases, task and the tables that hang off
 * them in one step, 39_cases_partition.sql).  The statements below that read
 * or update a case or its tasks then carry the constant NOT settled, so that
 * PostgreSQL prunes the history when it plans them, also in a generic plan;
 * a database still at 0.1.0 (whose routing trigger calls this library until
 * it is updated) has no such column, and gets the statements without it.
 * Each statement keeps one plan per variant ([0] without, [1] with); the text
 * is built only to prepare one.
 */
static bool
rt_cases_partitioned(void)
{
	Oid			nsp = get_namespace_oid("service_affair", true);
	Oid			rel = OidIsValid(nsp) ? get_relname_relid("cases", nsp) : InvalidOid;

	return OidIsValid(rel) && get_rel_relkind(rel) == RELKIND_PARTITIONED_TABLE;
}

/*
 * fmt with its %s (one, or two when alias2 is given) replaced by
 * " AND NOT <alias>.settled" (p) or nothing
 */
static const char *
rt_case_sql2(bool p, const char *fmt, const char *alias, const char *alias2)
{
	const char *c1 = p ? psprintf(" AND NOT %s.settled", alias) : "";
	const char *c2 = p && alias2 ? psprintf(" AND NOT %s.settled", alias2) : "";

	return psprintf(fmt, c1, c2);
}

static inline const char *
rt_case_sql(bool p, const char *fmt, const char *alias)
{
	return rt_case_sql2(p, fmt, alias, NULL);
}

/*
 * The shared side of the due lock: a ROW SHARE lock of the table
 * service_affair.due_clock, which a calendar edit locks IN EXCLUSIVE MODE
 * (recompute_dues, commitment_recompute_dues).  A weak table lock goes
 * through the lock manager's fast path: no statement, no tuple written, no
 * MultiXact when several submissions hold it at once (0.2.0 before took a
 * KEY SHARE row lock of due_clock's one row through SPI;
 * doc/benchmarks-intake.md).  No role but the extension's owner can take
 * either lock: the table grants nothing, LOCK TABLE checks privileges before
 * it locks, and this function checks that the current user (the owner, under
 * the SECURITY DEFINER callers) may update the table.  After the lock, take
 * in the invalidations of a calendar edit that committed while we waited, so
 * the due dates computed next use it.
 */
static void
rt_due_lock_shared(void)
{
	Oid			nsp = get_namespace_oid("service_affair", false);
	Oid			relid = get_relname_relid("due_clock", nsp);
	AclResult	acl;

	if (!OidIsValid(relid))
	{
		/*
		 * A 0.1.0 schema on this library, before ALTER EXTENSION ... UPDATE:
		 * its due lock was the advisory lock (21313, 1), which its calendar
		 * edits take exclusively.  Until 2026-12-04 this raised, and 0.1.0's
		 * complete_task() failed for every bundle stage it finished
		 * (upgrade_county.sh, once tools/sa_county counted such failures).
		 */
		DirectFunctionCall2(pg_advisory_xact_lock_shared_int4, Int32GetDatum(21313), Int32GetDatum(1));
		AcceptInvalidationMessages();
		return;
	}
	acl = pg_class_aclcheck(relid, GetUserId(), ACL_UPDATE);
	if (acl != ACLCHECK_OK)
		aclcheck_error(acl, OBJECT_TABLE, "due_clock");
	LockRelationOid(relid, RowShareLock);
	AcceptInvalidationMessages();
}

/* due_lock_shared() — see rt_due_lock_shared(). */
Datum
sa_due_lock_shared(PG_FUNCTION_ARGS)
{
	rt_due_lock_shared();
	PG_RETURN_VOID();
}

/*
 * The dry run of propose_catalog_change() writes the catalog in a
 * subtransaction it rolls back, to check the change against every
 * constraint: it changes nothing a submission reads, so the catalog's due
 * lock (catalog_due_lock, 75_catalog_ledger.sql) is not for it.  Taken, a
 * clerk's proposal waited for every case writer under way and held every
 * new one meanwhile, and two proposals in transactions that had written a
 * case deadlocked (a review).  The dry run marks its subtransaction; the
 * trigger asks whether it runs in that one.  The mark names the backend's
 * transaction (lxid) and the subtransaction, so it means nothing after
 * the subtransaction ends (its id is not used again in the transaction).
 */
static LocalTransactionId catalog_dry_lxid = InvalidLocalTransactionId;
static SubTransactionId catalog_dry_subxid = InvalidSubTransactionId;

PG_FUNCTION_INFO_V1(sa_catalog_dry_run_begin);
PG_FUNCTION_INFO_V1(sa_catalog_dry_run);

/* catalog_dry_run_begin() → void: the current subtransaction is a dry run */
Datum
sa_catalog_dry_run_begin(PG_FUNCTION_ARGS)
{
	if (!IsSubTransaction())
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
						errmsg("catalog_dry_run_begin() runs in the subtransaction of a dry run only"),
						errdetail("propose_catalog_change() calls it inside the subtransaction it rolls back.")));
	catalog_dry_lxid = MyProc->lxid;
	catalog_dry_subxid = GetCurrentSubTransactionId();
	PG_RETURN_VOID();
}

/* catalog_dry_run() → boolean: does this run in the marked subtransaction? */
Datum
sa_catalog_dry_run(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(catalog_dry_subxid != InvalidSubTransactionId && catalog_dry_lxid == MyProc->lxid &&
				   catalog_dry_subxid == GetCurrentSubTransactionId());
}

/*
 * The one due-date rule, rt_shifted_due() in src/core/routing.c: due =
 * add_workdays(add_workdays(day, limit), shift).  Tasks, cases and tolerated
 * materials (shift 0) all come here.  The glue only finds the calendar and
 * maps a failure to the error add_workdays() raises for that step (the
 * step is repeated through the calendar API, which reports it).
 */
static DateADT
rt_due_of(const char *cal, DateADT day, int32 limit, int32 shift)
{
	int32_t		due,
				from,
				n;

	sa_wd_status st = rt_shifted_due(sa_calendar_workcal(cal), day, limit, shift, &due, &from, &n);

	if (st == SA_WD_BAD_COUNT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a time limit and its shift must not be negative"),
				 errdetail("A limit of %d working days moved by %d was asked.", limit, shift)));
	if (st != SA_WD_OK)
	{
		(void) sa_add_workdays(cal, from, n);	/* raises 22008 naming the step */
		elog(ERROR, "due date of %d + %d + %d working days out of range", (int) day, limit, shift);
	}
	return due;
}

/* shifted_due(day, limit, shift, cal) — see rt_due_of(). */
Datum
sa_shifted_due(PG_FUNCTION_ARGS)
{
	char	   *cal = text_to_cstring(PG_GETARG_TEXT_PP(3));

	PG_RETURN_DATEADT(rt_due_of(cal, PG_GETARG_DATEADT(0), PG_GETARG_INT32(1), PG_GETARG_INT32(2)));
}

/*
 * The error of a suspension resumed on a local day before the one it began
 * on (SA_WD_BAD_COUNT from rt_suspension_workdays in src/core, the one home
 * of that rule): 22023 naming both; element k (1-based) of the arrays of
 * suspensions_workdays(), 0 for suspension_workdays().
 */
static void rt_resumed_before_error(TimestampTz suspended_at, TimestampTz resumed_at, int k) pg_attribute_noreturn();

static void
rt_resumed_before_error(TimestampTz suspended_at, TimestampTz resumed_at, int k)
{
	char		el[32] = "";
	/* (timestamptz_to_str() answers in one static buffer) */
	char	   *s = pstrdup(timestamptz_to_str(suspended_at));

	if (k > 0)
		snprintf(el, sizeof(el), " (element %d)", k);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("a suspension cannot be resumed before it began"),
			 errdetail("The suspension%s begun at %s was resumed at %s, a day earlier.",
					   el, s, timestamptz_to_str(resumed_at))));
}

/*
 * suspension_workdays(suspended_at, resumed_at, due, cal) — the working days
 * a suspension does not count (rt_suspension_workdays in src/core), due
 * being the task's due in force when it began: working days d with local day
 * suspended < d <= local day resumed (one more when the due so moved falls
 * before the day resumed: the clock restarts on the next working day), none
 * when the local day suspended is after due.  The one decision behind
 * resume() and extend() of a suspended task; recompute_dues() takes it
 * through suspensions_workdays().
 */
Datum
sa_suspension_workdays(PG_FUNCTION_ARGS)
{
	char	   *cal = text_to_cstring(PG_GETARG_TEXT_PP(3));
	DateADT		from = sa_local_day(cal, PG_GETARG_TIMESTAMPTZ(0));
	DateADT		to = sa_local_day(cal, PG_GETARG_TIMESTAMPTZ(1));
	DateADT		due = PG_GETARG_DATEADT(2);
	int32_t		days;
	sa_wd_status st;

	/*
	 * an infinite due is no day a suspension can begin on or before: it was
	 * taken as one (-infinity: none counted, infinity: all), where every other
	 * working-day function raises 22008 (a review)
	 */
	if (DATE_NOT_FINITE(due))
		(void) sa_workdays_between(cal, due, to);	/* raises its error */
	st = rt_suspension_workdays(sa_calendar_workcal(cal), due, from, to, &days);
	if (st == SA_WD_BAD_COUNT)
		rt_resumed_before_error(PG_GETARG_TIMESTAMPTZ(0), PG_GETARG_TIMESTAMPTZ(1), 0);
	if (st != SA_WD_OK)
		PG_RETURN_INT32(sa_workdays_between(cal, from, to));	/* raises its error */
	PG_RETURN_INT32(days);
}

/* The timestamptz elements of array argument i, NULL elements refused (22023). */
static int
rt_timestamps_arg(FunctionCallInfo fcinfo, int i, const char *name, Datum **elems)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(i);
	bool	   *nulls;
	int			n;

	/* read flat, {{a,b}} against {c,d} paired a with c (a review) */
	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a one-dimensional array", name),
				 errdetail("%s has %d dimensions.", name, ARR_NDIM(a))));
	deconstruct_array(a, TIMESTAMPTZOID, sizeof(TimestampTz), true, TYPALIGN_DOUBLE, elems, &nulls, &n);
	for (int k = 0; k < n; k++)
		if (nulls[k])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must not contain NULL", name),
					 errdetail("Element %d of %s is NULL.", k + 1, name)));
	return n;
}

/*
 * suspensions_workdays(opened, limit_days, shift, suspended_at[], resumed_at[],
 * cal, extended_at DEFAULT NULL) — the working days that count of a task's
 * finished suspensions, given in the order of its task_suspension rows
 * (rt_suspensions_workdays_each in src/core: each judged as
 * suspension_workdays() against the due the earlier ones moved,
 * shifted_due(opened, limit_days, shift + the days so far), "shift" (the
 * extension) only for the suspensions begun at or after extended_at, all
 * when it is NULL).  The rule of task.suspended_workdays recomputed by
 * recompute_dues().  Not STRICT (extended_at may be NULL): NULL when another
 * argument is.
 */
Datum
sa_suspensions_workdays(PG_FUNCTION_ARGS)
{
	char	   *cal;
	DateADT		opened;
	int32		limit;
	int32		shift;
	Datum	   *s_el,
			   *r_el;
	int			n,
				nr,
				ext_from = 0;
	bool		ext_during;
	int32_t    *from,
			   *to;
	int32_t		days;
	int			failed;

	for (int a = 0; a < 6; a++)
		if (PG_ARGISNULL(a))
			PG_RETURN_NULL();
	cal = text_to_cstring(PG_GETARG_TEXT_PP(5));
	opened = PG_GETARG_DATEADT(0);
	limit = PG_GETARG_INT32(1);
	shift = PG_GETARG_INT32(2);
	n = rt_timestamps_arg(fcinfo, 3, "suspended_at", &s_el);
	nr = rt_timestamps_arg(fcinfo, 4, "resumed_at", &r_el);
	/* the suspensions begun before the extension do not see it */
	if (PG_NARGS() > 6 && !PG_ARGISNULL(6))
		while (ext_from < n && DatumGetTimestampTz(s_el[ext_from]) < PG_GETARG_TIMESTAMPTZ(6))
			ext_from++;

	if (n != nr)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("suspended_at and resumed_at must have as many elements"),
				 errdetail("suspended_at has %d elements, resumed_at %d.", n, nr)));
	/*
	 * granted while the last suspension begun before it ran: that one
	 * restarts against the due with it (rt_suspension_workdays_restart)
	 */
	ext_during = PG_NARGS() > 6 && !PG_ARGISNULL(6) && ext_from > 0 &&
		PG_GETARG_TIMESTAMPTZ(6) < DatumGetTimestampTz(r_el[ext_from - 1]);
	from = palloc(sizeof(int32_t) * Max(n, 1));
	to = palloc(sizeof(int32_t) * Max(n, 1));
	for (int k = 0; k < n; k++)
	{
		from[k] = sa_local_day(cal, DatumGetTimestampTz(s_el[k]));
		to[k] = sa_local_day(cal, DatumGetTimestampTz(r_el[k]));
	}
	if (rt_suspensions_workdays_each(sa_calendar_workcal(cal), opened, limit, shift, ext_from, ext_during, from, to, n,
									 &days, &failed, NULL, NULL) != SA_WD_OK)
	{
		/* raise the error of the step that failed: its due, else its count */
		if (failed < 0)
			(void) rt_due_of(cal, opened, limit, shift);	/* a negative limit or shift: 22023 */
		(void) rt_due_of(cal, opened, limit, (failed >= ext_from ? shift : 0) + days);
		if (to[failed] < from[failed])
			rt_resumed_before_error(DatumGetTimestampTz(s_el[failed]), DatumGetTimestampTz(r_el[failed]), failed + 1);
		(void) sa_workdays_between(cal, from[failed], to[failed]);
		elog(ERROR, "working days of suspension %d out of range", failed + 1);
	}
	PG_RETURN_INT32(days);
}

/*
 * task_row_ok(stage, status, limit_days, extension_limit, opened_at, due,
 * decision, finished_at, cancelled, extension_days, suspended_workdays,
 * suspended_at, suspend_reason, sla_state) — the row invariants of task
 * (rt_task_row_ok in src/core), its CHECK constraint task_row.  NULL when a
 * NOT NULL column is NULL (its NOT NULL constraint reports that).
 */
PG_FUNCTION_INFO_V1(sa_task_row_ok);

static void
rt_text_arg(FunctionCallInfo fcinfo, int i, const char **s, int *len)
{
	if (PG_ARGISNULL(i))
	{
		*s = NULL;
		*len = -1;
	}
	else
	{
		text	   *t = PG_GETARG_TEXT_PP(i);

		*s = VARDATA_ANY(t);
		*len = VARSIZE_ANY_EXHDR(t);
	}
}

Datum
sa_task_row_ok(PG_FUNCTION_ARGS)
{
	rt_task_row r;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		PG_ARGISNULL(8) || PG_ARGISNULL(9) || PG_ARGISNULL(10))
		PG_RETURN_NULL();
	r.stage = PG_GETARG_INT32(0);
	rt_text_arg(fcinfo, 1, &r.status, &r.status_len);
	r.limit_days = PG_GETARG_INT32(2);
	r.extension_limit = PG_GETARG_INT32(3);
	r.has_opened_at = !PG_ARGISNULL(4);
	r.has_due = !PG_ARGISNULL(5);
	rt_text_arg(fcinfo, 6, &r.decision, &r.decision_len);
	r.has_finished_at = !PG_ARGISNULL(7);
	r.cancelled = PG_GETARG_BOOL(8);
	r.extension_days = PG_GETARG_INT32(9);
	r.suspended_workdays = PG_GETARG_INT32(10);
	r.has_suspended_at = !PG_ARGISNULL(11);
	rt_text_arg(fcinfo, 12, &r.suspend_reason, &r.suspend_reason_len);
	rt_text_arg(fcinfo, 13, &r.sla_state, &r.sla_state_len);
	PG_RETURN_BOOL(rt_task_row_ok(&r));
}

/*
 * extension_check(workdays, extension_limit, extended) — the extension cap
 * (rt_extension in src/core): NULL when the extension is allowed, 'already'
 * when the task was extended before, 'range' when workdays (NULL included)
 * lies outside 1..extension_limit.  extend() raises the errors.
 */
PG_FUNCTION_INFO_V1(sa_extension_check);

Datum
sa_extension_check(PG_FUNCTION_ARGS)
{
	bool		extended = !PG_ARGISNULL(2) && PG_GETARG_BOOL(2);
	rt_ext		e;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		e = extended ? RT_EXT_ALREADY : RT_EXT_RANGE;
	else
		e = rt_extension(PG_GETARG_INT32(0), PG_GETARG_INT32(1), extended);
	switch (e)
	{
		case RT_EXT_OK:
			break;
		case RT_EXT_ALREADY:
			PG_RETURN_TEXT_P(cstring_to_text("already"));
		case RT_EXT_RANGE:
			PG_RETURN_TEXT_P(cstring_to_text("range"));
	}
	PG_RETURN_NULL();
}

/* A task row as the stage machine needs it, plus what opening it needs. */
typedef struct rt_row
{
	int64		id;
	rt_task		t;
	char	   *calendar;
	int32		limit_days;
	bool		finished;		/* finished_at is set */
	TimestampTz finished_at;
	int32		extension_days;
	bool		opened;			/* opened_at is set */
	TimestampTz opened_at;
	bool		has_suspended_at;	/* suspended_at is set */
	TimestampTz suspended_at;
	bool		extended;		/* extended_at is set */
	TimestampTz extended_at;
	bool		has_due;		/* due is set (opened) */
	DateADT		due;
} rt_row;

static rt_status
rt_status_of(const char *s)
{
	if (strcmp(s, "waiting") == 0)
		return RT_WAITING;
	if (strcmp(s, "open") == 0)
		return RT_OPEN;
	if (strcmp(s, "suspended") == 0)
		return RT_SUSPENDED;
	if (strcmp(s, "done") == 0)
		return RT_DONE;
	if (strcmp(s, "blocked") == 0)
		return RT_BLOCKED;
	elog(ERROR, "unexpected task status \"%s\"", s);
	return RT_DONE;				/* keep the compiler quiet */
}

/* Read the tasks of a case (inside SPI); *n gets their number. */
static rt_row *
rt_load_tasks(int64 case_id, int *n)
{
	Oid			types[1] = {INT8OID};
	Datum		args[1] = {Int64GetDatum(case_id)};
	rt_row	   *rows;
	uint64		i;
	bool		part = rt_cases_partitioned();

	if (plan_tasks[part] == NULL)
		rt_plan(&plan_tasks[part],
				rt_case_sql(part,
							"SELECT t.id, t.stage, t.status, t.decision IS NOT DISTINCT FROM 'approved', t.cancelled,"
							"       t.extension_days + t.suspended_workdays, t.calendar, t.limit_days, t.finished_at,"
							"       t.extension_days, t.opened_at, t.suspended_at, t.extended_at, t.due"
							"  FROM service_affair.task t WHERE t.case_id = $1%s ORDER BY t.stage, t.id", "t"),
				1, types);
	if (SPI_execute_plan(plan_tasks[part], args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading the tasks of case " INT64_FORMAT " failed", case_id);
	*n = (int) SPI_processed;
	rows = palloc0(sizeof(rt_row) * Max(SPI_processed, 1));
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;

		rows[i].id = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
		rows[i].t.stage = DatumGetInt32(SPI_getbinval(tup, desc, 2, &isnull));
		rows[i].t.status = rt_status_of(SPI_getvalue(tup, desc, 3));
		rows[i].t.approved = DatumGetBool(SPI_getbinval(tup, desc, 4, &isnull));
		rows[i].t.cancelled = DatumGetBool(SPI_getbinval(tup, desc, 5, &isnull));
		rows[i].t.shift = DatumGetInt32(SPI_getbinval(tup, desc, 6, &isnull));
		rows[i].calendar = SPI_getvalue(tup, desc, 7);
		rows[i].limit_days = DatumGetInt32(SPI_getbinval(tup, desc, 8, &isnull));
		rows[i].finished_at = DatumGetTimestampTz(SPI_getbinval(tup, desc, 9, &isnull));
		rows[i].finished = !isnull;
		rows[i].extension_days = DatumGetInt32(SPI_getbinval(tup, desc, 10, &isnull));
		rows[i].opened_at = DatumGetTimestampTz(SPI_getbinval(tup, desc, 11, &isnull));
		rows[i].opened = !isnull;
		rows[i].suspended_at = DatumGetTimestampTz(SPI_getbinval(tup, desc, 12, &isnull));
		rows[i].has_suspended_at = !isnull;
		rows[i].extended_at = DatumGetTimestampTz(SPI_getbinval(tup, desc, 13, &isnull));
		rows[i].extended = !isnull;
		rows[i].due = DatumGetDateADT(SPI_getbinval(tup, desc, 14, &isnull));
		rows[i].has_due = !isnull;
	}
	return rows;
}

/* Open one task at "at": due = limit_days working days after the local day. */
static void
rt_open_task(const rt_row *r, TimestampTz at, bool with_event)
{
	Oid			types[4] = {INT8OID, TIMESTAMPTZOID, DATEOID, BOOLOID};
	Datum		args[4];
	DateADT		due;
	bool		part = rt_cases_partitioned();

	due = rt_due_of(r->calendar, sa_local_day(r->calendar, at), r->limit_days, 0);
	args[0] = Int64GetDatum(r->id);
	args[1] = TimestampTzGetDatum(at);
	args[2] = DateADTGetDatum(due);
	args[3] = BoolGetDatum(with_event);
	if (plan_open[part] == NULL)
		rt_plan(&plan_open[part],
				rt_case_sql(part,
							"WITH u AS (UPDATE service_affair.task x SET status = 'open', opened_at = $2, due = $3"
							"            WHERE x.id = $1%s AND x.status = 'waiting' RETURNING x.*)"
							" SELECT service_affair.task_event(ROW(u.*)::service_affair.task, $2, 'task_opened',"
							"                                  pg_catalog.jsonb_build_object('stage', u.stage))"
							"   FROM u WHERE $4", "x"),
				4, types);
	if (SPI_execute_plan(plan_open[part], args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "opening task " INT64_FORMAT " failed", r->id);
}

/*
 * The shift of a case (inside SPI): tasks[].shift set to each task's
 * extension and the working days of its finished suspensions that count for
 * the case, rt_case_suspended_shift() in src/core, over the case's events in
 * order of time: each suspension with its days for its task
 * (rt_suspensions_workdays_each, the rule of task.suspended_workdays: the
 * extension in force only for the suspensions begun once it was granted),
 * kept for the case only when it began on or before the case's due the
 * earlier events left; each extension with its days, from its time on.
 * Until 2026-12-05 the case took every task's extension_days +
 * suspended_workdays, and a stage's task suspended in time for its own due
 * but after the case's moved the case's due past its breach.
 *
 * With at_given, the suspensions still running that began at or before "at"
 * count too, as if resumed at "at" (the working days they have stopped the
 * case's clock so far, judged by the same rule): the due in force at "at",
 * as extend() measures a suspended task's (case_due_at()).  Each
 * suspension's local day resumed in the case's calendar goes with it: the
 * case's clock restarts then, on a day off on the next working day.
 */
typedef struct rt_last_stop
{
	int			j;				/* in: the task whose running suspension is asked about */
	TimestampTz since;			/* in: the instant it began */
	bool		last;			/* out: no event of the case comes after it */
	int32		days;			/* out: task j's finished suspensions' days for the task */
} rt_last_stop;

static int32
rt_case_shift_of(int64 case_id, const char *cal, DateADT accepted_day, int32 promised,
				 const rt_row *rows, rt_task *tasks, int n, bool at_given, TimestampTz until,
				 rt_last_stop *ls)
{
	Oid			types[2] = {INT8OID, TIMESTAMPTZOID};
	Datum		args[2] = {Int64GetDatum(case_id), TimestampTzGetDatum(until)};
	bool		part = rt_cases_partitioned();
	SPIPlanPtr	plan;
	uint64		ns;
	int		   *task_of;
	bool	   *is_ext,
			   *sel_stopped;
	int32_t    *from_task,
			   *to_task,
			   *from_case,
			   *to_case,
			   *each,
			   *sel_from,
			   *sel_to,
			   *sel_each,
			   *ext_in;
	TimestampTz *at_of;			/* a suspension's end (or measure), an extension's grant */
	uint64	   *sel_k;
	int32_t		shift;

	for (int i = 0; i < n; i++)
		tasks[i].shift = 0;
	if (ls != NULL)
	{
		ls->last = true;
		ls->days = 0;
	}
	if (!at_given && plan_case_susp[part] == NULL)
		rt_plan(&plan_case_susp[part],
				psprintf("SELECT ts.task_id, ts.suspended_at AS at, ts.resumed_at, false AS ext"
						 "  FROM service_affair.task_suspension ts JOIN service_affair.task t ON t.id = ts.task_id"
						 " WHERE t.case_id = $1%s AND ts.resumed_at IS NOT NULL%s"
						 " UNION ALL "
						 "SELECT t.id, t.extended_at, NULL, true FROM service_affair.task t"
						 " WHERE t.case_id = $1%s AND t.extended_at IS NOT NULL"
						 /* an extension before a suspension begun at the same instant */
						 " ORDER BY at, ext DESC, task_id",
						 part ? " AND NOT t.settled" : "", part ? " AND NOT ts.settled" : "",
						 part ? " AND NOT t.settled" : ""),
				1, types);
	if (at_given && plan_case_susp_at[part] == NULL)
		rt_plan(&plan_case_susp_at[part],
				psprintf("SELECT ts.task_id, ts.suspended_at AS at, COALESCE(ts.resumed_at, $2), false AS ext"
						 "  FROM service_affair.task_suspension ts JOIN service_affair.task t ON t.id = ts.task_id"
						 " WHERE t.case_id = $1%s AND (ts.resumed_at IS NOT NULL OR ts.suspended_at <= $2)%s"
						 " UNION ALL "
						 "SELECT t.id, t.extended_at, NULL, true FROM service_affair.task t"
						 " WHERE t.case_id = $1%s AND t.extended_at IS NOT NULL"
						 " ORDER BY at, ext DESC, task_id",
						 part ? " AND NOT t.settled" : "", part ? " AND NOT ts.settled" : "",
						 part ? " AND NOT t.settled" : ""),
				2, types);
	plan = at_given ? plan_case_susp_at[part] : plan_case_susp[part];
	if (SPI_execute_plan(plan, args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading the suspensions of case " INT64_FORMAT " failed", case_id);
	ns = SPI_processed;
	task_of = palloc(sizeof(int) * Max(ns, 1));
	is_ext = palloc(sizeof(bool) * Max(ns, 1));
	from_task = palloc(sizeof(int32_t) * Max(ns, 1));
	to_task = palloc(sizeof(int32_t) * Max(ns, 1));
	from_case = palloc(sizeof(int32_t) * Max(ns, 1));
	to_case = palloc(sizeof(int32_t) * Max(ns, 1));
	each = palloc(sizeof(int32_t) * Max(ns, 1));
	sel_from = palloc(sizeof(int32_t) * Max(ns, 1));
	sel_to = palloc(sizeof(int32_t) * Max(ns, 1));
	sel_each = palloc(sizeof(int32_t) * Max(ns, 1));
	sel_stopped = palloc(sizeof(bool) * Max(ns, 1));
	ext_in = palloc0(sizeof(int32_t) * Max(ns, 1));
	at_of = palloc(sizeof(TimestampTz) * Max(ns, 1));
	sel_k = palloc(sizeof(uint64) * Max(ns, 1));
	for (uint64 k = 0; k < ns; k++)
	{
		HeapTuple	tup = SPI_tuptable->vals[k];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		int64		id = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
		TimestampTz at = DatumGetTimestampTz(SPI_getbinval(tup, desc, 2, &isnull));
		TimestampTz r_at;
		int			i;

		for (i = 0; i < n && rows[i].id != id; i++)
			;
		if (i == n || !rows[i].opened)
			elog(ERROR, "task " INT64_FORMAT " is not an opened task of case " INT64_FORMAT, id, case_id);
		task_of[k] = i;
		is_ext[k] = DatumGetBool(SPI_getbinval(tup, desc, 4, &isnull));
		/*
		 * after task ls->j's running suspension in the order of the events
		 * (ORDER BY at, ext DESC, task_id; it is a suspension): an extension
		 * granted after it began, a suspension begun after it or at its
		 * instant by a task of a later id
		 */
		if (ls != NULL && (at > ls->since || (!is_ext[k] && at == ls->since && id >= rows[ls->j].id)))
			ls->last = false;
		if (is_ext[k])
		{
			/* an extension moves the case as its task, from its time on */
			from_case[k] = INT32_MIN;
			to_case[k] = INT32_MIN;
			each[k] = rows[i].extension_days;
			at_of[k] = at;
			continue;
		}
		r_at = DatumGetTimestampTz(SPI_getbinval(tup, desc, 3, &isnull));
		/*
		 * resumed before it began: the table's check keeps that out, so only
		 * a row written past it gets here (a superuser dropped it); until
		 * 2026-12-06 the core's refusal of the reversed days came back as
		 * XX000 'working days of suspension … out of range' (a review)
		 */
		if (r_at < at)
		{
			/* (timestamptz_to_str() answers in one static buffer) */
			char	   *s = pstrdup(timestamptz_to_str(at));

			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("the suspension of task " INT64_FORMAT " begun at %s was resumed before it began", id, s),
					 errdetail("resumed_at is %s; the check of service_affair.task_suspension refuses it.",
							   timestamptz_to_str(r_at))));
		}
		from_case[k] = sa_local_day(cal, at);
		at_of[k] = r_at;
		to_case[k] = sa_local_day(cal, r_at);
		from_task[k] = sa_local_day(rows[i].calendar, at);
		to_task[k] = sa_local_day(rows[i].calendar, r_at);
	}
	/* each suspension's days for its task, the task's suspensions in order */
	for (int i = 0; i < n; i++)
	{
		int			m = 0,
					ext_from = -1;
		int32_t		days;
		int			failed;
		DateADT		opened;
		bool		ext_during = false;

		for (uint64 k = 0; k < ns; k++)
			if (task_of[k] == i)
			{
				if (is_ext[k])
				{
					ext_from = m;	/* the suspensions from here on see it */
					/* granted while the one before it ran (before its end) */
					ext_during = m > 0 && at_of[k] < at_of[sel_k[m - 1]];
				}
				else
				{
					sel_from[m] = from_task[k];
					sel_to[m] = to_task[k];
					sel_k[m] = k;
					m++;
				}
			}
		if (m == 0)
			continue;
		if (ext_from < 0)
			ext_from = m;		/* no extension: none sees one */
		/* that one restarts against the due the extension moved, the case's too */
		if (ext_during)
			ext_in[sel_k[ext_from - 1]] = rows[i].extension_days;
		opened = sa_local_day(rows[i].calendar, rows[i].opened_at);
		if (rt_suspensions_workdays_each(sa_calendar_workcal(rows[i].calendar), opened, rows[i].limit_days,
										 rows[i].extension_days, ext_from, ext_during, sel_from, sel_to, m,
										 &days, &failed, sel_each, sel_stopped) != SA_WD_OK)
		{
			/*
			 * a negative limit or extension (SA_WD_BAD_COUNT, failed -1):
			 * the table's checks keep them out, so only rows written past
			 * them get here; never index sel_from with it
			 */
			if (failed < 0)
				ereport(ERROR,
						(errcode(ERRCODE_DATA_CORRUPTED),
						 errmsg("task " INT64_FORMAT " has a negative time limit or extension", rows[i].id),
						 errdetail("limit_days is %d, extension_days %d; the checks of service_affair.task refuse them.",
								   rows[i].limit_days, rows[i].extension_days)));
			(void) rt_due_of(rows[i].calendar, opened, rows[i].limit_days,
							 (failed >= ext_from ? rows[i].extension_days : 0) + days);
			(void) sa_workdays_between(rows[i].calendar, sel_from[failed], sel_to[failed]);
			elog(ERROR, "working days of suspension %d of task " INT64_FORMAT " out of range", failed + 1, rows[i].id);
		}
		if (ls != NULL && i == ls->j)
			ls->days = days;
		m = 0;
		for (uint64 k = 0; k < ns; k++)
			if (task_of[k] == i && !is_ext[k])
			{
				/* one that stopped nothing of its task: the case ran on too */
				if (!sel_stopped[m])
					to_case[k] = INT32_MIN;
				each[k] = sel_each[m++];
			}
	}
	if (rt_case_suspended_shift(sa_calendar_workcal(cal), accepted_day, promised, tasks, n, task_of,
								from_case, to_case, each, ext_in, (int) ns, &shift) != SA_WD_OK)
	{
		(void) rt_due_of(cal, accepted_day, promised, shift);	/* raises its error */
		elog(ERROR, "due date of case " INT64_FORMAT " out of range", case_id);
	}
	return shift;
}

/*
 * The clock of an accepted case from its tasks (inside SPI): *shift its
 * due_shift, *due its due, *suspended whether every unfinished task is
 * suspended (and one is), *task_suspended whether one is (a bundle's task
 * suspended while a parallel one runs included); false when the case is
 * not accepted.  The case
 * due: the promised limit in working days after the local acceptance day,
 * then moved by rt_case_shift_of() working days; with at_given, as in force
 * at "until" (its running suspensions counted up to then).
 *
 * With stop (refresh_case_clock() only), what case_sla reads from the row
 * instead of the tasks (rt_case_stop).
 */
typedef struct rt_case_stop
{
	bool		stopped;		/* suspended: stopped_at is the instant */
	TimestampTz stopped_at;		/* rt_clock_stop_step over the tasks */
	/*
	 * A case whose running suspension is its last event (no extension
	 * granted, no suspension begun after it), the only one running, of a
	 * task in the case's calendar: its due in force at t is the last step
	 * of rt_case_shift_of()'s count, that suspension resumed on t's local
	 * day, from what the events before it left (rt_case_last_suspension_shift;
	 * item_case_due_at()): since, the instant it began; task_due, its task's
	 * due in force then; task_shift, that task's shift for the case;
	 * stage_shift, the largest of the other tasks of its stage.
	 */
	bool		stop_moves_due;
	TimestampTz since;
	DateADT		task_due;
	int32		task_shift;
	int32		stage_shift;
} rt_case_stop;

static bool
rt_case_clock(int64 case_id, bool at_given, TimestampTz until,
			  int32 *shift_out, DateADT *due_out, bool *suspended_out,
			  bool *task_suspended_out, rt_case_stop *stop)
{
	Oid			types[1] = {INT8OID};
	Datum		args[1];
	rt_row	   *rows;
	rt_task    *tasks;
	int			n,
				i;
	bool		any_suspended = false,
				any_open = false,
				isnull;
	char	   *cal;
	TimestampTz accepted_at;
	bool		part;
	int32		promised;
	int			nsusp = 0;
	rt_last_stop ls = {.j = -1};

	part = rt_cases_partitioned();
	if (plan_case[part] == NULL)
		rt_plan(&plan_case[part],
				rt_case_sql(part,
							"SELECT c.calendar, c.accepted_at, c.promised_limit FROM service_affair.cases c"
							" WHERE c.id = $1%s AND c.accepted_at IS NOT NULL", "c"),
				1, types);
	args[0] = Int64GetDatum(case_id);
	if (SPI_execute_plan(plan_case[part], args, NULL, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading case " INT64_FORMAT " failed", case_id);
	if (SPI_processed == 0)
		return false;
	cal = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	accepted_at = DatumGetTimestampTz(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	promised = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull));

	rows = rt_load_tasks(case_id, &n);
	tasks = palloc(sizeof(rt_task) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		tasks[i] = rows[i].t;
		if (!rows[i].t.cancelled && rows[i].t.status == RT_SUSPENDED)
		{
			ls.j = nsusp++ == 0 ? i : -1;
			any_suspended = true;
		}
		if (rows[i].t.status == RT_OPEN)
			any_open = true;
	}
	/* the only running suspension, of a task in the case's calendar */
	if (stop == NULL || at_given || nsusp != 1 || !rows[ls.j].has_suspended_at || !rows[ls.j].opened ||
		TIMESTAMP_NOT_FINITE(rows[ls.j].suspended_at) || TIMESTAMP_NOT_FINITE(rows[ls.j].opened_at) ||
		strcmp(rows[ls.j].calendar, cal) != 0)
		ls.j = -1;
	else
		ls.since = rows[ls.j].suspended_at;
	*shift_out = rt_case_shift_of(case_id, cal, sa_local_day(cal, accepted_at), promised, rows, tasks, n,
								  at_given, until, ls.j >= 0 ? &ls : NULL);
	*due_out = rt_due_of(cal, sa_local_day(cal, accepted_at), promised, *shift_out);
	*suspended_out = any_suspended && !any_open;
	*task_suspended_out = any_suspended;
	if (stop != NULL)
	{
		int64_t		at = 0;

		stop->stopped = false;
		stop->stop_moves_due = false;
		if (*suspended_out)
		{
			for (i = 0; i < n; i++)
				rt_clock_stop_step(&stop->stopped, &at, rows[i].t.status, rows[i].t.cancelled,
								   rows[i].has_suspended_at, rows[i].suspended_at,
								   rows[i].finished, rows[i].finished_at);
			stop->stopped_at = (TimestampTz) at;
		}
		if (ls.j >= 0 && ls.last)
		{
			const rt_row *r = &rows[ls.j];
			int32_t		task_due,
						from,
						step;

			/*
			 * its task's due in force when it began: the extension (granted
			 * before it) and the days of the finished suspensions, as
			 * rt_suspensions_workdays_each judges it
			 */
			if (rt_shifted_due(sa_calendar_workcal(r->calendar), sa_local_day(r->calendar, r->opened_at),
							   r->limit_days, (int64) r->extension_days + ls.days > PG_INT32_MAX ? PG_INT32_MAX :
							   r->extension_days + ls.days, &task_due, &from, &step) == SA_WD_OK)
			{
				stop->stop_moves_due = true;
				stop->since = ls.since;
				stop->task_due = task_due;
				stop->task_shift = tasks[ls.j].shift;
				stop->stage_shift = 0;
				for (i = 0; i < n; i++)
					if (i != ls.j && !tasks[i].cancelled && tasks[i].stage == tasks[ls.j].stage &&
						tasks[i].shift > stop->stage_shift)
						stop->stage_shift = tasks[i].shift;
			}
		}
	}
	return true;
}

/*
 * Recompute due_shift, due, suspended, task_suspended, clock_stopped_at and
 * stop_moves_due of an accepted case from its tasks (inside SPI):
 * rt_case_clock().  The last three let case_sla judge a case by the columns
 * of its row, not a probe of its tasks: task_suspended finds the few cases
 * whose due in force can differ from the stored one, clock_stopped_at is
 * the instant a suspended case's clock stopped (its state), stop_moves_due tells
 * that the due in force of a case of one task is counted from that instant
 * (item_case_due_at()).  sla_sweep() reads none of them: it finds its cases
 * through task_suspended_due_idx.
 */
static void
rt_refresh_case(int64 case_id)
{
	Oid			types[11] = {INT8OID, INT4OID, DATEOID, BOOLOID, BOOLOID, TIMESTAMPTZOID, BOOLOID,
	TIMESTAMPTZOID, DATEOID, INT4OID, INT4OID};
	Datum		args[11];
	char		nullmap[12] = "           ";	/* $6 NULL unless stopped, $8-$11 unless stop_moves_due */
	int32		shift;
	DateADT		due;
	bool		suspended,
				task_suspended;
	rt_case_stop stop;
	bool		part = rt_cases_partitioned();

	if (!rt_case_clock(case_id, false, 0, &shift, &due, &suspended, &task_suspended, &stop))
		return;
	args[0] = Int64GetDatum(case_id);
	args[1] = Int32GetDatum(shift);
	args[2] = DateADTGetDatum(due);
	args[3] = BoolGetDatum(suspended);
	args[4] = BoolGetDatum(task_suspended);
	args[5] = TimestampTzGetDatum(stop.stopped ? stop.stopped_at : 0);
	nullmap[5] = stop.stopped ? ' ' : 'n';
	args[6] = BoolGetDatum(stop.stop_moves_due);
	args[7] = TimestampTzGetDatum(stop.stop_moves_due ? stop.since : 0);
	args[8] = DateADTGetDatum(stop.stop_moves_due ? stop.task_due : 0);
	args[9] = Int32GetDatum(stop.stop_moves_due ? stop.task_shift : 0);
	args[10] = Int32GetDatum(stop.stop_moves_due ? stop.stage_shift : 0);
	for (int i = 7; i < 11; i++)
		nullmap[i] = stop.stop_moves_due ? ' ' : 'n';
	/* (0.1.0's schema, unpartitioned, has none of the last seven: $5-$11 unused) */
	if (plan_case_update[part] == NULL)
		rt_plan(&plan_case_update[part],
				part ?
				"UPDATE service_affair.cases c SET due_shift = $2, due = $3, suspended = $4, task_suspended = $5,"
				"                                  clock_stopped_at = $6, stop_moves_due = $7, stop_since = $8,"
				"                                  stop_task_due = $9, stop_task_shift = $10, stop_stage_shift = $11"
				" WHERE c.id = $1 AND NOT c.settled"
				"   AND (c.due_shift, c.due, c.suspended, c.task_suspended, c.clock_stopped_at, c.stop_moves_due,"
				"        c.stop_since, c.stop_task_due, c.stop_task_shift, c.stop_stage_shift)"
				"       IS DISTINCT FROM ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11)" :
				"UPDATE service_affair.cases c SET due_shift = $2, due = $3, suspended = $4"
				" WHERE c.id = $1 AND (c.due_shift, c.due, c.suspended) IS DISTINCT FROM ($2, $3, $4)",
				11, types);
	if (SPI_execute_plan(plan_case_update[part], args, nullmap, false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "updating case " INT64_FORMAT " failed", case_id);
}

/*
 * The days a task of the item of this row of rt_route's read promises
 * (columns 8 kind, 11 promised_limit, 12 legal_limit): the rule of
 * src/core/svclimit.h, as service_info() and bundle_limits ask it.
 */
static int32
rt_item_limit(HeapTuple tup, TupleDesc desc)
{
	bool		knull,
				pnull,
				lnull;
	Datum		kind = SPI_getbinval(tup, desc, 8, &knull);
	int32		promised = DatumGetInt32(SPI_getbinval(tup, desc, 11, &pnull));
	int32		legal = DatumGetInt32(SPI_getbinval(tup, desc, 12, &lnull));
	text	   *k = knull ? NULL : DatumGetTextPP(kind);

	return sa_item_promised_days_checked(k ? VARDATA_ANY(k) : NULL, k ? VARSIZE_ANY_EXHDR(k) : 0,
										 pnull ? NULL : &promised, lnull ? NULL : &legal);
}

/*
 * route_accepted(case_id) — called by submit() and supplement() right after
 * they made the case accepted (the case row is theirs, locked): one task per
 * item (the item itself, or each item of the bundle at its stage).  The tasks
 * of the lowest stage are inserted open at the acceptance time with their due
 * date, the others waiting; nothing is written twice.  The caller holds the
 * due lock (due_lock_shared()).  55000 when the case is not accepted or
 * already has tasks, so a second call cannot route a case twice.
 */
static void
rt_route(int64 case_id)
{
	Oid			ctypes[1] = {INT8OID};
	Datum		cargs[1];
	Oid			types[11] = {INT8OID, TEXTOID, TEXTOID, INT4OID, TEXTOID, TEXTOID, INT4OID, INT4OID,
							 TIMESTAMPTZOID, DATEOID, INT8OID};
	Datum		args[11];
	char		nulls[11];
	Oid			task_seq;
	HeapTuple	ctup;
	TupleDesc	desc;
	SPITupleTable *items;
	bool		isnull;
	bool		part;
	TimestampTz accepted_at;
	char	   *status;
	int32		first = 0;
	uint64		i,
				n;

	/*
	 * One read: the case (status, acceptance, whether it has tasks) and its
	 * items with what a task snapshots, one row per item in stage order (one
	 * row with NULL items when there is none).  A case names an item or a
	 * bundle (cases_row): an item case meets no bundle_item row and joins
	 * its own item at stage 1; a bundle case joins each item of the bundle
	 * (two plain left joins: the former LATERAL UNION ALL cost about a
	 * third more to start on every call, doc/benchmarks-intake.md).  A
	 * task's limit is computed here from the item's kind and limits
	 * (rt_item_limit()), not in the query.
	 *
	 * The one task of an item's case keeps the case's promise: its limit
	 * and calendar are the case's (cases.promised_limit and calendar, the
	 * item's at the submission), not the item's of today.  A case returned
	 * at its submission is routed by the supplement that completes it,
	 * maybe weeks later: until 2026-12-06 an item whose promised limit or
	 * calendar had changed in between gave its task a due other than its
	 * case's (promised 10 days, changed to 15: the task due a week after
	 * the case, which went overdue while its only task was in time; a
	 * review, route_supplement_promise.sql).  At submit() both are read in
	 * one transaction and agree.  A bundle's tasks have no snapshot of
	 * their own and take their items' limits (the bundle's promise is the
	 * case's, its stages' are its tasks').
	 */
	part = rt_cases_partitioned();
	if (plan_route_case[part] == NULL)
		rt_plan(&plan_route_case[part],
				rt_case_sql2(part,
							"SELECT c.status, c.accepted_at, EXISTS (SELECT FROM service_affair.task t WHERE t.case_id = c.id%s),"
							"       i.code, i.department, COALESCE(bi.stage, 1) AS stage, i.calendar,"
							"       i.kind, i.extension_limit, c.bundle, i.promised_limit, i.legal_limit,"
							"       c.item IS NOT NULL AS item_case, c.calendar, c.promised_limit"
							"  FROM service_affair.cases c"
							"  LEFT JOIN service_affair.bundle_item bi ON bi.bundle = c.bundle"
							"  LEFT JOIN service_affair.item i ON i.code = COALESCE(c.item, bi.item)"
							" WHERE c.id = $1%s"
							" ORDER BY 6, 4", "t", "c"),
				1, ctypes);
	cargs[0] = Int64GetDatum(case_id);
	if (SPI_execute_plan(plan_route_case[part], cargs, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading case " INT64_FORMAT " failed", case_id);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("unknown case"),
				 errdetail("No case has id " INT64_FORMAT ".", case_id)));
	items = SPI_tuptable;
	n = SPI_processed;
	desc = items->tupdesc;
	ctup = items->vals[0];
	status = SPI_getvalue(ctup, desc, 1);
	accepted_at = DatumGetTimestampTz(SPI_getbinval(ctup, desc, 2, &isnull));
	if (status == NULL || strcmp(status, "accepted") != 0 || isnull)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("case " INT64_FORMAT " is not accepted", case_id),
				 errdetail("Only an accepted case is routed; case " INT64_FORMAT " is %s.",
						   case_id, status ? status : "without status")));
	if (DatumGetBool(SPI_getbinval(ctup, desc, 3, &isnull)))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("case " INT64_FORMAT " was already routed", case_id),
				 errdetail("Case " INT64_FORMAT " already has tasks.", case_id)));
	(void) SPI_getbinval(ctup, desc, 4, &isnull);
	if (isnull)
	{
		char	   *bundle = SPI_getvalue(ctup, desc, 10);

		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("case " INT64_FORMAT " has nothing to route", case_id),
				 errdetail("Bundle %s has no items.", bundle ? bundle : "(none)")));
	}
	for (i = 0; i < n; i++)
	{
		int32		stage = DatumGetInt32(SPI_getbinval(items->vals[i], desc, 6, &isnull));

		if (first == 0 || stage < first)
			first = stage;
	}

	/*
	 * A task's id carries the month of its case and the shard that drew its
	 * sequence value (src/core/caseid.c, 38_case_ids.sql): computed here from
	 * the table's own sequence, so that this also runs for a database still
	 * at 0.1.0 (its routing trigger).
	 */
	task_seq = get_relname_relid("task_id_seq", get_namespace_oid("service_affair", false));
	if (!OidIsValid(task_seq))
		elog(ERROR, "sequence service_affair.task_id_seq does not exist");
	rt_plan(&plan_insert,
			"INSERT INTO service_affair.task (case_id, item, department, stage, status, calendar, limit_days,"
			"                                 extension_limit, opened_at, due, id)"
			" OVERRIDING SYSTEM VALUE"
			" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
			11, types);
	for (i = 0; i < n; i++)
	{
		HeapTuple	tup = items->vals[i];
		int32		stage = DatumGetInt32(SPI_getbinval(tup, desc, 6, &isnull));
		bool		item_case = DatumGetBool(SPI_getbinval(tup, desc, 13, &isnull));
		/* an item's case: the case's calendar and promise (above) */
		char	   *cal = SPI_getvalue(tup, desc, item_case ? 14 : 7);
		int32		limit = item_case ? DatumGetInt32(SPI_getbinval(tup, desc, 15, &isnull))
			: rt_item_limit(tup, desc);
		bool		open = (stage == first);
		int			k;
		int64		task_id = 0;

		for (k = 0; k < 11; k++)
			nulls[k] = ' ';
		/* like an identity column: no USAGE check on the sequence */
		if (sa_caseid_in_month(case_id, nextval_internal(task_seq, false), &task_id) != SA_CASEID_OK)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("case " INT64_FORMAT " has no month of case numbers", case_id)));
		args[10] = Int64GetDatum(task_id);
		args[0] = Int64GetDatum(case_id);
		args[1] = SPI_getbinval(tup, desc, 4, &isnull);
		args[2] = SPI_getbinval(tup, desc, 5, &isnull);
		args[3] = Int32GetDatum(stage);
		args[4] = CStringGetTextDatum(open ? "open" : "waiting");
		args[5] = CStringGetTextDatum(cal);
		args[6] = Int32GetDatum(limit);
		args[7] = SPI_getbinval(tup, desc, 9, &isnull);
		nulls[7] = isnull ? 'n' : ' ';
		if (open)
		{
			args[8] = TimestampTzGetDatum(accepted_at);
			args[9] = DateADTGetDatum(rt_due_of(cal, sa_local_day(cal, accepted_at), limit, 0));
		}
		else
		{
			nulls[8] = 'n';
			nulls[9] = 'n';
		}
		if (SPI_execute_plan(plan_insert, args, nulls, false, 0) != SPI_OK_INSERT)
			elog(ERROR, "routing case " INT64_FORMAT " failed", case_id);
	}
}

Datum
sa_route_accepted(PG_FUNCTION_ARGS)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	rt_route(PG_GETARG_INT64(0));
	SPI_finish();
	PG_RETURN_VOID();
}

/*
 * sa_route_case — the routing trigger of the 0.1.0 schema, kept only so that a
 * database still at 0.1.0 works with this library until it is updated (the
 * update drops the trigger and its function).  Hardened: it runs only as an
 * AFTER ROW INSERT/UPDATE trigger of service_affair.cases (42501 elsewhere:
 * 0.1.0 let it run on any table and crashed on a foreign row type), and only
 * inside submit()/supplement() of 0.1.0 (service_affair.accepting = on).
 */
PG_FUNCTION_INFO_V1(sa_route_case);

Datum
sa_route_case(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	const char *accepting;
	HeapTuple	tup;
	TupleDesc	desc;
	int			attno;
	bool		isnull;
	int64		case_id;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_AFTER(td->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(td->tg_event) || TRIGGER_FIRED_BY_DELETE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("route_case() must be called as an AFTER INSERT or UPDATE row trigger")));
	if (!sa_trigger_on(td, "cases"))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("route_case() is not a trigger of this table"),
				 errdetail("It routes rows of service_affair.cases only.")));
	accepting = GetConfigOption("service_affair.accepting", true, false);
	if (accepting == NULL || strcmp(accepting, "on") != 0)
		return PointerGetDatum(NULL);
	tup = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	desc = td->tg_relation->rd_att;
	attno = SPI_fnumber(desc, "id");
	if (attno <= 0 || TupleDescAttr(desc, attno - 1)->atttypid != INT8OID)
		elog(ERROR, "service_affair.cases has no bigint column id");
	case_id = DatumGetInt64(SPI_getbinval(tup, desc, attno, &isnull));
	if (isnull)
		elog(ERROR, "a case without id");
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	/* the 0.1.0 due lock (its calendar edits take it exclusively) */
	DirectFunctionCall2(pg_advisory_xact_lock_shared_int4, Int32GetDatum(21313), Int32GetDatum(1));
	rt_route(case_id);
	rt_refresh_case(case_id);
	SPI_finish();
	return PointerGetDatum(NULL);
}

/*
 * route_advance(case_id, at) — after a task of the (locked) case finished:
 * returns 'running' when a task of the case is still open or suspended,
 * 'opened' after opening the next stage, 'concluded' after concluding the
 * case (approved only if every decided task was).  Both happen at the latest
 * finish of the stage that just ended (the highest stage with a finished
 * task): a stage finishes when its last task does, which need not be the
 * latest call, as decisions may be recorded out of order.  "at" is used only
 * when no task of that stage records a finish.
 */
Datum
sa_route_advance(PG_FUNCTION_ARGS)
{
	int64		case_id = PG_GETARG_INT64(0);
	TimestampTz at = PG_GETARG_TIMESTAMPTZ(1);
	rt_row	   *rows;
	rt_task    *tasks;
	int			n,
				i;
	int32		stage;
	bool		approved;
	rt_next		next;
	const char *result = "running";
	int32		nblocked = 0,
				nwaiting = 0;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	rows = rt_load_tasks(case_id, &n);
	tasks = palloc(sizeof(rt_task) * Max(n, 1));
	for (i = 0; i < n; i++)
		tasks[i] = rows[i].t;
	next = rt_plan_next(tasks, n, &stage, &approved);
	if (next == RT_NEXT_OPEN_STAGE || next == RT_NEXT_CONCLUDE)
	{
		int32		last = 0;
		bool		found = false;
		TimestampTz latest = 0;

		for (i = 0; i < n; i++)
			if (rows[i].finished && rows[i].t.stage > last)
				last = rows[i].t.stage;
		for (i = 0; i < n; i++)
			if (rows[i].finished && rows[i].t.stage == last && (!found || rows[i].finished_at > latest))
			{
				latest = rows[i].finished_at;
				found = true;
			}
		if (found)
			at = latest;
	}
	switch (next)
	{
		case RT_NEXT_RUNNING:
			rt_refresh_case(case_id);
			break;
		case RT_NEXT_OPEN_STAGE:
			/* licences of the stage that ended; tasks relying on one not valid are blocked */
			sa_licence_stage_end(case_id, at);
			nblocked = sa_licence_block_stage(case_id, stage, at);
			rt_due_lock_shared();
			for (i = 0; i < n; i++)
				if (rows[i].t.stage == stage && rows[i].t.status == RT_WAITING)
				{
					rt_open_task(&rows[i], at, true);	/* skips the blocked ones */
					nwaiting++;
				}
			rt_refresh_case(case_id);
			result = "opened";
			break;
		case RT_NEXT_CONCLUDE:
			{
				Oid			types[3] = {INT8OID, TIMESTAMPTZOID, TEXTOID};
				Datum		args[3];
				bool		part = rt_cases_partitioned();

				args[0] = Int64GetDatum(case_id);
				args[1] = TimestampTzGetDatum(at);
				args[2] = CStringGetTextDatum(approved ? "approved" : "denied");
				if (plan_conclude[part] == NULL)
					/* (task_suspended, clock_stopped_at, stop_*: not in 0.1.0's unpartitioned schema) */
					rt_plan(&plan_conclude[part], rt_case_sql2(part, psprintf(
						"WITH u AS (UPDATE service_affair.cases x"
						"              SET status = 'concluded', concluded_at = $2, decision = $3,"
						"                  suspended = false,%s sla_state = NULL"
						"            WHERE x.id = $1%%s AND x.status = 'accepted' RETURNING x.id, x.due)"
						" INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)"
						" SELECT u.id, $2, 'concluded', 'accepted', 'concluded',"
						"        pg_catalog.jsonb_build_object('decision', $3, 'due', u.due, 'tasks',"
						"          (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('task_id', y.id, 'item', y.item,"
						"                                       'decision', y.decision) ORDER BY y.stage, y.id)"
						"             FROM service_affair.task y WHERE y.case_id = u.id%%s))"
						"   FROM u", part ? " task_suspended = false, clock_stopped_at = NULL, stop_moves_due = false, stop_since = NULL,"
						 " stop_task_due = NULL, stop_task_shift = NULL, stop_stage_shift = NULL," : ""), "x", "y"),
						3, types);
				if (SPI_execute_plan(plan_conclude[part], args, NULL, false, 0) != SPI_OK_INSERT)
					elog(ERROR, "concluding case " INT64_FORMAT " failed", case_id);
				if (SPI_processed != 1)
					ereport(ERROR,
							(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
							 errmsg("case " INT64_FORMAT " cannot be concluded", case_id),
							 errdetail("Case " INT64_FORMAT " is not accepted.", case_id)));

				/*
				 * Visits recorded while the case was accepted but made at or
				 * after its conclusion (a decision recorded late) belong to
				 * the collection, as record_visit() files a late visit by its
				 * own time (until 2026-12-04 they stayed in the promise's
				 * count; a review).  The 0.2 schema only (the partitioned
				 * one, which has the phases): this library also serves a
				 * 0.1.0 database until its ALTER EXTENSION ... UPDATE.  Each
				 * counted as record_visit() added it, at contact_point():
				 * until 2026-12-07 at the receiving point, so that a visit
				 * recorded on a case received at a free-standing kiosk (one
				 * visit since that day) stayed in the promise's count
				 * (tongban_kiosk_contacts.sql).  The count is the one the
				 * event recorded (its detail's counted, since 2026-12-07):
				 * until then the point's level now, so that a point whose
				 * level (or whose parent's) changed since moved a visit that
				 * was never counted, or left one in the promise's count (a
				 * review; tongban_visit_level.sql).  An event written before
				 * has none: counted at the point as it now stands, as before.
				 * (OPERATOR() forms all bind alike, left to right: the
				 * product is parenthesised; until 2026-12-07 the sum was
				 * multiplied, and a point counting none zeroed the
				 * collection's count.)  And so are those recorded while it
				 * was returned, made at or after the conclusion: the
				 * completing supplement was recorded late too (dated before
				 * them: supplement() took them out of the count before the
				 * acceptance) and so was the decision; until 2026-12-07
				 * they stayed in the promise's count (a review;
				 * tongban_visit_random.sql).
				 */
				if (part && plan_conclude_visits[part] == NULL)
					rt_plan(&plan_conclude_visits[part], rt_case_sql2(part,
						"UPDATE service_affair.cases x"
						"   SET visits_collection = x.visits_collection"
						"       OPERATOR(pg_catalog.+) n.counted"
						"       OPERATOR(pg_catalog.+) (n.k OPERATOR(pg_catalog.*) service_affair.visit_count('window',"
						"         service_affair.contact_point(x.receiving_point)))"
						"  FROM (SELECT COALESCE(pg_catalog.sum((e.detail OPERATOR(pg_catalog.->>) 'counted')::pg_catalog.int4), 0)::pg_catalog.int4 AS counted,"
						"               (pg_catalog.count(*) FILTER (WHERE NOT (e.detail OPERATOR(pg_catalog.?) 'counted')))::pg_catalog.int4 AS k"
						"          FROM service_affair.case_event e"
						"         WHERE e.case_id OPERATOR(pg_catalog.=) $1%s AND e.kind OPERATOR(pg_catalog.=) 'visit'"
						"           AND e.from_status OPERATOR(pg_catalog.=) ANY ('{accepted,returned}'::pg_catalog.text[])"
						"           AND e.at OPERATOR(pg_catalog.>=) $2) n"
						" WHERE x.id OPERATOR(pg_catalog.=) $1%s"
						"   AND (n.counted OPERATOR(pg_catalog.>) 0 OR n.k OPERATOR(pg_catalog.>) 0)", "e", "x"),
						2, types);
				if (part && SPI_execute_plan(plan_conclude_visits[part], args, NULL, false, 0) != SPI_OK_UPDATE)
					elog(ERROR, "filing the late visits of case " INT64_FORMAT " failed", case_id);
				sa_licence_stage_end(case_id, at);	/* licences of the last stage */
				result = "concluded";
			}
			break;
		case RT_NEXT_EMPTY:
			ereport(ERROR,
					(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
					 errmsg("case " INT64_FORMAT " has no tasks", case_id),
					 errdetail("Only an accepted case has tasks; case " INT64_FORMAT " has none.", case_id)));
			break;
		case RT_NEXT_BAD_TASK:
			elog(ERROR, "case " INT64_FORMAT " has a malformed task", case_id);
			break;
	}
	SPI_finish();
	/* every task of the stage was blocked: the stage is over, plan again */
	if (nblocked > 0 && nblocked >= nwaiting)
		return DirectFunctionCall2(sa_route_advance, Int64GetDatum(case_id), TimestampTzGetDatum(at));
	PG_RETURN_TEXT_P(cstring_to_text(result));
}

/* refresh_case_clock(case_id) — see rt_refresh_case(). */
Datum
sa_refresh_case_clock(PG_FUNCTION_ARGS)
{
	int64		case_id = PG_GETARG_INT64(0);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	rt_refresh_case(case_id);
	SPI_finish();
	PG_RETURN_VOID();
}

/*
 * The last answer, for the snapshot that asked it: case_sla reads the due
 * in force in four columns (due, workdays_left, state, provisional), so the
 * calls for one row count the case once.  The key is the caller's active
 * snapshot (the local transaction, the snapshot's command id and its count
 * of completed transactions, which tell two snapshots of equal contents),
 * the case and the instant: a write of this transaction (a new command id)
 * or a commit seen by a later snapshot asks again.
 */
static struct
{
	bool		valid;
	LocalTransactionId lxid;
	CommandId	cid;
	uint64		completions;
	int64		case_id;
	TimestampTz at;
	bool		found;
	DateADT		due;
}			case_due_at_last;

/*
 * case_due_at(case_id, at) — the due of an accepted case in force at "at":
 * its stored events as refresh_case_clock() counts them, and the working
 * days its suspensions still running (begun at or before "at") have stopped
 * its clock up to "at", each judged by the case's rule (none for one begun
 * after the case's due).  The measure extend() refuses an extension by when
 * the local day of "at" is after it (行政许可法 Art 42: a limit that has not
 * run out), as it measures the task's.  NULL when the case is not accepted.
 */
Datum
sa_case_due_at(PG_FUNCTION_ARGS)
{
	int64		case_id = PG_GETARG_INT64(0);
	TimestampTz at = PG_GETARG_TIMESTAMPTZ(1);
	int32		shift;
	DateADT		due;
	bool		suspended,
				task_suspended,
				found;
	Snapshot	snap = ActiveSnapshotSet() ? GetActiveSnapshot() : NULL;
	CommandId	cid = snap ? snap->curcid : InvalidCommandId;
	uint64		completions = snap ? snap->snapXactCompletionCount : 0;

	if (TIMESTAMP_NOT_FINITE(at))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("at must be finite"),
				 errdetail("The due of case " INT64_FORMAT " in force at %s was asked.",
						   case_id, timestamptz_to_str(at))));
	if (completions != 0 && case_due_at_last.valid && case_due_at_last.lxid == MyProc->lxid &&
		case_due_at_last.cid == cid && case_due_at_last.completions == completions &&
		case_due_at_last.case_id == case_id && case_due_at_last.at == at)
	{
		if (!case_due_at_last.found)
			PG_RETURN_NULL();
		PG_RETURN_DATEADT(case_due_at_last.due);
	}
	case_due_at_last.valid = false;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	found = rt_case_clock(case_id, true, at, &shift, &due, &suspended, &task_suspended, NULL);
	SPI_finish();
	case_due_at_last.lxid = MyProc->lxid;
	case_due_at_last.cid = cid;
	case_due_at_last.completions = completions;
	case_due_at_last.case_id = case_id;
	case_due_at_last.at = at;
	case_due_at_last.found = found;
	case_due_at_last.due = found ? due : 0;
	case_due_at_last.valid = true;
	if (!found)
		PG_RETURN_NULL();
	PG_RETURN_DATEADT(due);
}

/*
 * item_case_due_at(accepted_at, cal, promised, due_shift, due, since,
 * task_due, task_shift, stage_shift, at) — case_due_at() of an accepted case
 * whose running suspension is its last event (cases.stop_moves_due: the
 * only one running, of a task in the case's calendar, no extension granted
 * and no suspension begun after it began), from the columns of its row
 * (case_sla reads them) instead of the case's tasks and suspensions
 * through SPI.
 *
 * rt_case_shift_of()'s count: the events before the running suspension
 * counted as refresh_case_clock() stored them (due_shift, due, and the
 * stop_* columns: since, the instant it began; task_due, its task's due in
 * force then; task_shift and stage_shift, the shifts for the case of its
 * task and of the rest of its stage), so only the last step depends on
 * "at": rt_case_last_suspension_shift() takes it, that suspension resumed
 * on the local day of "at" (none when it began after "at").  A bundle's
 * case as an item's: until 2026-12-05 only a case of one task, suspended
 * on or before its due and the case's, was counted here, and a bundle's
 * went to case_due_at() (three reads, ~35 us a case: 1.92-2.01 times the
 * plain read with 0.3% of the open cases such bundles;
 * doc/benchmarks-route.md).  route_property.sql compares the two over its
 * randomized sequences.
 */
Datum
sa_item_case_due_at(PG_FUNCTION_ARGS)
{
	TimestampTz accepted_at,
				since,
				at;
	char	   *cal;
	int32		promised,
				due_shift,
				task_shift,
				stage_shift;
	DateADT		due,
				task_due,
				day,
				from,
				to;
	int32_t		shift;
	sa_wd_status st;

	for (int i = 0; i < 10; i++)
		if (PG_ARGISNULL(i))
			PG_RETURN_NULL();
	accepted_at = PG_GETARG_TIMESTAMPTZ(0);
	cal = text_to_cstring(PG_GETARG_TEXT_PP(1));
	promised = PG_GETARG_INT32(2);
	due_shift = PG_GETARG_INT32(3);
	due = PG_GETARG_DATEADT(4);
	since = PG_GETARG_TIMESTAMPTZ(5);
	task_due = PG_GETARG_DATEADT(6);
	task_shift = PG_GETARG_INT32(7);
	stage_shift = PG_GETARG_INT32(8);
	at = PG_GETARG_TIMESTAMPTZ(9);
	if (TIMESTAMP_NOT_FINITE(at))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("at must be finite"),
				 errdetail("The due in force at %s was asked.", timestamptz_to_str(at))));
	if (TIMESTAMP_NOT_FINITE(accepted_at) || TIMESTAMP_NOT_FINITE(since) || DATE_NOT_FINITE(due) ||
		DATE_NOT_FINITE(task_due))
		PG_RETURN_NULL();
	if (since > at)
		PG_RETURN_DATEADT(due); /* not begun yet at "at" */
	if (task_shift < 0 || stage_shift < 0 || due_shift < Max(task_shift, stage_shift))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("inconsistent shifts"),
				 errdetail("A case shift of %d cannot hold a task shift of %d and a stage shift of %d.",
						   due_shift, task_shift, stage_shift)));
	day = sa_local_day(cal, accepted_at);
	from = sa_local_day(cal, since);
	to = sa_local_day(cal, at);
	st = rt_case_last_suspension_shift(sa_calendar_workcal(cal), day, promised, due_shift, task_shift,
									   stage_shift, task_due, from, to, &shift);
	if (st != SA_WD_OK)
	{
		char	   *since_str;

		(void) sa_workdays_between(cal, from, to);	/* raises its error */
		(void) rt_due_of(cal, day, promised, shift);
		/*
		 * (a task due at the end of the date range, from a caller's
		 * arguments).  timestamptz_to_str() answers in one static buffer:
		 * the first copied, else the detail names one instant twice (until
		 * 2026-12-06; route_case_clock.sql)
		 */
		since_str = pstrdup(timestamptz_to_str(since));
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
				 errmsg("due date in force out of range"),
				 errdetail("The suspension begun %s, its task due %s, measured at %s, leaves the date range.",
						   since_str, DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(task_due))),
						   timestamptz_to_str(at))));
	}
	/* (a sum past int32 saturates; rt_due_of() raises 22008) */
	PG_RETURN_DATEADT(rt_due_of(cal, day, promised, shift));
}

/* ---- time-limit state of one row (task_sla, case_sla, sla_sweep) ------------ */

/*
 * The setting service_affair.as_of as an instant: the one parse of it, for
 * sla_as_of() and the SLA functions alike (until 2026-12-05 sla_as_of() was a
 * SQL cast of its own: a malformed value gave timestamptz_in's message with
 * the whole value in it, however long, and "infinity" came back as it was,
 * for local_day() to refuse without naming the setting).  A value that is no
 * timestamptz literal is 22007, an infinite one 22023; the detail names the
 * setting and echoes at most RT_AS_OF_ECHO bytes of the value (cut between
 * characters).  timestamptz_in skips the whitespace around and between the
 * fields and refuses more than MAXDATELEN bytes of fields itself, so a valid
 * literal may be longer than MAXDATELEN (padded: a value read from a file);
 * until 2026-12-05 any value over MAXDATELEN (128) bytes was refused here,
 * such a one too (a review).  A value over RT_AS_OF_MAX bytes is refused
 * before timestamptz_in scans it: the sane bound of a padded literal, which
 * keeps the parse at each call of a parallel worker (rt_as_of_slow, values of
 * RT_AS_OF_LEN bytes or more) a short scan.
 */
#define RT_AS_OF_ECHO	64
#define RT_AS_OF_MAX	1024

static const char *
rt_as_of_echo(const char *s)
{
	size_t		len = strlen(s);
	int			cut = len > RT_AS_OF_ECHO ? pg_mbcliplen(s, (int) len, RT_AS_OF_ECHO) : (int) len;

	/* made printable (sa_echo_n(); until 2026-12-07 its control characters as typed) */
	if ((size_t) cut == len)
		return quote_literal_cstr(sa_echo_n(s, (int) len, SA_ECHO_ALL));
	return psprintf("%s...", quote_literal_cstr(sa_echo_n(s, cut, SA_ECHO_ALL)));
}

static pg_noinline void
rt_refuse_as_of(const char *s, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_DATETIME_FORMAT),
			 errmsg("service_affair.as_of is not a valid time"),
			 errdetail("The setting service_affair.as_of is %s (%zu bytes), %s.", rt_as_of_echo(s), strlen(s), why),
			 errhint("Set it to a timestamptz literal such as '2026-09-30 17:00+08', or to '' for now().")));
}

/*
 * The special values of timestamptz_in that move with the clock: "now",
 * "today", "tomorrow" and "yesterday" (alone or with a time: 'today 17:00')
 * are read from the start of each transaction, so that an "as of" set to one
 * of them is no instant at all.  Until 2026-12-06 they were read like any
 * literal: a DBA's report "as of yesterday" moved on with every transaction
 * (a review).  Found as timestamptz_in finds them (ParseDateTime's fields,
 * DecodeSpecial's table), by name; NULL for any other value, one
 * timestamptz_in refuses included (its parse says why).  "epoch" is a fixed
 * instant and stays; "infinity" and "-infinity" stay rt_parse_as_of's
 * 22023.
 */
static const char *
rt_as_of_relative(const char *s)
{
	char		workbuf[MAXDATELEN + MAXDATEFIELDS];
	char	   *field[MAXDATEFIELDS];
	int			ftype[MAXDATEFIELDS];
	int			nf;
	int			i;

	if (s == NULL || strlen(s) > RT_AS_OF_MAX)
		return NULL;
	if (ParseDateTime(s, workbuf, sizeof(workbuf), field, ftype, MAXDATEFIELDS, &nf) != 0)
		return NULL;
	for (i = 0; i < nf; i++)
	{
		int			val;

		if (ftype[i] != DTK_STRING && ftype[i] != DTK_SPECIAL)
			continue;
		if (DecodeSpecial(i, field[i], &val) != RESERV)
			continue;
		switch (val)
		{
			case DTK_NOW:
				return "now";
			case DTK_TODAY:
				return "today";
			case DTK_TOMORROW:
				return "tomorrow";
			case DTK_YESTERDAY:
				return "yesterday";
		}
	}
	return NULL;
}

#define RT_AS_OF_RELATIVE_DETAIL \
	"The value %s names \"%s\", which moves with the clock (read from the start of each transaction); the setting pins one instant."
#define RT_AS_OF_RELATIVE_HINT \
	"Set it to the instant itself, such as '2026-09-30 17:00+08', or to '' for now()."

/*
 * The check hook of the variable: a value that moves with the clock is
 * refused by the SET itself (22023, "invalid value for parameter").  A value
 * set before the variable is defined, or read by name in a parallel worker,
 * is refused by rt_parse_as_of in the same words.
 */
static bool
rt_as_of_check(char **newval, void **extra, GucSource source)
{
	const char *word = rt_as_of_relative(*newval);

	if (word == NULL)
		return true;
	GUC_check_errcode(ERRCODE_INVALID_PARAMETER_VALUE);
	GUC_check_errdetail(RT_AS_OF_RELATIVE_DETAIL, rt_as_of_echo(*newval), word);
	GUC_check_errhint(RT_AS_OF_RELATIVE_HINT);
	return false;
}

static pg_noinline TimestampTz
rt_parse_as_of(const char *s)
{
	TimestampTz t = 0;
	MemoryContext cxt = CurrentMemoryContext;
	const char *word;

	if (strlen(s) > RT_AS_OF_MAX)
		rt_refuse_as_of(s, "longer than " CppAsString2(RT_AS_OF_MAX) " bytes");
	word = rt_as_of_relative(s);
	if (word != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("service_affair.as_of must be a fixed time"),
				 errdetail(RT_AS_OF_RELATIVE_DETAIL, rt_as_of_echo(s), word),
				 errhint(RT_AS_OF_RELATIVE_HINT)));
	PG_TRY();
	{
		t = DatumGetTimestampTz(DirectFunctionCall3(timestamptz_in, CStringGetDatum(s),
													ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
	}
	PG_CATCH();
	{
		ErrorData  *ed;

		/* timestamptz_in's refusals are data exceptions (class 22): said as the setting's */
		MemoryContextSwitchTo(cxt);
		ed = CopyErrorData();
		if (ERRCODE_TO_CATEGORY(ed->sqlerrcode) != ERRCODE_DATA_EXCEPTION)
			PG_RE_THROW();
		FlushErrorState();
		rt_refuse_as_of(s, ed->sqlerrcode == ERRCODE_DATETIME_VALUE_OUT_OF_RANGE
						? "out of the range of timestamps" : "which is no timestamptz literal");
	}
	PG_END_TRY();
	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("service_affair.as_of must be a finite time"),
				 errdetail("The setting service_affair.as_of is %s.", rt_as_of_echo(s))));
	return t;
}

/*
 * Per call site: up to RT_SLA_CALS calendars with their local "today", the
 * warning boundary, covered_until and a memo of workdays_between(today, d)
 * for d near today.  Every entry is stamped with the instant it was computed
 * for and the calendar cache generation (sa_calendar_generation()): a change
 * of service_affair.as_of, a new transaction (now()) or a calendar edit —
 * even between two calls of one PL/pgSQL loop, whose expression keeps its
 * fn_extra — makes it stale, so nothing is reused across such a change.
 */
#define RT_MEMO_HALF	1024
#define RT_MEMO_UNSET	PG_INT32_MIN
#define RT_SLA_CALS		4
#define RT_AS_OF_LEN	64

/*
 * The setting parsed last at a call site (sla_as_of(), the SLA functions):
 * valid while rt_as_of_changes is changes (a change of the setting, or of
 * the session's TimeZone or DateStyle: rt_as_of_sync), and, until the
 * variable is defined, while the setting's text is text.
 */
typedef struct rt_as_of_memo
{
	char		text[RT_AS_OF_LEN];	/* the setting last parsed by name */
	uint64		changes;		/* rt_as_of_changes when it was parsed */
	TimestampTz at;				/* its value */
} rt_as_of_memo;

typedef struct rt_sla_cache
{
	char		cal[NAMEDATALEN * 2];
	int			cal_len;		/* bytes of cal (without the NUL) */
	bool		valid;
	TimestampTz at;				/* the instant "today" is for */
	uint64		generation;		/* sa_calendar_generation() when computed */
	DateADT		today;
	DateADT		warn_before;	/* due < this: at most 1 working day left */
	DateADT		covered;
	/* workdays_between(today, today + i - RT_MEMO_HALF), filled on demand */
	int32		memo[2 * RT_MEMO_HALF];
} rt_sla_cache;

typedef struct rt_sla_caches
{
	/*
	 * The row fast path (rt_sla_get): the entry matched last and the stamp
	 * under which it holds — the as_of change counter, the calendar cache
	 * generation, the transaction and the statement (whose start is when the
	 * calendar's invalidations were taken in).  NULL when there is none, or
	 * when the instant is not service_affair.as_of / now() (the _at forms).
	 */
	rt_sla_cache *hot;
	uint64		hot_as_of_changes;
	uint64		hot_generation;
	LocalTransactionId hot_lxid;
	TimestampTz hot_stmt;
	int			last;			/* the entry used last */
	int			next;			/* the entry replaced next */
	rt_as_of_memo as_of;		/* the instant of the views */
	rt_sla_cache e[RT_SLA_CALS];
} rt_sla_caches;

static rt_sla_caches *
rt_sla_caches_of(FunctionCallInfo fcinfo)
{
	rt_sla_caches *cs = (rt_sla_caches *) fcinfo->flinfo->fn_extra;

	if (cs == NULL)
	{
		cs = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(rt_sla_caches));
		fcinfo->flinfo->fn_extra = cs;
	}
	return cs;
}

/*
 * The setting service_affair.as_of, defined on first use (not in _PG_init,
 * src/service_affair.c, which defines only the inspection log's marks): its
 * assign hook counts the changes, so that a cache can tell a changed setting
 * from an unchanged one without looking it up and comparing it on every
 * call.  Inside a parallel operation no variable may be defined; there, and
 * until it is defined, the value is looked up by name on every call.
 */
static bool rt_as_of_defined = false;
static char *rt_as_of_value = NULL;
static uint64 rt_as_of_changes = 1;

/*
 * The session's settings that timestamptz_in reads a literal by: a value
 * without an offset ('2026-09-30 20:00') is an instant of the session's
 * TimeZone, and DateStyle orders '01/02/2026'.  A change of either counts
 * as a change of the setting (rt_as_of_sync), so that a call site parses it
 * again: until 2026-12-07 a call site that had parsed it kept that instant
 * for the rest of its life, and in one PL/pgSQL loop that ran SET LOCAL
 * timezone between two calls sla_as_of() and the SLA functions went on
 * with the former zone's instant while a new call site (or the cast of
 * current_setting()) read the new one (test/pgtap/as_of_zone.sql).
 * (timezone_abbreviations is not followed: a literal naming an
 * abbreviation the new table reads otherwise keeps its former instant.)
 */
static pg_tz *rt_as_of_tz = NULL;
static int	rt_as_of_datestyle = -1;
static int	rt_as_of_dateorder = -1;

static pg_attribute_always_inline void
rt_as_of_sync(void)
{
	if (unlikely(session_timezone != rt_as_of_tz || DateStyle != rt_as_of_datestyle ||
				 DateOrder != rt_as_of_dateorder))
	{
		rt_as_of_tz = session_timezone;
		rt_as_of_datestyle = DateStyle;
		rt_as_of_dateorder = DateOrder;
		rt_as_of_changes++;
	}
}

static void
rt_as_of_assign(const char *newval, void *extra)
{
	rt_as_of_changes++;
}

static void
rt_define_as_of(void)
{
	if (rt_as_of_defined || IsInParallelMode())
		return;

	/*
	 * The definition checks the value set before it (the placeholder's) and,
	 * refusing it, only warns and drops it: the views would then be computed
	 * for now().  A value that moves with the clock leaves the variable
	 * undefined, read by name and refused (rt_parse_as_of, 22023) at each
	 * read until it is changed.
	 */
	if (rt_as_of_relative(GetConfigOption("service_affair.as_of", true, false)) != NULL)
		return;
	DefineCustomStringVariable("service_affair.as_of",
							   "Instant task_sla and case_sla are computed for (empty: now()).",
							   "A timestamptz; read by service_affair.sla_as_of() and the SLA functions.",
							   &rt_as_of_value, "", PGC_USERSET, 0,
							   rt_as_of_check, rt_as_of_assign, NULL);
	rt_as_of_defined = true;
	rt_as_of_changes++;			/* no memo of the by-name reads holds now */
}

static TimestampTz rt_as_of_slow(rt_as_of_memo *m);

/*
 * The instant of the views now (service_affair.as_of, else now()); inline:
 * it runs whenever a call site's fast path (rt_sla_get) does not hold, and
 * at each call of sla_as_of().
 */
static inline TimestampTz
rt_as_of(rt_as_of_memo *m)
{
	rt_as_of_sync();
	if (likely(rt_as_of_defined && m->changes == rt_as_of_changes &&
			   rt_as_of_value != NULL && rt_as_of_value[0] != '\0'))
		return m->at;
	return rt_as_of_slow(m);
}

static TimestampTz
rt_as_of_slow(rt_as_of_memo *m)
{
	const char *s;
	size_t		len;

	rt_define_as_of();
	if (rt_as_of_defined)
	{
		if (rt_as_of_value == NULL || rt_as_of_value[0] == '\0')
			return GetCurrentTransactionStartTimestamp();
		if (m->changes != rt_as_of_changes)
		{
			m->at = rt_parse_as_of(rt_as_of_value);
			m->changes = rt_as_of_changes;
			m->text[0] = '\0';
		}
		return m->at;
	}
	s = GetConfigOption("service_affair.as_of", true, false);
	if (s == NULL || s[0] == '\0')
		return GetCurrentTransactionStartTimestamp();
	len = strlen(s);
	if (len < RT_AS_OF_LEN && m->changes == rt_as_of_changes && strcmp(m->text, s) == 0)
		return m->at;
	m->text[0] = '\0';
	m->changes = 0;
	m->at = rt_parse_as_of(s);
	m->changes = rt_as_of_changes;
	if (len < RT_AS_OF_LEN)
		memcpy(m->text, s, len + 1);
	return m->at;
}

/*
 * sla_as_of(): the instant the views are computed for, parsed as the SLA
 * functions parse it (the memo per call site; a few bytes, not the
 * calendars' caches).  C since 2026-12-05: one home for the setting's rule,
 * and no SQL function call (with SET search_path, never inlined) where a
 * function calls it per row.
 */
PG_FUNCTION_INFO_V1(sa_sla_as_of);

Datum
sa_sla_as_of(PG_FUNCTION_ARGS)
{
	rt_as_of_memo *m = (rt_as_of_memo *) fcinfo->flinfo->fn_extra;

	if (m == NULL)
	{
		m = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(rt_as_of_memo));
		fcinfo->flinfo->fn_extra = m;
	}
	PG_RETURN_TIMESTAMPTZ(rt_as_of(m));
}

static inline bool
rt_sla_matches(const rt_sla_cache *c, const char *p, int len, TimestampTz at)
{
	int			i;

	if (!c->valid || c->at != at || c->cal_len != len)
		return false;
	/* calendar names are a few bytes: no call to memcmp */
	for (i = 0; i < len; i++)
		if (c->cal[i] != p[i])
			return false;
	return true;
}

/*
 * The cache entry of calendar cal_t for the instant at (every row of the _at
 * forms of sla_sweep; the views when rt_sla_get's stamp does not hold): the
 * entry used last, compared by instant, name length and bytes, then the
 * calendar generation.
 */
static rt_sla_cache *rt_sla_lookup_slow(rt_sla_caches *cs, text *cal_t, TimestampTz at);

static inline rt_sla_cache *
rt_sla_lookup_at(rt_sla_caches *cs, text *cal_t, TimestampTz at)
{
	rt_sla_cache *c = &cs->e[cs->last];

	if (likely(rt_sla_matches(c, VARDATA_ANY(cal_t), VARSIZE_ANY_EXHDR(cal_t), at) &&
			   c->generation == sa_calendar_generation()))
		return c;
	return rt_sla_lookup_slow(cs, cal_t, at);
}

static rt_sla_cache *
rt_sla_lookup_slow(rt_sla_caches *cs, text *cal_t, TimestampTz at)
{
	int			len = VARSIZE_ANY_EXHDR(cal_t);
	const char *p = VARDATA_ANY(cal_t);
	uint64		gen = sa_calendar_generation();
	rt_sla_cache *c;
	char	   *name;
	int			i;

	for (i = 0; i < RT_SLA_CALS; i++)
		if (rt_sla_matches(&cs->e[i], p, len, at) && cs->e[i].generation == gen)
		{
			cs->last = i;
			return &cs->e[i];
		}

	c = &cs->e[cs->next];
	cs->last = cs->next;
	cs->next = (cs->next + 1) % RT_SLA_CALS;
	name = text_to_cstring(cal_t);
	c->valid = false;
	c->today = sa_local_day(name, at);
	/* workdays_between(today, due) <= 1  <=>  due < the 2nd working day after today */
	c->warn_before = sa_add_workdays(name, c->today, 2);
	c->covered = sa_covered_until(name);
	for (i = 0; i < 2 * RT_MEMO_HALF; i++)
		c->memo[i] = RT_MEMO_UNSET;
	c->at = at;
	/* loading the calendar may have moved the generation: stamp the new one */
	c->generation = sa_calendar_generation();
	if (len < (int) sizeof(c->cal))
	{
		memcpy(c->cal, p, len);
		c->cal[len] = '\0';
		c->cal_len = len;
		c->valid = true;
	}
	pfree(name);
	return c;
}

/* The calendar argument: a short name, detoasted only when it has to be. */
static inline text *
rt_cal_arg(FunctionCallInfo fcinfo, int i)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(i));

	if (unlikely(VARATT_IS_COMPRESSED(v) || VARATT_IS_EXTERNAL(v)))
		v = pg_detoast_datum_packed(v);
	return (text *) v;
}

/*
 * The entry of the calendar argument i as of the views' instant (sla_as_of()),
 * looked up and stamped for the row fast path.
 */
static pg_noinline rt_sla_cache *
rt_sla_get_slow(FunctionCallInfo fcinfo, int i)
{
	rt_sla_caches *cs = rt_sla_caches_of(fcinfo);
	rt_sla_cache *c;

	cs->hot = NULL;				/* an error below leaves no half-made entry hot */
	c = rt_sla_lookup_at(cs, rt_cal_arg(fcinfo, i), rt_as_of(&cs->as_of));
	/*
	 * The lookup took in the calendar's invalidations for this statement
	 * (sa_calendar_generation()); the instant is the parsed as_of, which only
	 * the assign hook changes, or the transaction's start.  Until as_of is
	 * defined as a variable its value is looked up by name: no stamp then.
	 */
	if (c->valid && rt_as_of_defined && c->generation == sa_cal_generation && !sa_cal_stale)
	{
		cs->hot = c;
		cs->hot_as_of_changes = rt_as_of_changes;
		cs->hot_generation = c->generation;
		cs->hot_lxid = MyProc->lxid;
		cs->hot_stmt = GetCurrentStatementStartTimestamp();
	}
	return c;
}

/* Is the (not compressed, not external) text v the name of entry c? */
static pg_attribute_always_inline bool
rt_sla_name_is(const rt_sla_cache *c, const struct varlena *v)
{
	const char *p;
	int			len,
				i;

	if (VARATT_IS_1B(v))
	{
		len = VARSIZE_1B(v) - VARHDRSZ_SHORT;	/* -1 for an external datum */
		p = VARDATA_1B(v);
	}
	else
	{
		if (VARATT_IS_COMPRESSED(v))
			return false;
		len = VARSIZE_4B(v) - VARHDRSZ;
		p = VARDATA_4B(v);
	}
	if (len != c->cal_len)
		return false;
	/* calendar names are a few bytes: no call to memcmp */
	for (i = 0; i < len; i++)
		if (c->cal[i] != p[i])
			return false;
	return true;
}

/*
 * The hot path of case_sla and task_sla (three calls per row): the entry the
 * call site matched last, while its stamp holds — the same as_of setting, the
 * same calendar generation with nothing stale, the same transaction and
 * statement — and the calendar argument i names it.  Anything else goes
 * through the lookup (rt_sla_get_slow), which stamps afresh: a change of
 * service_affair.as_of or a calendar edit between two calls of one PL/pgSQL
 * loop is seen as before.
 */
static pg_attribute_always_inline rt_sla_cache *
rt_sla_get(FunctionCallInfo fcinfo, int i)
{
	rt_sla_caches *cs = (rt_sla_caches *) fcinfo->flinfo->fn_extra;

	rt_as_of_sync();
	if (likely(cs != NULL && cs->hot != NULL &&
			   cs->hot_as_of_changes == rt_as_of_changes &&
			   cs->hot_generation == sa_cal_generation && !sa_cal_stale &&
			   cs->hot_lxid == MyProc->lxid &&
			   cs->hot_stmt == GetCurrentStatementStartTimestamp() &&
			   rt_sla_name_is(cs->hot, (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(i)))))
		return cs->hot;
	return rt_sla_get_slow(fcinfo, i);
}

/* the calendar name (argument i) as a C string, from the cache when it holds it */
static const char *
rt_sla_calname(rt_sla_cache *c, FunctionCallInfo fcinfo, int i)
{
	return c->valid ? c->cal : text_to_cstring((text *) DatumGetPointer(PG_GETARG_DATUM(i)));
}

/* The local day of a finish time; an infinite one maps to the ends of int32. */
static int32
rt_finish_day(const char *cal, TimestampTz finished_at)
{
	if (TIMESTAMP_IS_NOBEGIN(finished_at))
		return PG_INT32_MIN;
	if (TIMESTAMP_IS_NOEND(finished_at))
		return PG_INT32_MAX;
	return sa_local_day(cal, finished_at);
}

/*
 * The six state names as text, made once per backend: the views return one
 * per row, and the executor copies a by-reference result before it keeps or
 * frees it, never freeing the function's own value.
 */
static text *rt_sla_names[RT_SLA_MISSED + 1];

static pg_noinline text *
rt_sla_text_slow(rt_sla st)
{
	MemoryContext old;

	if ((int) st < 0 || st > RT_SLA_MISSED)
		st = RT_SLA_RUNNING;
	if (rt_sla_names[st] == NULL)
	{
		old = MemoryContextSwitchTo(TopMemoryContext);
		rt_sla_names[st] = cstring_to_text(rt_sla_name(st));
		MemoryContextSwitchTo(old);
	}
	return rt_sla_names[st];
}

static inline text *
rt_sla_text(rt_sla st)
{
	if (likely((unsigned int) st <= RT_SLA_MISSED && rt_sla_names[st] != NULL))
		return rt_sla_names[st];
	return rt_sla_text_slow(st);
}

/*
 * The state of one row through the one rule (rt_sla_state, src/core): NULL
 * for an infinite due date, which no clock of the extension produces.
 * Argument susp_i is the start of the running suspension (absent or NULL:
 * suspended in time, as 0.1.0 took every suspension); its local day decides
 * whether the suspension stopped a clock that had not run out.
 */
static pg_attribute_always_inline Datum
rt_sla_state_datum(FunctionCallInfo fcinfo, rt_sla_cache *c, int susp_i)
{
	DateADT		due = PG_GETARG_DATEADT(0);
	bool		finished = !PG_ARGISNULL(2);
	bool		suspended = !PG_ARGISNULL(3) && PG_GETARG_BOOL(3);
	int32		suspend_day = PG_INT32_MIN;
	rt_sla		st;

	if (DATE_NOT_FINITE(due))
		PG_RETURN_NULL();
	if (unlikely(suspended) && PG_NARGS() > susp_i && !PG_ARGISNULL(susp_i))
		suspend_day = rt_finish_day(rt_sla_calname(c, fcinfo, 1), PG_GETARG_TIMESTAMPTZ(susp_i));
	st = rt_sla_state(due, c->today, c->warn_before, finished,
					  finished ? rt_finish_day(rt_sla_calname(c, fcinfo, 1), PG_GETARG_TIMESTAMPTZ(2)) : 0,
					  suspended, suspend_day);
	PG_RETURN_TEXT_P(rt_sla_text(st));
}

PG_FUNCTION_INFO_V1(sa_sla_workdays_left);
PG_FUNCTION_INFO_V1(sa_sla_state);
PG_FUNCTION_INFO_V1(sa_sla_state_at);
PG_FUNCTION_INFO_V1(sa_sla_provisional);

/*
 * sla_workdays_left(due, cal, finished_at) — workdays_between(day, due) where
 * day is the local day of finished_at, or today when finished_at is NULL;
 * NULL when due or finished_at is infinite.
 */
static pg_attribute_always_inline Datum
rt_sla_left_datum(FunctionCallInfo fcinfo, bool given_at)
{
	DateADT		due;
	rt_sla_cache *c;
	DateADT		from;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	due = PG_GETARG_DATEADT(0);
	if (DATE_NOT_FINITE(due) || (!PG_ARGISNULL(2) && TIMESTAMP_NOT_FINITE(PG_GETARG_TIMESTAMPTZ(2))))
		PG_RETURN_NULL();
	if (given_at)
		c = rt_sla_lookup_at(rt_sla_caches_of(fcinfo), rt_cal_arg(fcinfo, 1), PG_GETARG_TIMESTAMPTZ(3));
	else
		c = rt_sla_get(fcinfo, 1);
	if (PG_ARGISNULL(2))
	{
		/* open: most rows share a few hundred due dates near today */
		int64		i = (int64) due - c->today + RT_MEMO_HALF;

		if (likely(c->valid && i >= 0 && i < 2 * RT_MEMO_HALF))
		{
			if (unlikely(c->memo[i] == RT_MEMO_UNSET))
				c->memo[i] = sa_workdays_between(c->cal, c->today, due);
			PG_RETURN_INT32(c->memo[i]);
		}
		from = c->today;
	}
	else
		from = sa_local_day(rt_sla_calname(c, fcinfo, 1), PG_GETARG_TIMESTAMPTZ(2));
	PG_RETURN_INT32(sa_workdays_between(rt_sla_calname(c, fcinfo, 1), from, due));
}

Datum
sa_sla_workdays_left(PG_FUNCTION_ARGS)
{
	return rt_sla_left_datum(fcinfo, false);
}

/*
 * sla_workdays_left_at(due, cal, finished_at, at) — the same count as of the
 * instant at instead of sla_as_of() (sla_sweep's notices); 22023 for an
 * infinite at.
 */
PG_FUNCTION_INFO_V1(sa_sla_workdays_left_at);

Datum
sa_sla_workdays_left_at(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(3))
		PG_RETURN_NULL();
	if (TIMESTAMP_NOT_FINITE(PG_GETARG_TIMESTAMPTZ(3)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("at must be a finite time"),
				 errdetail("The time %s is not finite.",
						   TIMESTAMP_IS_NOBEGIN(PG_GETARG_TIMESTAMPTZ(3)) ? "-infinity" : "infinity")));
	return rt_sla_left_datum(fcinfo, true);
}

/*
 * sla_state(due, cal, finished_at, suspended, suspended_at) — the state as of
 * the views' instant (service_affair.as_of, else now()); see rt_sla_state().
 */
Datum
sa_sla_state(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	return rt_sla_state_datum(fcinfo, rt_sla_get(fcinfo, 1), 4);
}

/*
 * sla_state_at(due, cal, finished_at, suspended, at, suspended_at) — the same
 * state as of the instant at (sla_sweep); 22023 for an infinite at.
 */
Datum
sa_sla_state_at(PG_FUNCTION_ARGS)
{
	rt_sla_cache *c;
	TimestampTz at;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(4))
		PG_RETURN_NULL();
	at = PG_GETARG_TIMESTAMPTZ(4);
	if (TIMESTAMP_NOT_FINITE(at))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("at must be a finite time"),
				 errdetail("The time %s is not finite.", TIMESTAMP_IS_NOBEGIN(at) ? "-infinity" : "infinity")));
	c = rt_sla_lookup_at(rt_sla_caches_of(fcinfo), rt_cal_arg(fcinfo, 1), at);
	return rt_sla_state_datum(fcinfo, c, 5);
}

/*
 * clock_stop_step(stopped_at, status, cancelled, suspended_at, finished_at) —
 * the transition function of the aggregate clock_stopped_at(): one task of
 * a case folded into the instant its clock stopped (rt_clock_stop_step,
 * src/core).  Reads no table: case_sla (read by the group roles with their
 * own rights) and sla_sweep() call the same code.  An unknown or NULL status
 * counts nothing, as the former "status IN ('suspended', 'done')", and a
 * NULL cancelled as cancelled.
 */
PG_FUNCTION_INFO_V1(sa_clock_stop_step);

Datum
sa_clock_stop_step(PG_FUNCTION_ARGS)
{
	bool		have = !PG_ARGISNULL(0);
	int64_t		stop = have ? PG_GETARG_TIMESTAMPTZ(0) : 0;
	rt_status	status = RT_WAITING;

	if (!PG_ARGISNULL(1))
	{
		text	   *st = PG_GETARG_TEXT_PP(1);
		int			len = VARSIZE_ANY_EXHDR(st);

		if (len == 9 && memcmp(VARDATA_ANY(st), "suspended", 9) == 0)
			status = RT_SUSPENDED;
		else if (len == 4 && memcmp(VARDATA_ANY(st), "done", 4) == 0)
			status = RT_DONE;
	}
	rt_clock_stop_step(&have, &stop, status, PG_ARGISNULL(2) || PG_GETARG_BOOL(2),
					   !PG_ARGISNULL(3), PG_ARGISNULL(3) ? 0 : PG_GETARG_TIMESTAMPTZ(3),
					   !PG_ARGISNULL(4), PG_ARGISNULL(4) ? 0 : PG_GETARG_TIMESTAMPTZ(4));
	if (!have)
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(stop);
}

/* sla_provisional(due, cal) — due lies after the calendar's covered_until. */
Datum
sa_sla_provisional(PG_FUNCTION_ARGS)
{
	rt_sla_cache *c;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	c = rt_sla_get(fcinfo, 1);
	PG_RETURN_BOOL(PG_GETARG_DATEADT(0) > c->covered);
}
