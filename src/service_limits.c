/*
 * service_limits.c — SQL glue of the limits of a service (src/core/svclimit.c):
 *
 *   item_promised_days(kind text, promised_limit integer, legal_limit integer) → integer
 *
 * and sa_item_promised_days_checked() for src/routing.c: one mapping of the
 * core's statuses to errors.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "calendar.h"
#include "service_limits.h"
#include "svclimit.h"

PG_FUNCTION_INFO_V1(sa_item_promised_days_sql);

/* a limit argument as the DETAIL shows it */
static const char *
limit_text(const int32 *limit)
{
	return limit ? psprintf("%d", *limit) : "NULL";
}

int32
sa_item_promised_days_checked(const char *kind, int kind_len, const int32 *promised_limit, const int32 *legal_limit)
{
	int32		days = 0;
	sa_item_kind k = sa_item_kind_parse(kind, kind ? (size_t) kind_len : 0);

	switch (sa_item_promised_days(k, promised_limit, legal_limit, &days))
	{
		case SA_SVCLIMIT_OK:
			break;
		case SA_SVCLIMIT_BAD_KIND:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid item kind"),
					 errdetail("Kind %s is neither immediate nor promised.",
							   quote_literal_cstr(sa_echo(kind, kind_len)))));
			break;
		case SA_SVCLIMIT_NEGATIVE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("negative time limit"),
					 errdetail("An item promises no fewer than 0 working days: promised_limit %s, legal_limit %s.",
							   limit_text(promised_limit), limit_text(legal_limit))));
			break;
	}
	return days;
}

/*
 * item_promised_days(kind, promised_limit, legal_limit): not STRICT, a
 * NULL limit is one not set, a NULL kind one not named (promised).
 */
Datum
sa_item_promised_days_sql(PG_FUNCTION_ARGS)
{
	text	   *kind = PG_ARGISNULL(0) ? NULL : PG_GETARG_TEXT_PP(0);
	int32		promised = PG_ARGISNULL(1) ? 0 : PG_GETARG_INT32(1);
	int32		legal = PG_ARGISNULL(2) ? 0 : PG_GETARG_INT32(2);

	PG_RETURN_INT32(sa_item_promised_days_checked(kind ? VARDATA_ANY(kind) : NULL,
												  kind ? VARSIZE_ANY_EXHDR(kind) : 0,
												  PG_ARGISNULL(1) ? NULL : &promised,
												  PG_ARGISNULL(2) ? NULL : &legal));
}
