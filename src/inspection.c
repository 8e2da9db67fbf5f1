/*
 * inspection.c — random inspections (双随机、一公开): log entry hashing, the
 * draw and its verification.  The ranking, top-k, team and pool logic is
 * in src/core/insp.c; this file reads the plan and the directories, scans
 * the target table, and stores and logs the outcome.  See doc/inspection.md.
 */
#include "postgres.h"

#include <math.h>

#include "access/heapam.h"
#include "access/parallel.h"
#include "access/htup_details.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "common/int.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "optimizer/cost.h"
#include "optimizer/paths.h"
#include "port/atomics.h"
#include "port/pg_bitutils.h"
#include "storage/bufmgr.h"
#include "storage/shm_toc.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datum.h"
#include "utils/hsearch.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "arguments.h"		/* sa_server_text_utf8 */
#include "calendar.h"		/* sa_echo */
#include "insp.h"
#include "tpack.h"


PG_FUNCTION_INFO_V1(sa_log_entry_bytes);
PG_FUNCTION_INFO_V1(sa_log_entry_hash);
PG_FUNCTION_INFO_V1(sa_draw);
PG_FUNCTION_INFO_V1(sa_verify_draw);
PGDLLEXPORT void sa_draw_scan_worker(dsm_segment *seg, shm_toc *toc);

/* insp_fail — map a core status to an error */
static void
insp_fail(insp_status st)
{
	switch (st)
	{
		case INSP_OK:
			return;
		case INSP_ENOMEM:
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory"),
							errdetail("The inspection core could not allocate memory.")));
			break;
		case INSP_EALG:
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("unknown ledger algorithm"),
							errdetail("The algorithm is not one of sha256, sm3, or libcrypto does not provide it.")));
			break;
		case INSP_ECRYPTO:
			ereport(ERROR, (errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION), errmsg("libcrypto digest failed"),
							errdetail("OpenSSL reported an error while hashing.")));
			break;
		case INSP_EPACK:
			ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED), errmsg("packed target directory block malformed"),
							errdetail("A block of service_affair.target_pack could not be read or written."),
							errhint("Rebuild it: SELECT service_affair.target_pack_rebuild();")));
			break;
		default:
			ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED), errmsg("inspection core failure"),
							errdetail("Status %d.", (int) st)));
	}
}

static char *
payload_text(Jsonb *jb)
{
	return JsonbToCString(NULL, &jb->root, VARSIZE(jb));
}

/*
 * A field of the canonical bytes: a text of the database encoding in UTF-8
 * (doc/inspection.md, "Canonical entry encoding"), as anyone re-hashing an
 * entry reads it, and as a UTF8 database it is restored into hashes it.
 * Until 2026-12-03 the fields were hashed in the database encoding.
 */
static const char *
entry_field(const char *s)
{
	size_t		n;

	return sa_server_text_utf8(s, strlen(s), &n);
}

/* log_entry_bytes(ledger, seq, at, kind, payload, prev_hash) */
Datum
sa_log_entry_bytes(PG_FUNCTION_ARGS)
{
	char	   *ledger = text_to_cstring(PG_GETARG_TEXT_PP(0));
	int64		seq = PG_GETARG_INT64(1);
	TimestampTz at = PG_GETARG_TIMESTAMPTZ(2);
	char	   *kind = text_to_cstring(PG_GETARG_TEXT_PP(3));
	char	   *payload = payload_text(PG_GETARG_JSONB_P(4));
	bytea	   *prev = PG_GETARG_BYTEA_PP(5);
	char	   *b;
	size_t		n;
	bytea	   *res;

	if (TIMESTAMP_NOT_FINITE(at))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("log entry time is not finite"),
						errdetail("Log entries carry finite timestamps.")));
	insp_fail(insp_entry_bytes(entry_field(ledger), seq, at, entry_field(kind), entry_field(payload),
							   (unsigned char *) VARDATA_ANY(prev), VARSIZE_ANY_EXHDR(prev), &b, &n));

	/*
	 * b is malloc'ed: nothing may raise an error before it is freed (a
	 * palloc() over 1 GB raised XX000 and left it, a gigabyte a call, to any
	 * login until the session ended; a review).
	 */
	if (n > MaxAllocSize - VARHDRSZ)
	{
		free(b);
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED), errmsg("log entry too long"),
						errdetail("Its canonical bytes would be %zu bytes; a bytea holds at most %zu.",
								  n, (size_t) (MaxAllocSize - VARHDRSZ))));
	}
	res = (bytea *) palloc_extended(VARHDRSZ + n, MCXT_ALLOC_NO_OOM);
	if (res == NULL)
	{
		free(b);
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory"),
						errdetail("Failed on a log entry of %zu bytes.", n)));
	}
	SET_VARSIZE(res, VARHDRSZ + n);
	memcpy(VARDATA(res), b, n);
	free(b);
	PG_RETURN_BYTEA_P(res);
}

/* log_entry_hash(algorithm, ledger, seq, at, kind, payload, prev_hash) */
Datum
sa_log_entry_hash(PG_FUNCTION_ARGS)
{
	char	   *alg = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *ledger = text_to_cstring(PG_GETARG_TEXT_PP(1));
	int64		seq = PG_GETARG_INT64(2);
	TimestampTz at = PG_GETARG_TIMESTAMPTZ(3);
	char	   *kind = text_to_cstring(PG_GETARG_TEXT_PP(4));
	char	   *payload = payload_text(PG_GETARG_JSONB_P(5));
	bytea	   *prev = PG_GETARG_BYTEA_PP(6);
	insp_alg	a;
	bytea	   *res = (bytea *) palloc(VARHDRSZ + INSP_HASH_LEN);

	if (insp_alg_parse(alg, &a) != INSP_OK)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("unknown ledger algorithm"),
						errdetail("Algorithm \"%s\" is not one of sha256, sm3.", sa_echo(alg, -1))));
	if (TIMESTAMP_NOT_FINITE(at))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("log entry time is not finite"),
						errdetail("Log entries carry finite timestamps.")));
	insp_fail(insp_entry_hash(a, entry_field(ledger), seq, at, entry_field(kind), entry_field(payload),
							  (unsigned char *) VARDATA_ANY(prev), VARSIZE_ANY_EXHDR(prev),
							  (unsigned char *) VARDATA(res)));
	SET_VARSIZE(res, VARHDRSZ + INSP_HASH_LEN);
	PG_RETURN_BYTEA_P(res);
}

/* ------------------------------------------------------------------------
 * Draw machinery
 */

typedef struct text_filter
{
	int			n;				/* -1 = no filter */
	char	  **v;
	int		   *len;
} text_filter;

/*
 * The previous-team map as read: the base (target_team_map.data, every
 * target drawn up to draw upto_draw with its latest draw and team) and the
 * draws made since (at most MAP_MAX_DELTAS - 1: the draw that would be the
 * MAP_MAX_DELTAS-th merges them all into a new base), read from
 * service_affair.draw itself.  So a draw reads the base and a few draws and
 * writes one small update, and rewrites the base only every
 * MAP_MAX_DELTAS-th draw.
 */
#define MAP_MAX_DELTAS 8

typedef struct map_delta
{
	int64		draw;
	int			n;
	Datum	   *targets;		/* int8 */
	Datum	   *teams;			/* text */
} map_delta;

typedef struct team_map
{
	const unsigned char *base;
	size_t		baselen;
	int64		upto_draw;
	int64		head_draw;
	int			n_deltas;
	map_delta  *deltas;			/* ascending draw id */
} team_map;

typedef struct draw_ctx
{
	int64		plan_id;
	int			n_depts;
	char	  **depts;
	Datum		rates;			/* numeric[] */
	int			team_size;
	text_filter regions;
	text_filter industries;
	unsigned char *seed;		/* revealed seed, any length >= 1 */
	size_t		seedlen;

	/* pool */
	int64		counts[4];
	int64		k[4];
	insp_pool	pool;
	unsigned char *nibbles;

	/* one-pass ranking: candidates kept per grade below a threshold */
	double		rate_f[4];		/* rates as float8, for the thresholds only */
	uint64		thr[4];			/* current threshold on the 64-bit rank prefix */
	insp_item  *kept[4];
	MemoryContext keep_cxt;		/* where kept[] lives (not the per-row context) */
	size_t		n_kept[4],
				cap_kept[4];
	bool		force_again;	/* the parallel scan ran out of shared space */

	/*
	 * draw() only: the draw's local day, and the ids of the targets
	 * deregistered on or before it (ascending), which the packed directory
	 * does not know (73_target_deregister.sql)
	 */
	DateADT		day;
	int64	   *dereg;
	size_t		n_dereg;

	/* the previous-team map (target_team_map), read under its row lock */
	bool		use_map;
	team_map	tm;

	/* eligible inspectors by id: open addressing, index + 1 (0 = empty) */
	int32	   *insp_hash;
	uint32		insp_hmask;

	/* selection */
	size_t		n_sel;
	insp_item  *sel;
	uint32	   *teams;

	/*
	 * verify_draw() only: the USCC each pool member had when the draw was
	 * made, where it changed since (target_uscc_history); NULL = none
	 */
	HTAB	   *uscc_then;
} draw_ctx;

/*
 * An entry of draw_ctx.uscc_then: a target id and its USCC then; seen when
 * the scan of the directory met that id (else the member was deleted or
 * given another id since, and is ranked from this entry alone).
 */
typedef struct uscc_then_ent
{
	int64		id;
	char		uscc[19];
	bool		seen;
} uscc_then_ent;

static ArrayType *int64_array(const int64 *v, size_t n);


static void
filter_from_array(text_filter *f, Datum d, bool isnull)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i;

	if (isnull)
	{
		f->n = -1;
		return;
	}
	deconstruct_array(DatumGetArrayTypeP(d), TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	f->n = 0;
	f->v = palloc(sizeof(char *) * (n + 1));
	f->len = palloc(sizeof(int) * (n + 1));
	for (i = 0; i < n; i++)
	{
		if (nulls[i])
			continue;
		f->v[f->n] = text_to_cstring(DatumGetTextPP(elems[i]));
		f->len[f->n] = strlen(f->v[f->n]);
		f->n++;
	}
}

static bool
filter_match(const text_filter *f, Datum d, bool isnull)
{
	text	   *t;
	int			len,
				i;

	if (f->n < 0)
		return true;
	if (isnull)
		return false;
	t = DatumGetTextPP(d);
	len = VARSIZE_ANY_EXHDR(t);
	for (i = 0; i < f->n; i++)
		if (f->len[i] == len && memcmp(f->v[i], VARDATA_ANY(t), len) == 0)
			return true;
	return false;
}

/* load the plan (locking it FOR UPDATE when asked) */
static void
load_plan(draw_ctx *c, int64 plan_id, bool lock, bytea **commitment)
{
	Oid			argt[1] = {INT8OID};
	Datum		argv[1] = {Int64GetDatum(plan_id)};
	HeapTuple	tup;
	TupleDesc	td;
	bool		isnull;
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i;
	int			rc;

	rc = SPI_execute_with_args(lock ?
							   "SELECT p.departments, p.rates, p.seed_commitment, p.team_size, p.regions, p.industries "
							   "FROM service_affair.plan p WHERE p.id = $1 FOR UPDATE" :
							   "SELECT p.departments, p.rates, p.seed_commitment, p.team_size, p.regions, p.industries "
							   "FROM service_affair.plan p WHERE p.id = $1",
							   1, argt, argv, NULL, false, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "plan query failed: %d", rc);
	if (SPI_processed == 0)
		ereport(ERROR, (errcode(ERRCODE_FOREIGN_KEY_VIOLATION), errmsg("unknown plan"),
						errdetail("Plan %lld does not exist.", (long long) plan_id)));
	tup = SPI_tuptable->vals[0];
	td = SPI_tuptable->tupdesc;
	c->plan_id = plan_id;
	/*
	 * create_plan() writes one-dimensional departments without NULL and four
	 * rates; a row written otherwise (a superuser's INSERT) is refused here:
	 * a NULL department crashed the server, three rates gave XX000 (a review)
	 */
	{
		Datum		dd = SPI_getbinval(tup, td, 1, &isnull);
		ArrayType  *da = isnull ? NULL : DatumGetArrayTypeP(dd);
		Datum		rd;
		ArrayType  *ra;

		if (da == NULL || ARR_NDIM(da) > 1 || array_contains_nulls(da))
			ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED), errmsg("plan %lld is malformed", (long long) plan_id),
							errdetail("Its departments must be a one-dimensional array without NULL, as create_plan() writes them.")));
		deconstruct_array(da, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
		rd = SPI_getbinval(tup, td, 2, &isnull);
		ra = isnull ? NULL : DatumGetArrayTypeP(rd);
		if (ra == NULL || ARR_NDIM(ra) != 1 || ArrayGetNItems(ARR_NDIM(ra), ARR_DIMS(ra)) != 4 || array_contains_nulls(ra))
			ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED), errmsg("plan %lld is malformed", (long long) plan_id),
							errdetail("Its rates must be four numbers (grades A to D), as create_plan() writes them.")));
		/*
		 * each between 0 and 1 (NaN and infinity compare above 1): a
		 * negative rate gave a negative quota, taken as SIZE_MAX by the
		 * ranking, whose heap of no bytes the scan then overran (a crash
		 * found by a review of 2026-12-04)
		 */
		{
			Datum	   *re;
			bool	   *rn;
			int			rnum;
			Datum		zero = DirectFunctionCall1(int4_numeric, Int32GetDatum(0));
			Datum		one = DirectFunctionCall1(int4_numeric, Int32GetDatum(1));

			deconstruct_array(ra, NUMERICOID, -1, false, TYPALIGN_INT, &re, &rn, &rnum);
			for (i = 0; i < rnum; i++)
				if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, re[i], zero)) < 0 ||
					DatumGetInt32(DirectFunctionCall2(numeric_cmp, re[i], one)) > 0)
					ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED), errmsg("plan %lld is malformed", (long long) plan_id),
									errdetail("Its rates must lie between 0 and 1, as create_plan() writes them; the rate of grade %c is %s.",
											  'A' + i, DatumGetCString(DirectFunctionCall1(numeric_out, re[i])))));
		}
	}
	c->n_depts = n;
	c->depts = palloc(sizeof(char *) * (n + 1));
	for (i = 0; i < n; i++)
		c->depts[i] = text_to_cstring(DatumGetTextPP(elems[i]));
	c->rates = datumCopy(SPI_getbinval(tup, td, 2, &isnull), false, -1);
	*commitment = DatumGetByteaPCopy(SPI_getbinval(tup, td, 3, &isnull));
	c->team_size = DatumGetInt32(SPI_getbinval(tup, td, 4, &isnull));
	{
		Datum		d = SPI_getbinval(tup, td, 5, &isnull);

		filter_from_array(&c->regions, d, isnull);
		d = SPI_getbinval(tup, td, 6, &isnull);
		filter_from_array(&c->industries, d, isnull);
	}
}

/*
 * The first column of the four rows (grades A..D, in order) of a read-only
 * query of the plan's rates: compute_k() and load_rates_f().
 */
static void
rate_query(const char *sql, int nargs, Oid *argt, Datum *argv, Datum out[4])
{
	int			g;

	if (SPI_execute_with_args(sql, nargs, argt, argv, NULL, true, 4) != SPI_OK_SELECT || SPI_processed != 4)
		elog(ERROR, "rate query failed");
	for (g = 0; g < 4; g++)
	{
		bool		isnull;

		out[g] = SPI_getbinval(SPI_tuptable->vals[g], SPI_tuptable->tupdesc, 1, &isnull);
	}
}

/* k[g] = ceil(rates[g] * counts[g]) in exact numeric arithmetic */
static void
compute_k(draw_ctx *c)
{
	Oid			argt[2] = {NUMERICARRAYOID, INT8ARRAYOID};
	Datum		elems[4];
	Datum		argv[2];
	Datum		k[4];
	int			g;

	for (g = 0; g < 4; g++)
		elems[g] = Int64GetDatum(c->counts[g]);
	argv[0] = c->rates;
	argv[1] = PointerGetDatum(construct_array(elems, 4, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	rate_query("SELECT pg_catalog.ceil(r * n)::bigint FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2)) "
			   "WITH ORDINALITY AS u(r, n, o) ORDER BY o",
			   2, argt, argv, k);
	for (g = 0; g < 4; g++)
	{
		c->k[g] = DatumGetInt64(k[g]);
		/* the rates lie in [0, 1] (load_plan()): a quota outside [0, count] is a bug */
		if (c->k[g] < 0 || c->k[g] > c->counts[g])
			elog(ERROR, "quota " INT64_FORMAT " of grade %c outside 0.." INT64_FORMAT, c->k[g], 'A' + g, c->counts[g]);
	}
}

typedef enum scan_mode
{
	SCAN_COUNT,					/* counts, min and max id of candidates */
	SCAN_RANK,					/* record pool nibbles, rank candidates */
	SCAN_ONEPASS,				/* SCAN_RANK without the quotas: keep candidates
								 * below a shrinking threshold */
	SCAN_VERIFY					/* rank the members of a recorded pool */
} scan_mode;

/*
 * One-pass threshold for grade g after n candidates of the grade:
 * tau(n) = r + 6 sqrt(r (1 - r) / n) + 16 / n as a fraction of 2^64.  tau
 * decreases with n, so every candidate whose rank prefix is below
 * tau(final n) was kept; and the number of those exceeds ceil(r n) by six
 * standard deviations, so the k_g smallest are almost always among them
 * (checked exactly after the scan; otherwise a second scan ranks again).
 */
static uint64
onepass_threshold(double r, int64 n)
{
	double		tau;

	if (n < 1)
		return PG_UINT64_MAX;
	tau = r + 6.0 * sqrt(r * (1.0 - r) / (double) n) + 16.0 / (double) n;
	if (tau >= 1.0)
		return PG_UINT64_MAX;
	return (uint64) (tau * 18446744073709551616.0);
}

/* The first 8 bytes of a rank, big-endian: the key the thresholds compare. */
static inline uint64
rank_key(const unsigned char *rank)
{
	return ((uint64) rank[0] << 56) | ((uint64) rank[1] << 48) | ((uint64) rank[2] << 40) |
		((uint64) rank[3] << 32) | ((uint64) rank[4] << 24) | ((uint64) rank[5] << 16) |
		((uint64) rank[6] << 8) | (uint64) rank[7];
}

/*
 * The columns of service_affair.target a scan reads, looked up once per
 * scan by the serial scan and by each participant of the parallel one.
 */
typedef struct target_cols
{
	AttrNumber	id,
				uscc,
				region,
				industry,
				risk,
				credit,			/* credit_risk (71_credit_targets.sql); may be absent */
				dereg;			/* deregistered_on (73_target_deregister.sql); may be absent */
	DateADT		day;			/* the draw's local day: deregistered on or before it = out */
	FmgrInfo	uscc_out;
	int16		uscc_len;
} target_cols;

static void
target_cols_init(Oid relid, target_cols *tc)
{
	Oid			outfn;
	bool		varlena;

	tc->id = get_attnum(relid, "id");
	tc->uscc = get_attnum(relid, "uscc");
	tc->region = get_attnum(relid, "region");
	tc->industry = get_attnum(relid, "industry");
	tc->risk = get_attnum(relid, "risk");
	tc->credit = get_attnum(relid, "credit_risk");
	tc->dereg = get_attnum(relid, "deregistered_on");
	tc->day = DATEVAL_NOEND;	/* set by target_scan_begin() */
	getTypeOutputInfo(get_atttype(relid, tc->uscc), &outfn, &varlena);
	tc->uscc_len = get_typlen(get_atttype(relid, tc->uscc));
	fmgr_info(outfn, &tc->uscc_out);
}

/* The oid of service_affair.target; InvalidOid when the table is missing. */
static Oid
target_relid(void)
{
	return get_relname_relid("target", get_namespace_oid("service_affair", false));
}

/*
 * A scan of service_affair.target in progress, set up alike by the serial
 * scan and by each participant of the parallel one.
 */
typedef struct target_scan
{
	Relation	rel;
	TupleDesc	td;
	target_cols tc;
	Datum	   *values;			/* the deformed row */
	bool	   *nulls;
	MemoryContext rowcxt;		/* per-row allocations, reset every 4096 rows */
	insp_ranker rk;				/* zeroed when the scan ranks nothing */
} target_scan;

/*
 * Look up the columns, open the table (AccessShareLock) and, when the scan
 * ranks, start the ranker of the draw's seed.  The caller begins its
 * table scan on ts->rel and ends it with target_scan_end().
 */
static void
target_scan_begin(target_scan *ts, Oid relid, bool rank, const unsigned char *seed, size_t seedlen, DateADT day)
{
	memset(&ts->rk, 0, sizeof(ts->rk));
	target_cols_init(relid, &ts->tc);
	ts->tc.day = day;
	ts->rowcxt = AllocSetContextCreate(CurrentMemoryContext, "insp scan rows", ALLOCSET_SMALL_SIZES);
	if (rank)
		insp_fail(insp_ranker_init(&ts->rk, INSP_DOMAIN_TARGET, seed, seedlen));
	ts->rel = table_open(relid, AccessShareLock);
	ts->td = RelationGetDescr(ts->rel);
	ts->values = palloc(sizeof(Datum) * ts->td->natts);
	ts->nulls = palloc(sizeof(bool) * ts->td->natts);
}

static void
target_scan_end(target_scan *ts, TableScanDesc scan)
{
	table_endscan(scan);
	table_close(ts->rel, AccessShareLock);
	insp_ranker_free(&ts->rk);
	MemoryContextDelete(ts->rowcxt);
}

/*
 * The grade (0..3 for A..D) of a deformed target row under the plan's
 * region and industry filters, or -1 when the filters leave it out.  The
 * grade derived from the credit record wins over the directory's risk.
 */
static int
target_grade(const target_cols *tc, const Datum *values, const bool *nulls,
			 const text_filter *regions, const text_filter *industries)
{
	text	   *risk;
	int			g;

	if (regions->n >= 0 && !filter_match(regions, values[tc->region - 1], nulls[tc->region - 1]))
		return -1;
	if (industries->n >= 0 && !filter_match(industries, values[tc->industry - 1], nulls[tc->industry - 1]))
		return -1;
	/* out of the population from its deregistration day (注销) */
	if (tc->dereg != InvalidAttrNumber && !nulls[tc->dereg - 1] && DatumGetDateADT(values[tc->dereg - 1]) <= tc->day)
		return -1;
	if (tc->credit != InvalidAttrNumber && !nulls[tc->credit - 1])
		risk = DatumGetTextPP(values[tc->credit - 1]);
	else
		risk = DatumGetTextPP(values[tc->risk - 1]);
	g = (VARSIZE_ANY_EXHDR(risk) == 1) ? VARDATA_ANY(risk)[0] - 'A' : -1;
	return (g < 0 || g > 3) ? -1 : g;	/* the CHECK constraint makes > 3 impossible */
}

static void
keep_item(draw_ctx *c, int g, const unsigned char *rank, int64 id, const char *u)
{
	insp_item  *it;

	if (c->n_kept[g] == c->cap_kept[g])
	{
		c->cap_kept[g] = c->cap_kept[g] ? c->cap_kept[g] * 2 : 1024;
		c->kept[g] = c->kept[g] ? repalloc_huge(c->kept[g], sizeof(insp_item) * c->cap_kept[g])
			: MemoryContextAllocExtended(c->keep_cxt, sizeof(insp_item) * c->cap_kept[g], MCXT_ALLOC_HUGE);
	}
	it = &c->kept[g][c->n_kept[g]++];
	it->key = rank_key(rank);
	memcpy(it->rank, rank, INSP_HASH_LEN);
	it->id = id;
	memcpy(it->uscc, u, 18);
	it->grade = (char) ('A' + g);
}

/*
 * The USCC text of a target row, 18 bytes.  A fixed 18-byte type whose bytes
 * are its canonical text (the uscc type stores exactly that) is read in
 * place: *raw18 is decided on the first row (0 undecided, 1 in place, -1
 * through the output function) and checked on every 1024th row after.
 * Allocates in the current memory context (the caller's per-row context).
 */
static char *
target_uscc_text(Datum value, FmgrInfo *flinfo, int16 uscc_len, int *raw18, int rows, int64 id)
{
	char	   *u;

	if (*raw18 == 1)
		u = DatumGetPointer(value);
	else
	{
		u = OutputFunctionCall(flinfo, value);
		if (*raw18 == 0 && uscc_len == 18)
			*raw18 = memcmp(u, DatumGetPointer(value), 18) == 0 && strlen(u) == 18 ? 1 : -1;
	}
	if (*raw18 == 1 && (rows & 1023) == 0)
	{
		char	   *chk = OutputFunctionCall(flinfo, value);

		if (strlen(chk) != 18 || memcmp(chk, u, 18) != 0)
			elog(ERROR, "uscc storage is not its canonical text");
	}
	if (*raw18 != 1 && strlen(u) != 18)
		ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION), errmsg("target uscc is not 18 characters"),
						errdetail("Target %lld has USCC \"%s\".", (long long) id, u)));
	return u;
}

/* Record a candidate's grade in the pool map (the draw's pool record). */
static inline void
pool_mark(draw_ctx *c, int g, int64 id)
{
	uint64		off = (uint64) id - (uint64) c->pool.min_id;

	if (id < c->pool.min_id || off >= c->pool.span)
		ereport(ERROR, (errcode(ERRCODE_T_R_SERIALIZATION_FAILURE), errmsg("target directory changed during the draw"),
						errdetail("Target %lld appeared between the two scans.", (long long) id)));
	c->nibbles[off >> 1] |= (unsigned char) ((g + 1) << ((off & 1) ? 4 : 0));
}

/*
 * The one-pass scan's count of a candidate of grade g: its grade count,
 * the candidates' id range, its threshold, the pool map.  Whether it is to
 * be ranked (a grade sampled at rate 0 needs no rank: k = 0).
 */
static inline bool
onepass_count(draw_ctx *c, int g, int64 id, int64 *min_id, int64 *max_id)
{
	c->counts[g]++;
	if (*min_id > id || c->counts[0] + c->counts[1] + c->counts[2] + c->counts[3] == 1)
		*min_id = id;
	if (*max_id < id || c->counts[0] + c->counts[1] + c->counts[2] + c->counts[3] == 1)
		*max_id = id;
	if (c->counts[g] <= 256 || (c->counts[g] & 255) == 0)
		c->thr[g] = onepass_threshold(c->rate_f[g], c->counts[g]);
	pool_mark(c, g, id);
	return c->rate_f[g] > 0.0;
}

/* Rank a counted candidate (USCC u, 18 bytes); keep it below the threshold. */
static inline void
onepass_rank(draw_ctx *c, insp_ranker *rk, int g, int64 id, const char *u)
{
	unsigned char rank[INSP_HASH_LEN];
	uint64		key;
	int			below;

	if (unlikely(insp_ranker_below(rk, (const unsigned char *) u, c->thr[g], &key, rank, &below) != INSP_OK))
		insp_fail(INSP_ECRYPTO);
	if (below)
		keep_item(c, g, rank, id, u);
}

/* Scan service_affair.target once with the active snapshot. */
static void
scan_targets(draw_ctx *c, scan_mode mode, int64 *min_id, int64 *max_id, insp_topk *heaps)
{
	Oid			relid = target_relid();
	target_scan ts;
	TableScanDesc scan;
	HeapTuple	tup;
	MemoryContext old;
	int			rows = 0;
	int			raw18 = 0;

	if (!OidIsValid(relid))
		elog(ERROR, "table service_affair.target is missing");
	target_scan_begin(&ts, relid, mode != SCAN_COUNT, c->seed, c->seedlen, c->day);
	scan = table_beginscan(ts.rel, GetActiveSnapshot(), 0, NULL);
	while ((tup = heap_getnext(scan, ForwardScanDirection)) != NULL)
	{
		int64		id;
		int			g;

		CHECK_FOR_INTERRUPTS();
		heap_deform_tuple(tup, ts.td, ts.values, ts.nulls);
		id = DatumGetInt64(ts.values[ts.tc.id - 1]);
		if (mode == SCAN_VERIFY)
			g = insp_pool_grade(&c->pool, id) - 1;
		else
			g = target_grade(&ts.tc, ts.values, ts.nulls, &c->regions, &c->industries);
		if (g < 0)
			continue;
		if (mode == SCAN_COUNT)
		{
			if (c->counts[0] + c->counts[1] + c->counts[2] + c->counts[3] == 0 || id < *min_id)
				*min_id = id;
			if (c->counts[0] + c->counts[1] + c->counts[2] + c->counts[3] == 0 || id > *max_id)
				*max_id = id;
			c->counts[g]++;
			continue;
		}
		if (mode == SCAN_ONEPASS)
		{
			if (!onepass_count(c, g, id, min_id, max_id))
				continue;
			old = MemoryContextSwitchTo(ts.rowcxt);
			onepass_rank(c, &ts.rk, g, id,
						 target_uscc_text(ts.values[ts.tc.uscc - 1], &ts.tc.uscc_out, ts.tc.uscc_len, &raw18, rows, id));
			MemoryContextSwitchTo(old);
			if (++rows % 4096 == 0)
				MemoryContextReset(ts.rowcxt);
			continue;
		}
		c->counts[g]++;
		if (mode == SCAN_RANK)
			pool_mark(c, g, id);
		{
			unsigned char rank[INSP_HASH_LEN];
			char	   *u;

			old = MemoryContextSwitchTo(ts.rowcxt);
			u = target_uscc_text(ts.values[ts.tc.uscc - 1], &ts.tc.uscc_out, ts.tc.uscc_len, &raw18, rows, id);
			if (mode == SCAN_VERIFY && c->uscc_then != NULL)
			{
				uscc_then_ent *e = hash_search(c->uscc_then, &id, HASH_FIND, NULL);

				if (e != NULL)
				{
					u = e->uscc;	/* the USCC the draw ranked */
					e->seen = true;
				}
			}
			insp_fail(insp_ranker_rank(&ts.rk, u, 18, rank));
			insp_topk_offer(&heaps[g], rank, id, u, (char) ('A' + g));
			MemoryContextSwitchTo(old);
			if (++rows % 4096 == 0)
				MemoryContextReset(ts.rowcxt);
		}
	}

	/*
	 * verify_draw(): the pool members no longer in the directory under the
	 * id the pool records (deleted, or given another id, after the draw:
	 * target_keep_drawn() kept their USCC under that id), ranked by it as
	 * the draw ranked them.  Until 2026-12-05 they were missing and the
	 * draw was false for ever (a review; test/pgtap/insp_verify_pool.sql).
	 */
	if (mode == SCAN_VERIFY && c->uscc_then != NULL)
	{
		HASH_SEQ_STATUS hs;
		uscc_then_ent *e;

		hash_seq_init(&hs, c->uscc_then);
		while ((e = hash_seq_search(&hs)) != NULL)
		{
			unsigned char rank[INSP_HASH_LEN];
			int			g;

			CHECK_FOR_INTERRUPTS();
			if (e->seen)
				continue;
			g = insp_pool_grade(&c->pool, e->id) - 1;
			if (g < 0)
				continue;		/* not a member of this draw's pool */
			c->counts[g]++;
			insp_fail(insp_ranker_rank(&ts.rk, e->uscc, 18, rank));
			insp_topk_offer(&heaps[g], rank, e->id, e->uscc, (char) ('A' + g));
		}
	}
	target_scan_end(&ts, scan);
}

/* ------------------------------------------------------------------------
 * The packed directory (service_affair.target_pack, src/core/tpack.h): the
 * draw's columns of 64 consecutive target ids in one value: statement
 * triggers of service_affair.target note the blocks a transaction writes,
 * packed when it commits (72_target_pack.sql).  The
 * one-pass scan reads it instead of the table: ~22 bytes a target in
 * ~15,600 tuples against ~81 bytes in 1,000,000 (doc/inspection.md,
 * "The packed directory").  verify_draw() ranks the recorded pool with
 * the USCCs of the table itself, so a draw ranked from a USCC the pack had
 * wrong does not verify; grades and filters it takes from the pool record.
 */

#define PACK_BLOCK_MIN	(PG_INT64_MIN / TPACK_IDS)
#define PACK_BLOCK_MAX	(PG_INT64_MAX / TPACK_IDS)

/* the oid of service_affair.target_pack; InvalidOid when it is missing */
static Oid
target_pack_relid(void)
{
	return get_relname_relid("target_pack", get_namespace_oid("service_affair", false));
}

/* whether target id is in c->dereg (deregistered on or before the draw's day) */
static bool
dereg_has(const draw_ctx *c, int64 id)
{
	size_t		a = 0,
				b = c->n_dereg;

	while (a < b)
	{
		size_t		m = a + (b - a) / 2;

		if (c->dereg[m] == id)
			return true;
		if (c->dereg[m] < id)
			a = m + 1;
		else
			b = m;
	}
	return false;
}

/*
 * The draw's local day (drawn_at is now(), its day in the 'cn' calendar's
 * zone): a target deregistered on or before it is out of the pool.  The
 * scans of the table read deregistered_on from each row; the scan of the
 * packed directory (which packs no dates) asks load_deregistered_ids().
 * A schema without the column (0.1.0's) has no deregistration: the day
 * stays DATEVAL_NOEND and no id is read.
 */
static void
load_draw_day(draw_ctx *c)
{
	Oid			relid = target_relid();
	bool		isnull;

	c->day = DATEVAL_NOEND;
	c->dereg = NULL;
	c->n_dereg = 0;
	if (!OidIsValid(relid) || get_attnum(relid, "deregistered_on") == InvalidAttrNumber)
		return;
	if (SPI_execute("SELECT service_affair.local_day(pg_catalog.now())", true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "the draw's local day query failed");
	c->day = DatumGetDateADT(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	if (isnull)
		elog(ERROR, "the draw's local day is NULL");
	SPI_freetuptable(SPI_tuptable);
}

/*
 * The ids of the targets deregistered on or before the draw's day
 * (ascending), read with the active snapshot, for the scan of the packed
 * directory only: until 2026-12-05 every draw read them, whichever
 * directory it then scanned (a review; the table's scans never use them).
 */
static void
load_deregistered_ids(draw_ctx *c)
{
	bool		isnull;
	Oid			argt[1] = {DATEOID};
	Datum		argv[1];
	uint64		i;

	if (DATE_NOT_FINITE(c->day))
		return;					/* no deregistered_on column */
	argv[0] = DateADTGetDatum(c->day);
	if (SPI_execute_with_args("SELECT t.id FROM service_affair.target t "
							  "WHERE t.deregistered_on OPERATOR(pg_catalog.<=) $1 ORDER BY t.id",
							  1, argt, argv, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "deregistered targets query failed");
	c->n_dereg = (size_t) SPI_processed;
	c->dereg = palloc_extended(sizeof(int64) * (c->n_dereg + 1), MCXT_ALLOC_HUGE);
	for (i = 0; i < SPI_processed; i++)
		c->dereg[i] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
	SPI_freetuptable(SPI_tuptable);
}

/* a dictionary string against a plan filter (as filter_match()) */
static bool
filter_match_str(const text_filter *f, const tpack_str *s)
{
	int			i;

	if (f->n < 0)
		return true;
	if (s == NULL)
		return false;
	for (i = 0; i < f->n; i++)
		if ((uint32) f->len[i] == s->len && memcmp(f->v[i], s->p, s->len) == 0)
			return true;
	return false;
}

/*
 * The one-pass scan over the packed directory, with the active snapshot.
 * false (nothing counted) when there is no pack to read, when the setting
 * service_affair.draw_directory is 'table', or when the pack disagrees with
 * the directory's id range [lo, hi] (an id outside it, or lo or hi not in
 * the pack: a target written with the triggers disabled, or a target
 * written during the draw); the caller then scans the table.
 */
static bool
scan_pack(draw_ctx *c, int64 lo, int64 hi, int64 *min_id, int64 *max_id)
{
	Oid			relid = target_pack_relid();
	const char *opt = GetConfigOption("service_affair.draw_directory", true, false);
	Relation	rel;
	TableScanDesc scan;
	HeapTuple	tup;
	insp_ranker rk;
	MemoryContext rowcxt,
				old;
	bool		seen_lo = false,
				seen_hi = false,
				ok = true;
	tpack		t;
	int			g;
	int			dict_flags = TPACK_LENIENT |
		((c->regions.n < 0 && c->industries.n < 0) ? TPACK_NO_DICTS : 0);

	if (opt != NULL && opt[0] != '\0' && pg_strcasecmp(opt, "packed") != 0 && pg_strcasecmp(opt, "table") != 0)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("invalid service_affair.draw_directory"),
						errdetail("The setting is \"%s\"; it is packed (the default) or table.", sa_echo(opt, -1))));
	if (!OidIsValid(relid) || c->pool.span == 0 || (opt != NULL && pg_strcasecmp(opt, "table") == 0))
		return false;

	/*
	 * Blocks this transaction wrote are packed when it commits
	 * (target_pack_flush()): until then the pack is as before its writes,
	 * and the draw reads the table.  So does a draw made in a statement
	 * that writes target (a data-modifying WITH): its rows are written
	 * but its blocks are noted after it; the in-flight note its BEFORE
	 * trigger wrote (target_pack_changed()) is one of the transaction's.
	 */
	if (SPI_execute("SELECT EXISTS (SELECT FROM service_affair.target_pack_pending p "
					"WHERE p.txid OPERATOR(pg_catalog.=) pg_catalog.pg_current_xact_id_if_assigned())",
					true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "target_pack_pending query failed");
	{
		bool		isnull;

		if (DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)))
			return false;
	}
	load_deregistered_ids(c);	/* the pack has no dates */
	memset(&rk, 0, sizeof(rk));
	insp_fail(insp_ranker_init(&rk, INSP_DOMAIN_TARGET, c->seed, c->seedlen));
	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "insp pack rows", ALLOCSET_DEFAULT_SIZES);
	rel = table_open(relid, AccessShareLock);
	scan = table_beginscan(rel, GetActiveSnapshot(), 0, NULL);
	while (ok && (tup = heap_getnext(scan, ForwardScanDirection)) != NULL)
	{
		bool		isnull;
		int64		block;
		bytea	   *data;
		bool		reg_ok[TPACK_IDS + 1],
					ind_ok[TPACK_IDS + 1];
		int			i;

		CHECK_FOR_INTERRUPTS();
		block = DatumGetInt64(heap_getattr(tup, 1, RelationGetDescr(rel), &isnull));
		if (isnull || block < PACK_BLOCK_MIN || block > PACK_BLOCK_MAX)
			ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED), errmsg("packed target directory is corrupt"),
							errdetail("service_affair.target_pack has a block %lld outside the blocks of bigint ids.", (long long) block),
							errhint("Rebuild it: SELECT service_affair.target_pack_rebuild();")));
		old = MemoryContextSwitchTo(rowcxt);
		data = DatumGetByteaPP(heap_getattr(tup, 2, RelationGetDescr(rel), &isnull));
		if (isnull || tpack_decode((unsigned char *) VARDATA_ANY(data), VARSIZE_ANY_EXHDR(data), &t, dict_flags) != INSP_OK)
			ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED), errmsg("packed target directory is corrupt"),
							errdetail("Block %lld of service_affair.target_pack is not a block of the packed format.", (long long) block),
							errhint("Rebuild it: SELECT service_affair.target_pack_rebuild();")));
		reg_ok[0] = filter_match_str(&c->regions, NULL);
		for (i = 0; i < t.n_reg; i++)
			reg_ok[i + 1] = c->regions.n < 0 || filter_match_str(&c->regions, &t.reg[i]);
		ind_ok[0] = filter_match_str(&c->industries, NULL);
		for (i = 0; i < t.n_ind; i++)
			ind_ok[i + 1] = c->industries.n < 0 || filter_match_str(&c->industries, &t.ind[i]);
		for (i = 0; i < t.n; i++)
		{
			const tpack_entry *e = &t.e[i];
			int64		id = block * TPACK_IDS + e->off;

			if (id < lo || id > hi)
			{
				ok = false;
				break;
			}
			seen_lo |= (id == lo);
			seen_hi |= (id == hi);
			if (!reg_ok[e->region] || !ind_ok[e->industry])
				continue;
			if (c->n_dereg > 0 && dereg_has(c, id))
				continue;		/* deregistered: the pack does not know */
			if (onepass_count(c, e->grade, id, min_id, max_id))
				onepass_rank(c, &rk, e->grade, id, (const char *) e->uscc);
		}
		MemoryContextSwitchTo(old);
		MemoryContextReset(rowcxt);
	}
	table_endscan(scan);
	table_close(rel, AccessShareLock);
	insp_ranker_free(&rk);
	MemoryContextDelete(rowcxt);
	if (ok && seen_lo && seen_hi)
		return true;

	/* start again from nothing: the caller scans the table */
	ereport(WARNING, (errmsg("packed target directory disagrees with the directory; the draw reads the table"),
					  errdetail("Target ids range from %lld to %lld; the pack %s.", (long long) lo, (long long) hi,
								ok ? "lacks one of them" : "holds an id outside that range"),
					  errhint("Rebuild the pack: SELECT service_affair.target_pack_rebuild(); target_pack_check() lists the blocks that differ.")));
	memset(c->counts, 0, sizeof(c->counts));
	memset(c->nibbles, 0, (c->pool.span + 1) / 2 + 1);
	for (g = 0; g < 4; g++)
	{
		c->thr[g] = PG_UINT64_MAX;
		c->n_kept[g] = 0;
	}
	*min_id = *max_id = 0;
	return false;
}

/*
 * service_affair.target_pack_block(block bigint) → bytea: the packed block of
 * ids [64 block, 64 block + 63] as the active snapshot holds it (STABLE:
 * target_pack_refresh() calls it in a statement of its own, after it has
 * locked the block's row), NULL when it holds none of them.  The triggers
 * of 72_target_pack.sql store it; target_pack_check() compares.
 */
PG_FUNCTION_INFO_V1(sa_target_pack_block);
Datum
sa_target_pack_block(PG_FUNCTION_ARGS)
{
	static SPIPlanPtr plan = NULL;
	int64		block = PG_GETARG_INT64(0);
	Datum		args[2];
	tpack		t;
	insp_buf	b = {0};
	bytea	   *res = NULL;
	uint64		r;

	if (block < PACK_BLOCK_MIN || block > PACK_BLOCK_MAX)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("target pack block out of range"),
						errdetail("Block %lld covers no bigint ids; blocks run from %lld to %lld.", (long long) block,
								  (long long) PACK_BLOCK_MIN, (long long) PACK_BLOCK_MAX)));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (plan == NULL)
	{
		Oid			argt[2] = {INT8OID, INT8OID};
		SPIPlanPtr	p = SPI_prepare("SELECT t.id, t.uscc, t.region, t.industry, COALESCE(t.credit_risk, t.risk) "
									"FROM service_affair.target t WHERE t.id OPERATOR(pg_catalog.>=) $1 "
									"AND t.id OPERATOR(pg_catalog.<=) $2 ORDER BY t.id", 2, argt);

		if (p == NULL)
			elog(ERROR, "target pack query failed to prepare: %s", SPI_result_code_string(SPI_result));
		SPI_keepplan(p);
		plan = p;
	}
	args[0] = Int64GetDatum(block * TPACK_IDS);
	args[1] = Int64GetDatum(block * TPACK_IDS + (TPACK_IDS - 1));
	if (SPI_execute_plan(plan, args, NULL, true, TPACK_IDS) != SPI_OK_SELECT)
		elog(ERROR, "target pack query failed");
	tpack_init(&t);
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	td = SPI_tuptable->tupdesc;
		bool		isnull;
		int64		id = DatumGetInt64(SPI_getbinval(tup, td, 1, &isnull));
		char	   *u = SPI_getvalue(tup, td, 2);
		char	   *reg = SPI_getvalue(tup, td, 3);
		char	   *ind = SPI_getvalue(tup, td, 4);
		char	   *grade = SPI_getvalue(tup, td, 5);

		if (u == NULL || strlen(u) != TPACK_USCC)
			ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION), errmsg("target uscc is not 18 characters"),
							errdetail("Target %lld has USCC \"%s\".", (long long) id, u ? u : "NULL")));
		if (grade == NULL || strlen(grade) != 1 || grade[0] < 'A' || grade[0] > 'D')
			elog(ERROR, "target %lld has no grade A to D", (long long) id);
		if ((reg && strlen(reg) > TPACK_MAX_STR) || (ind && strlen(ind) > TPACK_MAX_STR))
			ereport(ERROR, (errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
							errmsg("target region or industry too long for the packed directory"),
							errdetail("Target %lld has a %s of %zu bytes; the draw's directory packs at most %u.", (long long) id,
									  (reg && strlen(reg) > TPACK_MAX_STR) ? "region" : "industry",
									  strlen((reg && strlen(reg) > TPACK_MAX_STR) ? reg : ind), TPACK_MAX_STR)));
		insp_fail(tpack_add(&t, (unsigned) (id - block * TPACK_IDS), (unsigned) (grade[0] - 'A'),
							reg, reg ? strlen(reg) : 0, ind, ind ? strlen(ind) : 0, (const unsigned char *) u));
	}
	if (t.n > 0)
	{
		insp_fail(tpack_encode(&t, &b));
		res = (bytea *) SPI_palloc(VARHDRSZ + b.len);
		SET_VARSIZE(res, VARHDRSZ + b.len);
		memcpy(VARDATA(res), b.data, b.len);
		insp_buf_free(&b);
	}
	SPI_finish();
	if (res == NULL)
		PG_RETURN_NULL();
	PG_RETURN_BYTEA_P(res);
}

/*
 * Merge the four heaps into c->sel in selection order: a four-way merge
 * when each is already sorted (the one-pass scan's kept candidates), a sort
 * otherwise (bounded heaps).
 */
static void
merge_selection(draw_ctx *c, insp_topk *heaps, bool sorted)
{
	int			g;
	size_t		at[4] = {0, 0, 0, 0};

	c->n_sel = 0;
	for (g = 0; g < 4; g++)
		c->n_sel += heaps[g].n;
	c->sel = palloc_extended(sizeof(insp_item) * (c->n_sel + 1), MCXT_ALLOC_HUGE);
	if (sorted)
	{
		size_t		i;

		for (i = 0; i < c->n_sel; i++)
		{
			int			best = -1;

			for (g = 0; g < 4; g++)
				if (at[g] < heaps[g].n &&
					(best < 0 || insp_item_cmp(&heaps[g].a[at[g]], &heaps[best].a[at[best]]) < 0))
					best = g;
			c->sel[i] = heaps[best].a[at[best]++];
		}
		return;
	}
	c->n_sel = 0;
	for (g = 0; g < 4; g++)
	{
		memcpy(c->sel + c->n_sel, heaps[g].a, sizeof(insp_item) * heaps[g].n);
		c->n_sel += heaps[g].n;
	}
	insp_items_sort(c->sel, c->n_sel);
}

static void
alloc_heaps(draw_ctx *c, insp_topk *heaps)
{
	int			g;

	for (g = 0; g < 4; g++)
		insp_topk_init(&heaps[g],
					   palloc_extended(sizeof(insp_item) * (c->k[g] + 1), MCXT_ALLOC_HUGE),
					   (size_t) c->k[g]);
}

static int
cmp_insp_id(const char *id, size_t len, const insp_pool_inspector *x)
{
	size_t		m = len < x->idlen ? len : x->idlen;
	int			r = memcmp(id, x->id, m);

	if (r != 0)
		return r;
	return (len > x->idlen) - (len < x->idlen);
}

static int
find_inspector(const insp_pool *p, const char *id, size_t len)
{
	size_t		a = 0,
				b = p->n_insp;

	while (a < b)
	{
		size_t		m = (a + b) / 2;
		int			r = cmp_insp_id(id, len, &p->insp[m]);

		if (r == 0)
			return (int) m;
		if (r < 0)
			b = m;
		else
			a = m + 1;
	}
	return -1;
}

static int
cmp_pool_inspector(const void *a, const void *b)
{
	const insp_pool_inspector *x = a;

	return cmp_insp_id(x->id, x->idlen, (const insp_pool_inspector *) b);
}

/* Eligible inspectors: active, of a plan department, sorted bytewise by id. */
static void
load_inspectors(draw_ctx *c)
{
	Datum	   *elems = palloc(sizeof(Datum) * c->n_depts);
	Oid			argt[1] = {TEXTARRAYOID};
	Datum		argv[1];
	int			i,
				rc;

	for (i = 0; i < c->n_depts; i++)
		elems[i] = CStringGetTextDatum(c->depts[i]);
	argv[0] = PointerGetDatum(construct_array(elems, c->n_depts, TEXTOID, -1, false, TYPALIGN_INT));
	rc = SPI_execute_with_args("SELECT i.id, pg_catalog.array_position($1, i.department) - 1 "
							   "FROM service_affair.inspector i "
							   "WHERE i.active AND i.department = ANY ($1)",
							   1, argt, argv, NULL, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "inspector query failed");
	c->pool.n_depts = c->n_depts;
	c->pool.n_insp = SPI_processed;
	c->pool.insp = palloc(sizeof(insp_pool_inspector) * (SPI_processed + 1));
	for (i = 0; i < (int) SPI_processed; i++)
	{
		char	   *id = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
		bool		isnull;

		c->pool.insp[i].id = id;
		c->pool.insp[i].idlen = strlen(id);
		c->pool.insp[i].dept = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &isnull));
	}
	/* bytewise order, sorted here: an SQL sort of 2,000 rows spills at work_mem = 64kB */
	if (c->pool.n_insp > 1)
		qsort(c->pool.insp, c->pool.n_insp, sizeof(insp_pool_inspector), cmp_pool_inspector);
	/* and a hash table of their ids, for the exclusions (two per selected target and more) */
	{
		uint32		size = 16;
		size_t		j;

		while (size < 2 * c->pool.n_insp && size < (1U << 30))
			size <<= 1;
		c->insp_hmask = size - 1;
		c->insp_hash = palloc0(sizeof(int32) * size);
		for (j = 0; j < c->pool.n_insp; j++)
		{
			uint32		h = hash_bytes((const unsigned char *) c->pool.insp[j].id, (int) c->pool.insp[j].idlen) & c->insp_hmask;

			while (c->insp_hash[h] != 0)
				h = (h + 1) & c->insp_hmask;
			c->insp_hash[h] = (int32) j + 1;
		}
	}
}

/* index of an eligible inspector by id, -1 when not eligible */
static int
lookup_inspector(const draw_ctx *c, const char *id, size_t len)
{
	uint32		h;

	if (c->insp_hash == NULL)
		return find_inspector(&c->pool, id, len);
	h = hash_bytes((const unsigned char *) id, (int) len) & c->insp_hmask;
	while (c->insp_hash[h] != 0)
	{
		const insp_pool_inspector *x = &c->pool.insp[c->insp_hash[h] - 1];

		if (x->idlen == len && memcmp(x->id, id, len) == 0)
			return c->insp_hash[h] - 1;
		h = (h + 1) & c->insp_hmask;
	}
	return -1;
}

static int
cmp_int64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a,
				y = *(const int64 *) b;

	return (x > y) - (x < y);
}

typedef struct excl_list
{
	insp_excl  *v;
	size_t		n,
				cap;
} excl_list;

static bool
excl_add(excl_list *l, int64 target, int insp)
{
	if (insp < 0)
		return false;
	if (l->n == l->cap)
	{
		l->cap = l->cap ? l->cap * 2 : 256;
		l->v = l->v ? repalloc_huge(l->v, sizeof(insp_excl) * l->cap)
			: palloc_extended(sizeof(insp_excl) * l->cap, MCXT_ALLOC_HUGE);
	}
	l->v[l->n].target = target;
	l->v[l->n].insp = (uint32) insp;
	l->n++;
	return true;
}

/*
 * target_team_map.data (format 1, compact; doc/inspection.md):
 *   magic 0xA7, version 1,
 *   varint zigzag(ref)           reference draw id,
 *   varint n_dict, then n_dict × (varint length, bytes)
 *                                the inspector ids (pieces) teams are made of,
 *   then per target, sorted by target:
 *   varint target - previous target (the first: the target itself, both
 *          as uint64; later ones at least 1),
 *   varint ref - draw id,
 *   varint number of pieces, then that many varint dictionary indexes:
 *          the team is the pieces joined by commas, as in draw.teams
 *          (an empty team has no piece).
 * Varints are little-endian base 128.  An entry takes ~7 bytes for a team
 * of two where the 0.2 development format took 31.  An empty data is an
 * empty map.
 */
#define MAP_MAGIC	0xA7
#define MAP_VERSION 1

typedef struct map_reader
{
	const unsigned char *m;
	size_t		n;
	size_t		pos;
	int64		ref;
	int64		prev;
	bool		first;
	uint32		n_dict;
	const char **dict;
	uint32	   *dlen;
} map_reader;

typedef struct map_ent
{
	int64		target;
	int64		draw;
	uint32		cnt;			/* pieces */
	size_t		pieces;			/* offset of the first piece index */
	size_t		end;			/* offset after the entry */
} map_ent;

static void
map_corrupt(size_t pos)
{
	ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED), errmsg("target_team_map is corrupt"),
					errdetail("Entry at byte %zu does not fit the map.", pos)));
}

static bool
get_varint_slow(const unsigned char *m, size_t n, size_t *pos, uint64 *v)
{
	uint64		x = 0;
	int			shift = 0;

	while (*pos < n && shift < 64)
	{
		unsigned char b = m[(*pos)++];

		x |= (uint64) (b & 127) << shift;
		if (!(b & 128))
		{
			*v = x;
			return true;
		}
		shift += 7;
	}
	return false;
}

/* one varint; most are one byte (target differences, draws, pieces) */
static inline bool
get_varint(const unsigned char *m, size_t n, size_t *pos, uint64 *v)
{
	if (likely(*pos < n && m[*pos] < 128))
	{
		*v = m[(*pos)++];
		return true;
	}
	return get_varint_slow(m, n, pos, v);
}

static void
put_varint_slow(StringInfo s, uint64 v)
{
	char		b[10];
	int			k = 0;

	do
	{
		b[k] = (char) (v & 127);
		v >>= 7;
		if (v)
			b[k] |= (char) 128;
		k++;
	} while (v);
	appendBinaryStringInfo(s, b, k);
}

/* one varint; one byte straight into the buffer when it fits */
static inline void
put_varint(StringInfo s, uint64 v)
{
	if (likely(v < 128 && s->len + 1 < s->maxlen))
	{
		s->data[s->len++] = (char) v;
		s->data[s->len] = '\0';
		return;
	}
	put_varint_slow(s, v);
}

/* open a map (header and dictionary); the reader points into m */
static void
map_open(map_reader *r, const unsigned char *m, size_t n)
{
	uint64		v;
	uint32		i;

	memset(r, 0, sizeof(*r));
	r->m = m;
	r->n = n;
	r->first = true;
	if (n == 0)
		return;
	if (n < 2 || m[0] != MAP_MAGIC || m[1] != MAP_VERSION)
		map_corrupt(0);
	r->pos = 2;
	if (!get_varint(m, n, &r->pos, &v))
		map_corrupt(r->pos);
	r->ref = (int64) ((v >> 1) ^ (~(v & 1) + 1));
	if (!get_varint(m, n, &r->pos, &v) || v > n)
		map_corrupt(r->pos);
	r->n_dict = (uint32) v;
	r->dict = palloc(sizeof(char *) * (r->n_dict + 1));
	r->dlen = palloc(sizeof(uint32) * (r->n_dict + 1));
	for (i = 0; i < r->n_dict; i++)
	{
		if (!get_varint(m, n, &r->pos, &v) || v > n - r->pos || v > 65535)
			map_corrupt(r->pos);
		r->dict[i] = (const char *) m + r->pos;
		r->dlen[i] = (uint32) v;
		r->pos += v;
	}
}

/*
 * The next entry's target, draw and number of pieces; false at the end.
 * The caller then passes its pieces with map_pieces().
 */
static inline bool
map_next_head(map_reader *r, map_ent *e)
{
	const unsigned char *m = r->m;
	size_t		n = r->n,
				at = r->pos;
	uint64		dt,
				dd,
				cnt;

	if (r->pos >= n)
		return false;
	if (!get_varint(m, n, &r->pos, &dt) || (!r->first && dt == 0) ||
		!get_varint(m, n, &r->pos, &dd) ||
		!get_varint(m, n, &r->pos, &cnt) || cnt > n - r->pos)
		map_corrupt(at);
	e->target = (int64) ((uint64) r->prev + dt);
	e->draw = (int64) ((uint64) r->ref - dd);
	e->cnt = (uint32) cnt;
	e->pieces = r->pos;
	r->prev = e->target;
	r->first = false;
	return true;
}

/*
 * Past the pieces of the entry map_next_head() read: each a dictionary
 * index when check (the entry will be used), or only within the map (an
 * entry passed over: its pieces are never read).
 */
static inline void
map_pieces(map_reader *r, map_ent *e, bool check)
{
	const unsigned char *m = r->m;
	size_t		n = r->n;
	uint64		i,
				x;

	if (check)
	{
		for (i = 0; i < e->cnt; i++)
			if (!get_varint(m, n, &r->pos, &x) || x >= r->n_dict)
				map_corrupt(e->pieces);
	}
	else
	{
		uint32		left = e->cnt;

		while (left > 0)
		{
			if (r->pos >= n)
				map_corrupt(e->pieces);
			if ((m[r->pos++] & 128) == 0)
				left--;
		}
	}
	e->end = r->pos;
}

/* the next entry, its pieces checked; false at the end */
static inline bool
map_next(map_reader *r, map_ent *e)
{
	if (!map_next_head(r, e))
		return false;
	map_pieces(r, e, true);
	return true;
}

/* the team of an entry as text (pieces joined by commas) */
static text *
map_team_text(const map_reader *r, const map_ent *e)
{
	StringInfoData s;
	size_t		p = e->pieces;
	uint32		i;
	uint64		x = 0;

	initStringInfo(&s);
	for (i = 0; i < e->cnt; i++)
	{
		(void) get_varint(r->m, r->n, &p, &x);
		if (i > 0)
			appendStringInfoChar(&s, ',');
		appendBinaryStringInfo(&s, r->dict[x], r->dlen[x]);
	}
	return cstring_to_text_with_len(s.data, s.len);
}

/*
 * Previous teams by walking the draws newest first (0.1.0): used only while
 * the schema is still 0.1.0 (no target_team_map), i.e. by a 0.1.0
 * installation running this library before ALTER EXTENSION UPDATE.
 */
static void
prev_teams_by_walk(draw_ctx *c, const int64 *ids, excl_list *lp)
{
	bool	   *seen = palloc_extended(c->n_sel + 1, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	size_t		left;
	int64		prev;
	excl_list	l = *lp;

	/*
	 * Not read-only: a fresh snapshot, so that draws made earlier in the
	 * same statement (SELECT draw(...) FROM generate_series(...)) are seen.
	 * Walk the draws newest first by
	 * primary key (one index probe per draw, no sort that could spill) until
	 * every selected target has been seen or the draws are exhausted.
	 */
	left = c->n_sel;
	prev = PG_INT64_MAX;
	while (left > 0)
	{
		Datum	   *tv,
				   *mv;
		bool	   *tn,
				   *mn;
		int			nt,
					nm,
					j,
					rc;
		bool		isnull;
		Oid			argt[1] = {INT8OID};
		Datum		argv[1];

		argv[0] = Int64GetDatum(prev);
		rc = SPI_execute_with_args("SELECT d.id, d.targets, d.teams FROM service_affair.draw d "
								   "WHERE d.id = (SELECT pg_catalog.max(x.id) FROM service_affair.draw x WHERE x.id < $1)",
								   1, argt, argv, NULL, false, 1);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "previous draw query failed");
		if (SPI_processed == 0)
			break;
		prev = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		deconstruct_array(DatumGetArrayTypeP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull)),
						  INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &tv, &tn, &nt);
		deconstruct_array(DatumGetArrayTypeP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull)),
						  TEXTOID, -1, false, TYPALIGN_INT, &mv, &mn, &nm);
		for (j = 0; j < nt && j < nm; j++)
		{
			int64		t = DatumGetInt64(tv[j]);
			int64	   *hit = bsearch(&t, ids, c->n_sel, sizeof(int64), cmp_int64);
			size_t		pos;
			char	   *team,
					   *p,
					   *q;

			if (hit == NULL)
				continue;
			pos = hit - ids;
			if (seen[pos])
				continue;
			seen[pos] = true;
			left--;
			team = text_to_cstring(DatumGetTextPP(mv[j]));
			for (p = team; *p; p = q)
			{
				q = strchr(p, ',');
				if (q == NULL)
					q = p + strlen(p);
				excl_add(&l, t, lookup_inspector(c, p, q - p));
				if (*q)
					q++;
			}
			pfree(team);
		}
		pfree(tv);
		pfree(tn);
		pfree(mv);
		pfree(mn);
		SPI_freetuptable(SPI_tuptable);
	}
	*lp = l;
}

static int
cmp_delta(const void *a, const void *b)
{
	int64		x = ((const map_delta *) a)->draw,
				y = ((const map_delta *) b)->draw;

	return (x > y) - (x < y);
}

/*
 * Read the previous-team map: the base row (locked FOR UPDATE by a draw:
 * draws that overlap in time take turns from here, and each later query of
 * the draw sees the draws committed before it got the lock) and the draws
 * made after the base.  Everything stays in the SPI procedure context.
 */
static void
team_map_read(team_map *m, bool lock)
{
	Oid			argt[1] = {INT8OID};
	Datum		argv[1];
	bool		isnull;
	uint64		i;

	memset(m, 0, sizeof(*m));
	/*
	 * A missing row (the first draw, or a map deleted by hand) starts as an
	 * empty base with every existing draw after it; a draw that finds 8 or
	 * more of them merges them all (once).  insp_writer_lock()
	 * (70_inspection.sql), the one home of that row's making, made it when
	 * the draw began; asked again here, it costs a re-lock.
	 */
	if (lock && SPI_execute("SELECT service_affair.insp_writer_lock()", false, 0) != SPI_OK_SELECT)
		elog(ERROR, "taking the team map's lock failed");
	if (SPI_execute(lock ?
					"SELECT m.data, m.upto_draw, m.head_draw FROM service_affair.target_team_map m WHERE m.id = 1 FOR UPDATE" :
					"SELECT m.data, m.upto_draw, m.head_draw FROM service_affair.target_team_map m WHERE m.id = 1",
					!lock, 1) != SPI_OK_SELECT)
		elog(ERROR, "team map query failed");
	m->base = (const unsigned char *) "";
	if (SPI_processed == 1)
	{
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		if (!isnull)
		{
			/* detoasted (a fresh copy) or in the SPI tuple: both live until SPI_finish */
			bytea	   *b = DatumGetByteaP(d);

			m->base = (const unsigned char *) VARDATA(b);
			m->baselen = VARSIZE(b) - VARHDRSZ;
		}
		m->upto_draw = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
		m->head_draw = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull));
	}
	else if (lock)
		elog(ERROR, "team map row is missing");
	else
		m->head_draw = -1;		/* no row: every draw is after the (empty) base */

	/* the draws after the base (at most MAP_MAX_DELTAS - 1 of them) */
	argv[0] = Int64GetDatum(m->upto_draw);
	if (SPI_execute_with_args("SELECT d.id, d.targets, d.teams FROM service_affair.draw d WHERE d.id > $1",
							  1, argt, argv, NULL, !lock, 0) != SPI_OK_SELECT)
		elog(ERROR, "team map draw query failed");
	m->n_deltas = (int) SPI_processed;
	m->deltas = palloc(sizeof(map_delta) * (SPI_processed + 1));
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	td = SPI_tuptable->tupdesc;
		map_delta  *x = &m->deltas[i];
		int			nm;

		x->draw = DatumGetInt64(SPI_getbinval(tup, td, 1, &isnull));
		deconstruct_array(DatumGetArrayTypeP(SPI_getbinval(tup, td, 2, &isnull)),
						  INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &x->targets, NULL, &x->n);
		deconstruct_array(DatumGetArrayTypeP(SPI_getbinval(tup, td, 3, &isnull)),
						  TEXTOID, -1, false, TYPALIGN_INT, &x->teams, NULL, &nm);
		if (nm != x->n)
			ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED), errmsg("draw %lld is corrupt", (long long) x->draw),
							errdetail("It lists %d targets and %d teams.", x->n, nm)));
	}
	if (m->n_deltas > 1)
		qsort(m->deltas, m->n_deltas, sizeof(map_delta), cmp_delta);
	if (m->head_draw < 0)
		m->head_draw = m->n_deltas > 0 ? m->deltas[m->n_deltas - 1].draw : 0;
	if (m->n_deltas > 0 ? m->deltas[m->n_deltas - 1].draw != m->head_draw : m->head_draw > m->upto_draw)
		ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED), errmsg("target_team_map is out of step with the draws"),
						errdetail("The map was last updated by draw %lld, but the latest draw after its base (draw %lld) is %s.",
								  (long long) m->head_draw, (long long) m->upto_draw,
								  m->n_deltas > 0 ? psprintf("%lld", (long long) m->deltas[m->n_deltas - 1].draw) : "none")));
}

typedef struct map_new
{
	int64		target;
	uint32		delta;			/* index in the delta list (higher = newer) */
	uint32		elem;
} map_new;

static int
cmp_map_new(const void *a, const void *b)
{
	const map_new *x = a,
			   *y = b;

	if (x->target != y->target)
		return (x->target > y->target) - (x->target < y->target);
	return (x->delta < y->delta) - (x->delta > y->delta);	/* newest first */
}

/* The dictionary of a map being written: pieces by (bytes, length), in order. */
typedef struct map_dict
{
	uint32		n,
				cap;
	const char **s;
	uint32	   *len;
	uint32	   *hash;			/* open addressing: index + 1, 0 = empty */
	uint32		hmask;
} map_dict;

static void
map_dict_rehash(map_dict *d, uint32 size)
{
	uint32		i;

	if (d->hash)
		pfree(d->hash);
	d->hash = palloc0(sizeof(uint32) * size);
	d->hmask = size - 1;
	for (i = 0; i < d->n; i++)
	{
		uint32		h = hash_bytes((const unsigned char *) d->s[i], (int) d->len[i]) & d->hmask;

		while (d->hash[h] != 0)
			h = (h + 1) & d->hmask;
		d->hash[h] = i + 1;
	}
}

/* the index of a piece, added when new */
static uint32
map_dict_intern(map_dict *d, const char *p, uint32 len)
{
	uint32		h;

	if (len > 65535)
		elog(ERROR, "team too long for the team map");
	if ((d->n + 1) * 2 > d->hmask + 1)
		map_dict_rehash(d, (d->hmask + 1) * 2);
	h = hash_bytes((const unsigned char *) p, (int) len) & d->hmask;
	while (d->hash[h] != 0)
	{
		uint32		i = d->hash[h] - 1;

		if (d->len[i] == len && memcmp(d->s[i], p, len) == 0)
			return i;
		h = (h + 1) & d->hmask;
	}
	if (d->n == d->cap)
	{
		d->cap = d->cap ? d->cap * 2 : 256;
		d->s = d->s ? repalloc_huge(d->s, sizeof(char *) * d->cap) : palloc_extended(sizeof(char *) * d->cap, MCXT_ALLOC_HUGE);
		d->len = d->len ? repalloc_huge(d->len, sizeof(uint32) * d->cap) : palloc_extended(sizeof(uint32) * d->cap, MCXT_ALLOC_HUGE);
	}
	d->s[d->n] = p;
	d->len[d->n] = len;
	d->hash[h] = d->n + 1;
	return d->n++;
}

/*
 * The merged map: the base with every delta merged in (the latest draw of a
 * target wins), sorted by target, built in place as a bytea.  The base's
 * dictionary is kept in its order (so its entries' pieces are copied as
 * they are) and the new teams' inspectors are appended to it.
 */
static bytea *
team_map_merge(const team_map *m)
{
	StringInfoData nm;
	map_new    *v;
	map_reader	r;
	map_ent		e = {0};
	map_dict	dict = {0};
	uint32	   *pc;				/* per delta entry (global index): first piece in pv */
	uint32	   *pv;
	uint32	   *off;			/* global index of each delta's first entry */
	size_t		n = 0,
				w = 0,
				k = 0,
				i,
				np = 0,
				cap_p;
	int			d;
	int64		ref,
				prev = 0,
				lo = PG_INT64_MAX,
				hi = PG_INT64_MIN;
	bool		have_old;

	off = palloc(sizeof(uint32) * (m->n_deltas + 1));
	for (d = 0; d < m->n_deltas; d++)
	{
		off[d] = (uint32) n;
		n += (size_t) m->deltas[d].n;
		for (i = 0; i < (size_t) m->deltas[d].n; i++)
		{
			int64		t = DatumGetInt64(m->deltas[d].targets[i]);

			lo = Min(lo, t);
			hi = Max(hi, t);
		}
	}
	if (n >= PG_UINT32_MAX)
		elog(ERROR, "too many targets for the team map");
	off[m->n_deltas] = (uint32) n;

	/* the dictionary: the base's, then the pieces of every delta team, in the order of the deltas */
	map_open(&r, m->base, m->baselen);
	map_dict_rehash(&dict, 1024);
	for (i = 0; i < r.n_dict; i++)
		if (map_dict_intern(&dict, r.dict[i], r.dlen[i]) != i)
			map_corrupt(0);		/* a piece listed twice */
	cap_p = 2 * n + 16;
	pv = palloc_extended(sizeof(uint32) * cap_p, MCXT_ALLOC_HUGE);
	pc = palloc_extended(sizeof(uint32) * (n + 1), MCXT_ALLOC_HUGE);
	for (d = 0; d < m->n_deltas; d++)
		for (i = 0; i < (size_t) m->deltas[d].n; i++)
		{
			text	   *tm = DatumGetTextPP(m->deltas[d].teams[i]);
			const char *p = VARDATA_ANY(tm),
					   *e2 = p + VARSIZE_ANY_EXHDR(tm),
					   *q;

			if (np > PG_UINT32_MAX - 65536)
				elog(ERROR, "too many teams for the team map");
			pc[off[d] + i] = (uint32) np;
			if (p == e2)
				continue;		/* an empty team: no piece */
			for (;; p = q + 1)
			{
				q = memchr(p, ',', e2 - p);
				if (q == NULL)
					q = e2;
				if (np == cap_p)
				{
					cap_p *= 2;
					pv = repalloc_huge(pv, sizeof(uint32) * cap_p);
				}
				pv[np++] = map_dict_intern(&dict, p, (uint32) (q - p));
				if (q == e2)
					break;
			}
		}
	pc[n] = (uint32) np;

	/*
	 * The newest entry of each target, sorted by target: through one slot
	 * per id of the deltas' range when it is dense enough (later deltas
	 * overwrite earlier ones), else by a sort.
	 */
	v = palloc_extended(sizeof(map_new) * (n + 1), MCXT_ALLOC_HUGE);
	if (n > 0 && (uint64) hi - (uint64) lo < (uint64) 4 * n + 1048576)
	{
		uint64		span = (uint64) hi - (uint64) lo + 1,
					o;
		uint32	   *slot = palloc_extended(sizeof(uint32) * span, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);

		for (d = 0; d < m->n_deltas; d++)
			for (i = 0; i < (size_t) m->deltas[d].n; i++)
				slot[(uint64) DatumGetInt64(m->deltas[d].targets[i]) - (uint64) lo] = off[d] + (uint32) i + 1;
		for (o = 0; o < span; o++)
			if (slot[o] != 0)
			{
				uint32		g = slot[o] - 1;
				int			a = 0,
							b = m->n_deltas - 1;

				/* the delta holding g: the last with off[d] <= g */
				while (a < b)
				{
					int			mid = (a + b + 1) / 2;

					if (off[mid] <= g)
						a = mid;
					else
						b = mid - 1;
				}
				d = a;
				v[w].target = (int64) ((uint64) lo + o);
				v[w].delta = (uint32) d;
				v[w].elem = g - off[d];
				w++;
			}
		pfree(slot);
	}
	else
	{
		for (d = 0; d < m->n_deltas; d++)
			for (i = 0; i < (size_t) m->deltas[d].n; i++)
			{
				v[k].target = DatumGetInt64(m->deltas[d].targets[i]);
				v[k].delta = (uint32) d;
				v[k].elem = (uint32) i;
				k++;
			}
		if (n > 1)
			qsort(v, n, sizeof(map_new), cmp_map_new);
		/* keep the newest entry of each target */
		for (i = 0, w = 0; i < n; i++)
			if (w == 0 || v[i].target != v[w - 1].target)
				v[w++] = v[i];
	}
	n = w;

	ref = m->n_deltas > 0 ? m->deltas[m->n_deltas - 1].draw : r.ref;
	initStringInfo(&nm);
	enlargeStringInfo(&nm, (int) Min(VARHDRSZ + m->baselen + n * 12 + (size_t) dict.n * 12 + 32,
									 (size_t) MaxAllocSize - 1));
	appendBinaryStringInfo(&nm, "\0\0\0\0", VARHDRSZ);
	appendStringInfoChar(&nm, (char) MAP_MAGIC);
	appendStringInfoChar(&nm, (char) MAP_VERSION);
	put_varint(&nm, ((uint64) ref << 1) ^ (uint64) (ref >> 63));
	put_varint(&nm, dict.n);
	for (i = 0; i < dict.n; i++)
	{
		put_varint(&nm, dict.len[i]);
		appendBinaryStringInfo(&nm, dict.s[i], dict.len[i]);
	}
	k = 0;
	have_old = map_next(&r, &e);
	while (have_old || k < n)
	{
		if (k < n && (!have_old || v[k].target <= e.target))
		{
			const map_delta *x = &m->deltas[v[k].delta];
			uint32		j,
						g = off[v[k].delta] + v[k].elem;

			put_varint(&nm, (uint64) v[k].target - (uint64) prev);
			put_varint(&nm, (uint64) ref - (uint64) x->draw);
			put_varint(&nm, pc[g + 1] - pc[g]);
			for (j = pc[g]; j < pc[g + 1]; j++)
				put_varint(&nm, pv[j]);
			prev = v[k].target;
			if (have_old && v[k].target == e.target)
				have_old = map_next(&r, &e);
			k++;
		}
		else
		{
			put_varint(&nm, (uint64) e.target - (uint64) prev);
			put_varint(&nm, (uint64) ref - (uint64) e.draw);
			put_varint(&nm, e.cnt);
			appendBinaryStringInfo(&nm, (const char *) r.m + e.pieces, (int) (e.end - e.pieces));
			prev = e.target;
			have_old = map_next(&r, &e);
		}
	}
	pfree(v);
	pfree(pv);
	pfree(pc);
	pfree(off);
	SET_VARSIZE(nm.data, nm.len);
	return (bytea *) nm.data;
}

/* add one excluded inspector, keeping the target's entries in inspector order */
static void
excl_add_sorted(excl_list *l, int64 t, int insp)
{
	if (excl_add(l, t, insp))
	{
		/* keep the target's entries in inspector order (the list is then sorted) */
		size_t		k = l->n - 1;

		while (k > 0 && l->v[k - 1].target == t && l->v[k - 1].insp > l->v[k].insp)
		{
			insp_excl	tmp = l->v[k - 1];

			l->v[k - 1] = l->v[k];
			l->v[k] = tmp;
			k--;
		}
	}
}

/* append the inspectors of a team (ids joined by commas) to the exclusions */
static void
excl_add_team(draw_ctx *c, excl_list *l, int64 t, const char *p, size_t len)
{
	const char *e = p + len,
			   *q;

	for (; p < e; p = q + 1)
	{
		q = memchr(p, ',', e - p);
		if (q == NULL)
			q = e;
		excl_add_sorted(l, t, lookup_inspector(c, p, q - p));
	}
}

/*
 * Previous team of each selected target (ids sorted): one merge pass of the
 * selection with the base (sorted by target), then the draws after the
 * base in order, the later draw winning.  The cost follows the directory
 * (base) and at most MAP_MAX_DELTAS - 1 selections, not the number of
 * earlier draws.  A team from the base is a list of dictionary indexes,
 * each resolved to an eligible inspector once.
 */
static void
prev_teams_by_map(draw_ctx *c, const int64 *ids, excl_list *l)
{
	team_map   *m = &c->tm;
	const char **team = palloc_extended(sizeof(char *) * (c->n_sel + 1), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	uint32	   *tlen = palloc_extended(sizeof(uint32) * (c->n_sel + 1), MCXT_ALLOC_HUGE);
	int32	   *tcnt = palloc_extended(sizeof(int32) * (c->n_sel + 1), MCXT_ALLOC_HUGE);
	int32	   *dres;
	unsigned char *bits = NULL;
	uint64		span = 0;
	size_t		j = 0;
	uint32		i2;
	map_reader	r;
	map_ent		e;
	int			d;

	team_map_read(m, true);
	c->use_map = true;
	map_open(&r, m->base, m->baselen);
	while (map_next_head(&r, &e))
	{
		while (j < c->n_sel && ids[j] < e.target)
			j++;
		map_pieces(&r, &e, j < c->n_sel && ids[j] == e.target);
		if (j < c->n_sel && ids[j] == e.target)
		{
			team[j] = (const char *) r.m + e.pieces;
			tlen[j] = (uint32) (e.end - e.pieces);
			tcnt[j] = (int32) e.cnt;
		}
	}
	/* the draws after the base: a bitmap of the selection, then a binary search on a hit */
	if (c->n_sel > 0 && m->n_deltas > 0)
	{
		span = (uint64) (ids[c->n_sel - 1] - ids[0]) + 1;
		bits = palloc_extended(span / 8 + 1, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
		for (j = 0; j < c->n_sel; j++)
		{
			uint64		off = (uint64) (ids[j] - ids[0]);

			bits[off >> 3] |= (unsigned char) (1 << (off & 7));
		}
	}
	for (d = 0; d < m->n_deltas; d++)
	{
		const map_delta *x = &m->deltas[d];
		int			i;

		for (i = 0; i < x->n; i++)
		{
			int64		t = DatumGetInt64(x->targets[i]);
			uint64		off = (uint64) (t - ids[0]);
			const int64 *hit;
			text	   *tm;

			if (t < ids[0] || off >= span || !(bits[off >> 3] & (1 << (off & 7))))
				continue;
			hit = bsearch(&t, ids, c->n_sel, sizeof(int64), cmp_int64);
			if (hit == NULL)
				continue;
			tm = DatumGetTextPP(x->teams[i]);
			team[hit - ids] = VARDATA_ANY(tm);
			tlen[hit - ids] = (uint32) VARSIZE_ANY_EXHDR(tm);
			tcnt[hit - ids] = -1;
		}
	}
	/* dictionary entries resolved on first use (INT32_MIN: not yet) */
	dres = palloc(sizeof(int32) * (r.n_dict + 1));
	for (i2 = 0; i2 < r.n_dict; i2++)
		dres[i2] = PG_INT32_MIN;
	for (j = 0; j < c->n_sel; j++)
	{
		if (team[j] == NULL)
			continue;
		if (tcnt[j] < 0)
			excl_add_team(c, l, ids[j], team[j], tlen[j]);
		else
		{
			size_t		p = 0;
			int32		k;
			uint64		x = 0;

			for (k = 0; k < tcnt[j]; k++)
			{
				(void) get_varint((const unsigned char *) team[j], tlen[j], &p, &x);
				/* as excl_add_team: a trailing empty piece names nobody */
				if (k == tcnt[j] - 1 && r.dlen[x] == 0)
					break;
				if (dres[x] == PG_INT32_MIN)
					dres[x] = lookup_inspector(c, r.dict[x], r.dlen[x]);
				excl_add_sorted(l, ids[j], dres[x]);
			}
		}
	}
	pfree(dres);
	pfree(team);
	pfree(tlen);
	pfree(tcnt);
	if (bits)
		pfree(bits);
}

/* Recusals and previous-draw teams of the selected targets. */
static void
load_exclusions(draw_ctx *c)
{
	int64	   *ids = palloc_extended(sizeof(int64) * (c->n_sel + 1), MCXT_ALLOC_HUGE);
	excl_list	l = {0},
				p = {0};
	size_t		i;
	Portal		portal;

	if (c->n_sel > 0 && c->pool.span > 0 && c->pool.span / 64 <= (uint64) c->n_sel * 64)
	{
		/* sorted by a bitmap over the pool's id range (the selection lies in it) */
		uint64		nw = (c->pool.span + 63) / 64,
					w;
		uint64	   *bm = palloc_extended(sizeof(uint64) * nw, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
		size_t		n = 0;

		for (i = 0; i < c->n_sel; i++)
		{
			uint64		off = (uint64) (c->sel[i].id - c->pool.min_id);

			if (c->sel[i].id < c->pool.min_id || off >= c->pool.span)
				elog(ERROR, "selected target %lld is outside the pool", (long long) c->sel[i].id);
			bm[off >> 6] |= UINT64CONST(1) << (off & 63);
		}
		for (w = 0; w < nw; w++)
		{
			uint64		x = bm[w];

			while (x != 0)
			{
				int			b = pg_rightmost_one_pos64(x);

				ids[n++] = c->pool.min_id + (int64) (w * 64 + b);
				x &= x - 1;
			}
		}
		if (n != c->n_sel)
			elog(ERROR, "the selection lists a target twice");
		pfree(bm);
	}
	else
	{
		for (i = 0; i < c->n_sel; i++)
			ids[i] = c->sel[i].id;
		qsort(ids, c->n_sel, sizeof(int64), cmp_int64);
	}
	/*
	 * Recusals: streamed and matched against the sorted selection, so that
	 * neither a large IN list nor a join needs work_mem.
	 */
	portal = SPI_cursor_open_with_args(NULL, "SELECT r.target, r.inspector FROM service_affair.recusal r",
									   0, NULL, NULL, NULL, true, CURSOR_OPT_NO_SCROLL);
	for (;;)
	{
		SPI_cursor_fetch(portal, true, 1000);
		if (SPI_processed == 0)
			break;
		for (i = 0; i < SPI_processed; i++)
		{
			bool		isnull;
			int64		t = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
			char	   *who;

			if (bsearch(&t, ids, c->n_sel, sizeof(int64), cmp_int64) == NULL)
				continue;
			who = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);
			excl_add(&l, t, lookup_inspector(c, who, strlen(who)));
		}
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);

	if (l.n > 1)
		qsort(l.v, l.n, sizeof(insp_excl), insp_excl_cmp);

	/* previous teams: the map yields them sorted (qsort checks that first, in one pass) */
	if (!OidIsValid(get_relname_relid("target_team_map", get_namespace_oid("service_affair", false))))
		prev_teams_by_walk(c, ids, &p);
	else
		prev_teams_by_map(c, ids, &p);
	if (p.n > 1)
		qsort(p.v, p.n, sizeof(insp_excl), insp_excl_cmp);

	/* merge both, without duplicates */
	{
		insp_excl  *v = palloc_extended(sizeof(insp_excl) * (l.n + p.n + 1), MCXT_ALLOC_HUGE);
		size_t		a = 0,
					b = 0,
					w = 0;

		while (a < l.n || b < p.n)
		{
			const insp_excl *x;

			if (b >= p.n || (a < l.n && insp_excl_cmp(&l.v[a], &p.v[b]) <= 0))
				x = &l.v[a++];
			else
				x = &p.v[b++];
			if (w == 0 || insp_excl_cmp(x, &v[w - 1]) != 0)
				v[w++] = *x;
		}
		c->pool.excl = v;
		c->pool.n_excl = w;
	}
}

/* Assign the teams; on failure raise 55000 naming the target. */
static bool
assign_teams(draw_ctx *c, bool raise)
{
	const char **usccs = palloc_extended(sizeof(char *) * (c->n_sel + 1), MCXT_ALLOC_HUGE);
	int64	   *ids = palloc_extended(sizeof(int64) * (c->n_sel + 1), MCXT_ALLOC_HUGE);
	size_t		i,
				fail_at = 0;
	insp_status st;

	for (i = 0; i < c->n_sel; i++)
	{
		usccs[i] = c->sel[i].uscc;
		ids[i] = c->sel[i].id;
	}
	c->teams = palloc_extended(sizeof(uint32) * (c->n_sel * c->team_size + 1), MCXT_ALLOC_HUGE);
	st = insp_assign_teams(c->seed, c->seedlen, c->n_sel, ids, usccs, &c->pool,
						   c->team_size, c->teams, &fail_at);
	if (st == INSP_ETEAM)
	{
		if (!raise)
			return false;
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE), errmsg("inspection team cannot be filled"),
						errdetail("Target %.18s (selection position %zu) needs %d inspectors but only %zu eligible inspectors "
								  "exist for plan %lld and recusals, previous-draw exclusions and the even-load cap leave too few.",
								  fail_at < c->n_sel ? c->sel[fail_at].uscc : "", fail_at + 1, c->team_size,
								  c->pool.n_insp, (long long) c->plan_id)));
	}
	insp_fail(st);
	return true;
}

/* Selection listing and its sha256: uscc TAB grade TAB team LF per target. */
static void
selection_digest(draw_ctx *c, unsigned char out[INSP_HASH_LEN], Datum **teams_out)
{
	StringInfoData s;
	StringInfoData team;
	size_t		i;
	int			j;
	Datum	   *teams = palloc_extended(sizeof(Datum) * (c->n_sel + 1), MCXT_ALLOC_HUGE);

	initStringInfo(&s);
	initStringInfo(&team);
	for (i = 0; i < c->n_sel; i++)
	{
		resetStringInfo(&team);
		for (j = 0; j < c->team_size; j++)
		{
			const insp_pool_inspector *x = &c->pool.insp[c->teams[i * c->team_size + j]];

			if (j > 0)
				appendStringInfoChar(&team, ',');
			appendBinaryStringInfo(&team, x->id, x->idlen);
		}
		appendBinaryStringInfo(&s, c->sel[i].uscc, 18);
		appendStringInfoChar(&s, '\t');
		appendStringInfoChar(&s, c->sel[i].grade);
		appendStringInfoChar(&s, '\t');
		appendBinaryStringInfo(&s, team.data, team.len);
		appendStringInfoChar(&s, '\n');
		teams[i] = PointerGetDatum(cstring_to_text_with_len(team.data, team.len));
	}
	insp_fail(insp_digest(INSP_SHA256, s.data, s.len, out));
	pfree(s.data);
	pfree(team.data);
	*teams_out = teams;
}

static bytea *
bytes_to_bytea(const void *p, size_t n)
{
	bytea	   *b = palloc_extended(VARHDRSZ + n, MCXT_ALLOC_HUGE);

	SET_VARSIZE(b, VARHDRSZ + n);
	memcpy(VARDATA(b), p, n);
	return b;
}

static ArrayType *
int64_array(const int64 *v, size_t n)
{
	Datum	   *e = palloc_extended(sizeof(Datum) * (n + 1), MCXT_ALLOC_HUGE);
	size_t		i;

	for (i = 0; i < n; i++)
		e[i] = Int64GetDatum(v[i]);
	return construct_array(e, (int) n, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

/*
 * The seed: any length from 1 byte.  create_plan() accepts any commitment
 * but that of the empty seed, so every seed that opens a commitment it
 * accepted is drawn (0.1.0 refused seeds over 1,024 bytes here).
 */
static void
copy_seed(draw_ctx *c, bytea *seed)
{
	size_t		n = VARSIZE_ANY_EXHDR(seed);

	if (n == 0)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("invalid seed length"),
						errdetail("The seed is empty; it must have at least one byte.")));
	c->seed = palloc_extended(n, MCXT_ALLOC_HUGE);
	memcpy(c->seed, VARDATA_ANY(seed), n);
	c->seedlen = n;
}


/* float8 copies of the plan's rates (only for the one-pass thresholds) */
static void
load_rates_f(draw_ctx *c)
{
	Oid			argt[1] = {NUMERICARRAYOID};
	Datum		argv[1] = {c->rates};
	Datum		r[4];
	int			g;

	rate_query("SELECT CASE WHEN u.r OPERATOR(pg_catalog.<) 1e-300 THEN 0 ELSE u.r::pg_catalog.float8 END "
			   "FROM pg_catalog.unnest($1) WITH ORDINALITY AS u(r, o) ORDER BY u.o",
			   1, argt, argv, r);
	for (g = 0; g < 4; g++)
		c->rate_f[g] = DatumGetFloat8(r[g]);
}

/* the widest id range of the directory a draw maps (a 1 GB pool map) */
#define DRAW_MAX_SPAN	(INT64CONST(1) << 31)

/* smallest and largest target id (any target) in the active snapshot */
static bool
id_range(int64 *lo, int64 *hi)
{
	bool		n1,
				n2;
	int			rc;

	rc = SPI_execute("SELECT pg_catalog.min(t.id), pg_catalog.max(t.id) FROM service_affair.target t", true, 1);
	if (rc != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "target id range query failed");
	*lo = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &n1));
	*hi = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &n2));
	return !n1 && !n2;
}

/* Narrow the pool map to the candidates' id range [lo, hi]. */
static void
trim_pool(draw_ctx *c, bool any, int64 lo, int64 hi)
{
	uint64		span = any ? (uint64) (hi - lo) + 1 : 0,
				i;
	unsigned char *nb;

	if (any && lo == c->pool.min_id && span == c->pool.span)
		return;
	nb = palloc_extended((span + 1) / 2 + 1, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	for (i = 0; i < span; i++)
	{
		int			gr = insp_pool_grade(&c->pool, lo + (int64) i);

		nb[i >> 1] |= (unsigned char) (gr << ((i & 1) ? 4 : 0));
	}
	c->pool.min_id = any ? lo : 0;
	c->pool.span = span;
	c->nibbles = nb;
	c->pool.nibbles = nb;
}

/* ------------------------------------------------------------------------
 * The one-pass scan in parallel (leader and up to
 * max_parallel_workers_per_gather workers, for directories of at least
 * min_parallel_table_scan_size): each participant scans its share of the
 * blocks with its own counts and thresholds, writes the grade of each
 * candidate into a shared byte per id and its kept candidates into a
 * shared item array.  A participant's threshold is never below the one of
 * the whole directory (the threshold falls as the count grows), so the
 * kept candidates of all participants contain those a serial scan keeps,
 * and the exactness check after the scan is the same.  When the item
 * array is full the participants stop keeping and the leader ranks the
 * recorded pool again (the exact second pass).  The selection does not
 * depend on how the blocks were shared out.
 */
#define DRAW_KEY_SHARED	UINT64CONST(0x5341445200000001)
#define DRAW_KEY_PSCAN	UINT64CONST(0x5341445200000002)
#define DRAW_KEY_BLOB	UINT64CONST(0x5341445200000003)
#define DRAW_KEY_GRADES	UINT64CONST(0x5341445200000004)
#define DRAW_KEY_ITEMS	UINT64CONST(0x5341445200000005)
#define DRAW_ITEM_CHUNK 256
#define DRAW_ITEMS_MAX	((uint64) (16 * 1024 * 1024) / sizeof(insp_item))

typedef struct draw_part
{
	int64		counts[4];
	int64		min_id;
	int64		max_id;
} draw_part;

typedef struct draw_shared
{
	Oid			relid;
	int64		min_id;
	uint64		span;
	DateADT		day;			/* the draw's local day (deregistrations) */
	double		rate_f[4];
	uint64		cap_items;
	pg_atomic_uint64 next_item;
	pg_atomic_uint32 overflow;
	int			nparts;
	draw_part	part[FLEXIBLE_ARRAY_MEMBER];	/* [0] leader, [1 + n] worker n */
} draw_shared;

/* seed and filters, flattened: int32 lengths, then bytes */
static void
blob_put_filter(StringInfo b, const text_filter *f)
{
	int32		n = f->n,
				i;

	appendBinaryStringInfo(b, (char *) &n, sizeof(n));
	for (i = 0; i < f->n; i++)
	{
		int32		len = f->len[i];

		appendBinaryStringInfo(b, (char *) &len, sizeof(len));
		appendBinaryStringInfo(b, f->v[i], len);
	}
}

static const char *
blob_get_filter(const char *p, text_filter *f)
{
	int32		n,
				i;

	memcpy(&n, p, sizeof(n));
	p += sizeof(n);
	f->n = n;
	if (n < 0)
		return p;
	f->v = palloc(sizeof(char *) * (n + 1));
	f->len = palloc(sizeof(int) * (n + 1));
	for (i = 0; i < n; i++)
	{
		int32		len;

		memcpy(&len, p, sizeof(len));
		p += sizeof(len);
		f->v[i] = pnstrdup(p, len);
		f->len[i] = len;
		p += len;
	}
	return p;
}

/* one participant's share of the scan */
static void
draw_participate(draw_shared *sh, ParallelTableScanDesc pscan, const char *blob,
				 unsigned char *grades, insp_item *items, int slot)
{
	draw_part  *part = &sh->part[slot];
	target_scan ts;
	TableScanDesc scan;
	HeapTuple	tup;
	MemoryContext old;
	text_filter regions,
				industries;
	uint64		thr[4];
	int64		n_all = 0;
	uint64		pos = 0,
				end = 0;
	bool		full = false;
	int			rows = 0,
				raw18 = 0,
				g;
	size_t		seedlen;

	memcpy(&seedlen, blob, sizeof(seedlen));
	blob_get_filter(blob_get_filter(blob + sizeof(seedlen) + seedlen, &regions), &industries);
	memset(part, 0, sizeof(*part));
	for (g = 0; g < 4; g++)
		thr[g] = PG_UINT64_MAX;
	target_scan_begin(&ts, sh->relid, true, (const unsigned char *) blob + sizeof(seedlen), seedlen, sh->day);
	scan = table_beginscan_parallel(ts.rel, pscan);
	while ((tup = heap_getnext(scan, ForwardScanDirection)) != NULL)
	{
		int64		id;
		uint64		off;
		unsigned char rank[INSP_HASH_LEN];
		uint64		key;
		char	   *u;

		CHECK_FOR_INTERRUPTS();
		heap_deform_tuple(tup, ts.td, ts.values, ts.nulls);
		id = DatumGetInt64(ts.values[ts.tc.id - 1]);
		g = target_grade(&ts.tc, ts.values, ts.nulls, &regions, &industries);
		if (g < 0)
			continue;
		off = (uint64) id - (uint64) sh->min_id;
		if (id < sh->min_id || off >= sh->span)
			ereport(ERROR, (errcode(ERRCODE_T_R_SERIALIZATION_FAILURE), errmsg("target directory changed during the draw"),
							errdetail("Target %lld appeared between the two scans.", (long long) id)));
		if (n_all++ == 0 || id < part->min_id)
			part->min_id = id;
		if (n_all == 1 || id > part->max_id)
			part->max_id = id;
		part->counts[g]++;
		if (part->counts[g] <= 256 || (part->counts[g] & 255) == 0)
			thr[g] = onepass_threshold(sh->rate_f[g], part->counts[g]);
		grades[off] = (unsigned char) (g + 1);
		if (sh->rate_f[g] <= 0.0 || full)
			continue;
		old = MemoryContextSwitchTo(ts.rowcxt);
		u = target_uscc_text(ts.values[ts.tc.uscc - 1], &ts.tc.uscc_out, ts.tc.uscc_len, &raw18, rows, id);
		insp_fail(insp_ranker_rank(&ts.rk, u, 18, rank));
		key = rank_key(rank);
		if (key < thr[g])
		{
			insp_item  *it;

			if (pos == end)
			{
				pos = pg_atomic_fetch_add_u64(&sh->next_item, DRAW_ITEM_CHUNK);
				end = pos + DRAW_ITEM_CHUNK;
				if (end > sh->cap_items)
				{
					/* no room left: the leader ranks the pool again */
					pg_atomic_write_u32(&sh->overflow, 1);
					full = true;
					pos = end = 0;
					MemoryContextSwitchTo(old);
					continue;
				}
			}
			it = &items[pos++];
			it->key = key;
			memcpy(it->rank, rank, INSP_HASH_LEN);
			it->id = id;
			memcpy(it->uscc, u, 18);
			it->grade = (char) ('A' + g);
		}
		MemoryContextSwitchTo(old);
		if (++rows % 4096 == 0)
			MemoryContextReset(ts.rowcxt);
	}
	/* the unused tail of the last chunk */
	for (; pos < end; pos++)
		items[pos].grade = 0;
	target_scan_end(&ts, scan);
}

void
sa_draw_scan_worker(dsm_segment *seg, shm_toc *toc)
{
	draw_shared *sh = shm_toc_lookup(toc, DRAW_KEY_SHARED, false);

	draw_participate(sh, shm_toc_lookup(toc, DRAW_KEY_PSCAN, false), shm_toc_lookup(toc, DRAW_KEY_BLOB, false),
					 shm_toc_lookup(toc, DRAW_KEY_GRADES, false), shm_toc_lookup(toc, DRAW_KEY_ITEMS, false),
					 1 + ParallelWorkerNumber);
}

/* how many workers a scan of rel gets (0: scan alone, serially) */
static int
draw_workers(Relation rel)
{
	BlockNumber pages = RelationGetNumberOfBlocks(rel);
	int			threshold = Max(min_parallel_table_scan_size, 1);
	int			n = 0;

	if (max_parallel_workers_per_gather <= 0 || IsInParallelMode() || !IsUnderPostmaster ||
		pages < (BlockNumber) min_parallel_table_scan_size)
		return 0;
	/* one worker, and one more for each tripling (as the planner's compute_parallel_worker) */
	n = 1;
	while (pages >= (BlockNumber) threshold * 3 && n < 64)
	{
		n++;
		threshold *= 3;
		if (threshold > INT_MAX / 3)
			break;
	}
	return Min(n, max_parallel_workers_per_gather);
}

/*
 * The one-pass scan in parallel; false when the directory is too small for
 * it (or parallel workers are off): then the caller scans serially.
 */
static bool
scan_parallel(draw_ctx *c, int64 *min_id, int64 *max_id)
{
	Oid			relid = target_relid();
	Relation	rel;
	int			nworkers,
				nparts,
				i,
				g;
	ParallelContext *pcxt;
	Size		pscan_size,
				shared_size;
	StringInfoData blob;
	draw_shared *sh;
	ParallelTableScanDesc pscan;
	unsigned char *grades;
	insp_item  *items;
	uint64		cap,
				n_items;
	double		est,
				max_rate = 0;
	bool		any = false;

	if (!OidIsValid(relid) || c->pool.span == 0)
		return false;
	rel = table_open(relid, AccessShareLock);
	nworkers = draw_workers(rel);
	if (nworkers <= 0)
	{
		table_close(rel, AccessShareLock);
		return false;
	}
	nparts = nworkers + 1;
	/* room for the kept candidates: about the largest rate of the directory, with margins, at most 16 MB */
	est = rel->rd_rel->reltuples > 0 ? rel->rd_rel->reltuples : (double) c->pool.span;
	for (g = 0; g < 4; g++)
		max_rate = Max(max_rate, c->rate_f[g]);
	cap = (uint64) Min((double) DRAW_ITEMS_MAX,
					   max_rate * est * 1.25 + nparts * (4 * (300 + 6 * sqrt(est)) + 2 * DRAW_ITEM_CHUNK));
	initStringInfo(&blob);
	appendBinaryStringInfo(&blob, (char *) &c->seedlen, sizeof(c->seedlen));
	appendBinaryStringInfo(&blob, (char *) c->seed, c->seedlen);
	blob_put_filter(&blob, &c->regions);
	blob_put_filter(&blob, &c->industries);

	EnterParallelMode();
	pcxt = CreateParallelContext("$libdir/service_affair", "sa_draw_scan_worker", nworkers);
	shared_size = add_size(offsetof(draw_shared, part), mul_size(nparts, sizeof(draw_part)));
	pscan_size = table_parallelscan_estimate(rel, GetActiveSnapshot());
	shm_toc_estimate_chunk(&pcxt->estimator, shared_size);
	shm_toc_estimate_chunk(&pcxt->estimator, pscan_size);
	shm_toc_estimate_chunk(&pcxt->estimator, blob.len);
	shm_toc_estimate_chunk(&pcxt->estimator, c->pool.span);
	shm_toc_estimate_chunk(&pcxt->estimator, mul_size(cap, sizeof(insp_item)));
	shm_toc_estimate_keys(&pcxt->estimator, 5);
	InitializeParallelDSM(pcxt);
	if (pcxt->seg == NULL)
	{
		/* no dynamic shared memory: scan serially */
		DestroyParallelContext(pcxt);
		ExitParallelMode();
		table_close(rel, AccessShareLock);
		return false;
	}
	sh = shm_toc_allocate(pcxt->toc, shared_size);
	memset(sh, 0, shared_size);
	sh->relid = relid;
	sh->min_id = c->pool.min_id;
	sh->span = c->pool.span;
	sh->day = c->day;
	memcpy(sh->rate_f, c->rate_f, sizeof(sh->rate_f));
	sh->cap_items = cap;
	pg_atomic_init_u64(&sh->next_item, 0);
	pg_atomic_init_u32(&sh->overflow, 0);
	sh->nparts = nparts;
	shm_toc_insert(pcxt->toc, DRAW_KEY_SHARED, sh);
	pscan = shm_toc_allocate(pcxt->toc, pscan_size);
	table_parallelscan_initialize(rel, pscan, GetActiveSnapshot());
	shm_toc_insert(pcxt->toc, DRAW_KEY_PSCAN, pscan);
	{
		char	   *b = shm_toc_allocate(pcxt->toc, blob.len);

		memcpy(b, blob.data, blob.len);
		shm_toc_insert(pcxt->toc, DRAW_KEY_BLOB, b);
	}
	grades = shm_toc_allocate(pcxt->toc, c->pool.span);
	memset(grades, 0, c->pool.span);
	shm_toc_insert(pcxt->toc, DRAW_KEY_GRADES, grades);
	items = shm_toc_allocate(pcxt->toc, mul_size(cap, sizeof(insp_item)));
	shm_toc_insert(pcxt->toc, DRAW_KEY_ITEMS, items);

	LaunchParallelWorkers(pcxt);
	draw_participate(sh, pscan, blob.data, grades, items, 0);
	WaitForParallelWorkersToFinish(pcxt);

	/* gather: counts, id range, the pool map, the kept candidates */
	for (i = 0; i <= pcxt->nworkers_launched; i++)
	{
		draw_part  *p = &sh->part[i];
		bool		has = p->counts[0] + p->counts[1] + p->counts[2] + p->counts[3] > 0;

		for (g = 0; g < 4; g++)
			c->counts[g] += p->counts[g];
		if (has && (!any || p->min_id < *min_id))
			*min_id = p->min_id;
		if (has && (!any || p->max_id > *max_id))
			*max_id = p->max_id;
		any = any || has;
	}
	{
		uint64		o;

		for (o = 0; o < c->pool.span; o++)
			if (grades[o])
				c->nibbles[o >> 1] |= (unsigned char) (grades[o] << ((o & 1) ? 4 : 0));
	}
	c->force_again = pg_atomic_read_u32(&sh->overflow) != 0;
	n_items = Min(pg_atomic_read_u64(&sh->next_item), cap);
	elog(DEBUG1, "draw: parallel scan by the leader and %d of %d workers; %llu of %llu item slots used%s",
		 pcxt->nworkers_launched, nworkers, (unsigned long long) n_items, (unsigned long long) cap,
		 c->force_again ? ", full: ranking the pool again" : "");
	if (!c->force_again)
	{
		uint64		j;

		for (j = 0; j < n_items; j++)
		{
			int			gi = items[j].grade - 'A';

			if (items[j].grade == 0)
				continue;
			if (gi < 0 || gi > 3)
				elog(ERROR, "parallel draw scan returned a bad item");
			if (c->n_kept[gi] == c->cap_kept[gi])
			{
				c->cap_kept[gi] = c->cap_kept[gi] ? c->cap_kept[gi] * 2 : 1024;
				c->kept[gi] = c->kept[gi] ? repalloc_huge(c->kept[gi], sizeof(insp_item) * c->cap_kept[gi])
					: MemoryContextAllocExtended(c->keep_cxt, sizeof(insp_item) * c->cap_kept[gi], MCXT_ALLOC_HUGE);
			}
			c->kept[gi][c->n_kept[gi]++] = items[j];
		}
	}
	DestroyParallelContext(pcxt);
	ExitParallelMode();
	table_close(rel, AccessShareLock);
	return true;
}

/*
 * SPI_execute_with_args with a generic plan: the parameters stay
 * parameters (a one-shot plan folds them into constants, copying each
 * array of the draw row once more).
 */
static int
spi_exec_generic(const char *sql, int nargs, Oid *argt, Datum *argv, bool read_only, long count)
{
	SPIPlanPtr	plan = SPI_prepare_cursor(sql, nargs, argt, CURSOR_OPT_GENERIC_PLAN);
	int			rc;

	if (plan == NULL)
		elog(ERROR, "SPI_prepare_cursor failed: %s", SPI_result_code_string(SPI_result));
	rc = SPI_execute_plan(plan, argv, NULL, read_only, count);
	SPI_freeplan(plan);
	return rc;
}

/* draw(plan_id, seed) → draw id */
Datum
sa_draw(PG_FUNCTION_ARGS)
{
	draw_ctx	c;
	bytea	   *commitment;
	unsigned char h[INSP_HASH_LEN],
				pool_digest[INSP_HASH_LEN],
				sel_digest[INSP_HASH_LEN];
	int64		min_id = 0,
				max_id = 0;
	insp_topk	heaps[4];
	insp_buf	pb = {0};
	bytea	   *pool_bytes;
	Datum	   *teams;
	int64		draw_id;
	int			g,
				rc;
	size_t		i;
	bool		pushed_snapshot = false;

	memset(&c, 0, sizeof(c));
	if (PG_ARGISNULL(0))		/* a bad argument, as refuse_null_id() says in SQL */
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("plan id must not be null"),
						errdetail("A NULL plan id names nothing; give the plan id of an existing row.")));
	if (PG_ARGISNULL(1))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("seed does not match the commitment"),
						errdetail("The seed is NULL.")));
	copy_seed(&c, PG_GETARG_BYTEA_PP(1));

	SPI_connect();

	/*
	 * The writers' first lock, the team map's row, before the plan's
	 * (insp_writer_lock(), 70_inspection.sql: one lock order for every writer
	 * of the inspections; a draw that locked its plan first deadlocked with a
	 * transaction that recorded a result and then drew that plan).  A 0.1.0
	 * schema served by this library until its update has no map to lock.
	 */
	if (OidIsValid(get_relname_relid("target_team_map", get_namespace_oid("service_affair", false)))
		&& SPI_execute("SELECT service_affair.insp_writer_lock()", false, 0) != SPI_OK_SELECT)
		elog(ERROR, "taking the team map's lock failed");

	/*
	 * The directory is read (id_range(), scan_pack(), the scans of the
	 * table) with the active snapshot.  The statement's, taken before the
	 * wait for the lock above, could predate a delete (or a change of id or
	 * USCC) of a target that committed meanwhile: target_keep_drawn() takes
	 * the same lock, so a delete and a draw take turns, and the draw must see
	 * the directory as the delete left it (and rank the USCCs verify_draw()
	 * will read).  Under READ COMMITTED a snapshot
	 * taken now; under REPEATABLE READ or SERIALIZABLE the transaction's,
	 * and a delete committed after it has touched the map's row, so the
	 * lock above was a serialization failure (a review, 2026-12-05:
	 * test/isolation/specs/insp_draw_delete.spec).  The draw locks none of
	 * the targets it selects: locking them FOR KEY SHARE doubled the draw
	 * (doc/benchmarks-insp.md).
	 */
	if (!IsolationUsesXactSnapshot())
	{
		PushActiveSnapshot(GetTransactionSnapshot());
		pushed_snapshot = true;
	}
	load_plan(&c, PG_GETARG_INT64(0), true, &commitment);
	insp_fail(insp_digest(INSP_SHA256, c.seed, c.seedlen, h));
	if (VARSIZE_ANY_EXHDR(commitment) != INSP_HASH_LEN || memcmp(VARDATA_ANY(commitment), h, INSP_HASH_LEN) != 0)
	{
		char		hex[2 * INSP_HASH_LEN + 1];

		insp_hex(h, INSP_HASH_LEN, hex);
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("seed does not match the commitment"),
						errdetail("sha256(seed) = %s differs from the commitment of plan %lld.", hex, (long long) c.plan_id)));
	}
	{
		Oid			argt[1] = {INT8OID};
		Datum		argv[1] = {Int64GetDatum(c.plan_id)};

		rc = SPI_execute_with_args("SELECT d.id FROM service_affair.draw d WHERE d.plan_id = $1",
								   1, argt, argv, NULL, false, 1);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "draw query failed");
		if (SPI_processed > 0)
			ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE), errmsg("plan already drawn"),
							errdetail("Plan %lld was drawn in draw %s; a new draw needs a new plan.", (long long) c.plan_id,
									  SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1))));
	}

	/*
	 * One scan (0.1.0 made two: a count, then the ranking).  The pool map
	 * spans the id range of the whole directory (two probes of the primary
	 * key, same snapshot); each grade keeps its candidates whose rank is
	 * below a threshold that shrinks as the grade's count grows
	 * (onepass_threshold); the quotas come from the final counts.
	 */
	load_rates_f(&c);
	{
		int64		lo = 0,
					hi = 0;
		bool		any = id_range(&lo, &hi);
		int64		width;

		/*
		 * The pool map has a nibble per id of the directory's range (a byte
		 * per id in the parallel scan's shared memory): ids given by hand
		 * (OVERRIDING SYSTEM VALUE) far from the others asked for up to
		 * 2^62 bytes (53200), and the full int64 range overflowed the width
		 * into a bogus 40001.  Refuse such a directory before allocating.
		 */
		if (any && (pg_sub_s64_overflow(hi, lo, &width) || width >= DRAW_MAX_SPAN))
			ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE), errmsg("target ids too far apart"),
							errdetail("Target ids range from %lld to %lld; a draw records a pool over at most %lld consecutive ids.",
									  (long long) lo, (long long) hi, (long long) DRAW_MAX_SPAN),
							errhint("Renumber the outlying targets no draw selected: UPDATE service_affair.target SET id = DEFAULT WHERE id = ...")));

		c.pool.min_id = lo;
		c.pool.span = any ? (uint64) (hi - lo) + 1 : 0;
	}
	c.nibbles = palloc_extended((c.pool.span + 1) / 2 + 1, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	c.pool.nibbles = c.nibbles;
	for (g = 0; g < 4; g++)
		c.thr[g] = PG_UINT64_MAX;
	c.keep_cxt = CurrentMemoryContext;
	load_draw_day(&c);
	if (!scan_pack(&c, c.pool.min_id, c.pool.min_id + (int64) c.pool.span - 1, &min_id, &max_id) &&
		!scan_parallel(&c, &min_id, &max_id))
		scan_targets(&c, SCAN_ONEPASS, &min_id, &max_id, NULL);
	compute_k(&c);
	{
		bool		again = c.force_again;

		for (g = 0; g < 4; g++)
		{
			size_t		k = (size_t) c.k[g];

			insp_items_sort(c.kept[g], c.n_kept[g]);
			if (k == 0)
				insp_topk_init(&heaps[g], c.kept[g], 0);
			else if (c.n_kept[g] >= k &&
					 c.kept[g][k - 1].key < onepass_threshold(c.rate_f[g], c.counts[g]))
			{
				/* every candidate not kept ranks after the k-th kept one */
				insp_topk_init(&heaps[g], c.kept[g], k);
				heaps[g].n = k;
			}
			else
				again = true;
		}
		if (again)
		{
			/* (about one draw in 10^9) rank the recorded pool again, exactly */
			int64		expect[4];

			memcpy(expect, c.counts, sizeof(expect));
			memset(c.counts, 0, sizeof(c.counts));
			alloc_heaps(&c, heaps);
			scan_targets(&c, SCAN_VERIFY, NULL, NULL, heaps);
			if (memcmp(expect, c.counts, sizeof(expect)) != 0)
				ereport(ERROR, (errcode(ERRCODE_T_R_SERIALIZATION_FAILURE), errmsg("target directory changed during the draw"),
								errdetail("The two scans of the target directory saw different candidates."),
								errhint("The first scan read the packed directory unless service_affair.draw_directory is table; "
										"if SELECT * FROM service_affair.target_pack_check() lists blocks, rebuild it.")));
		}
		c.force_again = again;	/* bounded heaps, not sorted runs */
	}
	trim_pool(&c, c.counts[0] + c.counts[1] + c.counts[2] + c.counts[3] > 0, min_id, max_id);
	merge_selection(&c, heaps, !c.force_again);

	/* teams, with the current algorithm (pool record SAP2) */
	c.pool.version = INSP_POOL_V2;
	load_inspectors(&c);
	load_exclusions(&c);
	assign_teams(&c, true);

	/* pool record and digests */
	insp_fail(insp_pool_encode(&c.pool, &pb));
	pool_bytes = bytes_to_bytea(pb.data, pb.len);
	insp_fail(insp_digest(INSP_SHA256, pb.data, pb.len, pool_digest));
	insp_buf_free(&pb);
	selection_digest(&c, sel_digest, &teams);

	/* store */
	{
		Oid			argt[10] = {INT8OID, BYTEAOID, BYTEAOID, BYTEAOID, BYTEAOID,
		INT8ARRAYOID, INT8ARRAYOID, INT8ARRAYOID, TEXTARRAYOID, TEXTARRAYOID};
		Datum		argv[10];
		int64	   *tid = palloc_extended(sizeof(int64) * (c.n_sel + 1), MCXT_ALLOC_HUGE);
		Datum	   *risks = palloc_extended(sizeof(Datum) * (c.n_sel + 1), MCXT_ALLOC_HUGE);
		bool		isnull;

		for (i = 0; i < c.n_sel; i++)
		{
			char		gr = c.sel[i].grade;

			tid[i] = c.sel[i].id;
			risks[i] = PointerGetDatum(cstring_to_text_with_len(&gr, 1));
		}
		argv[0] = Int64GetDatum(c.plan_id);
		argv[1] = PointerGetDatum(bytes_to_bytea(c.seed, c.seedlen));
		argv[2] = PointerGetDatum(pool_bytes);
		argv[3] = PointerGetDatum(bytes_to_bytea(pool_digest, INSP_HASH_LEN));
		argv[4] = PointerGetDatum(bytes_to_bytea(sel_digest, INSP_HASH_LEN));
		argv[5] = PointerGetDatum(int64_array(c.counts, 4));
		for (g = 0; g < 4; g++)
			c.k[g] = heaps[g].n;
		argv[6] = PointerGetDatum(int64_array(c.k, 4));
		argv[7] = PointerGetDatum(int64_array(tid, c.n_sel));
		argv[8] = PointerGetDatum(construct_array(risks, (int) c.n_sel, TEXTOID, -1, false, TYPALIGN_INT));
		argv[9] = PointerGetDatum(construct_array(teams, (int) c.n_sel, TEXTOID, -1, false, TYPALIGN_INT));
		rc = spi_exec_generic("INSERT INTO service_affair.draw (plan_id, seed, pool, pool_digest, selection_digest, "
								   "candidates, selected, targets, risks, teams, drawn_by) "
								   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, service_affair.actor()) RETURNING id",
								   10, argt, argv, false, 1);
		if (rc != SPI_OK_INSERT_RETURNING || SPI_processed != 1)
			elog(ERROR, "draw insert failed");
		draw_id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));

		/*
		 * The map of previous teams: this draw becomes one of the draws
		 * after the base (head_draw; a small update that keeps the base
		 * where it is), or, as the MAP_MAX_DELTAS-th of them, the base is
		 * rewritten with all of them merged in.  Either way the row is
		 * updated, so a concurrent REPEATABLE READ draw gets a
		 * serialization failure instead of missing this draw.
		 */
		if (c.use_map)
		{
			Oid			mt[2] = {INT8OID, BYTEAOID};
			Datum		mv[2];

			mv[0] = Int64GetDatum(draw_id);
			if (c.tm.n_deltas + 1 >= MAP_MAX_DELTAS)
			{
				map_delta  *x;
				Datum	   *tv = palloc_extended(sizeof(Datum) * (c.n_sel + 1), MCXT_ALLOC_HUGE);

				for (i = 0; i < c.n_sel; i++)
					tv[i] = Int64GetDatum(c.sel[i].id);
				c.tm.deltas = repalloc(c.tm.deltas, sizeof(map_delta) * (c.tm.n_deltas + 1));
				x = &c.tm.deltas[c.tm.n_deltas++];
				x->draw = draw_id;
				x->n = (int) c.n_sel;
				x->targets = tv;
				x->teams = teams;
				mv[1] = PointerGetDatum(team_map_merge(&c.tm));
				rc = spi_exec_generic("UPDATE service_affair.target_team_map SET upto_draw = $1, head_draw = $1, data = $2 WHERE id = 1",
									  2, mt, mv, false, 0);
			}
			else
				rc = SPI_execute_with_args("UPDATE service_affair.target_team_map SET head_draw = $1 WHERE id = 1",
										   1, mt, mv, NULL, false, 0);
			if (rc != SPI_OK_UPDATE || SPI_processed != 1)
				elog(ERROR, "team map update failed");
		}

		argv[1] = Int64GetDatum(draw_id);
		argt[1] = INT8OID;
		argv[2] = PointerGetDatum(bytes_to_bytea(c.seed, c.seedlen));
		argv[3] = PointerGetDatum(bytes_to_bytea(pool_digest, INSP_HASH_LEN));
		argv[4] = PointerGetDatum(bytes_to_bytea(sel_digest, INSP_HASH_LEN));
		argv[5] = PointerGetDatum(int64_array(c.counts, 4));
		argv[6] = PointerGetDatum(int64_array(c.k, 4));
		argt[5] = INT8ARRAYOID;
		argt[6] = INT8ARRAYOID;
		rc = spi_exec_generic("SELECT service_affair.insp_log_plan($1, 'draw', pg_catalog.jsonb_build_object("
								   "'plan', $1, 'draw', $2, 'seed', pg_catalog.encode($3, 'hex'), "
								   "'pool_digest', pg_catalog.encode($4, 'hex'), "
								   "'selection_digest', pg_catalog.encode($5, 'hex'), "
								   "'candidates', pg_catalog.to_jsonb($6), 'selected', pg_catalog.to_jsonb($7), "
								   "'actor', service_affair.actor(), 'login', session_user))",
								   7, argt, argv, false, 1);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "draw log failed");
	}
	if (pushed_snapshot)
		PopActiveSnapshot();
	SPI_finish();
	PG_RETURN_INT64(draw_id);
}

static bool
bytea_eq(Datum d, const unsigned char *p, size_t n)
{
	bytea	   *b = DatumGetByteaPP(d);

	return VARSIZE_ANY_EXHDR(b) == n && memcmp(VARDATA_ANY(b), p, n) == 0;
}

/*
 * The USCCs that pool members of draw draw_id had when it was made and that
 * changed since, or whose target was deleted or given another id since
 * (target_uscc_history, 70_inspection.sql, keyed by the former id): for each target,
 * its row with the smallest upto_draw at or after the draw.  NULL when
 * there is none, or no such table (a 0.1.0 schema under this library).
 * Inside SPI: the table lives in the SPI procedure's context.
 */
static HTAB *
load_uscc_then(int64 draw_id)
{
	Oid			ns = get_namespace_oid("service_affair", true);
	Oid			argt[1] = {INT8OID};
	Datum		argv[1] = {Int64GetDatum(draw_id)};
	HASHCTL		ctl;
	HTAB	   *h;
	uint64		i;

	if (!OidIsValid(ns) || !OidIsValid(get_relname_relid("target_uscc_history", ns)))
		return NULL;
	if (SPI_execute_with_args("SELECT DISTINCT ON (h.target) h.target, h.uscc::text "
							  "FROM service_affair.target_uscc_history h WHERE h.upto_draw >= $1 "
							  "ORDER BY h.target, h.upto_draw",
							  1, argt, argv, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading target_uscc_history failed");
	if (SPI_processed == 0)
		return NULL;
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(uscc_then_ent);
	ctl.hcxt = CurrentMemoryContext;
	h = hash_create("verify_draw USCCs then", (long) SPI_processed, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	for (i = 0; i < SPI_processed; i++)
	{
		bool		isnull;
		int64		id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
		char	   *u = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);
		uscc_then_ent *e = hash_search(h, &id, HASH_ENTER, NULL);

		if (u == NULL || strlen(u) != 18)
			ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION), errmsg("target uscc is not 18 characters"),
							errdetail("Target %lld has former USCC \"%s\" in target_uscc_history.", (long long) id, u ? u : "")));
		memcpy(e->uscc, u, 19);
		e->seen = false;
	}
	return h;
}

/* verify_draw(draw_id) → boolean */
Datum
sa_verify_draw(PG_FUNCTION_ARGS)
{
	int64		draw_id = PG_GETARG_INT64(0);
	draw_ctx	c;
	Oid			argt[1] = {INT8OID};
	Datum		argv[1] = {Int64GetDatum(draw_id)};
	HeapTuple	tup;
	TupleDesc	td;
	bool		isnull,
				ok = true;
	bytea	   *commitment,
			   *seed,
			   *pool;
	Datum		d_pool_digest,
				d_sel_digest,
				d_cand,
				d_selected,
				d_targets,
				d_risks,
				d_teams;
	unsigned char h[INSP_HASH_LEN],
				sel_digest[INSP_HASH_LEN];
	insp_topk	heaps[4];
	Datum	   *teams;
	int			rc;
	size_t		i;
	uint64		off;

	memset(&c, 0, sizeof(c));
	SPI_connect();
	rc = SPI_execute_with_args("SELECT d.plan_id, d.seed, d.pool, d.pool_digest, d.selection_digest, d.candidates, "
							   "d.selected, d.targets, d.risks, d.teams FROM service_affair.draw d WHERE d.id = $1",
							   1, argt, argv, NULL, true, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "draw query failed");
	if (SPI_processed == 0)
		ereport(ERROR, (errcode(ERRCODE_FOREIGN_KEY_VIOLATION), errmsg("unknown draw"),
						errdetail("Draw %lld does not exist.", (long long) draw_id)));
	tup = SPI_copytuple(SPI_tuptable->vals[0]);
	td = CreateTupleDescCopy(SPI_tuptable->tupdesc);
	seed = DatumGetByteaPP(SPI_getbinval(tup, td, 2, &isnull));
	pool = DatumGetByteaPP(SPI_getbinval(tup, td, 3, &isnull));
	d_pool_digest = SPI_getbinval(tup, td, 4, &isnull);
	d_sel_digest = SPI_getbinval(tup, td, 5, &isnull);
	d_cand = SPI_getbinval(tup, td, 6, &isnull);
	d_selected = SPI_getbinval(tup, td, 7, &isnull);
	d_targets = SPI_getbinval(tup, td, 8, &isnull);
	d_risks = SPI_getbinval(tup, td, 9, &isnull);
	d_teams = SPI_getbinval(tup, td, 10, &isnull);
	load_plan(&c, DatumGetInt64(SPI_getbinval(tup, td, 1, &isnull)), false, &commitment);
	copy_seed(&c, seed);

	/* 1. the seed opens the commitment; the pool matches its digest */
	insp_fail(insp_digest(INSP_SHA256, c.seed, c.seedlen, h));
	if (!bytea_eq(PointerGetDatum(commitment), h, INSP_HASH_LEN))
		ok = false;
	insp_fail(insp_digest(INSP_SHA256, VARDATA_ANY(pool), VARSIZE_ANY_EXHDR(pool), h));
	if (!bytea_eq(d_pool_digest, h, INSP_HASH_LEN))
		ok = false;
	if (ok && insp_pool_decode((unsigned char *) VARDATA_ANY(pool), VARSIZE_ANY_EXHDR(pool), &c.pool) != INSP_OK)
		ok = false;
	if (ok && c.pool.n_depts != (uint32) c.n_depts)
		ok = false;

	if (ok)
	{
		int64		expect[4] = {0, 0, 0, 0};
		int64		found[4];

		/* 2. candidates and quotas from the recorded pool */
		for (off = 0; off < c.pool.span; off++)
		{
			int			gr = insp_pool_grade(&c.pool, c.pool.min_id + (int64) off);

			if (gr > 0)
				expect[gr - 1]++;
		}
		memcpy(c.counts, expect, sizeof(expect));
		compute_k(&c);
		{
			ArrayType  *a = DatumGetArrayTypeP(d_cand);
			ArrayType  *b = DatumGetArrayTypeP(d_selected);

			if (ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a)) != 4 || ArrayGetNItems(ARR_NDIM(b), ARR_DIMS(b)) != 4 ||
				ARR_HASNULL(a) || ARR_HASNULL(b) ||
				memcmp(ARR_DATA_PTR(a), expect, sizeof(expect)) != 0 ||
				memcmp(ARR_DATA_PTR(b), c.k, sizeof(c.k)) != 0)
				ok = false;
		}
		/*
		 * 3. re-rank the pool members found in the directory, each by the
		 * USCC it had when the draw was made (its current one unless
		 * target_uscc_history says otherwise; until 2026-12-05 always the
		 * current one: an unselected member given a USCC that ranked
		 * before a selected target made the draw false); a member deleted or
		 * given another id since is ranked from that record alone (until
		 * 2026-12-05 it was missing, and the draw false)
		 */
		c.uscc_then = load_uscc_then(draw_id);
		memset(c.counts, 0, sizeof(c.counts));
		alloc_heaps(&c, heaps);
		scan_targets(&c, SCAN_VERIFY, NULL, NULL, heaps);
		memcpy(found, c.counts, sizeof(found));
		if (memcmp(found, expect, sizeof(found)) != 0)
			ok = false;
		merge_selection(&c, heaps, false);
		/* the recorded grade, not today's, decides the stratum */
		for (i = 0; i < c.n_sel; i++)
			c.sel[i].grade = (char) ('A' + insp_pool_grade(&c.pool, c.sel[i].id) - 1);
	}
	/* 4. teams, digest and the stored arrays */
	if (ok && !assign_teams(&c, false))
		ok = false;
	if (ok)
	{
		Datum	   *tv,
				   *rv,
				   *mv;
		bool	   *tn,
				   *rn,
				   *mn;
		int			nt,
					nr,
					nm;

		selection_digest(&c, sel_digest, &teams);
		if (!bytea_eq(d_sel_digest, sel_digest, INSP_HASH_LEN))
			ok = false;
		deconstruct_array(DatumGetArrayTypeP(d_targets), INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &tv, &tn, &nt);
		deconstruct_array(DatumGetArrayTypeP(d_risks), TEXTOID, -1, false, TYPALIGN_INT, &rv, &rn, &nr);
		deconstruct_array(DatumGetArrayTypeP(d_teams), TEXTOID, -1, false, TYPALIGN_INT, &mv, &mn, &nm);
		if ((size_t) nt != c.n_sel || (size_t) nr != c.n_sel || (size_t) nm != c.n_sel)
			ok = false;
		for (i = 0; ok && i < c.n_sel; i++)
		{
			if (tn[i] || rn[i] || mn[i] || DatumGetInt64(tv[i]) != c.sel[i].id)
				ok = false;
			else
			{
				text	   *r = DatumGetTextPP(rv[i]);

				text	   *m1 = DatumGetTextPP(mv[i]);
				text	   *m2 = DatumGetTextPP(teams[i]);

				if (VARSIZE_ANY_EXHDR(r) != 1 || VARDATA_ANY(r)[0] != c.sel[i].grade ||
					VARSIZE_ANY_EXHDR(m1) != VARSIZE_ANY_EXHDR(m2) ||
					memcmp(VARDATA_ANY(m1), VARDATA_ANY(m2), VARSIZE_ANY_EXHDR(m1)) != 0)
					ok = false;
			}
		}
	}
	/* 5. each plan department's ledger holds the draw entry with these digests */
	if (ok)
	{
		Oid			at[2] = {INT8OID, INT8OID};
		Datum		av[2] = {Int64GetDatum(draw_id), Int64GetDatum(c.plan_id)};

		rc = SPI_execute_with_args("SELECT pg_catalog.count(DISTINCT l.ledger) = pg_catalog.cardinality(p.departments) "
								   "FROM service_affair.plan p, service_affair.draw d, service_affair.inspection_log l "
								   "WHERE p.id = $2 AND d.id = $1 AND l.ledger = ANY (p.departments) AND l.kind = 'draw' "
								   "AND l.payload OPERATOR(pg_catalog.@>) pg_catalog.jsonb_build_object('draw', d.id, 'plan', p.id, "
								   "'seed', pg_catalog.encode(d.seed, 'hex'), 'pool_digest', pg_catalog.encode(d.pool_digest, 'hex'), "
								   "'selection_digest', pg_catalog.encode(d.selection_digest, 'hex')) "
								   "GROUP BY p.departments",
								   2, at, av, NULL, true, 1);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "log query failed");
		if (SPI_processed != 1 || !DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)))
			ok = false;
	}

	if (c.pool.insp != NULL)
		insp_pool_free(&c.pool);
	SPI_finish();
	PG_RETURN_BOOL(ok);
}

PG_FUNCTION_INFO_V1(sa_verify_chain);

/*
 * The first seq of the ledger hashed over UTF-8 (ledger.utf8_from, inside
 * SPI): the entries before it were written by 0.1.0 in a database of
 * another encoding, over its bytes.  Without the column (a database still
 * at 0.1.0 under this library) every entry is read so; a ledger row not
 * found (a NULL, a row gone) reads every entry as UTF-8.
 */
static int64
ledger_utf8_from(text *ledger)
{
	Oid			ns = get_namespace_oid("service_affair", true);
	Oid			rel = OidIsValid(ns) ? get_relname_relid("ledger", ns) : InvalidOid;
	Oid			argt[1] = {TEXTOID};
	Datum		argv[1] = {PointerGetDatum(ledger)};
	bool		isnull;
	Datum		d;

	if (!OidIsValid(rel) || get_attnum(rel, "utf8_from") == InvalidAttrNumber)
		return PG_INT64_MAX;
	if (SPI_execute_with_args("SELECT g.utf8_from FROM service_affair.ledger g WHERE g.name = $1",
							  1, argt, argv, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading the ledger row failed");
	if (SPI_processed != 1)
		return 1;
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return isnull ? 1 : DatumGetInt64(d);
}

/*
 * insp_verify_chain(ledger, algorithm) → bigint[3] {entries, last seq,
 * first bad seq or 0}: walks one chain in seq order through a cursor (an
 * index scan of the primary key; constant memory) and re-hashes every
 * entry until the first bad one.
 */
Datum
sa_verify_chain(PG_FUNCTION_ARGS)
{
	text	   *ledger = PG_GETARG_TEXT_PP(0);
	char	   *ledger_c = text_to_cstring(ledger);
	char	   *alg_c = text_to_cstring(PG_GETARG_TEXT_PP(1));
	insp_alg	alg;
	Oid			argt[1] = {TEXTOID};
	Datum		argv[1] = {PointerGetDatum(ledger)};
	Portal		portal;
	int64		n = 0,
				last = 0,
				bad = 0,
				utf8_from;
	unsigned char prev[INSP_HASH_LEN];
	size_t		prevlen = INSP_HASH_LEN;
	MemoryContext batch,
				old;
	int64		res[3];

	if (insp_alg_parse(alg_c, &alg) != INSP_OK)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("unknown ledger algorithm"),
						errdetail("Algorithm \"%s\" is not one of sha256, sm3.", sa_echo(alg_c, -1))));
	memset(prev, 0, sizeof(prev));
	batch = AllocSetContextCreate(CurrentMemoryContext, "insp verify batch", ALLOCSET_DEFAULT_SIZES);
	SPI_connect();
	utf8_from = ledger_utf8_from(ledger);
	portal = SPI_cursor_open_with_args(NULL,
									   "SELECT l.seq, l.at, l.kind, l.payload, l.prev_hash, l.hash "
									   "FROM service_affair.inspection_log l WHERE l.ledger = $1 ORDER BY l.seq",
									   1, argt, argv, NULL, true, CURSOR_OPT_NO_SCROLL);
	for (;;)
	{
		uint64		i;

		SPI_cursor_fetch(portal, true, 1000);
		if (SPI_processed == 0)
			break;
		old = MemoryContextSwitchTo(batch);
		for (i = 0; i < SPI_processed; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];
			TupleDesc	td = SPI_tuptable->tupdesc;
			bool		isnull;
			int64		seq = DatumGetInt64(SPI_getbinval(tup, td, 1, &isnull));
			bytea	   *ph,
					   *h;

			n++;
			if (bad == 0)
			{
				bool		n_at,
							n_kind,
							n_payload,
							n_ph,
							n_h;
				Datum		d_at = SPI_getbinval(tup, td, 2, &n_at);
				Datum		d_kind = SPI_getbinval(tup, td, 3, &n_kind);
				Datum		d_payload = SPI_getbinval(tup, td, 4, &n_payload);
				Datum		d_ph = SPI_getbinval(tup, td, 5, &n_ph);
				Datum		d_h = SPI_getbinval(tup, td, 6, &n_h);

				/*
				 * A NULL in any hashed column (possible only after a
				 * superuser dropped a NOT NULL) is tampering: the entry is
				 * bad, never dereferenced.
				 */
				if (seq != last + 1)
					bad = last + 1;
				else if (n_at || n_kind || n_payload || n_ph || n_h)
					bad = seq;
				else
				{
					ph = DatumGetByteaPP(d_ph);
					h = DatumGetByteaPP(d_h);
					if (VARSIZE_ANY_EXHDR(ph) != prevlen || memcmp(VARDATA_ANY(ph), prev, prevlen) != 0)
						bad = seq;
					else
					{
						TimestampTz at = DatumGetTimestampTz(d_at);
						char	   *kind = TextDatumGetCString(d_kind);
						char	   *payload = payload_text(DatumGetJsonbP(d_payload));
						unsigned char hh[INSP_HASH_LEN];

						if (TIMESTAMP_NOT_FINITE(at))
							bad = seq;
						else
						{
							/*
							 * one reading per entry, never a second try: in
							 * LATIN1 "é" read as UTF-8 has the bytes of
							 * "Ã©" read as LATIN1, so accepting either would
							 * let one pass for the other
							 */
							if (seq >= utf8_from)
								insp_fail(insp_entry_hash(alg, entry_field(ledger_c), seq, at, entry_field(kind),
														  entry_field(payload), prev, prevlen, hh));
							else
								insp_fail(insp_entry_hash(alg, ledger_c, seq, at, kind, payload,
														  prev, prevlen, hh));
							if (VARSIZE_ANY_EXHDR(h) != INSP_HASH_LEN || memcmp(VARDATA_ANY(h), hh, INSP_HASH_LEN) != 0)
								bad = seq;
						}
					}
					prevlen = Min(VARSIZE_ANY_EXHDR(h), INSP_HASH_LEN);
					memcpy(prev, VARDATA_ANY(h), prevlen);
				}
			}
			last = seq;
		}
		MemoryContextSwitchTo(old);
		MemoryContextReset(batch);
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	SPI_finish();
	MemoryContextDelete(batch);
	res[0] = n;
	res[1] = last;
	res[2] = bad;
	PG_RETURN_ARRAYTYPE_P(int64_array(res, 3));
}

PG_FUNCTION_INFO_V1(sa_last_teams);

/*
 * insp_last_teams() → TABLE (target, draw_id, team): the decoded
 * target_team_map (for the target_last_team view, tests and audits).
 */
Datum
sa_last_teams(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	bytea	   *b = NULL;
	size_t		n;
	const unsigned char *m;
	map_reader	r;
	map_ent		e;

	InitMaterializedSRF(fcinfo, 0);
	SPI_connect();
	{
		team_map	tm;
		bytea	   *merged;
		MemoryContext old;

		team_map_read(&tm, false);
		merged = team_map_merge(&tm);
		old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
		b = DatumGetByteaPCopy(PointerGetDatum(merged));
		MemoryContextSwitchTo(old);
	}
	SPI_finish();
	m = (const unsigned char *) VARDATA(b);
	n = VARSIZE(b) - VARHDRSZ;
	map_open(&r, m, n);
	while (map_next(&r, &e))
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = Int64GetDatum(e.target);
		values[1] = Int64GetDatum(e.draw);
		values[2] = PointerGetDatum(map_team_text(&r, &e));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * service_affair.insp_pool_grade(pool bytea, target bigint) → text: the
 * grade ('A' to 'D') a draw's recorded pool (draw.pool) gives the target,
 * NULL when the target is not in it.  target_deregister_check()
 * (73_target_deregister.sql) asks it which draws counted a target.
 */
PG_FUNCTION_INFO_V1(sa_insp_pool_grade);
Datum
sa_insp_pool_grade(PG_FUNCTION_ARGS)
{
	bytea	   *pool = PG_GETARG_BYTEA_PP(0);
	int64		id = PG_GETARG_INT64(1);
	insp_pool	p;
	int			g;

	memset(&p, 0, sizeof(p));
	if (insp_pool_decode((unsigned char *) VARDATA_ANY(pool), VARSIZE_ANY_EXHDR(pool), &p) != INSP_OK)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("invalid pool record"),
						errdetail("The %zu bytes given are not a draw's pool record (draw.pool).", (size_t) VARSIZE_ANY_EXHDR(pool))));
	g = insp_pool_grade(&p, id);
	insp_pool_free(&p);
	if (g < 1 || g > 4)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len((const char *) "ABCD" + (g - 1), 1));
}
