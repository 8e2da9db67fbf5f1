/*
 * case_state.c — SQL glue of the case state machine (src/core/case_state.c):
 *
 *   case_transition_allowed(from_status text, to_status text) → boolean
 *   case_next_states(status text) → text
 *
 * and of the writers' lock of a case under a transaction snapshot:
 *
 *   refuse_stale_case(case_id bigint) → void
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/snapmgr.h"

#include "case_state.h"
#include "spi_plans.h"

PG_FUNCTION_INFO_V1(sa_case_transition_allowed_sql);
PG_FUNCTION_INFO_V1(sa_case_next_states_sql);

/* Status of a text datum; SA_CASE_UNKNOWN for any other text. */
static sa_case_status
status_of(text *t)
{
	return sa_case_status_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
}

/* case_transition_allowed(from, to): may a case go from one status to the other? */
Datum
sa_case_transition_allowed_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(sa_case_transition_allowed(status_of(PG_GETARG_TEXT_PP(0)),
											  status_of(PG_GETARG_TEXT_PP(1))));
}

/* case_next_states(status): the statuses that may follow, as a list for messages. */
Datum
sa_case_next_states_sql(PG_FUNCTION_ARGS)
{
	char		buf[128];

	sa_case_next_states(status_of(PG_GETARG_TEXT_PP(0)), buf, sizeof(buf));
	PG_RETURN_TEXT_P(cstring_to_text(buf));
}

/*
 * cases_row_ok(service, service_kind, item, bundle, region, channel, status,
 * accepted_at, decision, delivery_method, visits, due_shift, sla_state,
 * competent_region, competence_rule, visits_before_acceptance,
 * visits_collection, required_materials, reduced_materials) and
 * case_material_row_ok(initial_status, status): the row invariants of cases
 * and case_material (sa_cases_row_ok, sa_case_material_row_ok in src/core),
 * their CHECK constraints cases_row and case_material_row.  PostgreSQL 15
 * reads every CHECK expression of a table again for each statement that
 * writes it: one C call instead of sixteen (cases) and two (case_material).
 */
PG_FUNCTION_INFO_V1(sa_cases_row_ok_sql);
PG_FUNCTION_INFO_V1(sa_case_material_row_ok_sql);

static sa_text
text_arg(FunctionCallInfo fcinfo, int i)
{
	sa_text		r = {NULL, -1};

	if (!PG_ARGISNULL(i))
	{
		text	   *t = PG_GETARG_TEXT_PP(i);

		r.s = VARDATA_ANY(t);
		r.len = VARSIZE_ANY_EXHDR(t);
	}
	return r;
}

static sa_opt_int
int_arg(FunctionCallInfo fcinfo, int i)
{
	sa_opt_int	r = {false, 0};

	if (!PG_ARGISNULL(i))
	{
		r.has = true;
		r.v = PG_GETARG_INT32(i);
	}
	return r;
}

Datum
sa_cases_row_ok_sql(PG_FUNCTION_ARGS)
{
	sa_cases_row r;

	r.service = text_arg(fcinfo, 0);
	r.service_kind = text_arg(fcinfo, 1);
	r.item = text_arg(fcinfo, 2);
	r.bundle = text_arg(fcinfo, 3);
	r.region = text_arg(fcinfo, 4);
	r.channel = text_arg(fcinfo, 5);
	r.status = text_arg(fcinfo, 6);
	r.has_accepted_at = !PG_ARGISNULL(7);
	r.decision = text_arg(fcinfo, 8);
	r.delivery_method = text_arg(fcinfo, 9);
	r.visits = int_arg(fcinfo, 10);
	r.due_shift = int_arg(fcinfo, 11);
	r.sla_state = text_arg(fcinfo, 12);
	r.competent_region = text_arg(fcinfo, 13);
	r.competence_rule = text_arg(fcinfo, 14);
	r.visits_before_acceptance = int_arg(fcinfo, 15);
	r.visits_collection = int_arg(fcinfo, 16);
	r.required_materials = int_arg(fcinfo, 17);
	r.reduced_materials = int_arg(fcinfo, 18);
	PG_RETURN_BOOL(sa_cases_row_ok(&r));
}

Datum
sa_case_material_row_ok_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(sa_case_material_row_ok(text_arg(fcinfo, 0), text_arg(fcinfo, 1)));
}

/*
 * refuse_stale_case(case_id): 40001 when, in a transaction that reads one
 * snapshot (REPEATABLE READ, SERIALIZABLE), the case's history holds an
 * event committed after that snapshot was taken; nothing in READ COMMITTED.
 *
 * The writers lock the case row before they write, and PostgreSQL raises
 * 40001 to a transaction of one snapshot that locks a row updated since it.
 * But not every write of a case updates its row: a supplement that leaves
 * materials missing, or a task finished while another of its stage is
 * open, writes other rows and only locks the case.  A second writer under
 * REPEATABLE READ then got the lock without an error and judged the case on
 * its old snapshot: a case with every material present left returned, a
 * bundle whose tasks were all done never concluded, a withdrawal dated
 * before a supplement (a review, 2026-12-03).  Every write of a case
 * appends to its history (case_event), so a history longer under the latest
 * snapshot than under the transaction's is a write this transaction cannot
 * see.  Asked by the writers right after they lock the case
 * (lock_open_case(), lock_task()).
 */
PG_FUNCTION_INFO_V1(sa_refuse_stale_case);

static SPIPlanPtr plan_stale_count = NULL;

static int64
stale_case_events(SPIPlanPtr plan, Datum case_id, Snapshot snap)
{
	bool		isnull;
	Datum		n;

	if (SPI_execute_snapshot(plan, &case_id, NULL, snap, InvalidSnapshot, true, false, 1) != SPI_OK_SELECT ||
		SPI_processed != 1)
		elog(ERROR, "could not count the events of case " INT64_FORMAT, DatumGetInt64(case_id));
	n = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return isnull ? 0 : DatumGetInt64(n);
}

Datum
sa_refuse_stale_case(PG_FUNCTION_ARGS)
{
	Datum		case_id = PG_GETARG_DATUM(0);
	Oid			types[1] = {INT8OID};
	SPIPlanPtr	plan;
	int64		mine,
				latest;

	if (!IsolationUsesXactSnapshot())
		PG_RETURN_VOID();
	SPI_connect();
	plan = sa_kept_plan(&plan_stale_count,
						"SELECT pg_catalog.count(*) FROM service_affair.case_event e WHERE e.case_id = $1 AND NOT e.settled",
						1, types, 0);
	mine = stale_case_events(plan, case_id, GetActiveSnapshot());	/* the transaction's, with its own writes */
	latest = stale_case_events(plan, case_id, GetLatestSnapshot());
	SPI_finish();
	if (latest != mine)
		ereport(ERROR,
				(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
				 errmsg("could not serialize access due to concurrent update"),
				 errdetail("Case " INT64_FORMAT " was written by another transaction after this transaction's snapshot was taken (%s).",
						   DatumGetInt64(case_id), IsolationIsSerializable() ? "serializable" : "repeatable read"),
				 errhint("Retry the transaction.")));
	PG_RETURN_VOID();
}
