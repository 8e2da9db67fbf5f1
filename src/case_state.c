/*
 * case_state.c — SQL glue of the case state machine (src/core/case_state.c):
 *
 *   case_transition_allowed(from_status text, to_status text) → boolean
 *   case_next_states(status text) → text
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "case_state.h"

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
 * visits_collection, required_materials, reduced_materials, promised_limit)
 * and case_material_row_ok(initial_status, status, tolerance_days): the row invariants of cases
 * and case_material (sa_cases_row_ok, sa_case_material_row_ok in src/core),
 * their CHECK constraints cases_row and case_material_row.  PostgreSQL 15
 * reads every CHECK expression of a table again for each statement that
 * writes it: one C call instead of seventeen (cases) and three (case_material).
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
	r.promised_limit = int_arg(fcinfo, 19);
	PG_RETURN_BOOL(sa_cases_row_ok(&r));
}

Datum
sa_case_material_row_ok_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(sa_case_material_row_ok(text_arg(fcinfo, 0), text_arg(fcinfo, 1), int_arg(fcinfo, 2)));
}
