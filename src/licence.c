/*
 * licence.c — SQL glue of the electronic licences (doc/licences.md):
 *
 *   licence_hmac(key bytea, message text) → text   HMAC-SHA-256, lower-case hex
 *                                                  (lic_hmac_sha256_hex in src/core)
 *   licence_random_key() → bytea                   32 bytes from pg_strong_random
 *   licence_message(number, type, identifier, issued date, valid_until date) → text
 *                                                  the canonical message (lic_message)
 *
 * and the two calls routing makes at the end of a stage (licence.h).
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "nodes/parsenodes.h"
#include "fmgr.h"
#include "port.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"

#include "lic.h"
#include "licence.h"

PG_FUNCTION_INFO_V1(sa_licence_hmac);
PG_FUNCTION_INFO_V1(sa_licence_random_key);
PG_FUNCTION_INFO_V1(sa_licence_message);
PG_FUNCTION_INFO_V1(sa_licence_row_ok_sql);

static lic_text
lic_text_arg(FunctionCallInfo fcinfo, int i)
{
	lic_text	r = {NULL, 0};

	if (!PG_ARGISNULL(i))
	{
		text	   *t = PG_GETARG_TEXT_PP(i);

		r.s = VARDATA_ANY(t);
		r.len = VARSIZE_ANY_EXHDR(t);
	}
	return r;
}

/*
 * licence_row_ok(number, status, origin, reference, hmac, has_item,
 * has_changed_at): the CHECK constraint licence_row (lic_row_ok in
 * src/core/lic.c).  A NULL flag leaves its condition out, as a NULL made
 * the expression it replaced NULL.
 */
Datum
sa_licence_row_ok_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(lic_row_ok(lic_text_arg(fcinfo, 0), lic_text_arg(fcinfo, 1), lic_text_arg(fcinfo, 2),
							  lic_text_arg(fcinfo, 3), lic_text_arg(fcinfo, 4),
							  PG_ARGISNULL(5) ? -1 : (int) PG_GETARG_BOOL(5),
							  PG_ARGISNULL(6) ? -1 : (int) PG_GETARG_BOOL(6)));
}

/* licence_message(number, type, identifier, issued, valid_until): NULL when a text argument or the day of issue is NULL. */
Datum
sa_licence_message(PG_FUNCTION_ARGS)
{
	char	   *number,
			   *type,
			   *ident,
			   *buf;
	int			iy = 0,
				im = 0,
				id = 0,
				uy = 0,
				um = 0,
				ud = 0,
				n;
	size_t		cap;
	bool		has_until = !PG_ARGISNULL(4);

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	number = text_to_cstring(PG_GETARG_TEXT_PP(0));
	type = text_to_cstring(PG_GETARG_TEXT_PP(1));
	ident = text_to_cstring(PG_GETARG_TEXT_PP(2));
	if (DATE_NOT_FINITE(PG_GETARG_DATEADT(3)) || (has_until && DATE_NOT_FINITE(PG_GETARG_DATEADT(4))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("licence days must be finite")));
	j2date(PG_GETARG_DATEADT(3) + POSTGRES_EPOCH_JDATE, &iy, &im, &id);
	if (has_until)
		j2date(PG_GETARG_DATEADT(4) + POSTGRES_EPOCH_JDATE, &uy, &um, &ud);
	cap = strlen(number) + strlen(type) + strlen(ident) + 64;
	buf = palloc(cap);
	n = lic_message(buf, cap, number, type, ident, iy, im, id, has_until, uy, um, ud);
	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid licence message field"),
				 errdetail("A field holds a line feed, or a day lies outside the years 1 to 9999.")));
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, n));
}

/* licence_hmac(key, message): 22023 for a key shorter than 16 bytes. */
Datum
sa_licence_hmac(PG_FUNCTION_ARGS)
{
	bytea	   *key = PG_GETARG_BYTEA_PP(0);
	text	   *msg = PG_GETARG_TEXT_PP(1);
	char		out[LIC_HMAC_HEX_LEN + 1];

	switch (lic_hmac_sha256_hex((const unsigned char *) VARDATA_ANY(key), VARSIZE_ANY_EXHDR(key),
								VARDATA_ANY(msg), VARSIZE_ANY_EXHDR(msg), out))
	{
		case LIC_OK:
			break;
		case LIC_BAD_KEY:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("licence key too short"),
					 errdetail("The key has %d bytes; a licence key has at least 16.",
							   (int) VARSIZE_ANY_EXHDR(key))));
			break;
		case LIC_CRYPTO:
			elog(ERROR, "HMAC-SHA-256 failed in libcrypto");
			break;
	}
	PG_RETURN_TEXT_P(cstring_to_text(out));
}

/* licence_random_key(): a new 32-byte key. */
Datum
sa_licence_random_key(PG_FUNCTION_ARGS)
{
	bytea	   *k = palloc(VARHDRSZ + 32);

	SET_VARSIZE(k, VARHDRSZ + 32);
	if (!pg_strong_random(VARDATA(k), 32))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate a random licence key")));
	PG_RETURN_BYTEA_P(k);
}

static SPIPlanPtr plan_pending = NULL;
static SPIPlanPtr plan_issue = NULL;
static SPIPlanPtr plan_block = NULL;
static SPIPlanPtr plan_fast = NULL;

static SPIPlanPtr
lic_plan(SPIPlanPtr *slot, const char *sql, int nargs, Oid *types)
{
	if (*slot == NULL)
	{
		/* generic plans: a custom plan of the issuing statement would be planned on every call */
		SPIPlanPtr	p = SPI_prepare_cursor(sql, nargs, types, CURSOR_OPT_GENERIC_PLAN);

		if (p == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		SPI_keepplan(p);
		*slot = p;
	}
	return *slot;
}

/*
 * What the issuing statement needs of the case, its applicant and the type,
 * read by the pending-licence query (which also locks the holder): the
 * issuing statement then reads nothing but the counter, the holder's
 * current licence and the key (doc/benchmarks.md, "Licence issuance").
 */
typedef struct LicPending
{
	char	   *item;
	char	   *type;
	char	   *dept;
	bool		fast;			/* holder kind fits, case accepted or concluded */
	int64		holder;
	char	   *region;			/* the case's region, else its department's, else 000000 */
	DateADT		day;			/* local day of issue on the case's calendar */
	char	   *ident;			/* resident id, else USCC */
	char	   *format;			/* evidence_type.number_format */
	bool		has_validity;
	int32		validity;		/* evidence_type.validity_days */
} LicPending;

/*
 * Issue one licence in one statement (the common case, inside SPI; the
 * caller locked the holder in an earlier statement, so this one's snapshot
 * sees, and supersedes, a licence a concurrent issuance for the same holder
 * committed meanwhile): take the next number of the type's counter, supersede the holder's
 * current licence of the type, insert the new one signed with the active key.
 * Returns false, having written nothing, when the counter row of the type,
 * region and year does not exist yet or no key is active (the first
 * issuance): issue_licences() then does it step by step.
 */
static bool
lic_issue_fast(int64 case_id, const LicPending *p, TimestampTz at)
{
	Oid			types[11] = {INT8OID, TEXTOID, TEXTOID, TEXTOID, TIMESTAMPTZOID,
							 TEXTOID, DATEOID, INT8OID, TEXTOID, INT4OID, TEXTOID};
	Datum		args[11];
	char		nulls[11];

	memset(nulls, ' ', sizeof nulls);
	args[0] = Int64GetDatum(case_id);
	args[1] = CStringGetTextDatum(p->item);
	args[2] = CStringGetTextDatum(p->type);
	args[3] = CStringGetTextDatum(p->dept);
	args[4] = TimestampTzGetDatum(at);
	args[5] = CStringGetTextDatum(p->region);
	args[6] = DateADTGetDatum(p->day);
	args[7] = Int64GetDatum(p->holder);
	args[8] = CStringGetTextDatum(p->format);
	args[9] = Int32GetDatum(p->validity);
	if (!p->has_validity)
		nulls[9] = 'n';
	args[10] = CStringGetTextDatum(p->ident);
	lic_plan(&plan_fast,
			 "WITH n AS ("
			 "  UPDATE service_affair.licence_counter k SET last = k.last + 1"
			 "   WHERE k.evidence_type = $3 AND k.region = $6"
			 "     AND k.year = pg_catalog.date_part('year', $7)::integer"
			 "     AND EXISTS (SELECT FROM service_affair.licence_key k WHERE k.active)"
			 "  RETURNING k.last),"
			 " s AS ("
			 "  UPDATE service_affair.licence l SET status = 'superseded', changed_at = $5 FROM n"
			 "   WHERE l.holder = $8 AND l.evidence_type = $3 AND l.status IN ('valid', 'expired')"
			 "  RETURNING l.id),"
			 " v AS ("
			 "  SELECT $7 + $10 AS until, (SELECT pg_catalog.max(s.id) FROM s) AS prev,"
			 "         pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace($9,"
			 "             '{type}', $3), '{region}', $6), '{year}', pg_catalog.date_part('year', $7)::integer::text),"
			 "             '{seq}', pg_catalog.lpad(n.last::text, 6, '0')) AS number"
			 "    FROM n)"
			 " INSERT INTO service_affair.licence (number, evidence_type, holder, case_id, issued_at, valid_until, status,"
			 "                                     item, department, origin, supersedes, key_id, hmac)"
			 " SELECT v.number, $3, $8, $1, $5, v.until, 'valid', $2, $4, 'issued', v.prev, k.key_id,"
			 "        service_affair.licence_hmac(k.key, service_affair.licence_message(v.number, $3, $11, $7, v.until))"
			 "   FROM v JOIN service_affair.licence_key k ON k.active",
			 11, types);
	if (SPI_execute_plan(plan_fast, args, nulls, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "issuing a licence for case " INT64_FORMAT " failed", case_id);
	return SPI_processed == 1;
}

/*
 * Whether the schema has the licences: this library also serves a database
 * still at 0.1.0 until ALTER EXTENSION ... UPDATE runs (its route_advance()
 * is this C function), where routing must go on without them.  Two syscache
 * lookups.
 */
static bool
lic_available(void)
{
	Oid			ns = get_namespace_oid("service_affair", true);

	return OidIsValid(ns) && OidIsValid(get_relname_relid("licence", ns));
}

void
sa_licence_stage_end(int64 case_id, TimestampTz at)
{
	Oid			types[2] = {INT8OID, TIMESTAMPTZOID};
	Datum		args[2];
	int			n,
				i;
	LicPending *pend;
	bool		slow = false;

	if (!lic_available())
		return;
	args[0] = Int64GetDatum(case_id);
	args[1] = TimestampTzGetDatum(at);
	/*
	 * What to issue: usually nothing (no approved task of an issuing item),
	 * one indexed read.  Else this statement also locks the holder (FOR NO
	 * KEY UPDATE), so that the issuing statements that follow take their
	 * snapshots after any concurrent issuance for the same holder committed,
	 * and reads what the issuing statement needs of the case, the holder
	 * and the type (none of which an issuance changes).
	 */
	lic_plan(&plan_pending,
			 "SELECT t.item, i.output_evidence_type, t.department,"
			 "       et.holder_kind IN ('any', a.kind) AND c.status IN ('accepted', 'concluded') AS fast,"
			 "       a.id, COALESCE(c.region, d.region, '000000'), service_affair.local_day($2, c.calendar),"
			 "       COALESCE(a.resident_id::text, a.uscc::text), et.number_format, et.validity_days"
			 "  FROM service_affair.task t JOIN service_affair.item i ON i.code = t.item"
			 "  JOIN service_affair.evidence_type et ON et.code = i.output_evidence_type"
			 "  JOIN service_affair.cases c ON c.id = t.case_id"
			 "  JOIN service_affair.department d ON d.code = c.department"
			 "  JOIN service_affair.applicant a ON a.id = c.applicant"
			 " WHERE t.case_id = $1 AND t.decision = 'approved'"
			 "   AND NOT EXISTS (SELECT FROM service_affair.licence l WHERE l.case_id = t.case_id AND l.item = t.item)"
			 " ORDER BY t.stage, t.id"
			 "   FOR NO KEY UPDATE OF a",
			 2, types);
	if (SPI_execute_plan(plan_pending, args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading the licences due for case " INT64_FORMAT " failed", case_id);
	n = (int) SPI_processed;
	if (n == 0)
		return;
	pend = palloc0(sizeof(LicPending) * n);
	for (i = 0; i < n; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		LicPending *p = &pend[i];
		bool		isnull;
		Datum		d;

		p->item = SPI_getvalue(tup, desc, 1);
		p->type = SPI_getvalue(tup, desc, 2);
		p->dept = SPI_getvalue(tup, desc, 3);
		p->fast = DatumGetBool(SPI_getbinval(tup, desc, 4, &isnull)) && !isnull;
		p->holder = DatumGetInt64(SPI_getbinval(tup, desc, 5, &isnull));
		p->region = SPI_getvalue(tup, desc, 6);
		d = SPI_getbinval(tup, desc, 7, &isnull);
		p->fast = p->fast && !isnull;
		p->day = isnull ? 0 : DatumGetDateADT(d);
		p->ident = SPI_getvalue(tup, desc, 8);
		p->fast = p->fast && p->ident != NULL;
		p->format = SPI_getvalue(tup, desc, 9);
		d = SPI_getbinval(tup, desc, 10, &isnull);
		p->has_validity = !isnull;
		p->validity = isnull ? 0 : DatumGetInt32(d);
	}
	/* one statement per licence; anything unusual (a withheld licence, a first number, no key) the slow way */
	for (i = 0; i < n && !slow; i++)
		slow = !pend[i].fast || !lic_issue_fast(case_id, &pend[i], at);
	if (slow)
	{
		lic_plan(&plan_issue, "SELECT service_affair.issue_licences($1, $2)", 2, types);
		if (SPI_execute_plan(plan_issue, args, NULL, false, 1) != SPI_OK_SELECT)
			elog(ERROR, "issuing the licences of case " INT64_FORMAT " failed", case_id);
	}
}

int32
sa_licence_block_stage(int64 case_id, int32 stage, TimestampTz at)
{
	Oid			types[3] = {INT8OID, INT4OID, TIMESTAMPTZOID};
	Datum		args[3];
	bool		isnull;
	Datum		d;

	if (!lic_available())
		return 0;
	args[0] = Int64GetDatum(case_id);
	args[1] = Int32GetDatum(stage);
	args[2] = TimestampTzGetDatum(at);
	lic_plan(&plan_block, "SELECT service_affair.block_unlicensed_stage($1, $2, $3)", 3, types);
	if (SPI_execute_plan(plan_block, args, NULL, false, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "checking the licences of stage %d of case " INT64_FORMAT " failed", stage, case_id);
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return isnull ? 0 : DatumGetInt32(d);
}
