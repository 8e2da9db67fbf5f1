/*
 * intake.c — SQL glue of the completeness engine (src/core/completeness.c).
 *
 * service_affair.classify_materials() receives the catalog rows of a service
 * as parallel arrays (the SQL functions completeness() and submit() gather
 * them with one query), runs the pure core and returns one row per applicable
 * material, or raises 22023 naming every unknown material code.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"

#include "completeness.h"

PG_FUNCTION_INFO_V1(sa_classify_materials);

/* text[] argument → palloc'd C strings; NULL array gives 0 elements */
static const char **
text_array_cstrings(FunctionCallInfo fcinfo, int argno, const char *what, int *n)
{
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	const char **out;
	int			i;

	*n = 0;
	if (PG_ARGISNULL(argno))
		return NULL;
	arr = PG_GETARG_ARRAYTYPE_P(argno);
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a one-dimensional array", what)));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, n);
	out = palloc(sizeof(char *) * (*n + 1));
	for (i = 0; i < *n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must not contain null", what),
					 errdetail("Element %d of %s is null.", i + 1, what)));
		out[i] = TextDatumGetCString(elems[i]);
	}
	return out;
}

/* int4[] argument without nulls */
static int32 *
int_array(FunctionCallInfo fcinfo, int argno, const char *what, int *n)
{
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	int32	   *out;
	int			i;

	*n = 0;
	if (PG_ARGISNULL(argno))
		return NULL;
	arr = PG_GETARG_ARRAYTYPE_P(argno);
	deconstruct_array(arr, INT4OID, sizeof(int32), true, TYPALIGN_INT, &elems, &nulls, n);
	out = palloc(sizeof(int32) * (*n + 1));
	for (i = 0; i < *n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must not contain null", what)));
		out[i] = DatumGetInt32(elems[i]);
	}
	return out;
}

/*
 * classify_materials(service, codes, names, flags, tolerance_days,
 *                    materials, commitments, credit_ok)
 *   → SETOF (material, name, status, tolerance_days, required)
 */
Datum
sa_classify_materials(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const char *service = PG_ARGISNULL(0) ? "" : text_to_cstring(PG_GETARG_TEXT_PP(0));
	int			ncodes,
				nnames,
				nflags,
				ntol,
				nsub,
				ncom;
	const char **codes = text_array_cstrings(fcinfo, 1, "catalog codes", &ncodes);
	const char **names = text_array_cstrings(fcinfo, 2, "catalog names", &nnames);
	int32	   *flags = int_array(fcinfo, 3, "catalog flags", &nflags);
	int32	   *tol = int_array(fcinfo, 4, "tolerance days", &ntol);
	const char **sub = text_array_cstrings(fcinfo, 5, "materials", &nsub);
	const char **com = text_array_cstrings(fcinfo, 6, "commitments", &ncom);
	bool		credit_ok = !PG_ARGISNULL(7) && PG_GETARG_BOOL(7);
	sa_material *mats;
	sa_completeness_out out;
	size_t		i;

	if (nnames != ncodes || nflags != ncodes || ntol != ncodes)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("catalog arrays must have the same length"),
				 errdetail("Got %d codes, %d names, %d flags and %d tolerance days.",
						   ncodes, nnames, nflags, ntol)));

	mats = palloc(sizeof(sa_material) * (ncodes + 1));
	for (i = 0; i < (size_t) ncodes; i++)
	{
		mats[i].code = codes[i];
		mats[i].name = names[i];
		mats[i].flags = (unsigned) flags[i];
		mats[i].tolerance_days = tol[i];
	}
	out.rows = palloc(sizeof(sa_mat_result) * (ncodes + 1));
	out.unknown = palloc(sizeof(char *) * (nsub + ncom + 1));

	if (sa_completeness(mats, ncodes, sub, nsub, com, ncom, credit_ok, &out) > 0)
	{
		StringInfoData buf;

		initStringInfo(&buf);
		for (i = 0; i < out.nunknown; i++)
			appendStringInfo(&buf, "%s%s", i ? ", " : "", out.unknown[i]);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown material codes for service \"%s\"", service),
				 errdetail("Unknown material codes for service \"%s\": %s.", service, buf.data)));
	}

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < out.nrows; i++)
	{
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};

		values[0] = CStringGetTextDatum(out.rows[i].code);
		values[1] = CStringGetTextDatum(out.rows[i].name);
		values[2] = CStringGetTextDatum(sa_mat_status_name(out.rows[i].status));
		values[3] = Int32GetDatum(out.rows[i].tolerance_days);
		values[4] = BoolGetDatum(out.rows[i].required != 0);
		if (out.rows[i].status != SA_MAT_TOLERATED)
			nulls[3] = true;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
