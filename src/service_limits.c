/*
 * service_limits.c — SQL glue of the limits of a service (src/core/svclimit.c):
 *
 *   item_legal_days(legal_limit integer) → integer
 *   item_promised_days(kind text, promised_limit integer, legal_limit integer) → integer
 *   bundle_days(promised_limit, stage_promised, stage_legal, stages, departments)
 *       → (promised_days, legal_days)
 *   joint_handling_limits() → (legal_days, extension_days)
 *   bundle_extension_days(stage_extension integer, departments bigint) → integer
 *
 * and sa_item_promised_days_checked() for src/routing.c: one mapping of the
 * core's statuses to errors.
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "calendar.h"
#include "service_limits.h"
#include "svclimit.h"

PG_FUNCTION_INFO_V1(sa_item_legal_days_sql);
PG_FUNCTION_INFO_V1(sa_item_promised_days_sql);
PG_FUNCTION_INFO_V1(sa_bundle_days_sql);
PG_FUNCTION_INFO_V1(sa_joint_handling_limits_sql);
PG_FUNCTION_INFO_V1(sa_bundle_extension_days_sql);

/* a limit argument as the DETAIL shows it */
static const char *
limit_text(const int32 *limit)
{
	return limit ? psprintf("%d", *limit) : "NULL";
}

/*
 * item_legal_days(legal_limit): not STRICT, a NULL limit is one not set
 * (no legal limit: the 20 days of its clock).  22023 for a negative limit (the item's CHECK
 * item_legal_limit_check refuses one first: CHECKs run in name order).
 */
Datum
sa_item_legal_days_sql(PG_FUNCTION_ARGS)
{
	int32		legal = PG_ARGISNULL(0) ? 0 : PG_GETARG_INT32(0);
	int32		days = 0;

	if (sa_item_legal_days(PG_ARGISNULL(0) ? NULL : &legal, &days) != SA_SVCLIMIT_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("negative time limit"),
				 errdetail("An item's legal limit is no fewer than 0 working days: legal_limit %d.", legal)));
	PG_RETURN_INT32(days);
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

/* a row of two integers (the OUT arguments of the function called) */
static Datum
two_ints(FunctionCallInfo fcinfo, int32 a, bool a_set, int32 b, bool b_set)
{
	TupleDesc	desc;
	Datum		values[2];
	bool		nulls[2];

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE || desc->natts != 2)
		elog(ERROR, "function returning a row of two integers called in a context that cannot accept it");
	desc = BlessTupleDesc(desc);
	values[0] = Int32GetDatum(a);
	nulls[0] = !a_set;
	values[1] = Int32GetDatum(b);
	nulls[1] = !b_set;
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

/*
 * bundle_days(promised_limit, stage_promised, stage_legal, stages,
 * departments): sa_bundle_days(), SQL's NULLs kept (not STRICT).  In C
 * since it is asked per bundle row by bundle_limits: as an SQL function
 * with a pinned search_path (never inlined, planned on every call) it
 * cost ~11 µs a row, against ~0.8 µs here (100,000 rows timed).
 */
Datum
sa_bundle_days_sql(PG_FUNCTION_ARGS)
{
	int32		p = PG_ARGISNULL(0) ? 0 : PG_GETARG_INT32(0);
	int32		sp = PG_ARGISNULL(1) ? 0 : PG_GETARG_INT32(1);
	int32		sl = PG_ARGISNULL(2) ? 0 : PG_GETARG_INT32(2);
	int64		st = PG_ARGISNULL(3) ? 0 : PG_GETARG_INT64(3);
	int64		dp = PG_ARGISNULL(4) ? 0 : PG_GETARG_INT64(4);
	bool		promised_set,
				legal_set;
	int32		promised,
				legal;

	sa_bundle_days(PG_ARGISNULL(0) ? NULL : &p, PG_ARGISNULL(1) ? NULL : &sp, PG_ARGISNULL(2) ? NULL : &sl,
				   PG_ARGISNULL(3) ? NULL : &st, PG_ARGISNULL(4) ? NULL : &dp,
				   &promised_set, &promised, &legal_set, &legal);
	PG_RETURN_DATUM(two_ints(fcinfo, promised, promised_set, legal, legal_set));
}

/* joint_handling_limits(): the two numbers of Art 42 ¶2 (svclimit.h) */
Datum
sa_joint_handling_limits_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(two_ints(fcinfo, SA_JOINT_LEGAL_DAYS, true, SA_JOINT_EXTENSION_DAYS, true));
}

/*
 * bundle_extension_days(stage_extension, departments): the working days a
 * bundle's case may be extended in all, sa_bundle_extension_days() (STRICT)
 */
Datum
sa_bundle_extension_days_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(sa_bundle_extension_days(PG_GETARG_INT32(0), PG_GETARG_INT64(1)));
}
