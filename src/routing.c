/*
 * routing.c — routing at acceptance and the stage machine of a case's tasks.
 *
 *   route_case()               trigger on cases: one task per item at acceptance
 *                              by the API (submit, supplement)
 *   route_advance(case, at)    after a task finished: open the next stage or
 *                              conclude the case (core/routing.c decides)
 *   refresh_case_clock(case)   the case's due date, moved by its tasks' shifts
 *
 * The decisions are in the pure core (src/core/routing.c); this file reads the
 * rows through SPI (every name qualified), computes due dates with the C
 * calendar API (calendar.h) and writes the results.  Callers hold the case row
 * locked (complete_task() and the acceptance itself), so one case is never
 * advanced twice at once.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "access/xact.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/guc.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "routing.h"

/* Is the current call inside an API function that accepts cases? */
static bool
accepting_by_api(void)
{
	const char *v = GetConfigOption("service_affair.accepting", true, false);

	return v != NULL && strcmp(v, "on") == 0;
}

PG_FUNCTION_INFO_V1(sa_route_case);
PG_FUNCTION_INFO_V1(sa_route_advance);
PG_FUNCTION_INFO_V1(sa_refresh_case_clock);

/* Advisory lock (21313, 1): shared while computing due dates, see 50_routing.sql. */
#define RT_LOCK_CLASS	21313
#define RT_LOCK_DUE		1

static SPIPlanPtr plan_insert = NULL;
static SPIPlanPtr plan_open = NULL;
static SPIPlanPtr plan_tasks = NULL;
static SPIPlanPtr plan_conclude = NULL;
static SPIPlanPtr plan_case = NULL;
static SPIPlanPtr plan_case_update = NULL;

/* Prepare and keep a plan once per backend. */
static SPIPlanPtr
rt_plan(SPIPlanPtr *slot, const char *sql, int nargs, Oid *types)
{
	if (*slot == NULL)
	{
		SPIPlanPtr	p = SPI_prepare(sql, nargs, types);

		if (p == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		SPI_keepplan(p);
		*slot = p;
	}
	return *slot;
}

static void
rt_due_lock_shared(void)
{
	DirectFunctionCall2(pg_advisory_xact_lock_shared_int4,
						Int32GetDatum(RT_LOCK_CLASS), Int32GetDatum(RT_LOCK_DUE));
}

/* A task row as the stage machine needs it, plus what opening it needs. */
typedef struct rt_row
{
	int64		id;
	rt_task		t;
	char	   *calendar;
	int32		limit_days;
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

	rt_plan(&plan_tasks,
			"SELECT t.id, t.stage, t.status, t.decision IS NOT DISTINCT FROM 'approved', t.cancelled,"
			"       t.extension_days + t.suspended_workdays, t.calendar, t.limit_days"
			"  FROM service_affair.task t WHERE t.case_id = $1 ORDER BY t.stage, t.id",
			1, types);
	if (SPI_execute_plan(plan_tasks, args, NULL, false, 0) != SPI_OK_SELECT)
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

	due = sa_add_workdays(r->calendar, sa_local_day(r->calendar, at), r->limit_days);
	args[0] = Int64GetDatum(r->id);
	args[1] = TimestampTzGetDatum(at);
	args[2] = DateADTGetDatum(due);
	args[3] = BoolGetDatum(with_event);
	rt_plan(&plan_open,
			"WITH u AS (UPDATE service_affair.task x SET status = 'open', opened_at = $2, due = $3"
			"            WHERE x.id = $1 AND x.status = 'waiting' RETURNING x.*)"
			" SELECT service_affair.task_event(ROW(u.*)::service_affair.task, $2, 'task_opened',"
			"                                  pg_catalog.jsonb_build_object('stage', u.stage))"
			"   FROM u WHERE $4",
			4, types);
	if (SPI_execute_plan(plan_open, args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "opening task " INT64_FORMAT " failed", r->id);
}

/*
 * Recompute due_shift, due and suspended of an accepted case from its tasks
 * (inside SPI).  The case due: the promised limit in working days after the
 * local acceptance day, then moved by rt_case_shift() working days.
 */
static void
rt_refresh_case(int64 case_id)
{
	Oid			types[4] = {INT8OID, INT4OID, DATEOID, BOOLOID};
	Datum		args[4];
	rt_row	   *rows;
	rt_task    *tasks;
	int			n,
				i;
	int32		shift;
	bool		any_suspended = false,
				any_open = false,
				isnull;
	char	   *cal;
	TimestampTz accepted_at;
	int32		promised;
	DateADT		due;

	rt_plan(&plan_case,
			"SELECT c.calendar, c.accepted_at, c.promised_limit FROM service_affair.cases c"
			" WHERE c.id = $1 AND c.accepted_at IS NOT NULL",
			1, types);
	args[0] = Int64GetDatum(case_id);
	if (SPI_execute_plan(plan_case, args, NULL, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading case " INT64_FORMAT " failed", case_id);
	if (SPI_processed == 0)
		return;
	cal = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	accepted_at = DatumGetTimestampTz(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	promised = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull));

	rows = rt_load_tasks(case_id, &n);
	tasks = palloc(sizeof(rt_task) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		tasks[i] = rows[i].t;
		if (!rows[i].t.cancelled && rows[i].t.status == RT_SUSPENDED)
			any_suspended = true;
		if (rows[i].t.status == RT_OPEN)
			any_open = true;
	}
	shift = rt_case_shift(tasks, n);
	due = sa_add_workdays(cal, sa_add_workdays(cal, sa_local_day(cal, accepted_at), promised), shift);

	args[1] = Int32GetDatum(shift);
	args[2] = DateADTGetDatum(due);
	args[3] = BoolGetDatum(any_suspended && !any_open);
	rt_plan(&plan_case_update,
			"UPDATE service_affair.cases c SET due_shift = $2, due = $3, suspended = $4"
			" WHERE c.id = $1 AND (c.due_shift, c.due, c.suspended) IS DISTINCT FROM ($2, $3, $4)",
			4, types);
	if (SPI_execute_plan(plan_case_update, args, NULL, false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "updating case " INT64_FORMAT " failed", case_id);
}

/*
 * route_case() — AFTER INSERT / AFTER UPDATE OF status trigger on cases, for
 * rows that became accepted: one waiting task per item (the item itself, or
 * each item of the bundle at its stage), then the lowest stage opens at the
 * acceptance time, and the case due is computed again under the due lock.
 */
Datum
sa_route_case(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	HeapTuple	tup;
	TupleDesc	desc;
	Oid			types[3] = {INT8OID, TEXTOID, TEXTOID};
	Datum		args[3];
	char		nulls[3] = {' ', ' ', ' '};
	bool		isnull;
	int64		case_id;
	TimestampTz accepted_at;
	char	   *kind;
	rt_row	   *rows;
	rt_task    *tasks;
	int			n,
				i;
	int32		first;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_AFTER(td->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(td->tg_event) || TRIGGER_FIRED_BY_DELETE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("route_case() must be called as an AFTER INSERT or UPDATE row trigger")));
	/*
	 * Tasks are created only when the API accepts a case: submit() and
	 * supplement() carry SET service_affair.accepting = on, which lasts for
	 * their call alone.  Case rows written any other way — pg_restore's COPY,
	 * a plain SQL dump replayed by psql, an administrator's import — are
	 * taken as they are, with the tasks that come with them.
	 */
	if (!accepting_by_api())
		return PointerGetDatum(NULL);
	tup = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	desc = td->tg_relation->rd_att;

	case_id = DatumGetInt64(SPI_getbinval(tup, desc, SPI_fnumber(desc, "id"), &isnull));
	accepted_at = DatumGetTimestampTz(SPI_getbinval(tup, desc, SPI_fnumber(desc, "accepted_at"), &isnull));
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("case " INT64_FORMAT " has no acceptance time", case_id),
				 errdetail("An accepted case must record when it was accepted.")));
	kind = SPI_getvalue(tup, desc, SPI_fnumber(desc, "service_kind"));
	args[0] = Int64GetDatum(case_id);
	args[1] = SPI_getbinval(tup, desc, SPI_fnumber(desc, "item"), &isnull);
	nulls[1] = isnull ? 'n' : ' ';
	args[2] = SPI_getbinval(tup, desc, SPI_fnumber(desc, "bundle"), &isnull);
	nulls[2] = isnull ? 'n' : ' ';
	if (kind == NULL || (strcmp(kind, "item") == 0) == (nulls[1] == 'n'))
		elog(ERROR, "case " INT64_FORMAT " names neither an item nor a bundle", case_id);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	rt_due_lock_shared();
	rt_plan(&plan_insert,
			"INSERT INTO service_affair.task (case_id, item, department, stage, status, calendar, limit_days, extension_limit)"
			" SELECT $1, i.code, i.department, s.stage, 'waiting', i.calendar,"
			"        CASE WHEN i.kind = 'immediate' THEN 0 ELSE COALESCE(i.promised_limit, i.legal_limit, 20) END,"
			"        i.extension_limit"
			"   FROM (SELECT $2 AS item, 1 AS stage WHERE $2 IS NOT NULL"
			"         UNION ALL"
			"         SELECT bi.item, bi.stage FROM service_affair.bundle_item bi WHERE bi.bundle = $3) s"
			"   JOIN service_affair.item i ON i.code = s.item"
			"  ORDER BY s.stage, i.code",
			3, types);
	if (SPI_execute_plan(plan_insert, args, nulls, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "routing case " INT64_FORMAT " failed", case_id);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("case " INT64_FORMAT " has nothing to route", case_id),
				 errdetail("Bundle %s has no items.", SPI_getvalue(tup, desc, SPI_fnumber(desc, "bundle")))));

	rows = rt_load_tasks(case_id, &n);
	tasks = palloc(sizeof(rt_task) * Max(n, 1));
	for (i = 0; i < n; i++)
		tasks[i] = rows[i].t;
	first = rt_first_stage(tasks, n);
	for (i = 0; i < n; i++)
		if (rows[i].t.stage == first && rows[i].t.status == RT_WAITING)
			rt_open_task(&rows[i], accepted_at, false);
	rt_refresh_case(case_id);
	SPI_finish();
	return PointerGetDatum(NULL);
}

/*
 * route_advance(case_id, at) — after a task of the (locked) case finished:
 * returns 'running' when a task of the case is still open or suspended,
 * 'opened' after opening the next stage at "at", 'concluded' after
 * concluding the case at "at" (approved only if every decided task was).
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

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	rows = rt_load_tasks(case_id, &n);
	tasks = palloc(sizeof(rt_task) * Max(n, 1));
	for (i = 0; i < n; i++)
		tasks[i] = rows[i].t;
	next = rt_plan_next(tasks, n, &stage, &approved);
	switch (next)
	{
		case RT_NEXT_RUNNING:
			rt_refresh_case(case_id);
			break;
		case RT_NEXT_OPEN_STAGE:
			rt_due_lock_shared();
			for (i = 0; i < n; i++)
				if (rows[i].t.stage == stage && rows[i].t.status == RT_WAITING)
					rt_open_task(&rows[i], at, true);
			rt_refresh_case(case_id);
			result = "opened";
			break;
		case RT_NEXT_CONCLUDE:
			{
				Oid			types[3] = {INT8OID, TIMESTAMPTZOID, TEXTOID};
				Datum		args[3];

				args[0] = Int64GetDatum(case_id);
				args[1] = TimestampTzGetDatum(at);
				args[2] = CStringGetTextDatum(approved ? "approved" : "denied");
				rt_plan(&plan_conclude,
						"WITH u AS (UPDATE service_affair.cases x"
						"              SET status = 'concluded', concluded_at = $2, decision = $3,"
						"                  suspended = false, sla_state = NULL"
						"            WHERE x.id = $1 AND x.status = 'accepted' RETURNING x.id, x.due)"
						" INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)"
						" SELECT u.id, $2, 'concluded', 'accepted', 'concluded',"
						"        pg_catalog.jsonb_build_object('decision', $3, 'due', u.due, 'tasks',"
						"          (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('task_id', y.id, 'item', y.item,"
						"                                       'decision', y.decision) ORDER BY y.stage, y.id)"
						"             FROM service_affair.task y WHERE y.case_id = u.id))"
						"   FROM u",
						3, types);
				if (SPI_execute_plan(plan_conclude, args, NULL, false, 0) != SPI_OK_INSERT)
					elog(ERROR, "concluding case " INT64_FORMAT " failed", case_id);
				if (SPI_processed != 1)
					ereport(ERROR,
							(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
							 errmsg("case " INT64_FORMAT " cannot be concluded", case_id),
							 errdetail("Case " INT64_FORMAT " is not accepted.", case_id)));
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

/* ---- time-limit state of one row (task_sla, case_sla) ---------------------- */

/*
 * The instant the views are computed for: the setting service_affair.as_of
 * when set, else the start of the transaction (now()).
 */
static TimestampTz
rt_as_of(void)
{
	const char *s = GetConfigOption("service_affair.as_of", true, false);

	if (s != NULL && s[0] != '\0')
		return DatumGetTimestampTz(DirectFunctionCall3(timestamptz_in, CStringGetDatum(s),
													   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
	return GetCurrentTransactionStartTimestamp();
}

/*
 * Per call site: up to RT_SLA_CALS calendars with their local "today" as of
 * rt_as_of(), the warning boundary, covered_until and a memo of
 * workdays_between(today, d) for d near today.  Lives as long as the query's
 * FmgrInfo, so "today" is fixed for the whole statement, as now() is.
 */
#define RT_MEMO_HALF	1024
#define RT_MEMO_UNSET	PG_INT32_MIN
#define RT_SLA_CALS		4

typedef struct rt_sla_cache
{
	char		cal[NAMEDATALEN * 2];
	bool		valid;
	DateADT		today;
	DateADT		warn_before;	/* due < this: at most 1 working day left */
	DateADT		covered;
	/* workdays_between(today, today + i - RT_MEMO_HALF), filled on demand */
	int32		memo[2 * RT_MEMO_HALF];
} rt_sla_cache;

typedef struct rt_sla_caches
{
	int			last;			/* the entry used last */
	int			next;			/* the entry replaced next */
	rt_sla_cache e[RT_SLA_CALS];
} rt_sla_caches;

static bool
rt_sla_matches(const rt_sla_cache *c, const char *p, int len)
{
	return c->valid && len < (int) sizeof(c->cal) && strncmp(c->cal, p, len) == 0 && c->cal[len] == '\0';
}

static rt_sla_cache *
rt_sla_lookup(FunctionCallInfo fcinfo, text *cal_t)
{
	rt_sla_caches *cs = (rt_sla_caches *) fcinfo->flinfo->fn_extra;
	int			len = VARSIZE_ANY_EXHDR(cal_t);
	const char *p = VARDATA_ANY(cal_t);
	rt_sla_cache *c;
	char	   *name;
	int			i;

	if (cs == NULL)
	{
		cs = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(rt_sla_caches));
		fcinfo->flinfo->fn_extra = cs;
	}
	if (rt_sla_matches(&cs->e[cs->last], p, len))
		return &cs->e[cs->last];
	for (i = 0; i < RT_SLA_CALS; i++)
		if (rt_sla_matches(&cs->e[i], p, len))
		{
			cs->last = i;
			return &cs->e[i];
		}

	c = &cs->e[cs->next];
	cs->last = cs->next;
	cs->next = (cs->next + 1) % RT_SLA_CALS;
	name = text_to_cstring(cal_t);
	c->valid = false;
	c->today = sa_local_day(name, rt_as_of());
	/* workdays_between(today, due) <= 1  <=>  due < the 2nd working day after today */
	c->warn_before = sa_add_workdays(name, c->today, 2);
	c->covered = sa_covered_until(name);
	for (i = 0; i < 2 * RT_MEMO_HALF; i++)
		c->memo[i] = RT_MEMO_UNSET;
	if (len < (int) sizeof(c->cal))
	{
		memcpy(c->cal, p, len);
		c->cal[len] = '\0';
		c->valid = true;
	}
	pfree(name);
	return c;
}

/* the calendar name as a C string, from the cache when it holds it */
static const char *
rt_sla_calname(rt_sla_cache *c, text *cal_t)
{
	return c->valid ? c->cal : text_to_cstring(cal_t);
}

PG_FUNCTION_INFO_V1(sa_sla_workdays_left);
PG_FUNCTION_INFO_V1(sa_sla_state);
PG_FUNCTION_INFO_V1(sa_sla_provisional);

/*
 * sla_workdays_left(due, cal, finished_at) — workdays_between(day, due) where
 * day is the local day of finished_at, or today when finished_at is NULL.
 */
Datum
sa_sla_workdays_left(PG_FUNCTION_ARGS)
{
	DateADT		due;
	text	   *cal_t;
	rt_sla_cache *c;
	const char *cal;
	DateADT		from;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	due = PG_GETARG_DATEADT(0);
	cal_t = PG_GETARG_TEXT_PP(1);
	c = rt_sla_lookup(fcinfo, cal_t);
	cal = rt_sla_calname(c, cal_t);
	if (PG_ARGISNULL(2))
	{
		/* open: most rows share a few hundred due dates near today */
		int64		i = (int64) due - c->today + RT_MEMO_HALF;

		if (c->valid && i >= 0 && i < 2 * RT_MEMO_HALF)
		{
			if (c->memo[i] == RT_MEMO_UNSET)
				c->memo[i] = sa_workdays_between(cal, c->today, due);
			PG_RETURN_INT32(c->memo[i]);
		}
		from = c->today;
	}
	else
		from = sa_local_day(cal, PG_GETARG_TIMESTAMPTZ(2));
	PG_RETURN_INT32(sa_workdays_between(cal, from, due));
}

/*
 * sla_state(due, cal, finished_at, suspended) — met or missed when finished
 * (local finish day on or before due, or after); suspended; overdue (today
 * after due); warning (at most 1 working day left); running.
 */
Datum
sa_sla_state(PG_FUNCTION_ARGS)
{
	DateADT		due;
	text	   *cal_t;
	rt_sla_cache *c;
	const char *cal;
	const char *state;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	due = PG_GETARG_DATEADT(0);
	cal_t = PG_GETARG_TEXT_PP(1);
	c = rt_sla_lookup(fcinfo, cal_t);
	cal = rt_sla_calname(c, cal_t);
	if (!PG_ARGISNULL(2))
		state = sa_local_day(cal, PG_GETARG_TIMESTAMPTZ(2)) <= due ? "met" : "missed";
	else if (!PG_ARGISNULL(3) && PG_GETARG_BOOL(3))
		state = "suspended";
	else if (c->today > due)
		state = "overdue";
	else if (due < c->warn_before)
		state = "warning";
	else
		state = "running";
	PG_RETURN_TEXT_P(cstring_to_text(state));
}

/* sla_provisional(due, cal) — due lies after the calendar's covered_until. */
Datum
sa_sla_provisional(PG_FUNCTION_ARGS)
{
	rt_sla_cache *c;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	c = rt_sla_lookup(fcinfo, PG_GETARG_TEXT_PP(1));
	PG_RETURN_BOOL(PG_GETARG_DATEADT(0) > c->covered);
}
