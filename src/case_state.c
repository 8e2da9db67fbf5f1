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
