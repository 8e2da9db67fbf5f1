/*
 * intake.c — SQL glue of the completeness engine (src/core/completeness.c).
 *
 *   classify_materials(service, codes, names, flags, tolerance_days,
 *                      materials, commitments, credit_ok)
 *       the engine over catalog entries given as parallel arrays: one row per
 *       applicable material;
 *   assess_summary(service, applicant, applicant_kind, credit_ok,
 *                  materials, commitments, at)
 *       reads the entries with catalog_entries() (45_assess.sql) through a
 *       plan kept per session and returns the engine's outcome as parallel
 *       arrays with the counts submit() records; assess() unnests them for
 *       completeness().
 *
 * Both raise 22023 naming every unknown material code.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "parser/parse_func.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"

#include "arguments.h"			/* sa_echo */
#include "completeness.h"
#include "spi_plans.h"

PG_FUNCTION_INFO_V1(sa_classify_materials);
PG_FUNCTION_INFO_V1(sa_assess_summary);

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
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a one-dimensional array", what)));
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
 * The engine, or 22023 naming every submitted or committed code that is no
 * material of the service.  out must have room for nmat rows and nsub + ncom
 * unknown codes.
 */
static void
classify_or_raise(const char *service, sa_material *mats, int nmat, const char **sub, int nsub,
				  const char **com, int ncom, bool credit_ok, sa_completeness_out *out)
{
	if (sa_completeness(mats, nmat, sub, nsub, com, ncom, credit_ok, out) > 0)
	{
		StringInfoData buf;
		size_t		i;

		initStringInfo(&buf);
		/*
		 * every code named, each cut to 64 characters (a code may have 200
		 * bytes), and the service, as an error echoes them (sa_echo(); until
		 * 2026-12-07 the codes were only cut, the service echoed whole, both
		 * with their control characters)
		 */
		for (i = 0; i < out->nunknown; i++)
		{
			const char *code = out->unknown[i];
			int			len = strlen(code);

			if (i)
				appendStringInfoString(&buf, ", ");
			appendStringInfoString(&buf, sa_echo_n(code, pg_mbcharcliplen(code, len, 64), SA_ECHO_ALL));
		}
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown material codes for service \"%s\"", sa_echo(service, -1)),
				 errdetail("Unknown material codes for service \"%s\": %s.", sa_echo(service, -1), buf.data)));
	}
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
		mats[i].evidence_type = NULL;
	}
	out.rows = palloc(sizeof(sa_mat_result) * (ncodes + 1));
	out.unknown = palloc(sizeof(char *) * (nsub + ncom + 1));

	classify_or_raise(service, mats, ncodes, sub, nsub, com, ncom, credit_ok, &out);

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

/* A one-dimensional array of text, int4 or bool; NULL when n = 0. */
static Datum
result_array(Datum *elems, bool *nulls, int n, Oid type, bool *isnull)
{
	int			dims[1] = {n};
	int			lbs[1] = {1};

	*isnull = (n == 0);
	if (n == 0)
		return (Datum) 0;
	if (type == TEXTOID)
		return PointerGetDatum(construct_md_array(elems, nulls, 1, dims, lbs, TEXTOID, -1, false, TYPALIGN_INT));
	if (type == INT4OID)
		return PointerGetDatum(construct_md_array(elems, nulls, 1, dims, lbs, INT4OID, sizeof(int32), true, TYPALIGN_INT));
	Assert(type == BOOLOID);
	return PointerGetDatum(construct_md_array(elems, nulls, 1, dims, lbs, BOOLOID, sizeof(bool), true, TYPALIGN_CHAR));
}

/*
 * Column col of a catalog entry row as a C string in cxt (it outlives
 * SPI_finish()), or 22023 as text_array_cstrings() refuses a NULL element.
 */
static const char *entry_text_or_null(HeapTuple tup, TupleDesc desc, int col, MemoryContext cxt);

static const char *
entry_text(HeapTuple tup, TupleDesc desc, int col, const char *what, int row, MemoryContext cxt)
{
	const char *str = entry_text_or_null(tup, desc, col, cxt);

	if (str == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not contain null", what),
				 errdetail("Element %d of %s is null.", row + 1, what)));
	return str;
}

/* A text column of a catalog entry row in cxt, or NULL (the evidence type may be). */
static const char *
entry_text_or_null(HeapTuple tup, TupleDesc desc, int col, MemoryContext cxt)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, desc, col, &isnull);
	MemoryContext old;
	char	   *str;

	if (isnull)
		return NULL;
	old = MemoryContextSwitchTo(cxt);
	str = TextDatumGetCString(d);
	MemoryContextSwitchTo(old);
	return str;
}

/* Column col of a catalog entry row as an int4, or 22023 as int_array() refuses a NULL. */
static int32
entry_int(HeapTuple tup, TupleDesc desc, int col, const char *what)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, desc, col, &isnull);

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not contain null", what)));
	return DatumGetInt32(d);
}

/*
 * 42501 unless the current user may execute catalog_entries().  The planner
 * inlines that function only for a user who may execute it, and the plan is
 * kept per session whoever calls next: a caller without the privilege must
 * not be the one who makes it (nor run the owner's inlined plan).  The
 * function's oid is looked up again when it no longer exists (the extension
 * dropped and created again in the session).
 */
static void
require_catalog_entries(Oid *types)
{
	static Oid	fn = InvalidOid;
	AclResult	acl;

	if (!OidIsValid(fn) || !SearchSysCacheExists1(PROCOID, ObjectIdGetDatum(fn)))
		fn = LookupFuncName(list_make2(makeString("service_affair"), makeString("catalog_entries")),
							4, types, false);
	acl = pg_proc_aclcheck(fn, GetUserId(), ACL_EXECUTE);
	if (acl != ACLCHECK_OK)
		aclcheck_error(acl, OBJECT_FUNCTION, "service_affair.catalog_entries");
}

/*
 * assess_summary(service, applicant, applicant_kind, credit_ok, materials,
 *                commitments, at)
 *   → (codes, names, statuses, tolerance_days, required, missing, tolerated,
 *      nrequired, nreduced, evidence_types)
 *
 * The arrays follow the engine's rows (code order); evidence_types holds
 * the types of each material as the catalog names them at this submission
 * (those of its deciding entries, sa_material_types(), joined by line
 * feeds; NULL for none), which submit() records with the material for the
 * data-sharing indicators; tolerance_days is NULL
 * but for tolerated materials; missing and tolerated are NULL when empty,
 * and so are the five arrays when the service has no material (what an
 * aggregate over assess() gave).  The catalog query is catalog_entries(),
 * inlined into a generic plan kept per session: with the service a constant
 * the planner would cost a custom plan lower and plan the query again on
 * every call, although the generic plan reads the same rows by key.
 */
Datum
sa_assess_summary(PG_FUNCTION_ARGS)
{
	static SPIPlanPtr plan_entries = NULL;
	Oid			types[4] = {TEXTOID, INT8OID, TEXTOID, TIMESTAMPTZOID};
	Datum		args[4];
	char		argnulls[4] = {' ', ' ', ' ', ' '};
	const char *service = PG_ARGISNULL(0) ? "" : text_to_cstring(PG_GETARG_TEXT_PP(0));
	bool		credit_ok = !PG_ARGISNULL(3) && PG_GETARG_BOOL(3);
	int			nsub,
				ncom,
				n,
				k;
	const char **sub;
	const char **com;
	MemoryContext callcxt = CurrentMemoryContext;
	TupleDesc	resdesc;
	sa_material *mats;
	sa_completeness_out out;
	Datum	   *codes,
			   *names,
			   *statuses,
			   *tols,
			   *reqs,
			   *missing,
			   *tolerated,
			   *etypes;
	bool	   *tolnulls,
			   *etnulls;
	const char **typebuf;
	int			nmissing = 0,
				ntolerated = 0,
				nrequired = 0,
				nreduced = 0;
	Datum		values[10];
	bool		nulls[10];
	size_t		i;

	if (get_call_result_type(fcinfo, NULL, &resdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "assess_summary() must return a composite");

	/* catalog_entries(service, applicant, applicant_kind, at): arguments 0-2 and 6 */
	for (k = 0; k < 4; k++)
	{
		int			argno = k < 3 ? k : 6;

		if (PG_ARGISNULL(argno))
		{
			args[k] = (Datum) 0;
			argnulls[k] = 'n';
		}
		else
			args[k] = PG_GETARG_DATUM(argno);
	}

	require_catalog_entries(types);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	sa_kept_plan(&plan_entries,
				 "SELECT e.code, e.name, e.flags, e.tolerance_days, e.evidence_type"
				 "  FROM service_affair.catalog_entries($1, $2, $3, $4) e"
				 " ORDER BY e.item, e.code",
				 4, types, CURSOR_OPT_GENERIC_PLAN);
	if (SPI_execute_plan(plan_entries, args, argnulls, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading the catalog entries of service \"%s\" failed", service);
	if (SPI_tuptable->tupdesc->natts != 5 ||
		SPI_gettypeid(SPI_tuptable->tupdesc, 1) != TEXTOID || SPI_gettypeid(SPI_tuptable->tupdesc, 2) != TEXTOID ||
		SPI_gettypeid(SPI_tuptable->tupdesc, 3) != INT4OID || SPI_gettypeid(SPI_tuptable->tupdesc, 4) != INT4OID ||
		SPI_gettypeid(SPI_tuptable->tupdesc, 5) != TEXTOID)
		elog(ERROR, "service_affair.catalog_entries() does not return (text, text, integer, integer, text) entries");
	n = (int) SPI_processed;
	mats = MemoryContextAlloc(callcxt, sizeof(sa_material) * (n + 1));
	for (k = 0; k < n; k++)
	{
		HeapTuple	tup = SPI_tuptable->vals[k];
		TupleDesc	desc = SPI_tuptable->tupdesc;

		/* the same refusals, in the same order, as classify_materials() */
		mats[k].code = entry_text(tup, desc, 1, "catalog codes", k, callcxt);
		mats[k].name = entry_text(tup, desc, 2, "catalog names", k, callcxt);
		mats[k].flags = (unsigned) entry_int(tup, desc, 3, "catalog flags");
		mats[k].tolerance_days = entry_int(tup, desc, 4, "tolerance days");
		mats[k].evidence_type = entry_text_or_null(tup, desc, 5, callcxt);
	}
	SPI_finish();

	/* after the catalog's arrays, as classify_materials() checks them */
	sub = text_array_cstrings(fcinfo, 4, "materials", &nsub);
	com = text_array_cstrings(fcinfo, 5, "commitments", &ncom);
	out.rows = palloc(sizeof(sa_mat_result) * (n + 1));
	out.unknown = palloc(sizeof(char *) * (nsub + ncom + 1));
	classify_or_raise(service, mats, n, sub, nsub, com, ncom, credit_ok, &out);

	codes = palloc(sizeof(Datum) * (out.nrows + 1));
	names = palloc(sizeof(Datum) * (out.nrows + 1));
	statuses = palloc(sizeof(Datum) * (out.nrows + 1));
	tols = palloc(sizeof(Datum) * (out.nrows + 1));
	tolnulls = palloc(sizeof(bool) * (out.nrows + 1));
	reqs = palloc(sizeof(Datum) * (out.nrows + 1));
	missing = palloc(sizeof(Datum) * (out.nrows + 1));
	tolerated = palloc(sizeof(Datum) * (out.nrows + 1));
	etypes = palloc(sizeof(Datum) * (out.nrows + 1));
	typebuf = palloc(sizeof(char *) * (n + 1));
	etnulls = palloc(sizeof(bool) * (out.nrows + 1));
	for (i = 0; i < out.nrows; i++)
	{
		const sa_mat_result *r = &out.rows[i];

		codes[i] = CStringGetTextDatum(r->code);
		names[i] = CStringGetTextDatum(r->name);
		statuses[i] = CStringGetTextDatum(sa_mat_status_name(r->status));
		tols[i] = Int32GetDatum(r->tolerance_days);
		tolnulls[i] = (r->status != SA_MAT_TOLERATED);
		reqs[i] = BoolGetDatum(r->required != 0);
		{
			/*
			 * the material's types, one element: joined by line feeds, which
			 * no type code holds (evidence_type_issuable); NULL for none
			 */
			size_t		nt = sa_material_types(mats, n, r->code, typebuf, n),
						t;

			etnulls[i] = (nt == 0);
			etypes[i] = (Datum) 0;
			if (nt == 1)		/* the common case: no buffer */
				etypes[i] = CStringGetTextDatum(typebuf[0]);
			else if (nt > 1)
			{
				StringInfoData tb;

				initStringInfo(&tb);
				for (t = 0; t < nt; t++)
				{
					if (t)
						appendStringInfoChar(&tb, '\n');
					appendStringInfoString(&tb, typebuf[t]);
				}
				etypes[i] = CStringGetTextDatum(tb.data);
			}
		}
		if (r->status == SA_MAT_MISSING)
			missing[nmissing++] = codes[i];
		else if (r->status == SA_MAT_TOLERATED)
			tolerated[ntolerated++] = codes[i];
		if (r->required)
		{
			nrequired++;
			if (r->status == SA_MAT_SHARED || r->status == SA_MAT_COMMITTED || r->status == SA_MAT_PRODUCED)
				nreduced++;
		}
	}
	values[0] = result_array(codes, NULL, (int) out.nrows, TEXTOID, &nulls[0]);
	values[1] = result_array(names, NULL, (int) out.nrows, TEXTOID, &nulls[1]);
	values[2] = result_array(statuses, NULL, (int) out.nrows, TEXTOID, &nulls[2]);
	values[3] = result_array(tols, tolnulls, (int) out.nrows, INT4OID, &nulls[3]);
	values[4] = result_array(reqs, NULL, (int) out.nrows, BOOLOID, &nulls[4]);
	values[5] = result_array(missing, NULL, nmissing, TEXTOID, &nulls[5]);
	values[6] = result_array(tolerated, NULL, ntolerated, TEXTOID, &nulls[6]);
	values[7] = Int32GetDatum(nrequired);
	nulls[7] = false;
	values[8] = Int32GetDatum(nreduced);
	nulls[8] = false;
	values[9] = result_array(etypes, etnulls, (int) out.nrows, TEXTOID, &nulls[9]);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(resdesc), values, nulls)));
}
