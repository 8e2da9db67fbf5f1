/*
 * settle.c — settling (issue 17, part 1.1, slice 2): a case that can change
 * no more moves, with every row of it, from the open partitions (<t>_active)
 * into the history (<t>_settled, one partition per month of its id).
 *
 * settle_cases(at, max_cases) picks the cases the rule (src/core/settle.[ch])
 * may settle, locks each (FOR UPDATE SKIP LOCKED: a case a writer holds is
 * left for the next run), asks the rule again under the lock, makes the
 * month's history partitions when they are missing, records a "settled"
 * event and moves the rows, leaves first, so that no foreign key of the open
 * partitions is broken: a row moves as an UPDATE of settled, which
 * PostgreSQL carries out as a DELETE from <t>_active and an INSERT into the
 * month.  The append-only trigger of case_event lets exactly these moves
 * through: it asks settle_moving(), true only while this file runs them.
 *
 * Every write of open work locks the case row before it writes; a writer
 * that comes after settling finds no open case and gets 55000 (refuse_case,
 * refuse_task, the ratings' and checks' equivalents).
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "storage/lmgr.h"
#include "storage/lock.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"

#include "arguments.h"
#include "caseid.h"
#include "case_state.h"
#include "settle.h"

PG_FUNCTION_INFO_V1(sa_settle_moving);
PG_FUNCTION_INFO_V1(sa_settle_cases);
PG_FUNCTION_INFO_V1(sa_history_month);
PG_FUNCTION_INFO_V1(sa_settle_quiet_days_sql);

/* true only while settle_cases() moves the rows of a case */
static bool settle_moving = false;

/*
 * The tables of the case family in the order their rows move: a table
 * whose open partition refers to another's moves before it.  key: how a
 * row names its case (an SQL condition on alias x, $1 the case id).
 */
typedef struct settle_table
{
	const char *name;
	const char *key;
	const char *range;			/* the column <t>_settled is ranged by */
	const char *what;			/* for the partition's comment */
	const char *pkey;			/* the month's primary key */
	const char *index;			/* its other indexes, ';'-separated column lists, or NULL */
	bool		append_only;	/* a month refuses TRUNCATE as the table does */
} settle_table;

static const settle_table settle_tables[] = {
	{"task_suspension", "x.task_id IN (SELECT t.id FROM service_affair.task t WHERE t.case_id = $1 AND NOT t.settled)",
	 "task_id", "suspensions of the tasks", "task_id, suspended_at", NULL},
	{"rectification", "x.rating_id IN (SELECT r.id FROM service_affair.rating r WHERE r.case_id = $1 AND NOT r.settled)",
	 "rating_id", "rectifications of the bad ratings", "rating_id", NULL},
	{"rating", "x.case_id = $1", "id", "ratings", "id", "case_id"},
	{"task", "x.case_id = $1", "id", "tasks", "id", "case_id"},
	{"case_leg", "x.case_id = $1", "case_id", "代收代办 legs", "case_id, leg", NULL},
	{"commitment_check", "x.case_id = $1", "case_id", "commitment checks", "id", "case_id"},
	{"case_material", "x.case_id = $1", "case_id", "materials", "case_id, material", NULL},
	{"case_event", "x.case_id = $1", "case_id", "history", "case_id, id", NULL, true},
	{"cases", "x.id = $1", "id", "cases", "id", "applicant;submitted_at;competent_region"},
};
#define SETTLE_NTABLES lengthof(settle_tables)

static SPIPlanPtr plan_candidates = NULL;
static SPIPlanPtr plan_lock = NULL;
static SPIPlanPtr plan_event = NULL;
static SPIPlanPtr plan_move[SETTLE_NTABLES];
static SPIPlanPtr plan_months[SETTLE_NTABLES];

static SPIPlanPtr
settle_plan(SPIPlanPtr *slot, const char *sql, int nargs, Oid *types)
{
	if (*slot == NULL)
	{
		SPIPlanPtr	p = SPI_prepare(sql, nargs, types);

		if (p == NULL)
			elog(ERROR, "SPI_prepare failed for \"%s\": %s", sql, SPI_result_code_string(SPI_result));
		if (SPI_keepplan(p) != 0)
			elog(ERROR, "SPI_keepplan failed");
		*slot = p;
	}
	return *slot;
}

/* settle_moving() → boolean: whether settle_cases() is moving rows now */
Datum
sa_settle_moving(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(settle_moving);
}

/* 22023 for a quiet period outside 0..SA_SETTLE_QUIET_DAYS_MAX */
static void
settle_quiet_days_check(int32 days)
{
	if (days < 0 || days > SA_SETTLE_QUIET_DAYS_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("setting settle.quiet_days is out of range"),
				 errdetail("It is %d; it must be between 0 and %d days.", days, SA_SETTLE_QUIET_DAYS_MAX)));
}

/* The quiet period: setting settle.quiet_days (its CHECK keeps it sound). */
static int32
settle_quiet_days(void)
{
	int32		days = SA_SETTLE_QUIET_DAYS_DEFAULT;

	if (SPI_execute("SELECT s.value::integer FROM service_affair.setting s WHERE s.name = 'settle.quiet_days'",
					true, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading setting settle.quiet_days failed");
	if (SPI_processed == 1)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		if (!isnull)
			days = DatumGetInt32(d);
	}
	settle_quiet_days_check(days);
	return days;
}

/*
 * settle_quiet_days(setting_value text) → integer: the quiet period as settling
 * takes it from the value of setting settle.quiet_days, NULL (no row) the
 * default, for the rule of the call-back missed where SQL asks it
 * (service_affair.callback_state() in record_callback() and case_followups;
 * 61_rectification_dues.sql).  The same default and bounds as above.
 */
Datum
sa_settle_quiet_days_sql(PG_FUNCTION_ARGS)
{
	text	   *t;
	const char *v;
	int			len;
	int32		days = 0;
	int			i;

	if (PG_ARGISNULL(0))
		PG_RETURN_INT32(SA_SETTLE_QUIET_DAYS_DEFAULT);
	t = PG_GETARG_TEXT_PP(0);
	v = VARDATA_ANY(t);
	len = VARSIZE_ANY_EXHDR(t);
	/* the form the setting's CHECK admits, 1 to 5 digits (no echo of more) */
	for (i = 0; i < len && i < 6 && v[i] >= '0' && v[i] <= '9'; i++)
		days = days * 10 + (v[i] - '0');
	if (len < 1 || len > 5 || i != len)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid value of setting settle.quiet_days"),
				 errdetail("%s is not a whole number of days (1 to 5 digits).",
						   quote_literal_cstr(sa_echo_n(v, pg_mbcliplen(v, len, 64), SA_ECHO_ALL)))));
	settle_quiet_days_check(days);
	PG_RETURN_INT32(days);
}

/*
 * The start of the window in which a kept commitment check counts toward
 * its holder's clean credit record (credit.clean_years, 71_credit_targets.sql,
 * which reads the merits from the open checks): at minus that many years.
 */
static TimestampTz
settle_merit_since(TimestampTz at)
{
	Oid			types[1] = {TIMESTAMPTZOID};
	Datum		args[1] = {TimestampTzGetDatum(at)};
	bool		isnull;
	static SPIPlanPtr plan_merit = NULL;
	Datum		d;

	/*
	 * Clamped to -infinity where the window would begin before the first
	 * instant PostgreSQL knows (an "at" in 4714 BC): every kept check counts
	 * then, instead of a 22008 from the subtraction.
	 */
	settle_plan(&plan_merit,
				"SELECT CASE WHEN $1 >= '4714-11-24 00:00:00+00 BC'::pg_catalog.timestamptz + y.i THEN $1 - y.i"
				"            ELSE '-infinity'::pg_catalog.timestamptz END"
				"  FROM (SELECT pg_catalog.make_interval(years => service_affair.credit_setting('credit.clean_years')) AS i) y",
				1, types);
	if (SPI_execute_plan(plan_merit, args, NULL, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "reading setting credit.clean_years failed");
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	SPI_freetuptable(SPI_tuptable);
	return isnull ? at : DatumGetTimestampTz(d);
}

/*
 * The name suffix of the month partition of an id: YYYYMM, h0 for the ids
 * of 0.1 (month 0), prefixed by k<shard>_ on a region shard.
 */
static char *
settle_month_suffix(int64 id)
{
	int64		year;
	int			month;
	int64		shard = id / SA_CASEID_SHARD_SPAN;
	char	   *m;

	if (sa_caseid_month_of(id, &year, &month) != SA_CASEID_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("case " INT64_FORMAT " has no month", id)));
	m = month == 0 ? pstrdup("h0") : psprintf(INT64_FORMAT "%02d", year, month);
	return shard > 0 ? psprintf("k" INT64_FORMAT "_%s", shard, m) : m;
}

/*
 * Make the month's partition of <t>_settled holding id when none holds it
 * (ours by name, or one a DBA made with other bounds or as a default).
 */
static void
settle_ensure_month(const settle_table *t, int64 id)
{
	int64		lo;
	int64		hi;
	char	   *suffix;
	char	   *parent = psprintf("%s_settled", t->name);
	char	   *part;
	Oid			types[2] = {TEXTOID, INT8OID};
	Datum		args[2];
	static SPIPlanPtr plan_covered = NULL;

	if (sa_caseid_month_floor(id, &lo) != SA_CASEID_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("id outside the range of case numbers"),
				 errdetail("Id " INT64_FORMAT " is negative or beyond shard %d's range.", id, SA_CASEID_SHARD_MAX)));
	hi = lo + SA_CASEID_MONTH_SPAN;
	suffix = settle_month_suffix(id);
	part = psprintf("%s_%s", parent, suffix);

	settle_plan(&plan_covered,
				"SELECT FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class k ON k.oid = i.inhrelid,"
				"     LATERAL (SELECT pg_catalog.pg_get_expr(k.relpartbound, k.oid) AS b) x"
				" WHERE i.inhparent = pg_catalog.format('service_affair.%I', $1)::pg_catalog.regclass"
				"   AND (x.b = 'DEFAULT'"
				"        OR (pg_catalog.substring(x.b, E'FROM \\\\(''?(-?[0-9]+)''?\\\\)')::numeric <= $2"
				"            AND pg_catalog.substring(x.b, E'TO \\\\(''?(-?[0-9]+)''?\\\\)')::numeric > $2))",
				2, types);
	args[0] = CStringGetTextDatum(parent);
	args[1] = Int64GetDatum(id);
	if (SPI_execute_plan(plan_covered, args, NULL, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "looking up the history partition of %s failed", parent);
	SPI_freetuptable(SPI_tuptable);
	if (SPI_processed > 0)
	{
		/* the usual path, nine times a case: nothing of it kept */
		pfree(DatumGetPointer(args[0]));
		pfree(part);
		pfree(suffix);
		pfree(parent);
		return;
	}
	if (SPI_execute(psprintf("CREATE TABLE service_affair.%s PARTITION OF service_affair.%s"
							 " FOR VALUES FROM (" INT64_FORMAT ") TO (" INT64_FORMAT ")",
							 quote_identifier(part), quote_identifier(parent), lo, hi),
					false, 0) != SPI_OK_UTILITY
		|| SPI_execute(psprintf("REVOKE ALL ON TABLE service_affair.%s FROM PUBLIC", quote_identifier(part)),
					   false, 0) != SPI_OK_UTILITY
		|| SPI_execute(psprintf("COMMENT ON TABLE service_affair.%s IS %s", quote_identifier(part),
								quote_literal_cstr(psprintf("History of %s: the %s of settled cases, %s from "
															INT64_FORMAT " to " INT64_FORMAT
															" (one month of submission); made by settle_cases()",
															t->name, t->what, t->range, lo, hi - 1))),
					   false, 0) != SPI_OK_UTILITY)
		elog(ERROR, "making history partition %s failed", part);

	/*
	 * What the DBA set on the parent <t>_settled that PostgreSQL does not
	 * give a new partition (until 2026-12-06 a month made later took the
	 * defaults; a review): each column's statistics target and its
	 * n_distinct and n_distinct_inherited (the update of 0.1.0 carries
	 * those of the 0.1.0 table to the parent and <t>_settled; SET
	 * STATISTICS on <t> reaches <t>_settled, SET (...) does not recurse),
	 * and a replica identity FULL or NOTHING (a partitioned table can have
	 * no other).  Storage and compression the partition takes by itself.
	 */
	{
		char	   *qpart = quote_literal_cstr(part);
		char	   *qparent = quote_literal_cstr(psprintf("service_affair.%s", quote_identifier(parent)));
		uint64		nset;
		uint64		k;
		char	  **stmts;

		if (SPI_execute(psprintf("SELECT y.s FROM ("
								 " SELECT a.attnum AS n, 1 AS o,"
								 "        pg_catalog.format('ALTER TABLE service_affair.%%I ALTER COLUMN %%I SET STATISTICS %%s', %s, a.attname, a.attstattarget) AS s"
								 "   FROM pg_catalog.pg_attribute a"
								 "  WHERE a.attrelid = %s::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attstattarget >= 0"
								 " UNION ALL"
								 " SELECT a.attnum, 2, pg_catalog.format('ALTER TABLE service_affair.%%I ALTER COLUMN %%I SET (%%s)', %s, a.attname, x.opts)"
								 "   FROM pg_catalog.pg_attribute a,"
								 "        LATERAL (SELECT pg_catalog.string_agg(pg_catalog.format('%%I = %%L', o.option_name, o.option_value), ', ' ORDER BY o.option_name) AS opts"
								 "                   FROM pg_catalog.pg_options_to_table(a.attoptions) o"
								 "                  WHERE o.option_name IN ('n_distinct', 'n_distinct_inherited')) x"
								 "  WHERE a.attrelid = %s::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped AND x.opts IS NOT NULL"
								 " UNION ALL"
								 " SELECT 0, 3, pg_catalog.format('ALTER TABLE service_affair.%%I REPLICA IDENTITY %%s', %s,"
								 "                                CASE c.relreplident WHEN 'f' THEN 'FULL' ELSE 'NOTHING' END)"
								 "   FROM pg_catalog.pg_class c"
								 "  WHERE c.oid = %s::pg_catalog.regclass AND c.relreplident IN ('f', 'n')) y"
								 " ORDER BY y.n, y.o",
								 qpart, qparent, qpart, qparent, qpart, qparent),
						true, 0) != SPI_OK_SELECT)
			elog(ERROR, "reading the column settings of %s failed", parent);
		nset = SPI_processed;
		stmts = nset > 0 ? palloc(nset * sizeof(char *)) : NULL;
		for (k = 0; k < nset; k++)
			stmts[k] = SPI_getvalue(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 1);
		SPI_freetuptable(SPI_tuptable);
		for (k = 0; k < nset; k++)
			if (SPI_execute(stmts[k], false, 0) != SPI_OK_UTILITY)
				elog(ERROR, "carrying the column settings of %s to history partition %s failed", parent, part);
	}

	/*
	 * Its key and the indexes a reader of the history needs (by case, by
	 * applicant, by period), on the month itself: the parent has none, so
	 * that pg_dump dumps a month as a table of its own (40_cases.sql).
	 */
	if (SPI_execute(psprintf("ALTER TABLE service_affair.%s ADD PRIMARY KEY (%s)", quote_identifier(part), t->pkey),
					false, 0) != SPI_OK_UTILITY)
		elog(ERROR, "making the key of history partition %s failed", part);
	if (t->index != NULL)
	{
		char	   *cols = pstrdup(t->index);
		char	   *save = NULL;
		char	   *c;

		for (c = strtok_r(cols, ";", &save); c != NULL; c = strtok_r(NULL, ";", &save))
			if (SPI_execute(psprintf("CREATE INDEX ON service_affair.%s (%s)", quote_identifier(part), c),
							false, 0) != SPI_OK_UTILITY)
				elog(ERROR, "making an index of history partition %s failed", part);
	}

	/*
	 * The parent's TRUNCATE trigger fires for a TRUNCATE of the parent only:
	 * a month of the append-only history named directly needs its own
	 * (40_cases.sql).
	 */
	if (t->append_only &&
		SPI_execute(psprintf("CREATE TRIGGER %s_no_truncate BEFORE TRUNCATE ON service_affair.%s"
							 " FOR EACH STATEMENT EXECUTE FUNCTION service_affair.%s_append_only()",
							 t->name, quote_identifier(part), t->name),
					false, 0) != SPI_OK_UTILITY)
		elog(ERROR, "making the TRUNCATE trigger of history partition %s failed", part);
}

/*
 * Move every row of the (locked) case into the history, leaves first, with
 * the append-only trigger of case_event letting the moves through.
 */
static void
settle_move_rows(int64 case_id)
{
	Datum		args[1] = {Int64GetDatum(case_id)};

	settle_moving = true;
	PG_TRY();
	{
		uint64		k;

		for (k = 0; k < SETTLE_NTABLES; k++)
			if (SPI_execute_plan(plan_move[k], args, NULL, false, 0) != SPI_OK_UPDATE)
				elog(ERROR, "moving the %s of case " INT64_FORMAT " failed", settle_tables[k].what, case_id);
		if (SPI_processed != 1)
			elog(ERROR, "case " INT64_FORMAT " did not move", case_id);
	}
	PG_FINALLY();
	{
		settle_moving = false;
	}
	PG_END_TRY();
}

/*
 * settle_cases(at timestamptz, max_cases integer) → integer: settles at most
 * max_cases cases the rule lets settle at "at"; returns how many.
 */
/*
 * The due lock in shared mode, then the lock of cases_settled (one run at a
 * time), never waiting for the second while holding the first unless the
 * transaction held the due lock before the call.  A run that waited for the
 * run under way while it held the due lock in shared mode deadlocked with
 * that run's transaction when it then edited a calendar (the edit's
 * exclusive due lock waited for the waiting run, which waited for the
 * cases_settled lock of the edit's transaction: 40P01; a review of
 * 2026-12-07, settle_second_run_edit.spec).  So a run that finds
 * cases_settled taken lets the due lock go (it has read nothing under it),
 * waits for the run under way, and starts again.  A transaction that held
 * the due lock already (an earlier run, a calendar edit, a writer) keeps it
 * and waits: no run holding cases_settled waits for it then (every run
 * takes the due lock first).  The LOCK TABLE after checks the privilege.
 */
static void
settle_take_locks(void)
{
	Oid			nsp = get_namespace_oid("service_affair", false);
	Oid			due = get_relname_relid("due_clock", nsp);
	Oid			settled = get_relname_relid("cases_settled", nsp);
	bool		held = false;
	LOCKTAG		tag;
	LOCKMODE	m;

	if (OidIsValid(due))
	{
		SET_LOCKTAG_RELATION(tag, MyDatabaseId, due);
		for (m = AccessShareLock; m <= AccessExclusiveLock && !held; m++)
			held = LockHeldByMe(&tag, m);
	}
	for (;;)
	{
		if (SPI_execute("SELECT service_affair.due_lock_shared()", false, 0) != SPI_OK_SELECT)
			elog(ERROR, "taking the due lock failed");
		if (held || !OidIsValid(due) || !OidIsValid(settled))
			break;
		if (ConditionalLockRelationOid(settled, ShareUpdateExclusiveLock))
			break;
		UnlockRelationOid(due, RowShareLock);
		LockRelationOid(settled, ShareUpdateExclusiveLock);
		UnlockRelationOid(settled, ShareUpdateExclusiveLock);
		CHECK_FOR_INTERRUPTS();
	}
}

Datum
sa_settle_cases(PG_FUNCTION_ARGS)
{
	TimestampTz at;
	int32		max_cases;
	int32		quiet;
	int64		quiet_us;
	Oid			ctypes[5] = {TIMESTAMPTZOID, INT4OID, TIMESTAMPTZOID, TIMESTAMPTZOID, INT4OID};
	Oid			ltypes[1] = {INT8OID};
	Oid			mtypes[4] = {INT8OID, TIMESTAMPTZOID, TIMESTAMPTZOID, INT4OID};
	Oid			etypes[3] = {INT8OID, TIMESTAMPTZOID, INT4OID};
	Datum		cargs[5];
	TimestampTz merit_since;
	SPITupleTable *cands;
	uint64		ncands;
	uint64		i;
	int32		settled = 0;

	if (PG_ARGISNULL(0) || TIMESTAMP_NOT_FINITE(PG_GETARG_TIMESTAMPTZ(0)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("at must be a finite time"),
				 errdetail("The instant of settling is %s.", PG_ARGISNULL(0) ? "NULL" : "infinite")));
	at = PG_GETARG_TIMESTAMPTZ(0);
	sa_refuse_unrecordable_time(at, "at");	/* its settled events are dated at: the years 1..8999 */

	/*
	 * Nothing undoes a settling, and an at ahead shortens the quiet period
	 * in which a rating, a complaint or a supplement may still come.  As for
	 * outcomes (refuse_future_outcome(), 56_credit.sql): in a session whose
	 * user is not a superuser (an administrator, pg_cron as one), at most
	 * an hour after the start of the statement; a superuser's session (a
	 * simulation, the tests) settles months ahead.
	 */
	sa_refuse_future_time(at, "settling time",
						  "cases would settle before settle.quiet_days have passed, and nothing undoes a settling.",
						  "Settle with now(), the default of at.");
	if (PG_ARGISNULL(1) || PG_GETARG_INT32(1) < 1 || PG_GETARG_INT32(1) > 100000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_cases must be between 1 and 100000"),
				 errdetail("It is %s.", PG_ARGISNULL(1) ? "NULL" : psprintf("%d", PG_GETARG_INT32(1)))));
	max_cases = PG_GETARG_INT32(1);

	/*
	 * READ COMMITTED only, as the sweeps and expire_licences() (50_routing.sql,
	 * 44_licences.sql).  In a transaction of one snapshot (REPEATABLE READ,
	 * SERIALIZABLE) the rule is asked of the rows as the snapshot shows them,
	 * under the case's lock too: a rating committed after the snapshot (one
	 * of level 1 opens a rectification, which keeps the case open) was not
	 * seen, the case was judged settleable and moved without it, and the
	 * whole run ended with 23503 (rating_case_id_fkey), every other case of
	 * it lost with it (until 2026-12-05; settle_snapshot.spec).  Refused at
	 * once, after the arguments, before anything is locked or read.
	 */
	sa_refuse_snapshot_isolation("settle_cases()",
								 "settling would judge cases as of its snapshot, not as other transactions left them since.",
								 NULL);

	SPI_connect();

	/*
	 * The due lock in shared mode (due_lock_shared(), 50_routing.sql) for
	 * the rest of the transaction, before anything else is locked or read,
	 * as every writer of open work takes it: a calendar edit (the lock
	 * IN EXCLUSIVE MODE, before it touches a row) waits for the settling
	 * transaction, and a run waits for an edit under way before it reads
	 * its candidates, so it judges the lapses and misses by the dues the
	 * edit left.  Until 2026-12-07 settling took none: the edit took the
	 * lapsed rectifications it moves one by one in case order and waited
	 * for one a run held (rectification_recompute_dues,
	 * 61_rectification_dues.sql), and a second run of the transaction (a
	 * later as-of) that wanted a lower case the edit had moved, or a
	 * calendar edit of the settling transaction itself (the due lock held
	 * by the waiting edit), deadlocked with it (40P01); a run that came
	 * while an edit was under way judged a rectification lapsed by its
	 * stale fix due and settled it, the edit's move committed over it
	 * (settle_twice_calendar.spec).  Before the lock of cases_settled: an
	 * edit's transaction may settle after it, and waits for no run holding
	 * that lock while it holds the due lock.  A read-only transaction (a
	 * hot standby's) is refused first, 25006 as for every writer: the lock
	 * would fail there with 55000 (scale_standby.pl 81).
	 */
	PreventCommandIfReadOnly("settle_cases()");
	settle_take_locks();

	/*
	 * One settling run at a time: SHARE UPDATE EXCLUSIVE conflicts with
	 * itself and with nothing that open work or readers take; no role but
	 * the owner may lock the partition (it grants nothing).  ONLY: the
	 * parent is the one lock; without it every month of cases_settled was
	 * locked too, for the whole run.
	 */
	if (SPI_execute("LOCK TABLE ONLY service_affair.cases_settled IN SHARE UPDATE EXCLUSIVE MODE", false, 0) != SPI_OK_UTILITY)
		elog(ERROR, "locking service_affair.cases_settled failed");
	quiet = settle_quiet_days();
	quiet_us = (int64) quiet * USECS_PER_DAY;

	/*
	 * The candidates: what the rule asks, read without locks (each is read
	 * again under its lock below); cases whose last event is within the
	 * period are left out here already.  The rectification of an appealed
	 * rating keeps no case open: the appeal showed the rating mistaken or
	 * malicious, nothing is owed to it (doc/ratings.md), and its case
	 * settles once the appeal is settle.quiet_days old (until 2026-12-07
	 * such a case stayed in the open partitions for ever unless somebody
	 * closed a rectification that no longer counted; settle_flow.sql).
	 * A rectification keeps its case open until it is closed and its
	 * call-back made (the close may come first: until 2026-12-07 a case
	 * whose rectification was closed without its call-back settled and
	 * record_callback() was refused 55000, the call-back owed the rater
	 * stranded; settle_flow.sql) or missed: more than settle.quiet_days
	 * after its due day (until 2026-12-07 a call-back never made kept its
	 * case open for ever; settle_callback_missed.sql).  Whether it is owed
	 * is asked of service_affair.callback_state() (61_rectification_dues.sql),
	 * here and in the re-check under the lock alike, with at and quiet.
	 * Likewise a rectification never closed keeps its case only until it
	 * lapses, more than settle.quiet_days after its fix due day
	 * (service_affair.fix_state(); until 2026-12-07 it kept its case open
	 * for ever; settle_fix_lapsed.sql).
	 */
	settle_plan(&plan_candidates,
				"SELECT c.id FROM service_affair.cases c"
				" WHERE NOT c.settled AND c.status <> 'accepted'"
				"   AND (c.status <> 'concluded' OR (c.delivered_at IS NOT NULL"
				"        AND NOT EXISTS (SELECT FROM service_affair.case_material m"
				"                         WHERE m.case_id = c.id AND NOT m.settled AND m.status = 'tolerated')))"
				"   AND NOT EXISTS (SELECT FROM service_affair.case_event e"
				"                    WHERE e.case_id = c.id AND NOT e.settled AND e.at > $1)"
				"   AND NOT EXISTS (SELECT FROM service_affair.rating r"
				"                    WHERE r.case_id = c.id AND NOT r.settled AND GREATEST(r.at, r.appealed_at) > $1)"
				"   AND (c.status IN ('withdrawn', 'revoked')"
				"        OR NOT EXISTS (SELECT FROM service_affair.case_leg l"
				"                        WHERE l.case_id = c.id AND NOT l.settled AND l.done_at IS NULL))"
				"   AND NOT EXISTS (SELECT FROM service_affair.commitment_check k"
				"                    WHERE k.case_id = c.id AND NOT k.settled"
				"                      AND (k.status = 'open' OR (k.status = 'kept' AND k.checked_at > $3)))"
				"   AND NOT EXISTS (SELECT FROM service_affair.rating r JOIN service_affair.rectification f"
				"                        ON f.rating_id = r.id AND NOT f.settled"
				"                       AND (service_affair.fix_state(f.fix_due, f.closed_at, c.calendar, $4, $5) = 'open'"
				"                            OR service_affair.callback_state(f.callback_due, f.called_back_at, c.calendar, $4, $5) = 'owed')"
				"                    WHERE r.case_id = c.id AND NOT r.settled AND NOT r.appealed)"
				" ORDER BY c.id LIMIT $2",
				5, ctypes);
	merit_since = settle_merit_since(at);
	cargs[0] = TimestampTzGetDatum(at - quiet_us);
	cargs[1] = Int32GetDatum(max_cases);
	cargs[2] = TimestampTzGetDatum(merit_since);
	cargs[3] = TimestampTzGetDatum(at);
	cargs[4] = Int32GetDatum(quiet);
	if (SPI_execute_plan(plan_candidates, cargs, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading the cases to settle failed");
	cands = SPI_tuptable;
	ncands = SPI_processed;

	settle_plan(&plan_lock,
				"SELECT c.status, c.delivered_at IS NOT NULL,"
				"       EXISTS (SELECT FROM service_affair.case_material m"
				"                WHERE m.case_id = c.id AND NOT m.settled AND m.status = 'tolerated'),"
				"       c.status NOT IN ('withdrawn', 'revoked')"
				"       AND EXISTS (SELECT FROM service_affair.case_leg l"
				"                    WHERE l.case_id = c.id AND NOT l.settled AND l.done_at IS NULL),"
				"       EXISTS (SELECT FROM service_affair.commitment_check k"
				"                WHERE k.case_id = c.id AND NOT k.settled AND k.status = 'open'),"
				"       EXISTS (SELECT FROM service_affair.commitment_check k"
				"                WHERE k.case_id = c.id AND NOT k.settled AND k.status = 'kept' AND k.checked_at > $2),"
				"       EXISTS (SELECT FROM service_affair.rating r JOIN service_affair.rectification f"
				"                    ON f.rating_id = r.id AND NOT f.settled"
				"                   AND service_affair.fix_state(f.fix_due, f.closed_at, c.calendar, $3, $4) = 'open'"
				"                WHERE r.case_id = c.id AND NOT r.settled AND NOT r.appealed),"
				"       EXISTS (SELECT FROM service_affair.rating r JOIN service_affair.rectification f"
				"                    ON f.rating_id = r.id AND NOT f.settled"
				"                   AND service_affair.callback_state(f.callback_due, f.called_back_at, c.calendar, $3, $4) = 'owed'"
				"                WHERE r.case_id = c.id AND NOT r.settled AND NOT r.appealed),"
				"       GREATEST((SELECT pg_catalog.max(e.at) FROM service_affair.case_event e"
				"                  WHERE e.case_id = c.id AND NOT e.settled),"
				"                (SELECT pg_catalog.max(GREATEST(r.at, r.appealed_at)) FROM service_affair.rating r"
				"                  WHERE r.case_id = c.id AND NOT r.settled))"
				"  FROM service_affair.cases c WHERE c.id = $1 AND NOT c.settled"
				"   FOR UPDATE OF c SKIP LOCKED",
				4, mtypes);
	settle_plan(&plan_event,
				"INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)"
				" SELECT c.id, $2, 'settled', c.status, c.status,"
				"        pg_catalog.jsonb_build_object('quiet_days', $3::integer)"
				"   FROM service_affair.cases c WHERE c.id = $1 AND NOT c.settled",
				3, etypes);
	for (i = 0; i < SETTLE_NTABLES; i++)
		settle_plan(&plan_months[i],
					psprintf("SELECT DISTINCT service_affair.month_floor(x.%s) FROM service_affair.%s x WHERE %s AND NOT x.settled",
							 settle_tables[i].range, settle_tables[i].name, settle_tables[i].key),
					1, ltypes);
	for (i = 0; i < SETTLE_NTABLES; i++)
		settle_plan(&plan_move[i],
					psprintf("UPDATE service_affair.%s x SET settled = true WHERE %s AND NOT x.settled",
							 settle_tables[i].name, settle_tables[i].key),
					1, ltypes);

	for (i = 0; i < ncands; i++)
	{
		bool		isnull;
		int64		case_id = DatumGetInt64(SPI_getbinval(cands->vals[i], cands->tupdesc, 1, &isnull));
		Datum		largs[4] = {Int64GetDatum(case_id), TimestampTzGetDatum(merit_since),
		TimestampTzGetDatum(at), Int32GetDatum(quiet)};
		Datum		eargs[3];
		HeapTuple	tup;
		TupleDesc	desc;
		sa_settle_case c;
		char	   *status;
		Datum		d;
		uint64		k;

		CHECK_FOR_INTERRUPTS();
		if (SPI_execute_plan(plan_lock, largs, NULL, false, 1) != SPI_OK_SELECT)
			elog(ERROR, "locking case " INT64_FORMAT " failed", case_id);
		if (SPI_processed == 0)
		{
			SPI_freetuptable(SPI_tuptable);
			continue;			/* a writer holds it, or it was settled meanwhile */
		}
		tup = SPI_tuptable->vals[0];
		desc = SPI_tuptable->tupdesc;
		status = SPI_getvalue(tup, desc, 1);
		c.status = status ? sa_case_status_parse(status, strlen(status)) : SA_CASE_UNKNOWN;
		if (status)
			pfree(status);
		c.delivered = DatumGetBool(SPI_getbinval(tup, desc, 2, &isnull));
		c.tolerated_owed = DatumGetBool(SPI_getbinval(tup, desc, 3, &isnull));
		c.leg_open = DatumGetBool(SPI_getbinval(tup, desc, 4, &isnull));
		c.check_open = DatumGetBool(SPI_getbinval(tup, desc, 5, &isnull));
		c.merit_counting = DatumGetBool(SPI_getbinval(tup, desc, 6, &isnull));
		c.rectification_open = DatumGetBool(SPI_getbinval(tup, desc, 7, &isnull));
		c.callback_owed = DatumGetBool(SPI_getbinval(tup, desc, 8, &isnull));
		d = SPI_getbinval(tup, desc, 9, &isnull);
		c.last_event_us = isnull ? PG_INT64_MIN : (int64) DatumGetTimestampTz(d);
		SPI_freetuptable(SPI_tuptable);
		if (sa_settle_decide(&c, (int64) at, quiet) != SA_SETTLE_YES)
			continue;			/* changed since the candidates were read */

		/*
		 * The months the rows will move into, each table by its own range
		 * column: a task or rating id carries its case's month but the
		 * shard that drew it, which differs from the case's after a region
		 * moved (src/core/caseid.h).
		 */
		for (k = 0; k < SETTLE_NTABLES; k++)
		{
			SPITupleTable *months;
			uint64		nmonths;
			uint64		j;

			if (SPI_execute_plan(plan_months[k], largs, NULL, false, 0) != SPI_OK_SELECT)
				elog(ERROR, "reading the months of the %s of case " INT64_FORMAT " failed", settle_tables[k].what, case_id);
			months = SPI_tuptable;
			nmonths = SPI_processed;
			for (j = 0; j < nmonths; j++)
				settle_ensure_month(&settle_tables[k],
									DatumGetInt64(SPI_getbinval(months->vals[j], months->tupdesc, 1, &isnull)));
			SPI_freetuptable(months);
		}
		eargs[0] = Int64GetDatum(case_id);
		eargs[1] = TimestampTzGetDatum(at);
		eargs[2] = Int32GetDatum(quiet);
		if (SPI_execute_plan(plan_event, eargs, NULL, false, 0) != SPI_OK_INSERT || SPI_processed != 1)
			elog(ERROR, "recording the settling of case " INT64_FORMAT " failed", case_id);
		settle_move_rows(case_id);
		settled++;
	}
	SPI_finish();
	PG_RETURN_INT32(settled);
}

/*
 * history_month(tbl text, id bigint) → void: makes the month partition of
 * <tbl>_settled that holds the value id of its range column, when none
 * holds it, as settling does (for a region move that copies settled rows,
 * service_affair_shard.copy_region()); 22023 for a table not of the family.
 */
Datum
sa_history_month(PG_FUNCTION_ARGS)
{
	char	   *tbl;
	uint64		k;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("history_month() needs a table and an id")));
	tbl = text_to_cstring(PG_GETARG_TEXT_PP(0));
	for (k = 0; k < SETTLE_NTABLES; k++)
		if (strcmp(settle_tables[k].name, tbl) == 0)
			break;
	if (k == SETTLE_NTABLES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is not a table of the case family",
						/*
						 * cut to 64 bytes and made printable (sa_echo_n();
						 * until 2026-12-07 only cut: quote_identifier()
						 * keeps a line feed as typed)
						 */
						quote_identifier(sa_echo_n(tbl, pg_mbcliplen(tbl, strlen(tbl), 64), SA_ECHO_ALL)))));
	SPI_connect();
	settle_ensure_month(&settle_tables[k], PG_GETARG_INT64(1));
	SPI_finish();
	PG_RETURN_VOID();
}
