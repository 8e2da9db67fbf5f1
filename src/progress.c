/*
 * progress.c — fmgr glue of case_progress() (src/core/progress.[ch]).
 *
 * identifier_equal compares two identifiers in constant time;
 * progress_gate keeps the session's count of wrong (case or licence number,
 * identifier) pairs (case_progress(), verify_licence())
 * in backend memory, so that a rolled-back transaction does not reset it,
 * and refuses every lookup once the session has used its budget.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "progress.h"

PG_FUNCTION_INFO_V1(sa_identifier_equal);
PG_FUNCTION_INFO_V1(sa_progress_gate);

static int64 progress_failures = 0;

/* identifier_equal(a text, b text) → boolean, constant time for equal lengths */
Datum
sa_identifier_equal(PG_FUNCTION_ARGS)
{
	text	   *a = PG_GETARG_TEXT_PP(0);
	text	   *b = PG_GETARG_TEXT_PP(1);

	PG_RETURN_BOOL(sa_progress_ct_equal(VARDATA_ANY(a), VARSIZE_ANY_EXHDR(a),
										VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b)));
}

/*
 * progress_gate(matched boolean) → boolean: NULL asks whether the session
 * may look up (55000 once it presented SA_PROGRESS_MAX_FAILURES wrong pairs);
 * false counts a wrong pair; returns matched.
 */
Datum
sa_progress_gate(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
	{
		if (!sa_progress_allowed(progress_failures))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("too many failed lookups in this session"),
					 errdetail("This session presented %d case or licence numbers with a wrong or unknown identifier; case_progress() and verify_licence() answer no more in it.",
							   SA_PROGRESS_MAX_FAILURES),
					 errhint("Check the number and the identifier on the receipt or the licence, and ask again in a new session.")));
		PG_RETURN_NULL();
	}
	if (!PG_GETARG_BOOL(0))
		progress_failures++;
	PG_RETURN_BOOL(PG_GETARG_BOOL(0));
}
