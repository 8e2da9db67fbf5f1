/*
 * credit.c — fmgr glue of the commitment-check and credit rules
 * (src/core/credit.[ch]).
 *
 * check_outcome_check raises the 22023 errors of record_check() for its
 * outcome and findings; credit_grade and credit_ok_of derive the grade and
 * credit_ok from event counts; credit_effective_grade gives the grade a
 * target carries into the inspection draw.
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "calendar.h"
#include "credit.h"
#include "arguments.h"

PG_FUNCTION_INFO_V1(sa_check_outcome_check_sql);
PG_FUNCTION_INFO_V1(sa_credit_grade_sql);
PG_FUNCTION_INFO_V1(sa_credit_ok_sql);
PG_FUNCTION_INFO_V1(sa_credit_effective_sql);
PG_FUNCTION_INFO_V1(sa_session_by_superuser);

/* check_outcome_check(check_id bigint, outcome text, findings text) → void */
Datum
sa_check_outcome_check_sql(PG_FUNCTION_ARGS)
{
	int64		id = PG_ARGISNULL(0) ? 0 : PG_GETARG_INT64(0);
	text	   *o = PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1);
	text	   *f = PG_ARGISNULL(2) ? NULL : PG_GETARG_TEXT_PP(2);
	const char *fs = NULL;
	size_t		flen = 0;
	sa_check_status st;

	/* the core reads UTF-8 (arguments.c converts from another encoding) */
	if (f != NULL)
		fs = sa_server_text_utf8(VARDATA_ANY(f), VARSIZE_ANY_EXHDR(f), &flen);
	st = sa_check_outcome_ok(o ? VARDATA_ANY(o) : NULL, o ? VARSIZE_ANY_EXHDR(o) : 0, fs, flen);
	if (st == SA_CHECK_BAD_OUTCOME)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid check outcome"),
				 errdetail("Outcome %s is not one of " SA_CHECK_OUTCOME_LIST ".",
						   o ? quote_literal_cstr(sa_echo(VARDATA_ANY(o), VARSIZE_ANY_EXHDR(o))) : "NULL")));
	if (st == SA_CHECK_NEEDS_FINDINGS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("findings required"),
				 errdetail("Check " INT64_FORMAT " cannot be recorded as %s without findings stating the reason.",
						   id, sa_echo(VARDATA_ANY(o), VARSIZE_ANY_EXHDR(o)))));
	PG_RETURN_VOID();
}

static void
counts_of(FunctionCallInfo fcinfo, sa_credit_counts *c)
{
	c->grave = PG_GETARG_INT32(0);
	c->serious = PG_GETARG_INT32(1);
	c->minor = PG_GETARG_INT32(2);
	c->pending = PG_GETARG_INT32(3);
	c->recent = PG_GETARG_INT32(4);
}

/* credit_grade(grave, serious, minor, pending, recent integer) → text */
Datum
sa_credit_grade_sql(PG_FUNCTION_ARGS)
{
	sa_credit_counts c;
	char		g;

	counts_of(fcinfo, &c);
	g = sa_credit_grade(&c);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(&g, 1));
}

/* credit_ok_of(grave, serious, minor, pending, recent integer) → boolean */
Datum
sa_credit_ok_sql(PG_FUNCTION_ARGS)
{
	sa_credit_counts c;

	counts_of(fcinfo, &c);
	PG_RETURN_BOOL(sa_credit_ok(&c));
}

static char
grade_arg(FunctionCallInfo fcinfo, int i, const char *what)
{
	text	   *t;

	if (PG_ARGISNULL(i))
		return 0;
	t = PG_GETARG_TEXT_PP(i);
	if (VARSIZE_ANY_EXHDR(t) != 1 || VARDATA_ANY(t)[0] < 'A' || VARDATA_ANY(t)[0] > 'D')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid %s grade", what),
				 errdetail("Grade %s is not one of A, B, C, D.",
						   quote_literal_cstr(sa_echo(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t))))));
	return VARDATA_ANY(t)[0];
}

/* credit_effective_grade(manual text, credit text, clean_bonus boolean) → text */
Datum
sa_credit_effective_sql(PG_FUNCTION_ARGS)
{
	char		manual = grade_arg(fcinfo, 0, "manual");
	char		credit;
	char		g;

	if (PG_ARGISNULL(1))
		PG_RETURN_NULL();
	credit = grade_arg(fcinfo, 1, "credit");
	g = sa_credit_effective(manual, credit, !PG_ARGISNULL(2) && PG_GETARG_BOOL(2));
	PG_RETURN_TEXT_P(cstring_to_text_with_len(&g, 1));
}

/*
 * Whether the session's user (not the current one: SET ROLE and SECURITY
 * DEFINER change that) is a superuser.  credit_now() lets a writer follow
 * service_affair.as_of only then: a DBA's or a test's clock, never a
 * clerk's (doc/credit.md).
 */
Datum
sa_session_by_superuser(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(sa_session_superuser());
}
